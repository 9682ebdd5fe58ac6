"""A ``seekframe`` command whose output's reader went away (``seekframe index DIR 2>&1 | head -1``,
``seekframe search q | head -1``, a closed terminal's pipe) goes on with its output dropped.

Before, the first line written after the reader left raised BrokenPipeError out of whatever was
printing: an index run stopped at its first progress line, its record left saying it stopped
before it finished, and the command's exit status said 0. A closed pipe is the reader's choice, not
the command's end: an index finishes (its work is what the user asked for), a search prints
nowhere. ``dropping_when_gone`` puts ``sys.stdout`` and ``sys.stderr`` in ``DropWhenGone``
wrappers for the command's run and takes them out after.

They also write every control character but tab, newline and carriage return as its escape
(``\u001b``: valid in a ``--json`` string, where it means the same character): text read from
files someone handed us (a model's name in its config.json or a library.json, a card's words)
reached the terminal as escape sequences, which clear the screen, retitle the window or, in
terminals that take OSC 52, set the clipboard. ``core.filenames.shown`` escapes file names; this
is the net under every line."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys

# C0 controls but tab, newline and carriage return (progress lines), DEL and the C1 controls
# (0x9b is a CSI on its own in some terminals)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class DropWhenGone:
    """``stream`` as it is, until a write or flush finds its reader gone: from then on what is
    written is dropped (its file descriptor pointed at the null device, so the interpreter's own
    flush at exit finds nothing to complain of)."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self._stream.write(_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
                return len(text)
            except OSError as exc:
                if not reader_gone(exc):
                    raise
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except OSError as exc:
                if not reader_gone(exc):
                    raise
                self._drop()

    def _drop(self) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError, AttributeError):
            target = self._stream.fileno()
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, target)
            finally:
                os.close(null)

    def __getattr__(self, name):  # (isatty, fileno, encoding, errors…: the stream's own)
        return getattr(self._stream, name)


def reader_gone(exc: OSError) -> bool:
    """Whether ``exc``, out of a write or flush, says the stream's reader went away: a
    BrokenPipeError, or on Windows an OSError EINVAL, which a pipe whose reader closed gives there as
    often as EPIPE (CPython issue 79935: ``seekframe index DIR | more`` quit early stopped the index)."""
    return isinstance(exc, BrokenPipeError) or (sys.platform == "win32" and exc.errno == errno.EINVAL)


@contextlib.contextmanager
def dropping_when_gone():
    """``sys.stdout`` and ``sys.stderr`` wrapped in ``DropWhenGone`` while the block runs; one that
    is None (started with that descriptor closed: ``seekframe status >&-``) stays None, where a
    print prints nothing (wrapped, the command's first line raised AttributeError)."""
    before = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (None if stream is None else DropWhenGone(stream) for stream in before)
    try:
        yield
    finally:
        for wrapped in (sys.stdout, sys.stderr):
            if isinstance(wrapped, DropWhenGone):
                wrapped.flush()
        sys.stdout, sys.stderr = before
