"""A network share a run found not answering is remembered (library setting ``hung_folders``): ``seekframe
status`` and the window's status did not look at it again, so one that came back was said not to answer
until a re-scan; and a re-scan looked at it with the short bound ``scan_stalls.PROBE_S``, so one that
answers, but slower than that a call, stayed offline run after run. Status now looks at it again in the
background (``bounded_meta.relook``, ``scan_stalls.RELOOK_S``; a read waits ``RELOOK_WAIT_S`` at most, a
late answer is the next read's), and a run in that process waits for it as long as that look took, twice
over (``scan_stalls.probe_s``): the share is said there, then scanned, its videos online and searchable.
A command (no status look before its run) says it looked briefly, and ``seekframe index FOLDER`` waits for it.

Its calls are made slow in-process (``Slow``: each of the share's own ``stat`` answers after ``DELAY_S``)."""

from __future__ import annotations

import os
import re
import threading
import time

import pytest

from core import bounded_read, scan_stalls
from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_hung_share_metadata import folder_said, hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the share's calls take DELAY_S each; a stall waits its bound, 1 s)

DELAY_S = 1.25  # past PROBE_S (1 s here: its least, ``bounded_read.bound``), within the whole bound (10 s here)


class Slow:
    """``os.NAME`` of ``folder`` itself answering after ``DELAY_S``."""

    def __init__(self, monkeypatch, name: str, folder):
        self.folder, self.real = str(folder), getattr(os, name)
        monkeypatch.setattr(os, name, self.call)

    def call(self, path, *args, **kw):
        if not isinstance(path, int) and os.fspath(path) == self.folder:
            threading.Event().wait(DELAY_S)
        return self.real(path, *args, **kw)


def test_a_remembered_share_that_answers_slowly_is_said_there_then_scanned_and_searchable(tmp_path, hold, capsys,
                                                                                       monkeypatch):
    share, local, lib = tmp_path / "share", tmp_path / "local", tmp_path / "lib"
    write_video(share / "kept.mp4", [Segment(2, "red")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    index(lib, [share, local])
    stuck = hold("statvfs", share)
    records, hung, said = index(lib, [share, local])  # (it did not answer: offline, remembered)
    assert records["kept.mp4"].offline and list(hung or ()) == [str(share)], (records, hung, said)
    stuck.release()

    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 10.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    monkeypatch.setattr(scan_stalls, "RELOOK_WAIT_S", 0.2)
    Slow(monkeypatch, "stat", share)  # (it answers again, slower than PROBE_S a call)
    assert folder_said(lib, share) == (False, scan_stalls.HUNG_STATUS)  # (the look under way: not waited for)
    deadline = time.monotonic() + 30
    while (said := folder_said(lib, share)) != (True, None) and time.monotonic() < deadline:
        threading.Event().wait(0.2)
    assert said == (True, None), said  # (its late answer: there)

    records, hung, said = index(lib, [share, local])
    assert "offline" not in said and not records["kept.mp4"].offline, said
    assert hung is None
    code, out, err = run_cli(capsys, "similar", f"{local / 'own.mp4'}@0", "--library", lib)
    lines = [line for line in out.splitlines() if "kept.mp4" in line]
    assert code == 0 and lines and not any("offline" in line for line in lines), out + err


def test_a_slow_share_remembered_is_waited_for_once_named_to_seekframe_index(tmp_path, hold, capsys, monkeypatch):
    """A command has no status look before its run: ``seekframe index`` probes the share briefly and says
    so, with the way to wait for it; ``seekframe index FOLDER`` waits the whole bound (``wait_named``)."""
    import core.cli
    from tests.fakes import ColourMeanEncoder
    from tests.test_hung_share_planning import records

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())  # (as index() embeds)
    share, local, lib = tmp_path / "share", tmp_path / "local", tmp_path / "lib"
    write_video(share / "kept.mp4", [Segment(2, "red")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    assert run_cli(capsys, "index", share, local, "--library", lib)[0] == 0
    stuck = hold("statvfs", share)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0  # (it did not answer: offline, remembered)
    stuck.release()

    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 10.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    Slow(monkeypatch, "stat", share)
    code, _, err = run_cli(capsys, "index", "--library", lib)
    said = " ".join(err.split())
    assert code == 0 and f"offline: {share} (its files do not answer reads" in said, said
    assert re.search(rf"a re-scan tries again briefly, `seekframe index \S*{re.escape(str(share))}\S*` waits longer "
                     r"for it\)", said), said
    code, _, err = run_cli(capsys, "index", share, "--library", lib)
    assert code == 0 and "offline" not in err, err
    assert not records(lib)["share/kept.mp4"].offline
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.settings.hung_folders is None
