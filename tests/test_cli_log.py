"""The ``seekframe`` command's log (``core.log_file``, ``core.cli.start_log``). Before, the command
set up no log handler: the storage engine's own text for a damaged library, and the traceback of
any failure the command said in plain words, went nowhere a user reporting a fault could attach.
Now each command writes what it ran, the details of a failure and the engine's own words to the
app's log file, ``<data home>/seekframe-app.log``; warnings and errors come on stderr in plain form
(``seekframe: MESSAGE``, no traceback), ``-v`` prints every record in full; stdout stays the
command's own output (``--json`` pure JSON)."""

from __future__ import annotations

import json
import logging
import os

import pytest

from core import log_file
from tests.cli_run import run_cli


def _damage_videos_table(lib) -> None:
    for data in (lib / "db" / "videos.lance" / "data").glob("*.lance"):
        data.write_bytes(data.read_bytes()[:500])


def test_a_damaged_librarys_details_go_to_the_log_file_and_stderr_stays_plain(noted_library, capsys, _isolated_home):
    videos, lib = noted_library
    _damage_videos_table(lib)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and out == "" and "its videos table is damaged" in err and "Traceback" not in err, err
    assert "lance error" not in err  # (the engine's own words: the log's)
    logged = (_isolated_home / "seekframe-app.log").read_text()
    assert f"seekframe status --library {lib}" in logged  # what was run
    assert "the storage engine could not read a table: lance error" in logged, logged[-3000:]
    assert "`seekframe status` failed\nTraceback" in logged  # the failure's details, for a report


def test_verbose_prints_what_is_logged_and_json_stays_pure(noted_library, capsys):
    videos, lib = noted_library
    code, out, err = run_cli(capsys, "status", "--library", lib, "--json", "-v")
    assert code == 0 and json.loads(out)["videos"] == 2
    assert "INFO seekframe.cli: seekframe " in err and "seekframe status --library" in err  # (what ran, with -v)
    _damage_videos_table(lib)
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--json", "-v")
    assert code == 2 and out == ""
    assert "the storage engine could not read a table: lance error" in err and "Traceback" in err


def test_a_warning_is_one_plain_line_on_stderr_its_traceback_in_the_file(capsys, _isolated_home):
    path = log_file.setup_logging(logging.WARNING, plain=True)
    try:
        raise OSError(5, "Input/output error")
    except OSError as exc:
        logging.getLogger("seekframe.library").warning("notes could not be read now: %s", exc, exc_info=True)
    logging.getLogger("seekframe.library").info("not on stderr")
    assert capsys.readouterr().err == "seekframe: notes could not be read now: [Errno 5] Input/output error\n"
    text = path.read_text()
    assert "Traceback" in text and "OSError: [Errno 5]" in text and "not on stderr" in text


def _rotating_at(size: int, monkeypatch):
    """The log set up again with its file rotated at ``size`` bytes; its path."""
    monkeypatch.setattr(log_file, "MAX_BYTES", size)
    for h in list(logging.getLogger(log_file.LOGGER).handlers):  # (a handler made at another size)
        if getattr(h, "_seekframe", "") == "file":
            logging.getLogger(log_file.LOGGER).removeHandler(h)
            h.close()
    return log_file.setup_logging(logging.WARNING, plain=True)


def test_a_rollover_another_process_refuses_is_let_be(capsys, _isolated_home, monkeypatch):
    """Windows refuses to rename a file another process holds open (the window's log while a
    nightly `seekframe index` writes it): every record after the size limit printed a logging
    error with a traceback on stderr."""
    path = _rotating_at(2000, monkeypatch)

    def refused(*_a, **_k):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr("os.rename", refused)
    monkeypatch.setattr("os.replace", refused)
    for i in range(60):
        logging.getLogger("seekframe.test").info("record %d of a long run", i)
    assert capsys.readouterr().err == ""
    assert "record 59 of a long run" in path.read_text()


def test_a_refused_rollover_keeps_the_older_logs(capsys, _isolated_home, monkeypatch):
    """A rollover moves the older logs up one (.2 to .3, .1 to .2) before it renames the log itself
    to .1: refused that last rename (Windows, another process holding the log open), each record
    past the size limit moved them up again, and two records later the user's older logs .2 and .3
    were gone. Now nothing moves until the log itself has; once it can, they move up one."""
    path = _rotating_at(2000, monkeypatch)
    older = {i: f"the log {i} rollovers ago\n" for i in (1, 2, 3)}
    for i, text in older.items():
        path.with_name(f"{path.name}.{i}").write_text(text)
    held, rename, replace = [True], os.rename, os.replace

    def refusing(real):
        def move(src, dst, *a, **k):
            if held[0] and os.path.abspath(src) == os.path.abspath(path):
                raise PermissionError(13, "The process cannot access the file because it is being used by "
                                          "another process")
            return real(src, dst, *a, **k)
        return move

    monkeypatch.setattr(os, "rename", refusing(rename))
    monkeypatch.setattr(os, "replace", refusing(replace))
    for i in range(60):
        logging.getLogger("seekframe.test").info("record %d of a long run", i)
    assert {i: path.with_name(f"{path.name}.{i}").read_text() for i in older} == older
    assert capsys.readouterr().err == "" and "record 59 of a long run" in path.read_text()
    held[0] = False  # (the other process closed it)
    logging.getLogger("seekframe.test").info("record 60 of a long run")
    moved = {i: path.with_name(f"{path.name}.{i}").read_text() for i in older}
    assert "record 59 of a long run" in moved[1] and (moved[2], moved[3]) == (older[1], older[2]), moved
    assert "record 60 of a long run" in path.read_text()


@pytest.fixture(autouse=True)
def _log_reset():
    yield
    root = logging.getLogger(log_file.LOGGER)  # (as a fresh process has it: this test's file closed)
    for h in [h for h in root.handlers if getattr(h, "_seekframe", "")]:
        root.removeHandler(h)
        h.close()


def test_a_name_that_is_no_text_is_logged_as_its_bytes_escapes(capsys, caplog, tmp_path, _isolated_home):
    # A lone surrogate (a name's undecodable byte, PEP 383) in a record's message broke any handler
    # that encodes strictly: pytest-xdist could not send the test's captured log ('strings must be
    # utf-8 encodable', the whole run stopped), and so would a user's own handler.
    odd = os.fsdecode(b"caf\xe9") if os.name != "nt" else "caf\udce9"
    caplog.set_level(logging.INFO)
    run_cli(capsys, "status", "--library", str(tmp_path / odd))
    said = [r.getMessage() for r in caplog.records if r.name.startswith("seekframe")]
    assert any("seekframe status" in m for m in said), said
    for message in said:
        message.encode("utf-8")  # (no lone surrogate left)
    assert any("caf\\xe9" in m for m in said), said
