"""The values of the ``seekframe`` command's arguments, as argparse types (``type=``): a date, a
number of results, a duration, a moment's length, a time to wait, FILE@TIME and a typed text. A bad
value is exit code 2 with argparse's message saying what to type, before anything heavy is imported
or a model is loaded. The parser that says what else was mistyped: ``core.cli_types``."""

from __future__ import annotations

import argparse
import math
import os
import sys

from .clirefs import UNITS_RE, NotAClockTime, parse_time, split_clip_ref
from .errors import SeekframeError


def date_arg(text: str) -> str:
    from .filters import parse_date

    try:
        parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD (or YYYY-MM-DDTHH:MM)") from None
    return text


def count_arg(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of results: use a whole number, 1 or more")
    return n


def duration_arg(text: str) -> float:
    try:
        seconds = parse_time(text)
        if not math.isfinite(seconds):  # (digits past a float's range)
            raise ValueError(text)
    except ValueError as exc:  # (not in a clip; 1m75s: why)
        why = exc if isinstance(exc, NotAClockTime) else "use a length in seconds, like 75, 75.5, 1:15 or 1m15s"
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: {why}") from None
    return seconds


def window_arg(text: str) -> float:
    seconds = duration_arg(text)
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a moment must last more than 0 seconds")
    return seconds


def minutes_arg(text: str) -> float:
    """``--wait``: minutes (``30``), or a time with units (``90s``, ``1h30m``: ``parse_time``); in seconds."""
    try:
        minutes = parse_time(text) / 60 if UNITS_RE.match(text.strip()) else float(text)
    except NotAClockTime as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time to wait: {exc}") from None
    except ValueError:
        minutes = float("nan")
    if not 0 <= minutes <= 7 * 24 * 60:  # (nan too)
        why = "a number of minutes from 0 to a week (10080), or with units: 90s, 1h30m"
        raise argparse.ArgumentTypeError(f"{text!r}: {why}")
    return minutes * 60


def clip_arg(text: str) -> str:
    try:
        split_clip_ref(text)
    except SeekframeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def note_clip_arg(text: str) -> str:
    """``clip_arg``, or `note --remove`'s ``FILE@START-END`` (a note's own span, ``note_removal.split_span``)."""
    from .note_removal import split_span

    return text if split_span(text) else clip_arg(text)


def typed_text(text: str) -> str:
    """A query or a note as the user meant it. A byte that is not UTF-8 (a Latin-1 terminal, a
    script passing bytes) reaches Python as a lone surrogate (PEP 383), which no model reads: the
    argument's bytes are read as UTF-8 where they are valid, each other byte as Windows-1252
    (Latin-1 where that has no character), the usual legacy encoding; valid text is unchanged."""
    if text.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    if sys.getfilesystemencodeerrors() == "surrogateescape":  # (POSIX: back to the bytes typed)
        try:
            text = os.fsencode(text).decode("utf-8", "surrogateescape")
        except UnicodeError:
            pass

    def byte(code: int) -> str:
        if not 0xDC80 <= code <= 0xDCFF:
            return "\ufffd"  # (an unpaired half of a Windows UTF-16 name: no byte to read)
        try:
            return bytes([code - 0xDC00]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(code - 0xDC00)

    return "".join(byte(ord(ch)) if "\ud800" <= ch <= "\udfff" else ch for ch in text)
