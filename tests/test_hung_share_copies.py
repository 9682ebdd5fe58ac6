"""A search result whose byte-identical copy lies behind a network share that stopped answering (a local video
and its backup on the NAS): the command line lists the copies' moments once (``core.search_copies.fold_copies``),
choosing the one to list by whether its file is there, an ``os.path.exists`` made on the command's own thread with
no bound: the search hung for ever. The look is bounded now (``file_look.there``): a copy that does not answer
counts as not there, and the search ends, the local one listed with its copy beside it."""

from __future__ import annotations

import shutil

import pytest

from core import bounded_read, scan_stalls
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_hung_link_kept import _local_with_links
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_named import on_main  # noqa: F401 (the fixture)

pytestmark = pytest.mark.slow  # (the hung look waits its bound, 0.5 s; the old code 5 s a call)


def test_a_copy_behind_a_share_that_does_not_answer_ends_the_search(tmp_path, hold, on_main, monkeypatch, capsys):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    shutil.copyfile(a / "own.mp4", share / "nas" / "backup.mp4")  # (the local video's copy on the share)
    index(lib, [a])
    made, held = on_main
    for name in ("scandir", "stat", "lstat"):
        held(hold, name, a / "nas")
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    use_encoder(monkeypatch, FixedTextEncoder)
    code, out, err = run_cli(capsys, "search", "blue", "--library", lib)
    assert not made, made  # (no look into the share on the command's own thread)
    assert code == 0 and "own.mp4" in out and "backup.mp4" in out, out + err
    listed = [line for line in out.splitlines() if "backup.mp4" in line]  # (the one that answers listed)
    assert len(listed) == 1 and f"{a / 'own.mp4'}  (identical copy: backup.mp4)" in listed[0], out
