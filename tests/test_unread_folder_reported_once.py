"""A nightly `seekframe index -q` exited 1 every night for the same folder it could not read (a
root-only lost+found on a drive added whole, a path too long), though README and `index --help` say it
mails each failure once (s58 fr_3 F3): an unread folder was never recorded as reported. Now it is, as a
failed file is (``core.failures_reported``, ``UNREAD``: the folder and why): exit 1 and named under
``-q`` the first time, or when another folder cannot be read; then silent under ``-q`` and exit 0 while
it stays so, still listed by a plain run and `seekframe status`."""

from __future__ import annotations

import sys

import pytest

from tests.test_index_folder_too_long import _too_long
from tests.test_status_folders import encoder, make_folder, run  # noqa: F401 (the fixture)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")


def test_a_nightly_index_reports_an_unread_folder_once(tmp_path, capsys):
    videos, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    _too_long(videos)
    code, out, err = run(capsys, "index", videos, "--library", lib, "-q")
    assert code == 1 and "1 folder could not be read:" in out + err, (out, err)  # (the first night: said)
    for _night in range(2):
        code, out, err = run(capsys, "index", "-q", "--library", lib)
        assert code == 0 and "could not be read" not in out + err, (out, err)  # (the parent: 1, said each night)
    code, out, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "1 folder could not be read:" in out + err, (out, err)  # (a plain run still lists it)
    (videos / "more").mkdir()
    _too_long(videos / "more")  # (another folder unread: new, said once)
    code, out, err = run(capsys, "index", "-q", "--library", lib)
    assert code == 1 and "1 folder could not be read:" in out + err and "more" in out + err, (out, err)
    assert run(capsys, "index", "-q", "--library", lib)[0] == 0
