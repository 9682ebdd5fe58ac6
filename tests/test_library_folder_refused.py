"""A library folder that cannot be made (a read-only drive, another user's folder, no library
there yet): the message said "Cannot create the library folder …: Read-only file system" and no
more; it now says what to do: another folder, through --library DIR or SEEKFRAME_HOME."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.cli_run import run_cli


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES])
def test_a_library_folder_that_cannot_be_made_says_where_else(tmp_path, capsys, monkeypatch, err):
    lib = tmp_path / "drive" / "lib"
    real_mkdir = Path.mkdir

    def refusing(self, *a, **k):
        if str(self).startswith(str(tmp_path / "drive")):
            raise OSError(err, os.strerror(err), str(self))
        return real_mkdir(self, *a, **k)

    monkeypatch.setattr(Path, "mkdir", refusing)
    (tmp_path / "videos").mkdir()
    code, out, err_text = run_cli(capsys, "index", tmp_path / "videos", "--library", lib)
    text = out + err_text
    assert code == 2 and "Cannot create the library folder" in text, text
    assert "--library DIR" in text and "SEEKFRAME_HOME" in text and "Traceback" not in text, text
    assert not lib.exists()
