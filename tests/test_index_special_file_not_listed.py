"""`seekframe index /x/fifo.mp4` (a named pipe, or a link to /dev/null, named as the path) is
skipped and said so, but the path was listed as a library folder: `seekframe status` then said
"Folder: /x/fifo.mp4  offline ... the folder is missing or cannot be read (an unmounted drive?)",
untrue, and so at every status after. Now such a path is never listed (a video file named is, as
before: "File: ... indexed"), and a library an older run listed one in says what it is, not offline."""

from __future__ import annotations

import json
import os

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")


@pytest.fixture
def videos(tmp_path, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    d = tmp_path / "videos"
    write_video(d / "red.mp4", [Segment(2, "red")], seed=1)
    os.mkfifo(d / "fifo.mp4")
    if os.path.exists("/dev/null"):
        os.symlink("/dev/null", d / "null.mp4")
    return d


def _said_offline(out: str) -> bool:
    return any("offline" in line for line in out.splitlines() if line.startswith(("Folder:", "File:")))


def _folders(lib_dir) -> list[str]:
    from core.library import VideoLibrary

    with VideoLibrary(lib_dir, read_only=True) as lib:
        return list(lib.meta.settings.folders or [])


def test_a_pipe_or_device_named_is_not_listed_and_status_says_no_drive_away(videos, tmp_path, capsys):
    lib = tmp_path / "lib"
    odd = [p for p in ("fifo.mp4", "null.mp4") if os.path.lexists(videos / p)]
    for name in odd:
        code, _, err = run_cli(capsys, "index", videos / name, "--library", lib)
        assert code == 1 and "1 file skipped:" in err, err
    code, _, err = run_cli(capsys, "index", videos / "red.mp4", "--library", lib)
    assert code == 0, err
    assert _folders(lib) == [str(videos / "red.mp4")]  # (a video named is listed, as before)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and not _said_offline(out) and "unmounted" not in out, out
    assert f"File:    {videos / 'red.mp4'}  indexed" in out, out


def test_a_pipe_an_older_run_listed_is_said_as_what_it_is(videos, tmp_path, capsys):
    from core.library import VideoLibrary

    lib_dir = tmp_path / "lib"
    run_cli(capsys, "index", videos / "red.mp4", "--library", lib_dir)
    with VideoLibrary(lib_dir) as lib:  # (as the old code left it: the pipe listed as a folder)
        lib.update_settings(folders=[*lib.meta.settings.folders, str(videos / "fifo.mp4")])
    code, out, _ = run_cli(capsys, "status", "--library", lib_dir)
    assert code == 0 and not _said_offline(out) and "unmounted" not in out, out
    assert (f"File:    {videos / 'fifo.mp4'}  not indexed: a named pipe, not a video file "
            "(only regular files are read)") in out, out
    code, out, _ = run_cli(capsys, "status", "--json", "--library", lib_dir)
    pipe, = (f for f in json.loads(out)["folder_status"] if f["path"] == str(videos / "fifo.mp4"))
    assert pipe["kind"] == "file" and pipe["online"] and pipe["held"] is None, pipe
    from core import service

    with VideoLibrary(lib_dir, read_only=True) as lib:
        assert service.library_status(lib).offline_folders == ()  # (the app's "(offline)": neither the pipe nor the video)
