"""``seekframe index /lnk/../b``, /lnk a link to x/y, where x/b, the folder the OS reads there, is
a library folder whose drive is unplugged (missing now). Before: refused as "does not exist" (the
existence check asked the OS, but the "known library folder" check compared the typed spelling
read lexically, /b). Now both use the OS's reading: the folder is re-scanned as the offline
library folder it is, its videos kept; a path that is no library folder is still refused."""

from __future__ import annotations

import os
import sys

import pytest

from tests.cli_run import FixedTextEncoder, use_encoder
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_a_dotdot_naming_an_offline_library_folder_is_no_missing_path(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    xb, lib = make_folder(tmp_path / "x" / "b", 2), tmp_path / "lib"
    (tmp_path / "x" / "y").mkdir()
    os.symlink(tmp_path / "x" / "y", tmp_path / "lnk")
    assert run(capsys, "index", xb, "--library", lib)[0] == 0
    os.rename(xb, tmp_path / "away")  # (its drive unplugged: x/b missing)
    code, out, err = run(capsys, "index", tmp_path / "lnk" / ".." / "b", "--library", lib)
    assert "does not exist" not in err and code == 0, (code, out, err)
    status = folder_status(capsys, lib)
    assert set(status) == {str(xb)} and not status[str(xb)]["online"], status  # (kept, offline)
    assert status[str(xb)]["videos"]["total"] == 2
    code, out, err = run(capsys, "index", tmp_path / "lnk" / ".." / "c", "--library", lib)
    assert code == 2 and "does not exist" in err, (code, err)  # (no library folder: refused, as before)
