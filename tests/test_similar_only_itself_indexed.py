"""``similar`` with no filters, in a library whose only indexed videos are the clip's own and its
byte-identical copies, while another video failed: it said they "are in the library", as if
nothing else were (``status`` lists the failed one); it says they are the only ones indexed."""

from __future__ import annotations

import shutil

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def test_only_the_clips_copies_indexed_beside_a_failed_video_is_said_so(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    (videos / "backup").mkdir()
    shutil.copyfile(videos / "red.mp4", videos / "backup" / "red.mp4")
    (videos / "junk.mp4").write_bytes(bytes(range(256)) * 200)  # (no video: it fails)
    run_cli(capsys, "index", videos, "--library", lib)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert "1 failed" in out, out
    code, out, err = run_cli(capsys, "similar", videos / "red.mp4", "--library", lib)
    assert (code, out) == (0, "No results.\n")
    assert err == "Only this clip's own video and its identical copies are indexed, and similar leaves them out.\n"
