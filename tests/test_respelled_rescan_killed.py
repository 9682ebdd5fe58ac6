"""A re-scan that lists a library folder under the disk's other Unicode spelling (98c712a: ``Médias``
listed composed, NFC, a Mac's decomposed copy, NFD, in its place) moves the folder's videos there
first, then lists the folder so in a second write (``folder_respelled.renamed_records``, then
``run_roots``' settings write). Killed between the two, the videos sat under the disk's spelling while
library.json still listed the composed one: ``seekframe status`` said the folder 'online, 0 videos',
and the library panel showed it with none, until the next re-scan. Now what is shown in between is
true (the folder's 2 videos, there, spelled otherwise on disk, the next re-scan listing it so), and
the next re-scan does so, the videos' ids and notes kept."""

from __future__ import annotations

import os

import pytest

from core.library import VideoLibrary, store
from core.library_status import library_status
from tests.cli_run import run_cli
from tests.test_library_folder_respelled import _ids, respelled  # noqa: F401  (the fixture)


class Killed(BaseException):
    """The process killed: nothing of the run's own handling (an Exception's) runs after it."""


def _rescan_killed_before_listing(monkeypatch, capsys, lib) -> None:
    """``seekframe index`` killed at its write that lists the library's folders (the videos moved)."""
    write = store.VideoLibrary.update_settings

    def killed(self, **values):
        if values.get("folders"):
            raise Killed
        return write(self, **values)

    monkeypatch.setattr(store.VideoLibrary, "update_settings", killed)
    with pytest.raises(Killed):
        run_cli(capsys, "index", "--library", lib)
    monkeypatch.setattr(store.VideoLibrary, "update_settings", write)


def test_a_rescan_killed_between_its_two_writes_shows_the_folder_as_it_is(respelled, capsys, monkeypatch):
    from app.engine import session_status

    lib, listed, on_disk, cafe = respelled
    before = _ids(lib)
    _rescan_killed_before_listing(monkeypatch, capsys, lib)
    with VideoLibrary(str(lib), read_only=True) as library:  # (the kill's place: moved, not listed so)
        assert library.meta.settings.folders == [listed]
        assert all(v.path.startswith(on_disk + os.sep) for v in library.video_table.all())
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and f"Folder:  {listed}  online, 2 videos (2 done, 0 failed, 0 offline)" in out, out
    assert "spelled decomposed (NFD, as a Mac writes names) on disk now: the next re-scan lists it so" in out, out
    with VideoLibrary(str(lib), read_only=True) as library:  # (the window's library panel)
        st = session_status(library, True)
        assert st.folder_videos == ((listed, 2),) and st.offline_folders == () and st.offline_videos == 0, st
        assert library_status(library).offline_folders == ()
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)
    assert code == 0 and "1.  1.000" in out and "offline" not in out, out + err
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (the next re-scan lists it so)
    assert code == 0 and f"The library's folder {listed} is spelled decomposed" in err and "offline" not in err, err
    assert _ids(lib).keys() == before.keys()
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.folders == [on_disk]
    code, out, err = run_cli(capsys, "captions", cafe, "--library", lib)
    assert code == 0 and "the terrace" in out, out + err
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert f"Folder:  {on_disk}  online, 2 videos (2 done, 0 failed, 0 offline)" in out and "spelled" not in out, out


def test_the_folder_forgotten_in_between_takes_its_videos(respelled, capsys, monkeypatch):
    """``seekframe forget`` of the folder as listed, before the next re-scan: its 2 videos go with it
    (before, 'Removed 0 videos', and they stayed in the library, searched, in no library folder)."""
    lib, listed, on_disk, _ = respelled
    _rescan_killed_before_listing(monkeypatch, capsys, lib)
    code, out, err = run_cli(capsys, "forget", listed, "--library", lib)
    assert code == 0 and "Removed 2 videos" in out, out + err
    assert _ids(lib) == {}
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.folders == []


def test_a_file_of_the_folder_forgotten_in_between_goes(respelled, capsys, monkeypatch):
    """A video of the folder forgotten by its name as listed (the folder's name as the library spells it)."""
    lib, listed, on_disk, _ = respelled
    _rescan_killed_before_listing(monkeypatch, capsys, lib)
    code, out, err = run_cli(capsys, "forget", os.path.join(listed, "plain.mp4"), "--library", lib)
    assert code == 0 and "Removed the video " in out and "plain.mp4 from the library" in out, out + err
    assert sorted(os.path.basename(p) for p in _ids(lib).values()) == ["Café.mp4"]
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.folders == [on_disk]
