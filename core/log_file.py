"""Seekframe's log, the desktop app's and the ``seekframe`` command's alike: one rotating file,
``<data home>/seekframe-app.log`` (``log_path``), which a user reporting a fault can attach, and a
stderr handler.

``setup_logging`` sets both up on the ``seekframe`` logger (again with another data home, a
test's: the file handler moves there). The app prints warnings with their tracebacks; the command
prints warnings and errors in plain form, ``seekframe: MESSAGE``, their tracebacks to the file
only, and with ``-v`` every record, info and debug included, in full (``plain=False``).

Several processes write the file at once (the window, a nightly ``seekframe index``, a
``seekframe status``): a rollover another process's open file refuses (Windows refuses to rename
an open file) is let be, and the file written on, never an error printed on each record."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from .errors import is_disk_full
from .paths import LOG_NAME, data_home, unstorable_text

LOGGER = "seekframe"
MAX_BYTES, BACKUPS = 1 << 20, 3
_KIND = "_seekframe"  # (the attribute naming a handler this module added: "file" or "console")


def log_path() -> Path:
    return data_home() / LOG_NAME


class SharedRotatingFile(logging.handlers.RotatingFileHandler):
    """The log file, rotated at ``MAX_BYTES``; a rollover the system refuses leaves it as it is; a
    record the file cannot take (its disk full, its drive turned read-only) is dropped, said once
    on stderr (``handleError``): a search or a run goes on without its log."""

    _said = False

    def handleError(self, record: logging.LogRecord) -> None:
        """logging's own printed '--- Logging error ---' and a traceback on stderr for every record
        while the log's disk was full: a search answered under a screenful of them."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            return super().handleError(record)
        stream, self.stream = self.stream, None  # (reopened by the next record: room may come back)
        with contextlib.suppress(OSError, ValueError):
            if stream is not None:
                stream.close()
        if not self._said:
            self._said = True
            why = "its disk is full" if is_disk_full(exc) else (exc.strerror or str(exc))
            with contextlib.suppress(Exception):
                sys.stderr.write(f"seekframe: the log file {self.baseFilename} cannot be written ({why}); "
                                 "going on without it.\n")

    def doRollover(self) -> None:
        if self.stream:
            self.stream.close()
            self.stream = None
        try:
            self._rotate()
        except OSError:  # (another process holds it open, on Windows: written on, rotated by a later record)
            pass
        if self.stream is None:
            self.stream = self._open()

    def _rotate(self) -> None:
        """The log moved to ``.1``, the older ones up one (the oldest dropped). The log itself is
        moved first, aside: where that is refused (another process holds it open, on Windows),
        nothing else moves. Logging's own rollover moved the older ones up first, and again at each
        record while the log's rename was refused: two records later ``.2`` and ``.3`` were gone."""
        if self.backupCount <= 0:  # (none kept: written on, as logging's own does)
            return
        base = self.baseFilename
        aside = f"{base}.{os.getpid()}.rolling"
        os.rename(base, aside)
        for i in range(self.backupCount - 1, 0, -1):
            if os.path.exists(older := f"{base}.{i}"):
                with contextlib.suppress(OSError):
                    os.replace(older, f"{base}.{i + 1}")
        os.replace(aside, f"{base}.1")


class _Stderr(logging.StreamHandler):
    """``sys.stderr`` as it is at each record (a stream replaced since, a test's capture)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


class _Plain(logging.Formatter):
    """``seekframe: MESSAGE``: no traceback (the file has it)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"seekframe: {record.getMessage()}"


def setup_logging(console_level: int = logging.WARNING, plain: bool = False, level: int = logging.INFO,
                  console_format: str | None = None) -> Path | None:
    """Log ``level`` and above to the log file, ``console_level`` and above to stderr (``plain``:
    as ``_Plain`` says them; else in ``console_format``, the message alone by default); returns
    the log file's path, None when it cannot be written (no writable data home: stderr only)."""
    root = logging.getLogger(LOGGER)
    root.setLevel(min(level, console_level))
    path = str(log_path())
    file = None
    for h in list(root.handlers):
        if getattr(h, _KIND, "") == "console" or (getattr(h, _KIND, "") == "file" and h.baseFilename != path):
            root.removeHandler(h)
            h.close()
        elif getattr(h, _KIND, "") == "file":
            file = h
    home = log_path().parent
    # (a data home named in no UTF-8 is never made for the log: no library can be kept there, the
    # command says so, and nothing is to be left behind; one already there takes the log)
    if file is None and (unstorable_text(home) is None or home.is_dir()):
        try:
            home.mkdir(parents=True, exist_ok=True)
            file = SharedRotatingFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
                                      errors="backslashreplace")  # (a name that is no text: its bytes)
        except OSError:
            file = None
        else:
            file.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(threadName)s %(message)s"))
            setattr(file, _KIND, "file")
            root.addHandler(file)
    if file is not None:
        file.setLevel(level)
    console = _Stderr()
    console.setLevel(console_level)
    if plain or console_format:
        console.setFormatter(_Plain() if plain else logging.Formatter(console_format))
    setattr(console, _KIND, "console")
    root.addHandler(console)
    return Path(path) if file is not None else None
