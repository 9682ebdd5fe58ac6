"""``seekframe search --folder PATH`` of a library whose folders on a network share stopped answering looked at
each such library folder (its links resolved) one after another, a whole bound each (120 s): two folders on one
dead NAS held a search of a local folder for 4 minutes (s58 review rv_2). They are looked at together now, one
bound in all (``filters._real_of``, ``bounded_meta.answers``): the second folder's look starts before the first's
bound has run out."""

from __future__ import annotations

import os
import time

import pytest

from core import bounded_read, scan_stalls
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the hung looks wait their bound, 2 s)

BOUND_S = 2.0


def test_search_folder_looks_at_two_hung_library_folders_together(tmp_path, hold, monkeypatch, capsys):
    s1, s2, local, lib = tmp_path / "s1", tmp_path / "s2", tmp_path / "local", tmp_path / "lib"
    write_video(s1 / "k1.mp4", [Segment(2, "red")])
    write_video(s2 / "k2.mp4", [Segment(2, "green")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    index(lib, [s1, s2, local])
    (tmp_path / "lnk").symlink_to(local, target_is_directory=True)  # (the local folder typed through a link)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    use_encoder(monkeypatch, FixedTextEncoder)
    started: dict[str, float] = {}
    for share in (s1, s2):
        for name in ("stat", "lstat"):
            hold(name, share)
    for name in ("stat", "lstat"):  # (when each share's first hung call was made)
        held_call = getattr(os, name)

        def timed(path, *a, _held=held_call, **kw):
            p = "" if isinstance(path, int) else os.fspath(path)
            for share in (str(s1), str(s2)):
                if (p == share or p.startswith(share + os.sep)):
                    started.setdefault(share, time.monotonic())
            return _held(path, *a, **kw)

        monkeypatch.setattr(os, name, timed)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", BOUND_S)
    code, out, err = run_cli(capsys, "search", "blue", "--folder", tmp_path / "lnk", "--library", lib)
    assert code == 0 and "own.mp4" in out and "k1.mp4" not in out, out + err
    assert set(started) == {str(s1), str(s2)}, started
    first, second = sorted(started.values())
    assert second - first < BOUND_S / 2, started  # (one after another: the second only once the first gave up)
