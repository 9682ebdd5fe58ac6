"""A failure recorded by a run that never told the user (a `seekframe index` stopped by Ctrl-C or a
full disk after the file failed, or the window's own run) was then never reported by any later
`seekframe index -q`: exit 0 and silent, so a nightly cron job never mailed it. Every failure is
now reported by exit 1 at least once (``core.failures_reported``): the next `index -q` exits 1
naming it, and the one after that exits 0 (an old failure already reported stays quiet)."""

from __future__ import annotations

import errno

import pytest

import core.cli
from core import service
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _library(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(2, "red")])
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    (folder / "broken.mp4").write_bytes(b"\0" * 4096)  # new tonight
    return folder, lib


def _reported_once(capsys, lib, folder):
    code, _, err = run_cli(capsys, "index", "-q", "--library", lib)
    assert code == 1 and f"{folder / 'broken.mp4'}:" in err, (code, err)
    assert run_cli(capsys, "index", "-q", "--library", lib)[:3:2] == (0, "")  # (reported: the night after, quiet)


@pytest.mark.parametrize("stop", ["ctrl_c", "disk_full"])
def test_a_failure_of_a_run_stopped_after_it_is_reported_by_the_next_run(tmp_path, capsys, monkeypatch, stop):
    folder, lib = _library(tmp_path, capsys, monkeypatch)
    real = core.cli.said_at_start

    def stopped(library, events):
        for ev in real(library, events):
            if ev.kind == "finished":  # (broken.mp4 already recorded as failed)
                raise KeyboardInterrupt if stop == "ctrl_c" else OSError(errno.ENOSPC, "No space left on device")
            yield ev

    monkeypatch.setattr(core.cli, "said_at_start", stopped)
    code, _, err = run_cli(capsys, "index", "-q", "--library", lib)
    assert code == (130 if stop == "ctrl_c" else 3) and "broken.mp4" not in err, (code, err)
    monkeypatch.setattr(core.cli, "said_at_start", real)
    with VideoLibrary(lib, read_only=True) as library:  # (the stopped run did record it)
        assert [v.status for v in library.video_table.all() if v.path.endswith("broken.mp4")] == ["failed"]
    _reported_once(capsys, lib, folder)


def test_a_failure_the_windows_run_found_is_reported_by_the_next_command(tmp_path, capsys, monkeypatch):
    folder, lib = _library(tmp_path, capsys, monkeypatch)
    with VideoLibrary(lib) as library:  # the window's run (no exit code: it reports nothing to a script)
        list(service.IndexRun(library, FixedTextEncoder(), []).events())
        assert [v.status for v in library.video_table.all() if v.path.endswith("broken.mp4")] == ["failed"]
    _reported_once(capsys, lib, folder)


def test_the_same_file_failing_again_later_is_a_new_failure(tmp_path, capsys, monkeypatch):
    folder, lib = _library(tmp_path, capsys, monkeypatch)
    assert run_cli(capsys, "index", "-q", "--library", lib)[0] == 1
    assert run_cli(capsys, "index", "-q", "--library", lib)[0] == 0
    (folder / "broken.mp4").write_bytes(b"\2" * 8192)  # changed, tried again by the window's run, failing again
    with VideoLibrary(lib) as library:
        list(service.IndexRun(library, FixedTextEncoder(), []).events())
    _reported_once(capsys, lib, folder)
