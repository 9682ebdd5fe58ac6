"""A table's data file deleted (by hand, a sync tool, a backup restored without it): ``status``
said all was well (its moments counted from the videos' rows) and a re-scan "Nothing new to
index." (exit 0) while ``search`` failed on the missing file. A data file the newest version names
and that is not there now makes the table a suspect that is read through
(``repair.damaged_tables``), so both say the table is damaged and the way out, as for a file cut
short (tests/test_damaged_tables.py); after ``seekframe repair`` the next index embeds the videos
again and search finds them."""

from __future__ import annotations

import pytest

from tests.cli_run import run_cli


def says_damaged(text: str, table: str) -> bool:
    """Said as a status or an open says a damaged table: which one, and the way out."""
    return ((f"Damaged: the {table} table cannot be read" in text or f"its {table} table is damaged" in text)
            and "`seekframe repair`" in text and "Traceback" not in text)


def delete_data(lib, table):
    gone = list((lib / "db" / f"{table}.lance" / "data").glob("*.lance"))
    assert gone
    for data in gone:
        data.unlink()


@pytest.mark.parametrize("table", ["moments", "videos", "captions"])
def test_a_deleted_data_file_is_said_by_status_and_a_re_scan(noted_library, capsys, colour_model, table):
    videos, lib = noted_library
    delete_data(lib, table)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and says_damaged(out + err, table), out + err
    code, out, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 2 and says_damaged(out + err, table), out + err


def test_after_repair_the_moments_of_a_deleted_data_file_are_embedded_again(noted_library, capsys, colour_model):
    videos, lib = noted_library
    delete_data(lib, "moments")
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0, out + err
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0, err
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "-k", "1")
    assert code == 0 and "red.mp4" in out, out + err
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out, out
