"""A video whose failure was only of the moment (a read that failed with EIO on a share or a disk
that blipped, a decoder that hung, one killed) stayed failed for good: every later `seekframe index`
listed it as failed and never read it again, though its file was fine. Now the next runs try it
again (``core.failure_retry``), up to ``TRIES`` runs in all, so that a file that always hangs does
not cost every run the hang bound; a file broken in its bytes is not read again until it changes."""

from __future__ import annotations

import io
import os
import time
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from core import failure_retry
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import FAILED, VideoRecord
from tests.decode_blips import BROKEN, DENIED, EIO, decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

def index(tmp_path, **options) -> tuple[list, dict, list[str], str]:
    """One run over tmp_path/videos: its events, {name: record}, the files it decoded, what the CLI printed."""
    from core.progress import print_index_run

    (tmp_path / "opened").write_text("")
    with VideoLibrary(tmp_path / "lib") as lib:
        opts = IndexOptions(two_pass=False, decode_fn=decode, **{"file_timeout_s": 20.0, **options})
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(tmp_path / "videos")]))
        records = {Path(v.path).name: v for v in lib.video_table.all()}
    err = io.StringIO()
    with redirect_stderr(err):
        print_index_run(iter(events))
    return events, records, (tmp_path / "opened").read_text().split(), err.getvalue()


def test_a_video_that_failed_on_an_io_error_is_read_again_by_the_next_run(tmp_path):
    for name, colour in [("good.mp4", "red"), ("flaky.mp4", "blue"), ("broken.mp4", "green")]:
        write_video(tmp_path / "videos" / name, [Segment(4, colour)], fps=10)
    (tmp_path / "blip").touch()
    events, records, opened, _ = index(tmp_path)
    assert {n: (r.status, r.error) for n, r in records.items() if r.status == FAILED} == {
        "flaky.mp4": (FAILED, EIO),
        "broken.mp4": (FAILED, BROKEN)}
    (tmp_path / "blip").unlink()  # (the share is back)

    events, records, opened, said = index(tmp_path)
    assert opened == ["flaky.mp4"]  # (not broken.mp4: its bytes fail the same way)
    s = events[0].summary
    assert s["again"] == 1 and s["to_index"] == 1 and s["previously_failed"] == 1 and not s["retry"]
    assert "Trying again 1 video whose failure may have been of the moment" in said, said
    assert "up to 3 runs" in said and "Indexed 1 of 1 video file" in said, said
    assert records["flaky.mp4"].status == "done" and records["flaky.mp4"].n_moments > 0
    assert [Path(p).name for p, _ in events[-1].failed] == ["broken.mp4"]

    events, _, opened, said = index(tmp_path)  # (all read: nothing again)
    assert opened == [] and not events[0].summary["again"] and "Trying again" not in said


def test_a_file_that_always_hangs_is_tried_in_three_runs_then_waits_for_a_change(tmp_path):
    write_video(tmp_path / "videos" / "hang.mp4", [Segment(2, "red")], fps=10)
    # (a bound only this hung file meets, but within which the decode process must reach the decoder,
    # which logs it "opened": a light module's import and a fork, well under 1 s on a loaded machine)
    hung = "decoding hung for more than 1 s"
    reasons = []
    for run in range(1, failure_retry.TRIES + 2):
        events, records, opened, said = index(tmp_path, file_timeout_s=1.0)
        reasons.append(records["hang.mp4"].error)
        if run == 1:
            assert opened == ["hang.mp4"] and not events[0].summary.get("again")
        elif run <= failure_retry.TRIES:
            assert opened == ["hang.mp4"] and events[0].summary["again"] == 1, run
            assert "Trying again 1 video" in said, said
        else:
            assert opened == [] and events[0].summary["to_index"] == 0 and "Trying again" not in said
            assert events[0].summary["previously_failed"] == 1
    assert reasons == [hung, f"{hung} (in 2 runs)", f"{hung} (in 3 runs; not tried again until the file changes)",
                       f"{hung} (in 3 runs; not tried again until the file changes)"]
    path = tmp_path / "videos" / "hang.mp4"
    os.utime(path, (time.time() + 5, time.time() + 5))  # (changed: read again, its count anew)
    with open(path, "ab") as f:
        f.write(b"\0" * 16)
    events, records, opened, _ = index(tmp_path, file_timeout_s=1.0)
    assert opened == ["hang.mp4"] and records["hang.mp4"].error == hung


def test_a_file_that_opens_but_whose_read_is_denied_is_tried_in_three_runs_then_waits_for_a_change(tmp_path):
    """A read denied is tried again once the file opens (its permissions put right: a chmod changes
    no mtime). One that opens but whose read is denied all the same (a Windows byte-range lock, a
    read refused by a security module after the open) was decoded again by every run, for good;
    now it is bounded as a failure of the moment is."""
    write_video(tmp_path / "videos" / "locked.mp4", [Segment(2, "red")], fps=10)
    reasons = []
    for run in range(1, failure_retry.TRIES + 3):
        events, records, opened, said = index(tmp_path)
        reasons.append(records["locked.mp4"].error)
        if run <= failure_retry.TRIES:
            assert opened == ["locked.mp4"] and events[0].summary["to_index"] == 1, (run, opened)
        else:
            assert opened == [] and events[0].summary["to_index"] == 0, (run, opened)
            assert events[0].summary["previously_failed"] == 1
    last = f"{DENIED} (in 3 runs; not tried again until the file changes)"
    assert reasons == [DENIED, f"{DENIED} (in 2 runs)", last, last, last]


def test_a_video_no_run_tries_again_says_what_does(tmp_path, capsys):
    """A failure of the moment bounded ('(in 3 runs; not tried again until the file changes)') did not
    say that `seekframe index --retry-failed` tries it again all the same: seekframe status and the
    run's list of failed files say it now (the recorded reason stays as it was)."""
    from core.cli_status import print_library_status

    write_video(tmp_path / "videos" / "broken.mp4", [Segment(2, "red")], fps=10)
    index(tmp_path)
    bounded = "decoding hung for more than 2 s (in 3 runs; not tried again until the file changes)"
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.record_failure(lib.video_table.all()[0], bounded)
    hint = ("decoding hung for more than 2 s (in 3 runs; not tried again until the file changes: "
            "`seekframe index --retry-failed` tries it again)")
    events, records, opened, said = index(tmp_path)
    assert opened == [] and records["broken.mp4"].error == bounded
    assert f"broken.mp4: {hint}" in said, said
    capsys.readouterr()
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        print_library_status(lib, as_json=False)
    assert f"broken.mp4: {hint}" in capsys.readouterr().out
    assert failure_retry.shown_reason(BROKEN) == BROKEN  # (one a change reads again: as it is)


def test_the_rule():
    rec = VideoRecord("0" * 16, "/v/a.mp4", "/v", 1, 1.0, "h", status=FAILED)
    for reason in [EIO, "unexpected error: OSError: [Errno 116] Stale file handle", "decoding hung for more than 9 s",
                   "the decoder was killed (signal 9, SIGKILL; out of memory?)", "decoding took longer than 120 s"]:
        assert failure_retry.of_the_moment(reason), reason
        rec.error = reason
        assert failure_retry.due(rec)
        rec.error = failure_retry.recorded(rec, reason)
        assert rec.error == f"{reason} (in 2 runs)" and failure_retry.due(rec)
        rec.error = failure_retry.recorded(rec, reason)
        assert failure_retry.runs(rec.error) == 3 and not failure_retry.due(rec)
    for reason in ["the decoder crashed (signal 11, SIGSEGV)", "not a video file or unsupported format",
                   "file not found", "[Errno 1094995529] Invalid data found when processing input",
                   "decoding used more than 400 MB of memory"]:
        rec.error = reason
        assert not failure_retry.of_the_moment(reason) and not failure_retry.due(rec), reason
        assert failure_retry.recorded(rec, reason) == reason
    # a read denied: tried again once the file opens (readable_again), not as one of the moment
    # (due), but counted as one, so that a file that opens and is denied all the same is bounded
    rec.error = DENIED
    assert not failure_retry.of_the_moment(DENIED) and not failure_retry.due(rec)
    assert failure_retry.recorded(rec, DENIED) == f"{DENIED} (in 2 runs)"
    rec.error = EIO  # (another kind of failure before it: counted anew)
    assert failure_retry.recorded(rec, DENIED) == DENIED


def faststart(path: Path) -> Path:
    """``path`` (an MP4 whose index, ``moov``, OpenCV wrote at its end) with its index first, as
    cameras and web videos have it: a file whose later bytes cannot be read still opens."""
    from tests.remux import remux

    remux(path, path.with_name(f"faststart {path.name}"), movflags="faststart").replace(path)
    return path


@pytest.mark.slow
def test_a_real_eio_part_way_through_a_video_fails_it_and_the_next_run_indexes_it_whole(
        tmp_path, capsys, colour_model):
    """A disk or share that blips part-way through a video (EIO from its middle on: ``tests.eio_shim``)
    had FFmpeg stop there, and the video was indexed as cut short ("cut short: plays 0.8 s of the
    8.0 s its header claims"), done for good: the rest was never searched. Now it fails as a read
    error, and the next run, the drive back, indexes it whole."""
    from core.library.records import DONE
    from core.scan_hash import _HASH_CHUNK as MiB
    from tests.eio_shim import run_failing
    from tests.cli_run import run_cli

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")])
    flaky = faststart(write_video(videos / "flaky.mp4", [Segment(4, "green"), Segment(4, "blue")], size=(640, 480),
                                  noise=40))
    size = flaky.stat().st_size
    assert size > 3 * MiB  # (the scan's fingerprint reads its first, middle and last MiB: the bad patch lies between)
    done = run_failing(tmp_path, "flaky.mp4", "index", videos, "--library", lib, "--model", colour_model,
                       after=MiB + 64 * 1024, until=size // 2 - MiB // 2 - 1)
    assert "Traceback" not in done.stderr, done.stderr
    assert "flaky.mp4: cannot read the file (Input/output error)" in done.stderr, done.stderr
    with VideoLibrary(lib, read_only=True) as library:
        rec = library.video_table.by_path(flaky)
        assert rec.status == FAILED and failure_retry.due(rec), rec
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Trying again 1 video whose failure may have been of the moment" in err, err
    assert "Indexed 1 of 1 video file" in err and "could not be indexed" not in err, err
    with VideoLibrary(lib, read_only=True) as library:
        rec = library.video_table.by_path(flaky)
        assert rec.status == DONE and not rec.error and rec.duration > 7.5, rec
