"""A library file that cannot be replaced (``chattr +i``: an immutable file; on Windows the same
refusal comes from a read-only file; a file of another user in a sticky folder): a writing command
says which file and what to do, not a traceback, and once the file can be written again the same
command finishes. Real immutable files need root on a filesystem that has the attribute
(ext4, xfs, btrfs); elsewhere the tests are skipped with why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_proc import indexed_folder

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="chattr is Linux's")


@contextmanager
def immutable(path):
    """``path`` immutable inside the block (skips the test where the attribute cannot be set)."""
    if os.geteuid() != 0 or not shutil.which("chattr"):
        pytest.skip("an immutable file needs root and chattr")
    r = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"this filesystem has no immutable files ({r.stderr.strip()})")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
@pytest.mark.parametrize("command", ["index", "forget"])
def test_a_library_json_that_cannot_be_replaced_is_named_and_the_command_finishes_once_it_can(
        tmp_path, capsys, command):
    model, videos, lib = indexed_folder(tmp_path)
    more = tmp_path / "more"
    shutil.copytree(videos, more)
    capsys.readouterr()
    args = (["index", videos, more, "--library", lib, "-q"] if command == "index"
            else ["forget", videos, "--library", lib])
    if command == "forget":
        assert run(capsys, "index", videos, more, "--library", lib, "-q")[0] == 0
    with immutable(lib / "library.json"):
        code, out, err = run(capsys, *args)
        assert code == 2, err
        assert "Traceback" not in err and "library.json" in err and str(lib) in err
        assert "cannot be written" in err and "Nothing is damaged" in err
        code, out, err = run(capsys, "status", "--library", lib)  # and it still reads as it was
        assert code == 0 and ("2 videos (2 done" in out or "4 videos (4 done" in out), out + err
    code, out, err = run(capsys, *args)
    assert code == 0, err
    with VideoLibrary(lib, read_only=True) as library:
        folders = library.meta.settings.folders
        assert (str(more) in folders) and ((str(videos) in folders) == (command == "index"))
