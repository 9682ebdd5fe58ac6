"""A folder whose path is longer than the system allows (PATH_MAX, 4096 bytes on Linux: made by
steps, each relative to the folder above it) cannot be opened by its path: a walk meets it and
cannot read it. Before, `seekframe index` said "1 file could not be indexed: ...: cannot open
folder: File name too long", a file for a folder, and `seekframe status` never told it. Now the
run says "1 folder could not be read" with why, and status lists it (text and --json) until a run
reads it, and no longer once its library folder is forgotten."""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")


def _too_long(parent) -> str:
    """A folder in ``parent`` whose path is past 4096 bytes (its parents within it); its path."""
    fd, path = os.open(parent, os.O_RDONLY | os.O_DIRECTORY), str(parent)
    try:
        while len(os.fsencode(path)) <= 4200:
            name = "d" * 200
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd, path = inner, os.path.join(path, name)
    finally:
        os.close(fd)
    return path


def test_a_folder_too_long_to_open_is_said_and_status_tells_it(tmp_path, capsys):
    videos, lib = make_folder(tmp_path / "videos", 1), tmp_path / "lib"
    deep = _too_long(videos)
    with pytest.raises(OSError):
        os.stat(deep)
    code, out, err = run(capsys, "index", videos, "--library", lib)
    said = out + err
    assert "file could not be indexed" not in said and "1 folder could not be read:" in said, said
    first = next(p for p in (os.path.join(str(videos), *deep[len(str(videos)) + 1:].split(os.sep)[:i])
                             for i in range(1, 30)) if len(os.fsencode(p)) > 4095)
    assert f"{first}: File name too long" in said, said
    code, out, _ = run(capsys, "status", "--library", lib)
    assert "A folder the last index could not read (the videos in it are not indexed):" in out, out
    assert f"  {first}: File name too long" in out, out
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert json.loads(out)["unread_folders"] == [{"path": first, "reason": "File name too long"}]
    assert set(folder_status(capsys, lib)) == {str(videos)}
    other = make_folder(tmp_path / "other", 1)
    assert run(capsys, "index", other, "--library", lib)[0] == 0  # (another folder's run: still told)
    assert "File name too long" in run(capsys, "status", "--library", lib)[1]
    assert run(capsys, "forget", videos, "--library", lib)[0] == 0
    code, out, _ = run(capsys, "status", "--library", lib)
    assert "could not read" not in out and "too long" not in out, out


def test_a_run_that_reads_it_again_no_longer_tells_it(tmp_path, capsys):
    import shutil

    videos, lib = make_folder(tmp_path / "videos", 1), tmp_path / "lib"
    _too_long(videos)
    run(capsys, "index", videos, "--library", lib)
    assert "too long" in run(capsys, "status", "--library", lib)[1]
    shutil.rmtree(videos / ("d" * 200))  # (gone: the next walk reads every folder)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert json.loads(out)["unread_folders"] == [] and set(folder_status(capsys, lib)) == {str(videos)}
