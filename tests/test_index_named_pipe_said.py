"""`seekframe index fifo.mp4`, a named pipe (or a link to a device) named as the path to index,
ended with "1 file could not be indexed:" above "fifo.mp4: skipped: a named pipe, not a video
file": a heading of a failure over a file skipped, as no video file to read. Now the files
skipped are listed under "N files skipped:", the files that failed under "N files could not be
indexed:", each heading over its own files, in a run of both too."""

from __future__ import annotations

import os

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_broken_video, write_video

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")


def _listed_under(err: str) -> dict[str, list[str]]:
    """Each heading line ending in ':' that lists files, and the indented lines under it."""
    out: dict[str, list[str]] = {}
    heading = None
    for line in err.splitlines():
        if line.startswith("  ") and heading is not None:
            out[heading].append(line.strip())
        else:
            heading = line if line.endswith(":") and line[:1].isdigit() else None
            if heading is not None:
                out[heading] = []
    return out


@pytest.fixture
def videos(tmp_path, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    d = tmp_path / "videos"
    write_video(d / "red.mp4", [Segment(2, "red")], seed=1)
    write_broken_video(d / "broken.mp4")
    os.mkfifo(d / "fifo.mp4")
    return d


def test_a_named_pipe_given_as_the_path_is_said_skipped_not_failed(videos, tmp_path, capsys):
    _, _, err = run_cli(capsys, "index", videos / "fifo.mp4", "--library", tmp_path / "lib")
    assert "could not be indexed" not in err, err
    assert _listed_under(err) == {"1 file skipped:": [
        f"{videos / 'fifo.mp4'}: a named pipe, not a video file (only regular files are read)"]}, err


def test_files_skipped_and_failed_in_one_run_each_under_their_own_heading(videos, tmp_path, capsys):
    paths = [videos / "fifo.mp4", videos / "broken.mp4", videos / "red.mp4"]
    if os.path.exists("/dev/null"):
        os.symlink("/dev/null", videos / "null.mp4")
        paths.append(videos / "null.mp4")
    code, _, err = run_cli(capsys, "index", *paths, "--library", tmp_path / "lib")
    assert code == 1 and "Indexed 1 of 2 video files" in err, err  # (broken.mp4 failed: red.mp4 indexed)
    listed = _listed_under(err)
    skipped = [f"{videos / 'fifo.mp4'}: a named pipe, not a video file (only regular files are read)"]
    if len(paths) == 4:
        skipped.append(f"{videos / 'null.mp4'}: a character device, not a video file (only regular files are read)")
    assert listed.pop(f"{len(skipped)} files skipped:" if len(skipped) > 1 else "1 file skipped:") == skipped, err
    assert listed == {"1 file could not be indexed:": [f"{videos / 'broken.mp4'}: damaged or incomplete MP4/MOV file "
                                                       "(cannot read its header; a download cut short?)"]}, err
    assert "skipped:" not in "".join(line for lines in listed.values() for line in lines), err
