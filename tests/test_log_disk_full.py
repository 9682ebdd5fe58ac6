"""The log file on a full disk, or on a drive turned read-only, never stops a command or floods its
stderr. logging's own handling printed '--- Logging error ---' and a traceback on stderr for every
record it could not write: a search on a machine whose data home was full answered under a
screenful of them. Now the record is dropped, said once, and the file written again once it can."""

from __future__ import annotations

import errno
import io
import logging
import os

import pytest

from core import log_file
from tests.mounts import mounts  # noqa: F401  (the fixture)


class _Refusing(io.StringIO):
    """A log file stream whose disk is full: every flush refused, as the system refuses it."""

    def __init__(self, err: int):
        super().__init__()
        self.err = err

    def flush(self):
        raise OSError(self.err, {errno.ENOSPC: "No space left on device", errno.EROFS: "Read-only file system"}[self.err])


@pytest.fixture(autouse=True)
def _log_reset():
    yield
    root = logging.getLogger(log_file.LOGGER)  # (as a fresh process has it: this test's file closed)
    for h in [h for h in root.handlers if getattr(h, "_seekframe", "")]:
        root.removeHandler(h)
        try:
            h.close()
        except OSError:
            pass


@pytest.mark.parametrize("err, why", [(errno.ENOSPC, "its disk is full"), (errno.EROFS, "Read-only file system")])
def test_a_log_file_that_cannot_be_written_is_said_once_and_the_command_goes_on(capsys, _isolated_home, monkeypatch,
                                                                                  err, why):
    refusing = [True]
    real_open = log_file.SharedRotatingFile._open

    def open_(self):
        return _Refusing(err) if refusing[0] else real_open(self)

    monkeypatch.setattr(log_file.SharedRotatingFile, "_open", open_)
    path = log_file.setup_logging(logging.WARNING, plain=True)
    for i in range(5):
        logging.getLogger("seekframe.test").info("record %d", i)
    logging.getLogger("seekframe.test").warning("a warning for the user")
    err_text = capsys.readouterr().err
    assert "Logging error" not in err_text and "Traceback" not in err_text, err_text
    assert err_text == (f"seekframe: the log file {path} cannot be written ({why}); going on without it.\n"
                        "seekframe: a warning for the user\n")
    refusing[0] = False  # (room again: the next record is written)
    logging.getLogger("seekframe.test").info("record after")
    assert "record after" in path.read_text() and capsys.readouterr().err == ""


def test_a_real_full_disk_under_the_log(capsys, _isolated_home, monkeypatch, mounts, tmp_path):
    home = mounts.tmpfs(tmp_path / "home", size="64k")
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    path = log_file.setup_logging(logging.WARNING, plain=True)
    fd = os.open(home / "filler", os.O_WRONLY | os.O_CREAT)  # another program fills the disk
    try:
        while os.write(fd, bytes(4096)):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    for i in range(200):  # (past the page the file had)
        logging.getLogger("seekframe.test").info("record %d of a run on a full disk", i)
    err_text = capsys.readouterr().err
    assert "Traceback" not in err_text and err_text.count("cannot be written (its disk is full)") == 1, err_text
    (home / "filler").unlink()
    logging.getLogger("seekframe.test").info("record after")
    assert "record after" in path.read_text()
