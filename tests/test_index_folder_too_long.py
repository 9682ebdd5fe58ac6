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


def test_forget_keep_inside_keeps_the_record_of_a_folder_it_keeps(tmp_path, capsys):
    """``seekframe forget ~ --keep-inside`` keeps ~/Videos (taken in by ``index ~``) in the library:
    a folder in ~/Videos the last index could not read is still not read, its videos not indexed, so
    status still tells it; the one in ~'s own part (~/Downloads) goes with ~. Before, both went:
    status said nothing of ~/Videos's folder until its next index."""
    from tests.test_forget_took_in import took_in

    home, videos, phone, lib = took_in(tmp_path, capsys)
    kept, gone = _too_long(videos), _too_long(home / "Downloads")
    run(capsys, "index", home, "--library", lib)  # (exit 1: folders not read)
    recorded = [u["path"] for u in json.loads(run(capsys, "status", "--library", lib, "--json")[1])["unread_folders"]]
    assert len(recorded) == 2 and any(kept.startswith(p) for p in recorded) and any(gone.startswith(p)
                                                                                   for p in recorded), recorded
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0, (out, err)
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    now = [u["path"] for u in json.loads(out)["unread_folders"]]
    assert now == [p for p in recorded if kept.startswith(p)], (now, recorded)
    code, out, _ = run(capsys, "status", "--library", lib)
    assert "A folder the last index could not read" in out and str(videos) in out.split("could not read")[1], out
