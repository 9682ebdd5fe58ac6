"""A search's results on a network share that stopped answering: ``seekframe similar`` (and ``search``, the
window's cards through ``app.found``) asked whether each result's file is gone, its own ``stat`` first, then
its folder's identity, and waited for ever on such a share. Each look is now one bounded call of its library
folder (``core.file_look``, ``core.bounded_meta``: ``scan_stalls.PROBE_S``, one stuck call a folder): the
result is said offline. And ``seekframe status`` asked of a library folder whose name has another Unicode
spelling whether the disk spells it so (a listing of the folder above it, ``core.folder_respelled``),
unbounded: now bounded too, the folder said as one that does not answer, and not looked at at all once
remembered so (library setting ``hung_folders``).

The calls hang in-process (``test_hung_share_metadata.Held``: released after ``OLD_WAIT_S``), so that on
the old code each test ends, late, and fails on what is said."""

from __future__ import annotations

import os
import unicodedata

import pytest

from core import scan_stalls
from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_hung_share_metadata import folder_said, hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each hung look waits its bound, 1 s; the old code OLD_WAIT_S a call)


@pytest.fixture
def indexed(tmp_path, monkeypatch):
    """A library of a share's video (red) and a local one (blue): (library, share, local)."""
    share, local, lib = tmp_path / "share", tmp_path / "local", tmp_path / "lib"
    write_video(share / "kept.mp4", [Segment(2, "red")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    index(lib, [share, local])
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    return lib, share, local


def test_similar_with_a_result_on_a_share_that_does_not_answer_ends_and_marks_it_offline(indexed, hold, capsys):
    lib, share, local = indexed
    stats = [hold("stat", share), hold("lstat", share)]  # (the file's own stat, a link's look, its folder's)
    code, out, err = run_cli(capsys, "similar", f"{local / 'own.mp4'}@0", "--library", lib)
    lines = [line for line in out.splitlines() if "kept.mp4" in line]
    assert code == 0 and lines and all(line.rstrip().endswith("(offline)") for line in lines), out + err
    assert sum(len(h.calls) for h in stats) == 1, [h.calls for h in stats]  # (one stuck look for the folder)


def test_the_windows_results_on_a_share_that_does_not_answer_are_offline(indexed, hold):
    from app.found import annotate
    from core.search import SearchResult

    lib, share, local = indexed
    with VideoLibrary(lib, read_only=True) as library:
        videos, ids = library.video_table.view(), library.meta.settings.root_ids
    kept = next(v for v in videos.values() if v.path.endswith("kept.mp4"))
    hold("stat", share), hold("lstat", share), hold("listdir", share)
    found = annotate([SearchResult(kept.path, 0.0, 1.0, 0.9, kept.video_id, "m0", 0.5)], videos, ids)
    assert found[0].offline and found[0].file_state == "" and found[0].path == kept.path, found


def test_results_of_a_folder_remembered_as_not_answering_are_offline_and_not_looked_at(indexed, hold, capsys):
    from app.found import annotate
    from core.cli_print import query_file_text
    from core.search import SearchResult

    lib, share, local = indexed
    with VideoLibrary(lib) as library:  # (a run found it did not answer: core.scan_stalls.remember)
        library.update_settings(hung_folders={str(share): 1.0})
        videos, ids = library.video_table.view(), library.meta.settings.root_ids
    kept = next(v for v in videos.values() if v.path.endswith("kept.mp4"))
    held = [hold(name, share) for name in ("stat", "lstat", "listdir", "scandir", "statvfs")]
    code, out, err = run_cli(capsys, "similar", f"{local / 'own.mp4'}@0", "--library", lib)
    lines = [line for line in out.splitlines() if "kept.mp4" in line]
    assert code == 0 and lines and all(line.rstrip().endswith("(offline)") for line in lines), out + err
    with VideoLibrary(lib, read_only=True) as library:  # (what `similar` says of its clip's own file)
        assert "offline: its drive or folder is not there now" in query_file_text(library, kept.video_id)
    found = annotate([SearchResult(kept.path, 0.0, 1.0, 0.9, kept.video_id, "m0", 0.5)], videos, ids, {str(share): 1.0})
    assert found[0].offline and found[0].path == kept.path, found
    assert [h.calls for h in held] == [[]] * len(held)  # (nothing of the share looked at)


def _nf(form: str, text: str) -> str:
    return unicodedata.normalize(form, text)


def test_status_of_a_respelled_folder_on_a_share_that_does_not_answer_ends_and_is_not_looked_at_once_remembered(
        tmp_path, hold, monkeypatch):
    mnt, lib = tmp_path / "mnt", tmp_path / "lib"
    listed = mnt / _nf("NFC", "Médias")
    write_video(listed / "clip.mp4", [Segment(2, "red")])
    index(lib, [listed])
    os.rename(listed, mnt / _nf("NFD", "Médias"))  # (a Mac's copy put in its place: there, spelled otherwise)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    held = hold("listdir", mnt)  # (the share's listing, where the other spelling is looked for, hangs)
    assert folder_said(lib, listed) == (False, scan_stalls.HUNG_STATUS)
    assert len(held.calls) == 1, held.calls
    held.release()

    with VideoLibrary(lib) as library:  # (remembered by a run as a folder that does not answer)
        library.update_settings(hung_folders={str(listed): 1.0})
    again = hold("listdir", mnt)
    assert folder_said(lib, listed) == (False, scan_stalls.HUNG_STATUS)
    assert again.calls == []  # (not looked at)


def test_the_offline_folders_of_a_status_with_a_share_that_does_not_answer_end_and_name_it(indexed, hold):
    """The window's library panel and banner read ``LibraryStatus.offline_folders``: an ``isdir`` of each
    folder, unbounded, after the bounded looks of e0a72c4."""
    from core.library_status import library_status

    lib, share, local = indexed
    held = hold("stat", share)
    with VideoLibrary(lib, read_only=True) as library:
        assert library_status(library).offline_folders == (str(share),)
    assert len(held.calls) == 1, held.calls  # (its folder's look: the isdir after it answered at once)
    held.release()
    with VideoLibrary(lib) as library:  # (remembered as a folder that does not answer: looked at again in the
        library.update_settings(hung_folders={str(share): 1.0})  # background, bounded_meta.relook, one look)
    again = hold("stat", share)
    for _ in range(2):  # (the window's next status read: that look still under way, none more)
        with VideoLibrary(lib, read_only=True) as library:
            assert library_status(library).offline_folders == (str(share),)
    assert again.calls == [str(share)], again.calls
