"""Only regular files are opened (issue 10, point 5): a named pipe called x.mp4 used to block
`seekframe index` forever, a link to /dev/zero called z.mp4 read until memory ran out. Both are
now listed with a reason, and the rest of the folder is indexed."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.scan import content_hash, scan
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "videos"
    d.mkdir()
    write_video(d / "good.mp4", [Segment(2.0, "red")], fps=10)
    os.mkfifo(d / "x.mp4")
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", d / "z.mp4")
    return d


def test_scan_lists_pipes_and_devices_with_a_reason_and_keeps_the_videos(folder):
    """Skipped as no video files (each listed with its reason), not problems: a problem fails
    every run of the folder (exit 1) for a file that is no video at all."""
    result = scan([str(folder)])
    assert [Path(p).name for p in result.files] == ["good.mp4"]
    assert not result.problems
    reasons = {Path(p).name: r for p, r in result.skipped_files}
    assert reasons["x.mp4"] == "a named pipe, not a video file (only regular files are read)"
    kinds = {"named pipe": 1}
    if (folder / "z.mp4").is_symlink():
        assert reasons["z.mp4"] == "a character device, not a video file (only regular files are read)"
        kinds["device"] = 1
    assert dict(result.skipped) == kinds


def test_a_pipe_given_as_the_root_is_refused_not_opened(folder):
    result = scan([str(folder / "x.mp4")])
    assert not result.files and "named pipe" in result.problems[0][1]


def test_content_hash_never_blocks_on_a_pipe(folder):
    outcome = []

    def run():
        try:
            content_hash(str(folder / "x.mp4"))
            outcome.append("returned")
        except OSError as exc:
            outcome.append(str(exc))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "content_hash blocked on a named pipe"
    assert outcome and "named pipe" in outcome[0]


def test_index_of_the_folder_finishes_and_lists_them(folder, tmp_path):
    code = ("import sys; from core.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "SEEKFRAME_HOME": str(tmp_path / "home")}
    for run in range(2):  # (the second run: nothing to index, the pipe still no failure)
        done = subprocess.run([sys.executable, "-c", code, "index", str(folder), "--library", str(tmp_path / "lib")],
                              capture_output=True, text=True, timeout=240, env=env,
                              cwd=Path(__file__).resolve().parent.parent)
        # finished, every video indexed: a pipe is no video that failed, it is skipped with its reason
        assert done.returncode == 0, done.stderr[-2000:]
        out = done.stdout + done.stderr
        assert f"  skipped: {folder / 'x.mp4'}: a named pipe, not a video file" in out, out
        assert out.count("x.mp4") == 1 and "could not be indexed" not in out, out
        assert "Skipped (not videos): " in out and "1 named pipe" in out, out
        assert "Indexed 1 of" in out if run == 0 else "Found 1 video" in out, out


def test_probing_a_named_pipe_says_so_instead_of_waiting_for_a_writer(folder):
    """A path the scan did not give (the preview's, a thumbnail's, a file swapped for a pipe
    since): the look for an animated WebP opened it blocking, and waited forever."""
    code = ("import sys\nfrom core.media import probe\nfrom core.errors import MediaError\n"
            "try:\n    probe(sys.argv[1], timeout_s=3.0)\nexcept MediaError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(folder / "x.mp4")], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and "not a regular file" in done.stdout, done.stdout + done.stderr


def test_the_zero_bytes_looks_say_nothing_of_a_named_pipe_without_waiting(folder):
    """``zero_bytes.data_end`` (the preview's look and the timeline's open it before FFmpeg) and
    ``only_zeros`` opened a path blocking: a pipe waited for a writer forever."""
    code = ("import sys\nfrom core import zero_bytes\n"
            "print(zero_bytes.data_end(sys.argv[1]), zero_bytes.only_zeros(sys.argv[1]), zero_bytes.source(sys.argv[1]))\n")
    done = subprocess.run([sys.executable, "-c", code, str(folder / "x.mp4")], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and done.stdout.split() == ["None", "False", str(folder / "x.mp4")], done.stderr
