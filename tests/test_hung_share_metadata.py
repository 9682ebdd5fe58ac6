"""A library folder on a network share whose calls that are no reads never return (an NFS FSSTAT, the
``statvfs`` of the folder's identity, is never served from the attribute cache; a listing may not be)
held the whole re-scan for ever. They are bounded now (``core.bounded_meta``): the folder is offline for
the run, its videos kept and marked offline, said so, and the run goes on with the other folders; a
folder holds one stuck call at most, however often it is scanned. It is remembered (library setting
``hung_folders``): the next run looks at it with the short bound ``scan_stalls.PROBE_S`` first and goes
on without it while it does not answer (before, each run paid the whole bound again), and scans it as
ever once it answers.

The calls are made to hang in-process (``hold``): each waits for its release, or for ``OLD_WAIT_S``, so
that on the old code the run ends (late, with the folder scanned as if nothing were wrong) and the test
fails on what it says, rather than hanging."""

from __future__ import annotations

import io
import os
import threading
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from core import bounded_meta, bounded_read, scan_stalls
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE
from core.scan import scan
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each stall waits its bound, 1 s; the old code OLD_WAIT_S a call)

OLD_WAIT_S = 20.0
HUNG_WORDS = "its files do not answer reads: a network share that stopped answering?"


class Held:
    """``os.NAME`` of ``folder`` (or of anything in it) made to hang until ``release``: ``calls`` made so."""

    def __init__(self, monkeypatch, name: str, folder):
        self.name, self.folder, self.real = name, str(folder), getattr(os, name)
        self.calls, self.gate = [], threading.Event()
        monkeypatch.setattr(os, name, self.call)

    def call(self, path, *args, **kw):
        p = "" if isinstance(path, int) else os.fspath(path)
        if p == self.folder or p.startswith(self.folder + os.sep):
            self.calls.append(p)
            self.gate.wait(OLD_WAIT_S)
        return self.real(path, *args, **kw)

    def answer(self) -> None:
        """The share answers again: its calls return (``release`` waits for its stuck one to end)."""
        setattr(os, self.name, self.real)
        self.gate.set()

    def release(self) -> None:
        """The share answers again: its stuck call returned (none left for the next run, or test)."""
        self.answer()
        while bounded_meta.stuck(self.folder):
            threading.Event().wait(0.05)


@pytest.fixture
def hold(monkeypatch):
    """``hold(name, folder)``: a ``Held``; the bound of a call is 1 s."""
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    made = []
    yield lambda name, folder: made.append(Held(monkeypatch, name, folder)) or made[-1]
    for held in reversed(made):  # (all answer first: a folder's stuck call may be another name's, held earlier)
        held.answer()
    for held in reversed(made):
        held.release()


def folders(tmp_path) -> tuple[Path, Path]:
    share, local = tmp_path / "share", tmp_path / "local"
    for folder in (share / "sub", local):
        folder.mkdir(parents=True)
    (share / "a.mp4").write_bytes(os.urandom(64))
    (share / "sub" / "b.mp4").write_bytes(os.urandom(64))
    (local / "c.mp4").write_bytes(os.urandom(64))
    return share, local


def test_a_folder_whose_identity_does_not_answer_is_offline_and_holds_one_thread(tmp_path, hold):
    share, local = folders(tmp_path)
    held = hold("statvfs", share)
    for _ in range(2):  # (a window's second re-scan: no second thread for the folder, offline at once)
        found = scan([str(share), str(local)])
        assert found.hung == [str(share)] and found.offline_roots == [str(share)], found.problems
        assert sorted(Path(p).name for p in found.files) == ["c.mp4"] and str(local) in found.identities
        assert (str(share), "folder unavailable: its files do not answer reads") in found.problems
    assert held.calls == [str(share)]


def test_a_folder_whose_listing_does_not_answer_is_offline_as_a_whole(tmp_path, hold):
    share, local = folders(tmp_path)
    hold("scandir", share / "sub")
    found = scan([str(share), str(local)])
    assert found.hung == [str(share)] and found.offline_roots == [str(share)], found.problems
    assert sorted(Path(p).name for p in found.files) == ["c.mp4"]  # (share/a.mp4, found first, dropped too)
    assert str(share) not in found.identities and str(share) not in found.links


def index(lib_path, roots) -> tuple[dict, dict, str]:
    """A run of ``roots``: {name: record}, the library's ``hung_folders``, what the run said."""
    from core.progress import print_index_run

    with VideoLibrary(lib_path) as lib:
        opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(r) for r in roots]))
        records = {Path(v.path).name: v for v in lib.video_table.all()}
        hung = lib.meta.settings.hung_folders
    err = io.StringIO()
    with redirect_stderr(err):
        print_index_run(iter(events))
    return records, hung, " ".join(err.getvalue().split())


def test_a_hung_share_is_remembered_looked_at_briefly_next_run_and_scanned_once_it_answers(tmp_path, hold,
                                                                                          monkeypatch):
    share, local, lib = tmp_path / "share", tmp_path / "local", tmp_path / "lib"
    write_video(share / "kept.mp4", [Segment(2, "red")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    index(lib, [share, local])
    write_video(local / "new.mp4", [Segment(2, "green")])
    first = hold("statvfs", share)
    records, hung, said = index(lib, [share, local])
    assert f"offline: {share} ({HUNG_WORDS}" in said, said
    assert records["kept.mp4"].status == DONE and records["kept.mp4"].offline, records  # (kept, not gone)
    assert records["new.mp4"].status == DONE and not records["own.mp4"].offline  # (the run went on)
    assert list(hung or ()) == [str(share)], hung
    assert folder_said(lib, share) == (False, scan_stalls.HUNG_STATUS)  # (status: not looked at, said so)
    first.release()

    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 600.0)  # (a whole bound: the old code waits the call out)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    second = hold("statvfs", share)  # (still hung at the next run: looked at with the short bound, offline again)
    records, again, said = index(lib, [share, local])
    assert f"offline: {share} ({HUNG_WORDS}" in said, said
    assert records["kept.mp4"].offline and again == hung, again  # (since when it first did not answer)
    second.release()

    records, hung, said = index(lib, [share, local])  # (it answers: scanned as ever, forgotten)
    assert "offline" not in said and not records["kept.mp4"].offline and records["kept.mp4"].status == DONE, said
    assert hung is None



def folder_said(lib, folder) -> tuple[bool, str | None]:
    """``seekframe status``'s word on ``folder``: (online, why)."""
    from core.library_status import library_status

    with VideoLibrary(lib, read_only=True) as library:
        said = {f.path: f for f in library_status(library).folders}[str(folder)]
    return said.online, said.why


def test_status_of_a_folder_that_does_not_answer_ends_and_says_so(tmp_path, hold, monkeypatch):
    share, local, lib = tmp_path / "share", tmp_path / "local", tmp_path / "lib"
    write_video(share / "kept.mp4", [Segment(2, "red")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    index(lib, [share, local])
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    hold("stat", share)  # (the folder's own stat does not answer; the library's records do)
    assert folder_said(lib, share) == (False, scan_stalls.HUNG_STATUS)
    assert folder_said(lib, local) == (True, None)


def test_a_read_of_the_walk_bounded_on_its_own_is_no_folder_that_does_not_answer(tmp_path, hold, monkeypatch):
    """The walk is given up when nothing answers it for the bound, but not while it is in a read bounded on
    its own (a GIF's first bytes, ``scan_open``): one file whose read stalls is that file's, not the folder's."""
    import core.walk_rule

    share, local = folders(tmp_path)
    (share / "sub" / "hung.gif").write_bytes(b"GIF89a" + bytes(200))

    def gif_frames(path):  # (as scan_open gives up a read: after its bound, and a little more)
        threading.Event().wait(bounded_read.bound(None) * 1.5)
        raise TimeoutError(110, bounded_read.no_answer_text(None))

    monkeypatch.setattr(core.walk_rule, "gif_frames", gif_frames)
    found = scan([str(share), str(local)])
    assert found.hung == [] and found.stalled == {str(share): [str(share / "sub" / "hung.gif")]}, found.problems
    assert sorted(Path(p).name for p in found.files) == ["a.mp4", "b.mp4", "c.mp4", "hung.gif"]


def test_a_bounded_answer_gives_what_its_caller_asks_for_where_it_does_not_answer(tmp_path):
    """``bounded_meta.answer``'s ``otherwise``: what clirefs.look_typed, gone_rule._is_file and
    run_roots._not_there each make of a look that does not answer, one rule for the three."""
    folder, gate = str(tmp_path / "share"), threading.Event()
    try:
        assert bounded_meta.answer(folder, gate.wait, 30, timeout_s=1, otherwise=False) is False
        assert bounded_meta.answer(folder, lambda: True, timeout_s=1, otherwise="held") == "held"  # (stuck: at once)
        assert bounded_meta.answer(folder, lambda: True, timeout_s=1) is None
    finally:
        gate.set()
        while bounded_meta.stuck(folder):
            threading.Event().wait(0.05)
    assert bounded_meta.answer(folder, lambda: 7, timeout_s=1, otherwise=False) == 7
