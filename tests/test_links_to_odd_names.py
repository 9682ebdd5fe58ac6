"""A link named as a video leading to a file of the same library folder whose own name is no
video's (``Videos/holiday.mp4`` -> ``raw/holiday_2024``): the walk never lists that file by its
own name, so the link is listed. a087f48 skipped every link to a file inside the folder, taking
the file to be listed under its own name: such a video was silently left out, and on a library
that held it the next re-scan said "1 removed" and deleted its moments."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.scan import scan
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows")


def test_a_link_to_a_file_without_a_video_name_in_the_folder_is_listed(tmp_path):
    v = tmp_path / "Videos"
    (v / "raw").mkdir(parents=True)
    for name in ("holiday_2024", "clip.mp4", "take.mp4.part"):
        (v / "raw" / name).write_bytes(b"frames of " + name.encode())
    os.symlink("raw/holiday_2024", v / "holiday.mp4")  # (no extension)
    os.symlink("raw/take.mp4.part", v / "take.mp4")  # (a download's name)
    os.symlink("raw/clip.mp4", v / "clip.mp4")  # (listed by its own name: raw/clip.mp4)
    (v / ".hidden").mkdir()
    (v / ".hidden" / "secret.mp4").write_bytes(b"hidden")
    os.symlink(".hidden/secret.mp4", v / "shown.mp4")  # (a hidden file is never listed by its own name)
    found = scan([str(v)])
    assert sorted(os.path.relpath(p, v) for p in found.files) == [
        "holiday.mp4", "raw/clip.mp4", "shown.mp4", "take.mp4"]
    assert not found.problems


def run(lib_path, folder) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(folder)]))


def test_such_a_video_is_indexed_and_kept_by_the_next_rescan(tmp_path):
    v, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(v / "home.mp4", [Segment(2, "red")], seed=1)
    write_video(tmp_path / "tmp.mp4", [Segment(2, "blue")], seed=2)
    (v / "raw").mkdir()
    shutil.move(tmp_path / "tmp.mp4", v / "raw" / "holiday_2024")
    os.symlink("raw/holiday_2024", v / "holiday.mp4")
    for _ in range(2):
        events = run(lib, v)
        assert events[-1].kind == "finished" and events[0].summary["deleted"] == 0, events[0].summary
        with VideoLibrary(lib, read_only=True) as library:
            held = {os.path.relpath(r.path, v): r for r in library.video_table.all()}
            assert sorted(held) == ["holiday.mp4", "home.mp4"]
            assert all(r.status == "done" and library.moment_table.of(r.video_id) for r in held.values())
