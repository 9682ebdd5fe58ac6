"""A disk that fills as a finished `seekframe index` notes which failures it reported
(``core.failures_reported``): nothing is noted, so the next run reports them again (exit 1, named even
with ``-q``), never lost. Before, neither run said why: a nightly job mailed the same failure each night
the disk stayed full, with nothing about the disk. The run that could not note them says so now, with
the exit code its failures give (1: the full disk fails nothing, as one met noting that a run finished),
on the library's own run and on the no-op run made on its snapshot (``cli_models.noop_rescan``) alike;
once there is room, the next run reports them again and notes it, and the one after is quiet."""

from __future__ import annotations

import errno

import core.failures_reported as failures_reported
from core.library import VideoLibrary
from core.library.meta import read_meta
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.test_disk_full import _fill
from tests.videos import Segment, write_video

SAID = ("The disk is full: the library could not note that this run reported 1 failure (listed above); the next "
        "`seekframe index` reports it again; free some space, and that run notes it.")


def _library(tmp_path, capsys, monkeypatch, mounts):
    """A library alone on a small disk, of Videos/red.mp4, and Videos/broken.mp4 new since (fails)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", mounts.tmpfs(tmp_path / "lib", size="8m")
    write_video(folder / "red.mp4", [Segment(2, "red")])
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    (folder / "broken.mp4").write_bytes(b"\0" * 4096)
    return folder, lib


def _said_unnoted_then_again(capsys, monkeypatch, folder, lib, noop: bool) -> None:
    """The run whose disk fills once it said its failures says so (exit 1), nothing noted; with room
    again, the next run reports the failure again and notes it (exit 1), the one after is quiet."""
    real, real_on_disk, runs = failures_reported.remember, failures_reported.remember_on_disk, []

    def full_first(*args):
        _fill(lib, 0)
        runs.append(args[0] == lib)  # (the no-op run is given the library's folder, not a library)
        return (real_on_disk if runs[-1] else real)(*args)

    monkeypatch.setattr(failures_reported, "remember", full_first)
    monkeypatch.setattr(failures_reported, "remember_on_disk", full_first)
    code, _, err = run_cli(capsys, "index", "-q", "--library", lib)
    assert code == 1 and f"{folder / 'broken.mp4'}:" in err and SAID in err, (code, err)
    assert runs == [noop], runs
    assert failures_reported.reported(read_meta(lib).settings) == {}  # (nothing noted; library.json whole)
    monkeypatch.setattr(failures_reported, "remember", real)
    monkeypatch.setattr(failures_reported, "remember_on_disk", real_on_disk)
    (lib / "filler").unlink()
    code, _, err = run_cli(capsys, "index", "-q", "--library", lib)
    assert code == 1 and f"{folder / 'broken.mp4'}:" in err and "disk is full" not in err, (code, err)
    assert run_cli(capsys, "index", "-q", "--library", lib)[:3:2] == (0, "")  # (noted now: quiet)


def test_the_librarys_run_says_it_and_the_next_reports_them_again(tmp_path, capsys, monkeypatch, mounts):
    folder, lib = _library(tmp_path, capsys, monkeypatch, mounts)
    _said_unnoted_then_again(capsys, monkeypatch, folder, lib, noop=False)


def test_a_no_op_run_says_it_too(tmp_path, capsys, monkeypatch, mounts, colour_model):
    """A failure recorded, never reported (as the window's run leaves one), then a `seekframe index -q`
    with nothing to embed: made on the library's snapshot (``cli_models.noop_rescan``: a model folder's
    library), its note a plain write of library.json."""
    folder, lib = tmp_path / "Videos", mounts.tmpfs(tmp_path / "lib", size="8m")
    write_video(folder / "red.mp4", [Segment(2, "red")])
    (folder / "broken.mp4").write_bytes(b"\0" * 4096)
    assert run_cli(capsys, "index", folder, "--library", lib, "--model", colour_model, "-q")[0] == 1
    with VideoLibrary(lib) as library:
        library.update_settings(**{failures_reported.KEY: {}})
    _said_unnoted_then_again(capsys, monkeypatch, folder, lib, noop=True)


def test_the_words_count_what_was_left_unnoted():
    """The words promise no quiet next run: the first one after space is freed reports them again too
    (and notes them then), as the runs above show."""
    assert failures_reported.unnoted_text(2) == (
        "The disk is full: the library could not note that this run reported 2 failures (listed above); the next "
        "`seekframe index` reports them again; free some space, and that run notes them.")


def test_a_folder_that_could_not_be_read_is_counted_as_one_not_as_a_failure():
    """The run lists an unread folder apart from its failures ("1 folder could not be read: …"): a full
    disk's words count it so, not as "1 failure listed above"."""
    full = OSError(errno.ENOSPC, "No space left on device")

    class Settings:
        other = {failures_reported.KEY: {"v1": 1.0}}

    values = {failures_reported.KEY: {"v1": 1.0, "v2": 2.0},
              failures_reported.UNREAD: {"/v/A/lost+found": "Permission denied"}}
    assert failures_reported._unnoted(full, Settings(), values) == (1, 1)
    assert failures_reported._unnoted(full, Settings(), {failures_reported.UNREAD: values[failures_reported.UNREAD]}) \
        == (0, 1)
    assert failures_reported.unnoted_text(0, 1) == (
        "The disk is full: the library could not note that this run reported 1 folder that could not be read "
        "(listed above); the next `seekframe index` reports it again; free some space, and that run notes it.")
    assert "1 failure and 2 folders that could not be read (listed above)" in failures_reported.unnoted_text(1, 2)
