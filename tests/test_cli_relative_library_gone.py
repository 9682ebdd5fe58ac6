"""A relative ``--library`` typed in a working folder that was deleted since the shell changed
into it: ``search``, ``status`` and ``index`` ended in a FileNotFoundError traceback (exit 1), as
the error handler's own look for a read-only library file asked for the working folder again;
they now say the current folder is gone, exit code 2."""

from __future__ import annotations

import pytest

from tests.cli_run import run_cli
from tests.test_cli_working_folder_gone import GONE, in_a_deleted_folder  # noqa: F401  (a fixture)


@pytest.mark.parametrize("argv", [["search", "red"], ["status"], ["index", "VIDEOS"]])
def test_a_relative_library_in_a_deleted_working_folder_is_said(in_a_deleted_folder, capsys, argv):
    argv = [str(in_a_deleted_folder / "videos") if a == "VIDEOS" else a for a in argv]
    code, out, err = run_cli(capsys, *argv, "--library", "rel/lib")
    assert (code, err) == (2, GONE), err
