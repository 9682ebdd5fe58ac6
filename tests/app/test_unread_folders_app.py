"""A folder an index run's walk could not open or list (a path past PATH_MAX, permission denied)
is a folder, not a file: `seekframe index` says "1 folder could not be read: PATH: why" apart from
the files that could not be indexed, and records it (library setting ``unread_folders``, listed by
`seekframe status`). The window's run said "1 file could not be indexed (…: cannot open folder: …)",
a file for a folder, and its library panel never told which folders the last index could not read.
Now the run's end says the folder as a folder, and the panel's row of the library folder holding it
says how many it could not read, its tooltip which and why (read by the status worker)."""

from __future__ import annotations

import os
import sys

import pytest

from app.run_words import run_messages
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.progress import Tally
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def _rows(panel) -> list[tuple[str, str]]:
    return [(panel._list.item(i).text(), panel._list.item(i).toolTip()) for i in range(panel._list.count())]


@pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")
def test_a_run_says_a_folder_it_could_not_read_as_a_folder(tmp_path):
    from tests.test_index_folder_too_long import _too_long

    videos = tmp_path / "videos"
    write_video(videos / "good.mp4", [Segment(2, "red")], fps=10)
    (videos / "broken.mp4").write_bytes(bytes(range(256)) * 20)
    deep = _too_long(videos)  # (a folder past PATH_MAX: the walk cannot open it)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(videos)]))
    tally = Tally()
    for ev in events:
        tally.add(ev)
    said = [text for level, text in run_messages(events[-1], tally) if level == "warning"]
    first = next(p for p in (os.path.join(str(videos), *deep[len(str(videos)) + 1:].split(os.sep)[:i])
                             for i in range(1, 30)) if len(os.fsencode(p)) > 4095)
    folders = [t for t in said if "folder" in t and "could not be read" in t]
    assert len(folders) == 1 and folders[0].startswith(f"1 folder could not be read ({first}: File name too long)"), said
    assert "the videos in it are not indexed" in folders[0], folders[0]
    files = [t for t in said if "could not be indexed" in t]
    assert len(files) == 1 and files[0].startswith("1 file could not be indexed (broken.mp4: "), said
    assert "cannot open folder" not in " ".join(said) and "cannot list folder" not in " ".join(said), said


def test_the_library_panel_tells_the_folders_the_last_index_could_not_read(qtbot, make_app_window, demo_library,
                                                                           demo_clips):
    deep = os.path.join(str(demo_clips), "trips", "d" * 200)
    with VideoLibrary(demo_library) as library:  # (as a run whose walk met them records them: core.sync)
        library.update_settings(unread_folders={deep: "File name too long",
                                                "/elsewhere/private": "Permission denied"})
    window = make_app_window(demo_library)
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel._list.count() == 1 and "12 videos" in panel._list.item(0).text(),
                    timeout=SESSION_TIMEOUT_MS)
    (text, tip), = _rows(panel)
    assert text.endswith("  ·  12 videos  ·  1 folder not read"), text
    assert ("A folder in it could not be read by the last index (the videos in it are not indexed; a re-scan tries "
            f"again):\n  {deep}: File name too long") in tip, tip
    assert "/elsewhere" not in tip  # (one in no folder of the list: not this one's)
    assert set(window.session.status.unread_folders) == {(deep, "File name too long"),
                                                         ("/elsewhere/private", "Permission denied")}
