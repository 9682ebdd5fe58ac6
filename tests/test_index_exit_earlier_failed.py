"""`seekframe index -q` run nightly (cron) exited 1 every night while one file that failed long ago
stayed failed, though the run did nothing wrong and the failure was known: a job's mail every night,
and a real new failure lost among them. A run ends in 1 now when it failed a file itself (a new
failure, or one it tried again failing again: ``--retry-failed``, a failure of the moment tried by
the next run); a failure it only remembers is listed by a plain run and by ``seekframe status``, left
out by ``-q``, and ends in 0, said under the list as an earlier run's ("It is from earlier runs: this run
did not try it.": a plain run's "Indexed 1 of 1 video file" above it counts none of it)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr
from pathlib import Path

from core import failures_reported
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.progress import print_index_run
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def test_a_nightly_run_ends_in_1_only_for_its_own_failures(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(2, "red")])
    old, new = folder / "broken.mp4", folder / "broken2.mp4"
    old.write_bytes(b"\0" * 4096)
    code, _, err = run_cli(capsys, "index", folder, "--library", lib)
    assert code == 1 and f"{old}:" in err and "earlier runs" not in err, err  # (its own failure)

    code, _, err = run_cli(capsys, "index", "-q", "--library", lib)  # the nightly job, nothing new
    assert (code, err) == (0, ""), err
    code, _, err = run_cli(capsys, "index", "--library", lib)  # a plain run still lists it
    assert code == 0 and "1 file could not be indexed:" in err and f"{old}:" in err, err
    assert "It is from earlier runs: this run did not try it." in err, err  # (after "Indexed …": s59 E, its exit 0)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert "Failed files:" in out and "broken.mp4" in out, out

    new.write_bytes(b"\1" * 4096)  # a new file that fails: the job says it, and only it
    code, _, err = run_cli(capsys, "index", "-q", "--library", lib)
    assert code == 1 and "1 file could not be indexed:" in err and f"{new}:" in err and f"{old}:" not in err, err
    assert run_cli(capsys, "index", "-q", "--library", lib)[:3:2] == (0, "")  # (known the night after)

    code, _, err = run_cli(capsys, "index", "-q", "--retry-failed", "--library", lib)  # tried again, failed again
    assert code == 1 and "2 files could not be indexed:" in err and f"{old}:" in err and f"{new}:" in err, err
    assert "earlier runs" not in err, err  # (both tried by this run)


def _run(tmp_path) -> tuple[list, str]:
    """One run over tmp_path/videos (``decode_blips``' decoder): the failures ``print_index_run``
    returns (the CLI's exit code is 1 for any), and what it printed."""
    with VideoLibrary(tmp_path / "lib") as lib:
        opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(tmp_path / "videos")]))
        err = io.StringIO()
        with redirect_stderr(err):
            failed = print_index_run(iter(events))
        failures_reported.remember(lib, events[-1])  # (said, as `seekframe index` records it)
    return sorted(Path(p).name for p, _ in failed), err.getvalue()


def test_a_failure_of_the_moment_tried_again_by_the_next_run_counts_when_it_fails_again(tmp_path):
    for name, colour in [("good.mp4", "red"), ("flaky.mp4", "blue"), ("broken.mp4", "green")]:
        write_video(tmp_path / "videos" / name, [Segment(2, colour)], fps=10)
    (tmp_path / "opened").write_text("")
    (tmp_path / "blip").touch()  # (flaky.mp4's reads fail with EIO while it is there)
    assert _run(tmp_path)[0] == ["broken.mp4", "flaky.mp4"]
    failed, said = _run(tmp_path)  # flaky.mp4 tried again, and failing again: this run's failure
    assert failed == ["flaky.mp4"] and "broken.mp4" in said, said
    (tmp_path / "blip").unlink()  # (the share is back)
    failed, said = _run(tmp_path)
    assert failed == [] and "broken.mp4" in said and "flaky.mp4" not in said, said


def test_the_words_say_how_many_of_the_listed_failures_are_earlier_runs():
    from core.progress import earlier_text

    files = [("/v/a.mp4", "damaged"), ("/v/b.mp4", "damaged"), ("/v/c.mp4", "damaged")]
    assert earlier_text(files, ["/v/b.mp4"]) == "1 of them is from earlier runs: this run did not try it."
    assert earlier_text(files, ["/v/a.mp4", "/v/b.mp4", "/v/c.mp4"]) == (
        "They are from earlier runs: this run did not try them.")
    assert earlier_text(files, ["/v/other.mp4"]) == ""
