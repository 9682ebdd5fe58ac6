"""A library on a read-only drive or mount (its folder refuses writers) with damage a repair
mends elsewhere: a videos or captions table whose newest version file is gone, a table data file
deleted. `seekframe status` said "`seekframe repair` takes it as it is" or "sets it aside", a
repair that is refused there. Now it says the library cannot be written here and what to do
first (make its folder writable, then run `seekframe repair`; or repair a copy), and `seekframe
repair` itself refuses once, saying why, writing nothing."""

from __future__ import annotations

import pytest

from tests.test_cut_moments_read_only import refuse_writers
from tests.test_damaged_gone_files import delete_data
from tests.test_damaged_gone_version import delete_newest_version, files_of
from tests.cli_run import run_cli

FIRST = "The library cannot be written here (a read-only drive or folder), so `seekframe repair` cannot run here: " \
        "make its folder writable, then run `seekframe repair`; or copy it somewhere writable"

REFUSED = "cannot be written here (a read-only drive or folder), so it cannot be repaired here; nothing was changed."


def said_then_refused(capsys, lib, monkeypatch):
    before = files_of(lib)
    with monkeypatch.context() as read_only:
        refuse_writers(read_only)
        status = run_cli(capsys, "status", "--library", lib)
        repair = run_cli(capsys, "repair", "--library", lib)
        i_code, _, i_err = run_cli(capsys, "index", str(lib.parent / "videos"), "--library", lib)
    assert i_code == 2 and "read-only drive" in i_err and "Nothing is damaged" not in i_err, i_err
    assert "damaged, which cannot be repaired while the library cannot be written" in i_err, i_err
    assert files_of(lib) == before  # (nothing written: it could not be)
    return status, repair


@pytest.mark.parametrize("table", ["videos", "captions"])
def test_a_gone_newest_version_in_a_read_only_library_says_what_to_do_first(noted_library, capsys, monkeypatch,
                                                                            table):
    _, lib = noted_library
    delete_newest_version(lib, table)
    (code, out, err), (r_code, r_out, r_err) = said_then_refused(capsys, lib, monkeypatch)
    assert code == 2 and f"Damaged: the {table} table's newest version" in out + err, out + err
    assert FIRST in out + err and "`seekframe repair` takes it as it is" not in out + err, out + err
    assert r_code == 2 and REFUSED in r_err and "Nothing is damaged" not in r_err, r_out + r_err
    code, out, err = run_cli(capsys, "status", "--library", lib)  # (writable again: said as before)
    assert "`seekframe repair` takes it as it is" in out + err and "read-only" not in out + err, out + err


def test_a_deleted_data_file_in_a_read_only_library_says_what_to_do_first(noted_library, capsys, monkeypatch):
    _, lib = noted_library
    delete_data(lib, "videos")
    (code, out, err), (r_code, _, r_err) = said_then_refused(capsys, lib, monkeypatch)
    assert code == 2 and "its videos table is damaged" in out + err, out + err
    assert FIRST in out + err and "sets it aside" not in out + err, out + err
    assert r_code == 2 and REFUSED in r_err and "Nothing is damaged" not in r_err, r_err


def test_a_damaged_description_in_a_read_only_library_says_what_to_do_first(noted_library, capsys, monkeypatch):
    _, lib = noted_library
    meta = lib / "library.json"
    meta.write_text(meta.read_text().replace('"folders": [', '"folders": 7, "was": ['))  # (a wrong-typed field)
    (code, out, err), (r_code, _, r_err) = said_then_refused(capsys, lib, monkeypatch)
    assert code == 2 and "library.json is damaged" in err, out + err
    assert FIRST in err and "sets the file aside" not in err, err
    assert r_code == 2 and REFUSED in r_err, r_err
