"""A nightly `seekframe index -q` over the whole library mailed an unread folder twice: a run over one
of its folders (`seekframe index ~/Videos/A`) wrote the reported unread folders as that run's alone, so
the folder in ~/Videos/B it had never looked at, already reported, was new again to the next night's
run (exit 1, named under ``-q``). The record is kept per folder now (``core.failures_reported``): a run
drops only the unread folders it looked at (under the folders it walked) and adds its own."""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.test_index_folder_too_long import _too_long
from tests.test_status_folders import encoder, make_folder, run  # noqa: F401 (the fixture)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")


def test_a_run_over_one_folder_keeps_the_others_unread_folders_reported(tmp_path, capsys):
    a, b, lib = make_folder(tmp_path / "A", 1), make_folder(tmp_path / "B", 1), tmp_path / "lib"
    _too_long(a), _too_long(b)
    code, out, err = run(capsys, "index", a, b, "--library", lib, "-q")
    assert code == 1 and "2 folders could not be read:" in out + err, (out, err)  # (both said, once)
    code, out, err = run(capsys, "index", a, "--library", lib, "-q")  # (one folder: B not looked at)
    assert code == 0 and "could not be read" not in out + err, (out, err)
    code, out, err = run(capsys, "index", "-q", "--library", lib)  # (the parent: B's again, exit 1)
    assert code == 0 and "could not be read" not in out + err, (out, err)
    code, out, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "2 folders could not be read:" in out + err, (out, err)  # (still listed, as earlier)
    shutil.rmtree(a / ("d" * 200))  # (A whole again)
    assert run(capsys, "index", a, "--library", lib, "-q")[0] == 0  # (A read whole: its entry dropped)
    _too_long(a)
    code, out, err = run(capsys, "index", "-q", "--library", lib)
    assert code == 1 and "1 folder could not be read:" in out + err and str(a) in out + err, (out, err)
    assert str(b) not in out + err, (out, err)  # (B's, reported before and unchanged: not said under -q)


def test_a_folder_forgotten_then_added_back_reports_its_unread_folder_again(tmp_path, capsys):
    """rv_5's finding 1: `seekframe forget B` left B's unread folder recorded as reported, so B added back
    (its folder still unread) was silent under -q, exit 0. Forget drops the record under the folder."""
    a, b, lib = make_folder(tmp_path / "A", 1), make_folder(tmp_path / "B", 1), tmp_path / "lib"
    _too_long(a), _too_long(b)
    assert run(capsys, "index", a, b, "--library", lib, "-q")[0] == 1  # (both said)
    assert run(capsys, "forget", b, "--library", lib)[0] == 0
    code, out, err = run(capsys, "index", b, "--library", lib, "-q")  # (added back: B's folder new again)
    assert code == 1 and "1 folder could not be read:" in out + err and str(b) in out + err, (out, err)
    assert str(a) not in out + err, (out, err)  # (A's, reported and never forgotten: still not said under -q)


def test_a_record_left_by_an_earlier_forget_goes_with_the_next_finished_run():
    """A library whose forget left B's unread folder recorded (before the fix) drops it at its next finished
    run over the folders left, so B added back later says it again."""
    from core.failures_reported import UNREAD, after_run
    from core.library.meta import LibrarySettings

    a, b = "/v/A/ddd", "/v/B/ddd"
    settings = LibrarySettings(folders=["/v/A"], other={UNREAD: {a: "File name too long", b: "File name too long"}})
    values = after_run(settings, [], [a], {a: "File name too long"}, {"roots": ["/v/A"]})
    assert values is not None and values[UNREAD] == {a: "File name too long"}, values
