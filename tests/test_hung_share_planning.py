"""A library folder on a network share whose listing still answers (the system's cache of it) but whose
reads never return (a hard-mounted share that stopped answering) stopped a re-scan for ever before any
video was decoded: the scan's own reads of the files it found (the plan's content hash of a new or
changed file, to tell a move or a copy; a GIF's first bytes, is it a still image?) were plain ``open()``
reads, waiting as long as the share did, the window's run and ``seekframe index`` alike. They read
through ``core.bounded_read`` now (``core.scan_stalls``): a file whose read stalls is said among the files
the run could not read, its video kept, and read again by later runs; a second stall in one library folder
makes that folder offline for the run (its videos kept, marked offline, never taken as gone), and the run
goes on with the other folders.

Reads made to never return by ``tests/eio_shim.py``'s ``hang`` mode (LD_PRELOAD; skipped without a C
compiler), in a ``seekframe index`` subprocess whose reads' bound is 1 s: on the old code it is still
planning when it is stopped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from core.library import VideoLibrary
from core.library.records import DONE
from tests.cli_run import run_cli
from tests.eio_shim import ROOT, shim
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (an index run in-process, one in a subprocess)

BOUND_S = 1.0
HUNG_S = 90  # (a run still going after this long hangs; bounded, it ends in seconds)
# (the runs embed with the tests' colour encoder, as the library was made: what a hung read does is the scan's
# and the plan's, whatever embeds the frames, and a model's torch import was most of each subprocess's start)
_RUN = ("import sys; from core import bounded_read, scan_stalls; bounded_read.READ_TIMEOUT_S = {bound}; "
        "scan_stalls.PROBE_S = {probe}; import core.cli; from tests.fakes import ColourMeanEncoder; "
        "core.cli._load_encoder = lambda *a, **k: ColourMeanEncoder(); sys.exit(core.cli.main({args!r}))")


def rescan_hung(tmp_path, match: str, lib, bound: float = BOUND_S, probe: float = BOUND_S) -> subprocess.CompletedProcess:
    """``seekframe index --library lib`` (every library folder) where every read of a file whose path
    holds ``match`` never returns; reads bounded by ``bound`` s, ``probe`` s for a folder that did not
    answer in an earlier run (``core.scan_stalls.still_hung``)."""
    env = {**os.environ, "LD_PRELOAD": str(shim()), "EIO_MATCH": match, "EIO_ERRNO": "hang",
           "EIO_AFTER": "0", "EIO_UNTIL": "", "PYTHONPATH": str(ROOT)}
    code = _RUN.format(bound=bound, probe=probe, args=["index", "--library", str(lib)])
    try:
        return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=HUNG_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the re-scan was still going after {HUNG_S} s: it hangs with the share")


@pytest.fixture
def library(tmp_path, capsys, monkeypatch):
    """A library of two folders, share/ (one video) and local/ (one), indexed (the colour encoder of
    ``tests.fakes``, here and in the runs of this test); then a copy of the local video put in local/ (a
    copy: nothing to decode)."""
    import core.cli

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    share, local, lib = tmp_path / "share", tmp_path / "local", tmp_path / "lib"
    write_video(share / "kept.mp4", [Segment(2, "red")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    code, _, err = run_cli(capsys, "index", share, local, "--library", lib)
    assert code == 0, err
    shutil.copy(local / "own.mp4", local / "own copy.mp4")
    return share, local, lib


def records(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return {os.path.relpath(v.path, lib.parent): v for v in library.video_table.all()}


@pytest.mark.parametrize("new", ["videos", "gifs"])
def test_a_share_whose_reads_hang_is_offline_for_the_run_and_the_run_goes_on(tmp_path, library, new):
    share, local, lib = library
    if new == "videos":  # (new files: the plan hashes each, to tell a move or a copy)
        write_video(share / "new 1.mp4", [Segment(2, "green")])
        write_video(share / "new 2.mp4", [Segment(2, "yellow")])
    else:  # (the walk reads a GIF's first bytes: a still image is no video)
        for name in ("a.gif", "b.gif"):
            (share / name).write_bytes(b"GIF89a" + bytes(200))
    done = rescan_hung(tmp_path, f"{share}{os.sep}", lib)
    assert "Traceback" not in done.stderr and done.returncode == 0, done.stderr[-3000:]
    said = " ".join(done.stderr.split())
    assert (f"offline: {share} (its files do not answer reads: a network share that stopped answering? its videos "
            "are kept, marked offline; a re-scan tries again)") in said, said
    found = records(lib)
    assert found["share/kept.mp4"].status == DONE and found["share/kept.mp4"].offline, found  # (kept, not gone)
    assert found["local/own copy.mp4"].status == DONE and not found["local/own.mp4"].offline, found  # (went on)
    assert not any(p.startswith("share/new") or p.endswith(".gif") for p in found), found


def test_one_file_whose_reads_hang_is_said_and_read_again_by_the_next_run(tmp_path, capsys, library):
    share, local, lib = library
    write_video(share / "new.mp4", [Segment(2, "green")])
    shutil.copy(share / "kept.mp4", share / "kept copy.mp4")
    done = rescan_hung(tmp_path, str(share / "new.mp4"), lib)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    said = " ".join(done.stderr.split())
    assert (f"{share / 'new.mp4'}: cannot read: no answer in {BOUND_S:g} s (a network share that stopped "
            "answering?)") in said, said
    assert "offline:" not in said, said
    found = records(lib)
    assert "share/new.mp4" not in found and not found["share/kept.mp4"].offline, found  # (its folder read on)
    assert found["share/kept copy.mp4"].status == DONE and found["local/own copy.mp4"].status == DONE, found
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (the share answers again)
    assert code == 0, err
    assert records(lib)["share/new.mp4"].status == DONE


def test_a_share_whose_reads_hang_is_offline_before_its_videos_to_decode_are_decoded(tmp_path, capsys, library):
    """Videos the run decodes that the plan does not read (failed on a read error of the moment, tried again;
    pending, quick, to be rechecked): each decode waited for the share, then for its process's kill. A look
    at the first bytes of one of them, then of the next while none answers, finds the share hung first."""
    from tests.decode_blips import EIO

    share, local, lib = library
    write_video(share / "second.mp4", [Segment(2, "green")])
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0, err
    with VideoLibrary(lib) as library_:  # (both failed on a read error of the moment: tried again, unread)
        table = library_.video_table
        table.record_failures([(table.by_path(share / "kept.mp4"), EIO), (table.by_path(share / "second.mp4"), EIO)])
    done = rescan_hung(tmp_path, f"{share}{os.sep}", lib)
    assert "Traceback" not in done.stderr and done.returncode == 0, done.stderr[-3000:]
    said = " ".join(done.stderr.split())
    assert f"offline: {share} (its files do not answer reads" in said, said
    found = records(lib)
    for name in ("share/kept.mp4", "share/second.mp4"):
        assert found[name].offline and found[name].error == EIO, found  # (as it was, offline)
    assert found["local/own copy.mp4"].status == DONE, found


def test_a_share_whose_reads_hung_is_looked_at_briefly_by_the_next_run_and_scanned_once_it_answers(
        tmp_path, capsys, library):
    """Each re-scan of a share still hung paid the whole bound twice over (2 x 120 s a library folder): the
    folder is remembered, and the next run reads the first bytes of one of its videos with the short bound
    first. Here its whole bound is ``HUNG_S``: on the old code the second run is still going when stopped."""
    share, local, lib = library
    write_video(share / "new 1.mp4", [Segment(2, "green")])
    write_video(share / "new 2.mp4", [Segment(2, "yellow")])
    match = f"{share}{os.sep}"
    for bound in (BOUND_S, HUNG_S):
        done = rescan_hung(tmp_path, match, lib, bound=bound, probe=BOUND_S)
        assert "Traceback" not in done.stderr and done.returncode == 0, done.stderr[-3000:]
        said = " ".join(done.stderr.split())
        assert f"offline: {share} (its files do not answer reads" in said, said
        found = records(lib)
        assert found["share/kept.mp4"].offline and not any(p.startswith("share/new") for p in found), found
    with VideoLibrary(lib, read_only=True) as library_:
        assert list(library_.meta.settings.hung_folders or ()) == [str(share)]
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (the share answers again: scanned as ever)
    assert code == 0, err
    found = records(lib)
    assert not found["share/kept.mp4"].offline and found["share/new 1.mp4"].status == DONE, found
    with VideoLibrary(lib, read_only=True) as library_:
        assert library_.meta.settings.hung_folders is None
