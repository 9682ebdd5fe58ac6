"""What every format loader (``msrvtt.load``, ``msvd.load``, …) returns: a ``Split``, a list of
``VideoEntry`` (one per video, with all its captions); and the readers the loaders share.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core import json_text
from core.errors import SeekframeError
from training.data import compressed, near_names

log = logging.getLogger(__name__)


class AnnotationError(SeekframeError):
    """A missing or malformed annotation file; the message names the file and what is wrong."""

    def __init__(self, path: str | Path, problem: str):
        if problem.startswith("annotation file not found"):  # (a file of a close name there: said)
            problem += near_names.said(path)
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


@dataclass
class VideoEntry:
    video_id: str
    captions: list[str]
    path: str = ""  # the video file ("" when only features exist)
    start: float = 0.0  # the clip's interval inside the file (VATEX-style trimmed clips)
    end: float | None = None
    # per-moment ground truth for multi-event videos: (start, end, caption)
    events: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class Split:
    name: str  # "train" | "val" | "test"
    entries: list[VideoEntry]
    # video ids the loader left out, with why (e.g. VATEX entries whose video was never downloaded)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # where its videos come from, for the report: the file(s) a loader read (``test.jsonl``), and once
    # ``splits.load_splits`` has cut the splits, which of the data's splits it is (or how it was carved)
    source: str = ""
    # videos carved out of it into the validation split (``holdout.carve``): listed by its files, not left out
    carved: int = 0

    def __len__(self) -> int:
        return len(self.entries)

    def flat_captions(self) -> tuple[list[str], np.ndarray]:
        """All captions, and for each the index of its video (for multi-caption metrics)."""
        texts, owner = [], []
        for i, e in enumerate(self.entries):
            texts.extend(e.captions)
            owner.extend([i] * len(e.captions))
        return texts, np.asarray(owner, dtype=np.int64)


def distinct_captions(split: Split) -> Split:
    """``split`` with each video's identical captions kept once (a line repeated in an annotation
    file would be a test query counted twice), how many were dropped said."""
    dropped = 0
    for e in split.entries:
        kept = list(dict.fromkeys(e.captions))
        dropped, e.captions = dropped + len(e.captions) - len(kept), kept
    if dropped:
        log.info("%s split: %d repeated captions dropped (identical captions of one video are kept once)",
                 split.name, dropped)
    return split


def annotation_path(path: str | Path) -> Path:
    """``path``, or where it is not a file, the first of its compressed copies that is one
    (``MSRVTT_data.json.gz``, ``.bz2``, ``.xz``: ``compressed``), else ``path``."""
    p = Path(path)
    if is_file(p):
        return p
    return next((q for ext in compressed.OPENERS if is_file(q := p.with_name(p.name + ext))), p)


def has_file(path: str | Path) -> bool:
    """Whether an annotation file is there, as it is named or compressed (``annotation_path``)."""
    return is_file(annotation_path(path))


def require_file(path: str | Path, what: str = "annotation file") -> Path:
    """``path`` as a Path (or its compressed copy where it is missing: ``annotation_path``), or
    AnnotationError when it is missing (saying what it should be)."""
    p = annotation_path(path)
    if not p.is_file():
        raise AnnotationError(p, f"{what} not found" + (" (it is a folder)" if p.is_dir() else ""))
    return p


def not_utf8(path: Path, e: UnicodeDecodeError) -> AnnotationError:
    """The error for a file that is not UTF-8, saying when it looks like UTF-16 (its byte-order mark)."""
    with compressed.open_bytes(path) as f:
        head = f.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        return AnnotationError(path, f"not UTF-8 text: it looks like UTF-16 (it starts with the byte-order mark "
                               f"{head.hex(' ').upper()}); save it as UTF-8")
    return AnnotationError(path, f"not UTF-8 text ({e.reason}, at byte {e.start})")


def read_text(path: str | Path) -> str:
    """A UTF-8 text file's text (a byte-order mark dropped; decompressed when it is compressed:
    ``captions.json.gz``, ``training.data.compressed``), or AnnotationError."""
    p = require_file(path)
    try:
        if compressed.compression(p) is None:
            return p.read_text(encoding="utf-8-sig")
        with compressed.open_text(p) as f:
            return f.read()
    except UnicodeDecodeError as e:
        raise not_utf8(p, e) from e
    except compressed.ERRORS as e:
        if compressed.compression(p) is None:
            raise
        raise AnnotationError(p, compressed.damaged(p, e)) from e


def read_json(path: str | Path):
    p = require_file(path)
    text = read_text(p)
    try:
        return json_text.loads(text)
    except json.JSONDecodeError as e:
        raise AnnotationError(p, f"not valid JSON (line {e.lineno}: {e.msg})") from e
    except json_text.TooDeep as e:
        raise AnnotationError(p, str(e)) from None


def read_csv(path: str | Path, columns: list[str]) -> list[dict[str, str]]:
    """Rows of a CSV with a header that must contain ``columns``, each with the file line it starts
    on (``row[LINE]``: a quoted caption may span lines). A row with more or fewer fields than the
    header (a caption with an unquoted comma) is an error, never silently cut; so is a quoted field
    that runs over lines that read as rows of their own (a quote never closed swallows them)."""
    p = require_file(path)
    lines = io.StringIO(read_text(p), newline="").readlines()  # (as csv splits them: \n, \r\n, \r)
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))  # (a long caption is no error)
    reader = csv.DictReader(lines)
    start = 1
    try:
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise AnnotationError(p, f"bad csv header: expected column(s) {missing}, found {header}")
        rows = []
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if None in row or None in row.values():  # more fields than the header, or fewer
                n = len(header) + len(row.get(None, [])) - sum(v is None for v in row.values())
                raise AnnotationError(p, f"line {reader.line_num}: {n} fields where the header has "
                                      f"{len(header)} ({', '.join(header)}); a field holding a comma "
                                      "must be quoted (\"a man, a dog\"): the row would be cut")
            swallowed = [n for n in range(start + 1, reader.line_num + 1)
                         if len(next(csv.reader([lines[n - 1]]), [])) == len(header)]
            if swallowed:
                raise AnnotationError(p, f"line {start}: a quoted field opened on this line runs to line "
                                      f"{reader.line_num}, over line {swallowed[0]}, which reads as a row of its "
                                      "own: a quote (\") never closed? Double a quote inside a quoted field "
                                      "(\"\"), or quote the whole field")
            if any((v or "").strip() for v in row.values()):
                rows.append({**row, LINE: start})
        return rows
    except csv.Error as e:
        raise AnnotationError(p, f"line {start}: not a readable CSV row ({e})") from e


FIELD_LIMIT = 1 << 24  # characters in one CSV field (csv's own limit, 131072, refuses a long caption)
LINE = "\0line"  # (read_csv: a key no CSV header has)


def text_lines(text: str) -> list[str]:
    """``text``'s lines as a text file has them: broken at ``\\n``, ``\\r\\n`` and ``\\r`` alone, never at
    the other breaks ``str.splitlines`` knows (U+0085 NEL, U+2028, U+2029, ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``),
    which a caption may hold: a cp1252 ellipsis read as Latin-1 and saved as UTF-8 is U+0085."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_lines(path: str | Path) -> list[str]:
    """Non-empty stripped lines (id lists, ``<clip> <sentence>`` lines)."""
    return [s for line in text_lines(read_text(path)) if (s := line.strip())]


def existing_folders(root: Path, video_dir: str | Path | None, defaults: tuple[str, ...]) -> list[Path]:
    """``[video_folder(...)]`` when ``video_dir`` is given, else each ``root/<default>`` that exists,
    in order (MSR-VTT's release splits its clips over ``TrainValVideo`` and ``TestVideo``)."""
    if video_dir is not None:
        return [video_folder(root, video_dir, defaults)]
    return list(dict.fromkeys(f for d in defaults if (f := folder_any_case(root, d)) is not None))


def folder_any_case(root: Path, name: str) -> Path | None:
    """``root/name``, a folder, as written or else in any case part by part (``Videos/``, ``youtubeclips/``,
    ``TRAINVALVIDEO/``: unpacked on a system that ignores case, or renamed), the first in name order; else None."""
    if (root / name).is_dir():
        return root / name
    at = root
    for part in Path(name).parts:
        try:
            at = next((at / n for n in sorted(os.listdir(at)) if n.lower() == part.lower() and (at / n).is_dir()), None)
        except OSError:
            return None
        if at is None:
            return None
    return at


def plain_name(stem: str) -> bool:
    """Whether ``stem``, an id from an annotation file, names a file of a folder and not a path:
    not empty, ``.`` or ``..``, no separator or NUL (an id ``../../x`` must not reach outside the
    data's folders)."""
    return stem not in ("", ".", "..") and not any(c in stem for c in "/\\\0")


def relative_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` where it is under it, else whole (as messages name places)."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def is_file(path: Path | str) -> bool:
    """``Path.is_file``, False for a name the file system refuses (too long, say) as for none."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def find_video(folder: Path | None, stem: str, exts: tuple[str, ...]) -> Path | None:
    """``folder/<stem><ext>`` for the first extension that exists as written, then in any case
    (``clip.MP4``, ``x.GIF``, ``c.Mp4``: cameras and some downloads name them so), then in its
    subfolders (``videos/train/``, ``gifs/part1/``, ``MSR-VTT/TrainValVideo/``: ``_names_below``), else
    None (and for an id that is no plain file name: ``plain_name``)."""
    if folder is None or not plain_name(stem):
        return None
    found = next((folder / f"{stem}{ext}" for ext in exts if is_file(folder / f"{stem}{ext}")), None)
    for look in (_names_by_case, _names_below):  # (each only for a clip not found yet: a lookup may walk the folder)
        if found is None:
            names = look(folder)
            found = next((folder / names[stem, ext.lower()] for ext in exts if (stem, ext.lower()) in names
                          and is_file(folder / names[stem, ext.lower()])), None)
    return found


SUBFOLDER_DEPTH = 2  # how deep below a video folder clips are looked for (videos/train/part1/x.mp4)
_below: dict[str, tuple[list[tuple[str, int]], dict[tuple[str, str], str]]] = {}


def _names_below(folder: Path) -> dict[tuple[str, str], str]:
    """The files of ``folder``'s subfolders (not hidden, down to ``SUBFOLDER_DEPTH``, links to folders
    not followed) by (stem, extension in small letters) -> their path under ``folder``, the first in
    name order where two share a name: listed once while ``folder`` and each subfolder keep their
    mtime (a clip or a subfolder added is seen), each later look one stat a folder."""
    try:
        known = _below.get(str(folder))
        if known is not None and all(os.stat(d).st_mtime_ns == t for d, t in known[0]):
            return known[1]
        stamps, names = [], {}
        for top, dirs, files in os.walk(folder):
            depth = len(Path(top).relative_to(folder).parts)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if depth < SUBFOLDER_DEPTH else []
            stamps.append((top, os.stat(top).st_mtime_ns))
            for name in sorted(files) if depth else ():
                stem, ext = os.path.splitext(name)
                names.setdefault((stem, ext.lower()), str(Path(top, name).relative_to(folder)))
    except (OSError, ValueError):
        return {}
    if stamps and time.time_ns() - max(t for _, t in stamps) > 3_000_000_000:  # (as _names_by_case: a file system's tick)
        _below[str(folder)] = (stamps, names)
    return names


_listed: dict[str, tuple[int, dict[tuple[str, str], str]]] = {}


def _names_by_case(folder: Path) -> dict[tuple[str, str], str]:
    """``folder``'s files by (stem, extension in small letters): listed once while the folder is
    unchanged (its mtime: a clip added or renamed there is seen), not once per clip looked for; a
    folder changed in the last seconds is listed again each time (its mtime may not move again for a
    clip added within the file system's tick: FAT's 2 s)."""
    try:
        changed = folder.stat().st_mtime_ns
        if (known := _listed.get(str(folder))) is not None and known[0] == changed:
            return known[1]
        names = {}
        for name in sorted(os.listdir(folder)):
            stem, ext = os.path.splitext(name)
            names.setdefault((stem, ext.lower()), name)
    except (OSError, ValueError):
        return {}
    if time.time_ns() - changed > 3_000_000_000:
        _listed[str(folder)] = (changed, names)
    return names


def expected_path(folders: list[Path], vid: str, ext: str) -> str:
    """Where the clip of ``vid``, found in none of ``folders``, was looked for (named when it is
    said missing): the first folder's ``<vid><ext>``; "" with no folder, or for an id that is no
    plain file name (never a path outside the folders)."""
    return str(folders[0] / f"{vid}{ext}") if folders and plain_name(vid) else ""


def missing_videos(split: Split) -> list[VideoEntry]:
    """Entries whose video file is not on disk (or that have none)."""
    return [e for e in split.entries if not e.path or not is_file(e.path)]


def video_folder(root: Path, video_dir: str | Path | None, defaults: tuple[str, ...]) -> Path | None:
    """The folder holding a dataset's clips: ``video_dir`` when given (relative to ``root`` when it
    exists there; a config written on Windows, ``videos\\all``, read with ``/`` where ``\\`` is no
    separator and no folder is named so), else the first of ``root/<default>`` that exists, else None
    (features only)."""
    if video_dir is not None:
        p = Path(video_dir)
        if os.sep == "/" and "\\" in str(video_dir) and not (p.is_dir() or (root / p).is_dir()):
            p = Path(str(video_dir).replace("\\", "/"))
        if not p.is_absolute() and (root / p).is_dir():
            p = root / p
        if not p.is_dir():
            raise AnnotationError(p, "video folder not found")
        return p
    return next((f for d in defaults if (f := folder_any_case(root, d)) is not None), None)


def read_events(path: Path) -> dict[str, list[tuple[float, float, str]]]:
    """``{video_id: [[start, end, caption], ...]}`` (per-moment ground truth), validated."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise AnnotationError(path, "expected an object mapping video ids to [[start, end, caption], ...]")
    out: dict[str, list[tuple[float, float, str]]] = {}
    for vid, events in data.items():
        if not isinstance(events, list):
            raise AnnotationError(path, f"video id '{vid}': events must be a list")
        parsed = []
        for k, ev in enumerate(events):
            ok = (isinstance(ev, (list, tuple)) and len(ev) == 3 and isinstance(ev[2], str)
                  and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in ev[:2]))
            if not ok or not ev[1] > ev[0]:
                raise AnnotationError(path, f"video id '{vid}': event {k} is not "
                                      f"[start, end, caption] with end > start: {ev!r}")
            parsed.append((float(ev[0]), float(ev[1]), ev[2]))
        out[str(vid)] = parsed
    return out


def split_from_ids(split: str, ids, captions: dict[str, list[str]], folder: Path | list[Path] | None,
                   exts: tuple[str, ...], missing) -> Split:
    """One entry per distinct id, in list order, with its captions and its clip's path (in the first
    of ``folder``'s folders that has it, when a list). ``ids`` yields (name as listed, video id);
    ``missing(name)`` builds the error for one without captions."""
    folders = folder if isinstance(folder, list) else [folder] if folder is not None else []
    folder = folders[0] if folders else None
    entries, seen = [], set()
    for name, vid in ids:
        if not captions.get(vid):
            raise missing(name)
        if vid in seen:
            continue
        seen.add(vid)
        path = ""
        if folder is not None:
            found = next((p for f in folders if (p := find_video(f, vid, exts)) is not None), None)
            path = str(found) if found else expected_path(folders, vid, exts[0])
        entries.append(VideoEntry(vid, captions[vid], path))
    return distinct_captions(Split(split, entries))
