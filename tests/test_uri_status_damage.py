"""`seekframe status` on a library given by URI (``file://``…, only ever read) never read its
files: a data file gone or cut short, or a newest version file gone, left status at "all is well"
(exit 0) while `seekframe search` said the library was damaged. Status now reads its tables
through the engine (``core.library.uri_damage``) and says the damage in the search's words: where a
repair can run (its folder, uploaded again), never `seekframe repair` on the URI, which refuses it."""

from __future__ import annotations

import pytest

from tests.test_damaged_gone_files import delete_data
from tests.test_damaged_gone_version import delete_newest_version
from tests.cli_run import run_cli
from tests.test_torn_versions import cut_tail

URI_WORDS = ("The library is given as a URI, so it is only read here and `seekframe repair` cannot run on it: "
             "run `seekframe repair --library /path/to/library` on a machine that has the library's folder, "
             "then upload the folder again. Or restore the library folder from a backup.")


def said_for_uri(text: str) -> None:
    assert URI_WORDS in text, text
    assert "sets it aside" not in text and "takes it as it is" not in text, text  # (no repair offered on it)
    assert "Traceback" not in text, text


@pytest.mark.parametrize("table", ["moments", "captions"])
def test_a_data_file_gone_is_said_by_status_of_a_uri_library(noted_library, capsys, table):
    _, lib = noted_library
    delete_data(lib, table)
    code, out, err = run_cli(capsys, "status", "--library", f"file://{lib}")
    assert code == 2 and f"Damaged: the {table} table cannot be read (a file is missing)." in out, out + err
    said_for_uri(out + err)
    code, out, err = run_cli(capsys, "status", "--library", f"file://{lib}", "--json")
    assert code == 2 and f'"{table}":' in out.split('"damaged"')[1], out


def test_a_data_file_cut_short_is_said_by_status_of_a_uri_library(noted_library, capsys):
    _, lib = noted_library
    for data in (lib / "db" / "moments.lance" / "data").glob("*.lance"):
        cut_tail(data)
    code, out, err = run_cli(capsys, "status", "--library", f"file://{lib}")
    assert code == 2 and "Damaged: the moments table cannot be read (a file cannot be read)." in out, out + err
    said_for_uri(out + err)


@pytest.mark.parametrize("table", ["videos", "captions"])
def test_a_gone_newest_version_is_said_by_status_of_a_uri_library(noted_library, capsys, table):
    _, lib = noted_library
    delete_newest_version(lib, table)
    code, out, err = run_cli(capsys, "status", "--library", f"file://{lib}")
    assert code == 2 and f"Damaged: the {table} table's newest version" in out, out + err
    said_for_uri(out + err)


def test_a_whole_uri_library_is_said_whole(noted_library, capsys):
    _, lib = noted_library
    code, out, err = run_cli(capsys, "status", "--library", f"file://{lib}")
    assert code == 0 and "Damaged" not in out + err and "Videos:  2 (" in out, out + err


def test_a_search_of_a_uri_library_that_finds_nothing_says_the_gone_version(noted_library, capsys):
    _, lib = noted_library
    delete_newest_version(lib, "videos")
    code, out, err = run_cli(capsys, "search", "red", "--library", f"file://{lib}")
    assert "Damaged: the videos table's newest version" in err and "no indexed video yet" not in err, out + err
    said_for_uri(out + err)


def test_a_search_of_a_uri_library_names_the_table_cut_short_as_status_does(noted_library, colour_model, capsys):
    """(the engine's error names no table there: the tables read through to name it said none on a
    URI, so the search said "its tables are damaged" where status says the moments table)"""
    _, lib = noted_library
    for data in (lib / "db" / "moments.lance" / "data").glob("*.lance"):
        cut_tail(data)
    code, out, err = run_cli(capsys, "search", "red", "--library", f"file://{lib}", "--model", colour_model)
    assert code == 2 and "its moments table is damaged (a file cannot be read)" in err, out + err
    assert "The library is given as a URI, so it is only read here" in err and "sets what" not in err, err
