"""Caption files read: the .txt / .csv / .json formats ``seekframe captions-import --help``
describes, decoded as people's tools save them, each row's text, video reference and times
checked before anything is imported (``core.captions.import_captions`` stores them)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .clirefs import parse_time
from .errors import SeekframeError
from .regular_file import NotAFile, TooLarge, read_regular

TEXT_KEYS = ("caption", "text", "sentence", "description", "enCap")
VIDEO_KEYS = ("video", "path", "file", "video_id", "videoID", "filename")
MAX_CAPTION_CHARS = 1000  # an imported caption's text (longer ones are cut, as the README says)
# a caption file larger than this is none (a video or a disk image named .txt): it would be read
# whole into memory (and decoded, up to 4 times that) before anything could tell
MAX_FILE_BYTES = 256 << 20
# captions one import takes: each read costs ~370 bytes (a .txt of 4 million one-letter lines, 8 MB, took
# 1.5 GB; one of 256 MB would have taken ~45 GB before anything was embedded). Counted before any is
# parsed: a .txt's or .csv's line breaks, a .json's strings (each caption has one at least)
MAX_CAPTIONS = 1_000_000
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f]")


@dataclass
class ParsedCaption:
    text: str
    video: str = ""  # as written in the file: a path, a file name, a stem or a video id
    start: float | None = None  # seconds; None (-1 once parsed): no interval
    end: float | None = None


def parse_caption_file(path: str | Path) -> list[ParsedCaption]:
    path = Path(path)
    try:
        raw = decode_text(read_regular(path, MAX_FILE_BYTES))  # (a pipe named .txt refused, not waited on)
    except TooLarge as exc:
        from .filenames import shown
        from .timefmt import format_bytes

        raise SeekframeError(f"{shown(str(path))} is {format_bytes(exc.size)}: too large for a caption file "
                             f"(at most {format_bytes(MAX_FILE_BYTES)}; a video or another file named as "
                             "one?). Nothing was imported: give captions saved as text (.txt, .csv or .json).") from None
    except NotAFile as exc:
        raise SeekframeError(unreadable_text(path, exc)) from None
    except OSError as exc:
        raise SeekframeError(unreadable_text(path, exc)) from exc
    if _binary(raw):  # (a video, an image, a spreadsheet's zip: never a caption a line)
        from .filenames import shown

        raise SeekframeError(f"{shown(str(path))} is not a text file (it holds binary data: a video, a picture or a "
                             "spreadsheet?). Nothing was imported: give captions saved as text (.txt, .csv or .json).")
    ext = path.suffix.lower()
    _check_count(path, ext, raw)
    if ext == ".txt":
        rows = [ParsedCaption(line) for line in _txt_lines(raw) if not line.strip().startswith("#")]
    elif ext == ".csv":
        rows = _from_csv(path, raw)
    elif ext == ".json":
        try:
            rows = _from_json(json.loads(raw))
        except json.JSONDecodeError as exc:
            raise SeekframeError(f"{path} is not valid JSON: {exc}") from exc
        except RecursionError:  # (lists in lists thousands deep: no caption file)
            raise SeekframeError(f"{path}: its JSON is nested too deeply to be captions (a list or an object "
                                 "of captions). Nothing was imported.") from None
    else:
        raise SeekframeError(f"{path}: captions can be imported from .txt, .csv or .json files.")
    rows = _check_times(path, [ParsedCaption(_utf8(r.text.strip()[:MAX_CAPTION_CHARS]), _utf8(r.video.strip()),
                                             r.start, r.end) for r in rows if r.text.strip()])
    if not rows:
        raise SeekframeError(f"{path} holds no captions.")
    return rows


def _check_count(path: Path, ext: str, raw: str) -> None:
    """SeekframeError where ``raw`` may hold more than ``MAX_CAPTIONS`` captions (``MAX_CAPTIONS`` doc)."""
    if ext == ".json":
        count, what, most = raw.count('"') // 2, "strings", 8 * MAX_CAPTIONS  # (text, video, keys: a few a caption)
    else:
        count = raw.count("\n") + raw.count("\r") - raw.count("\r\n") + raw.count("\v") + raw.count("\f") + 1
        what, most = "lines", MAX_CAPTIONS
    if count > most:
        from .filenames import shown

        raise SeekframeError(f"{shown(str(path))} holds {count:,} {what}: more than one import takes (at most "
                             f"{MAX_CAPTIONS:,} captions). Nothing was imported: split it into smaller files and "
                             "import each.")


def _txt_lines(text: str) -> list[str]:
    """A .txt caption file's lines: broken at ``\\n``, ``\\r\\n``, ``\\r``, and at ``\\v`` and ``\\f`` (a
    page break) as before, never at the other breaks ``str.splitlines`` knows (U+0085 NEL: a cp1252 '…'
    read as Latin-1 and saved as UTF-8; U+2028, U+2029, ``\\x1c``-``\\x1e``), which a caption may hold
    (``training.data.base.text_lines`` reads the training sets' files so)."""
    return _LINE_BREAK.split(text)


def unreadable_text(path: str | Path, exc: OSError | NotAFile) -> str:
    """Why the caption file ``path`` could not be read, naming it (not "[Errno 2] No such file…")."""
    from .filenames import shown

    why = ("the file does not exist (moved, renamed or deleted?)" if isinstance(exc, FileNotFoundError)
           else "it is a folder" if isinstance(exc, IsADirectoryError)
           else f"it is {exc}" if isinstance(exc, NotAFile)  # (a folder, a named pipe, a device, a socket)
           else "its permissions do not let you read it" if isinstance(exc, PermissionError)
           else f"{exc.strerror or exc}")
    return f"Cannot read captions from {shown(str(path))}: {why}. Nothing was imported: choose a caption file (.txt, .csv or .json)."


_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]  # (UTF-32 LE starts as UTF-16 LE)


def decode_text(data: bytes) -> str:
    """A caption file's text as people's tools save it: by its byte order mark (Notepad's
    "Unicode" is UTF-16), else UTF-8, else Windows-1252 (Excel's "CSV" on a Western Windows),
    else Latin-1, which reads any bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # (C0 controls but whitespace and ESC)


def _binary(text: str) -> bool:
    """Whether a decoded file is binary data, not text: a NUL (no caption file holds
    one), or more than 1 in 20 of its first 64K characters a control."""
    head = text[:65536]
    return "\x00" in head or len(_CONTROLS.findall(head)) * 20 > len(head)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> str:
    """``text`` as UTF-8 can hold it: a JSON file's lone surrogate escapes (``"\\ud800"``, a
    cut emoji) become U+FFFD instead of failing the import at its storing."""
    return _SURROGATE.sub("\ufffd", text)


def _pick(row: dict, keys) -> str:
    for k in keys:
        for actual in row:
            if actual and actual.strip().lower() == k.lower() and row[actual] not in (None, ""):
                return str(row[actual])
    return ""


class _NoTime(float):
    """A time that is none (``1x``, ``soon``): NaN, which ``_check_times`` refuses, keeping what was typed
    to name it (it said "start nan")."""

    def __new__(cls, typed):
        no = super().__new__(cls, math.nan)
        no.typed = typed
        return no


def _number(value) -> float | None:
    """A time as given: None when absent; seconds from a number, or from a text the command line reads
    as a time (``75``, ``75.5``, ``1:15``, ``1m15s``: ``clirefs.parse_time``; "1:05" was refused as no
    number); else a ``_NoTime``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        pass
    try:
        return parse_time(value) if isinstance(value, str) else _NoTime(value)
    except ValueError:
        return _NoTime(value)


def _check_times(path: Path, rows: list[ParsedCaption]) -> list[ParsedCaption]:
    """The rows with their times checked (seconds from the video's start, the end after the
    start; absent: -1, no interval); a file with a row that has other times is refused whole,
    before anything is imported, naming the row."""
    out = []
    for n, r in enumerate(rows, 1):
        start, end = r.start, r.end
        wrong = [t for t in (start, end) if t is not None and not (math.isfinite(t) and t >= 0)]
        if wrong or (start is not None and end is not None and end <= start):
            shown = ", ".join(f"{name} {t.typed!r}" if isinstance(t, _NoTime) else f"{name} {t:g}"
                              for name, t in (("start", start), ("end", end)) if t is not None)
            raise SeekframeError(f"{path}: caption {n} ({r.text.strip()[:40]!r}) has times that are no span "
                                 f"of a video ({shown}): give seconds from the video's start (75, 75.5, 1:15 "
                                 "or 1m15s), the end after "
                                 "the start, or none. Nothing was imported.")
        out.append(ParsedCaption(r.text, r.video, -1.0 if start is None else start, -1.0 if end is None else end))
    return out


def _from_csv(path: Path, raw: str) -> list[ParsedCaption]:
    # a field may be as long as the file (the csv module's 128 KiB limit would stop the import
    # with a traceback on one long caption, which is cut to MAX_CAPTION_CHARS anyway)
    csv.field_size_limit(max(csv.field_size_limit(), len(raw) + 1))
    reader = csv.DictReader(io.StringIO(raw, newline=""))  # (rows split as csv splits them: \n, \r\n, \r)
    try:
        return _csv_rows(path, reader)
    except csv.Error as exc:  # (what the csv module still refuses: say where, import nothing)
        raise SeekframeError(f"{path} is no CSV file Seekframe can read (line {reader.line_num}: {exc}). "
                             "Nothing was imported.") from None


def _csv_rows(path: Path, reader: csv.DictReader) -> list[ParsedCaption]:
    if not reader.fieldnames or not any(f and f.strip().lower() in {k.lower() for k in TEXT_KEYS} for f in reader.fieldnames):
        raise SeekframeError(f"{path}: the CSV header needs a caption column (one of {', '.join(TEXT_KEYS)}).")
    return [
        ParsedCaption(_pick(r, TEXT_KEYS), _pick(r, VIDEO_KEYS), _number(_pick(r, ("start",))), _number(_pick(r, ("end",))))
        for r in reader
    ]


def _from_json(data) -> list[ParsedCaption]:
    if isinstance(data, dict) and isinstance(data.get("sentences"), list):
        data = data["sentences"]
    if isinstance(data, dict):  # {video: [captions]} or {video: caption}
        data = [{"video": str(video), "caption": c} for video, caps in data.items()
                for c in (caps if isinstance(caps, list) else [caps]) if isinstance(c, str)]
    if not isinstance(data, list):
        raise SeekframeError("JSON captions must be a list or an object of captions.")
    rows = []
    for item in data:
        if isinstance(item, str):
            rows.append(ParsedCaption(item))
        elif isinstance(item, dict):
            texts = item.get("enCap") if isinstance(item.get("enCap"), list) else [_pick(item, TEXT_KEYS)]
            for t in texts:
                rows.append(ParsedCaption(str(t), _pick(item, VIDEO_KEYS), _number(item.get("start")),
                                          _number(item.get("end"))))
    return rows
