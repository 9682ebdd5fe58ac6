"""`seekframe repair` opens the library as its writer (to put notes back and settle set-aside
tables), and that open, as every writer's, finishes a stopped `seekframe forget`: the removal under
way and the rest of a forget of several, which `seekframe status` had said "the next `seekframe
index` (or any command that writes the library, or the app) removes". The repair removed them
(found by a fault attack: a `forget /up --all` killed after its request was written, then `seekframe
repair`: 3 folders, 86 videos gone) and said only "Every table of the library reads through: nothing
to repair.": the removal was never said, where `seekframe index` says it. Now the repair says it in
the index's words (``cli_library.say_forgot``), and what it repaired, or that nothing needed it, as before."""

from __future__ import annotations

import sys

import pytest

from core.library.meta import read_meta
from core.library.repair import repair, set_aside_text
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_forget_request_resumed import _forget_all_stopped
from tests.test_status_folders import encoder, folder_status, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")

NOTHING = "Every table of the library reads through: nothing to repair."


def test_the_rest_of_a_stopped_forget_that_a_repair_removes_is_said(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0  # (a removed, b left to go)
    assert read_meta(lib).forget_request == [b]
    code, out, err = run(capsys, "repair", "--library", lib)
    assert code == 0 and out.strip() == NOTHING, (code, out, err)
    assert (f"The removal of {b}, asked with other folders by an earlier `seekframe forget` that stopped "
            "part-way, is done now: 1 video removed (the files are untouched).") in err, err
    assert set(folder_status(capsys, lib)) == {other} and read_meta(lib).forget_request is None
    code, out, err = run(capsys, "repair", "--library", lib)  # (said once: nothing left to remove)
    assert code == 0 and out.strip() == NOTHING and not err.strip(), (out, err)


def test_a_removal_under_way_that_a_repair_finishes_is_said_with_the_rest(spelled_apart, capsys,  # noqa: F811
                                                                          monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, a, "mid")[0] != 0  # (a's record written)
    assert read_meta(lib).forgetting == a and read_meta(lib).forget_request == [a, b]
    code, out, err = run(capsys, "repair", "--library", lib)
    assert code == 0 and out.strip() == NOTHING, (code, out, err)
    assert (f"The removal of {a} from the library is finished (2 videos removed in all): an earlier try had "
            "stopped part-way.") in err, err
    assert f"The removal of {b}, asked with other folders" in err and "1 video removed" in err, err
    assert set(folder_status(capsys, lib)) == {other}


def test_the_repair_answer_holds_what_was_forgotten_apart_from_its_tables(spelled_apart, capsys,  # noqa: F811
                                                                         monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)
    found = repair(lib)
    assert found == {"forgot": {"resumed": [(b, 1)]}}, found
    assert set_aside_text(found) == ""  # (no table set aside: the app's words for a repair say none)
