"""What a run says of the files it could not index names what reads them again where it is read:
`seekframe index` lists them ("N files could not be indexed:") and said nothing of when they are read
again, though `seekframe index --retry-failed` reads them now; the window said "It is retried when it
changes." and not its Try again under the failed files (app.index_panel). One text, ``core.failure_retry.
retried_text``, names each front end's way."""

from __future__ import annotations

from app.run_words import retried_text as window_words
from core.failure_retry import retried_text
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def test_the_cli_run_says_retry_failed_reads_a_failed_file_now(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder = tmp_path / "Videos"
    write_video(folder / "red.mp4", [Segment(2, "red")])
    (folder / "broken.mp4").write_bytes(b"\0" * 4096)
    code, _, err = run_cli(capsys, "index", folder, "--library", tmp_path / "lib")
    assert code == 1 and "1 file could not be indexed:" in err, err
    assert "It is retried when it changes, or now by `seekframe index --retry-failed`." in err, err
    assert "Try again" not in err, err
    code, out, _ = run_cli(capsys, "status", "--library", tmp_path / "lib")
    listed = out[out.index("Failed files:"):].splitlines()
    assert listed[2] == "  It is retried when it changes, or now by `seekframe index --retry-failed`.", out


def test_each_front_end_names_its_own_way():
    reasons = ["not a video file", "decoding hung for more than 120 s"]
    assert retried_text(reasons).endswith("the others when they change, or now by `seekframe index --retry-failed`.")
    assert window_words(reasons).endswith("the others when they change, or now with Try again.")
    assert window_words(["not a video file"] * 2) == "They are retried when they change, or now with Try again."
