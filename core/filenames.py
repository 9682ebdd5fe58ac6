"""File names that are not valid text: kept exactly, shown readably, opened by tools that need text.

A Linux file name is bytes. One that is not valid UTF-8 (a Latin-1 "café.mp4" copied from an old
Windows disk or zip file, a camera's own code page) reaches Python with each undecodable byte as a
lone surrogate, U+DC80-U+DCFF (PEP 383), as Windows' unpaired UTF-16 halves do. That str opens the
file, but Arrow (the library's tables), a strict UTF-8 stream and Qt cannot hold it: Arrow refuses
it, printing it raises, and Qt silently drops the byte. So:

- ``stored`` / ``unstored``: the name in the library's tables, reversibly (``unstored(stored(s)) == s``
  for every str; a name of valid text is stored as it is).
- ``shown``: the name for people (CLI and app), undecodable bytes as ``\\xe9`` and control
  characters (a newline in a name) as escapes, so one result stays one line.
- ``json_output``: JSON for ``--json`` every reader takes: a name that is not valid UTF-8 readable
  (U+FFFD), its exact bytes base64 in a ``<field>_bytes`` beside it, as ripgrep's ``--json`` gives
  such a name's bytes (``json_ready``); ``json_text``, under it: a lone surrogate left written as
  its ``\\udce9`` escape, which Python's json reads back to the very name.
- ``openable``: a name Qt and a desktop's opener can open: the path itself, or a link to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

_ESC = "\ufffe"  # a noncharacter: UTF-8 keeps it, nobody types it; a literal one is stored twice
_TO_ESCAPE = re.compile("[\ud800-\udfff\ufffe]")
_ESCAPED = re.compile("\ufffe(\ufffe|[0-9a-f]{4})")
_SURROGATE = re.compile("[\ud800-\udfff]")
# controls, line breaks, bytes, and the bidirectional embeddings, overrides and isolates, which turn
# the rest of a printed line around ("\u202egnp.exe" shows as "exe.png"; a result's "(offline)" too)
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (an undecodable byte of a name): not valid text."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def stored(text: str) -> str:
    """``text`` as valid Unicode for the library's tables; ``unstored`` gives it back exactly."""
    if text.isascii() or _TO_ESCAPE.search(text) is None:
        return text
    return _TO_ESCAPE.sub(lambda m: _ESC * 2 if m.group() == _ESC else f"{_ESC}{ord(m.group()):04x}", text)


def unstored(text: str) -> str:
    """The name ``stored`` was given."""
    if _ESC not in text:
        return text
    return _ESCAPED.sub(lambda m: _ESC if m.group(1) == _ESC else chr(int(m.group(1), 16)), text)


def _show_one(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (PEP 383): the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` for people: printable, one line, every undecodable byte, control character and
    bidirectional override as its escape (``caf\\xe9.mp4``, ``\\u202e``); valid names unchanged."""
    if text.isprintable():
        return text
    return _UNSHOWABLE.sub(lambda m: _show_one(m.group()), text)


def json_text(value, **kwargs) -> str:
    """``json.dumps(value, ensure_ascii=False, **kwargs)``, each lone surrogate in a string
    written as its escape: valid JSON that Python's ``json.loads`` reads back to the same names."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_output(value, **kwargs) -> str:
    """``--json`` output every JSON reader takes (Rust's serde, Go, jq refuse or mangle a lone
    surrogate's escape): ``json_text`` of ``json_ready(value)``."""
    return json_text(json_ready(value), **kwargs)


def json_ready(value):
    """``value`` (dicts, lists, strings, paths) with every string valid text (ripgrep's ``--json``
    gives such a name's bytes base64 too): a name that is valid UTF-8 as it is; one that is not (an undecodable
    byte, PEP 383, or a Windows name's unpaired half) readable, each such byte U+FFFD (it names no
    file), and its exact bytes base64 beside it: a field ``F`` of an object gets ``F_bytes``, a list of
    names in one (``copies``, ``folders``) a list ``F_bytes`` of the same length (null for each
    valid one). ``F_bytes`` only when ``F`` holds such a name, so valid output is unchanged."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if has_surrogates(value) else value
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        v = os.fspath(v) if isinstance(v, os.PathLike) else v
        out[json_ready(key)] = json_ready(v)
        named = [v] if isinstance(v, str) else v if isinstance(v, (list, tuple)) else []
        if any(isinstance(n, str) and has_surrogates(n) for n in named) and isinstance(key, str):
            raw = [_base64(n) if isinstance(n, str) and has_surrogates(n) else None for n in named]
            out[f"{json_ready(key)}_bytes"] = raw[0] if isinstance(v, str) else raw
    return out


def name_bytes(text: str) -> bytes:
    """The bytes a name stands for: the file system's (``os.fsencode``), else UTF-8 with each
    undecodable byte as itself and each unpaired half of a Windows name kept (``surrogatepass``)."""
    try:
        return os.fsencode(text)
    except UnicodeError:
        return b"".join(c.encode("utf-8", "surrogateescape" if 0xDC80 <= ord(c) <= 0xDCFF else "surrogatepass")
                        for c in text)


def _base64(text: str) -> str:
    import base64

    return base64.b64encode(name_bytes(text)).decode("ascii")


def openable(path: str, links: str | os.PathLike) -> str:
    """A name for ``path`` that tools needing valid text (Qt, a desktop's opener) can open:
    ``path`` itself when it is valid text, else a symbolic link to it kept under ``links``,
    named as the file with each undecodable byte shown as U+FFFD. ``path`` itself when no link
    can be made there (the tool then says it cannot open it)."""
    if not has_surrogates(path):
        return path
    name = os.path.basename(path.rstrip(os.sep)) or "file"
    readable = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    readable = _fitted(_SURROGATE.sub("\ufffd", readable))  # (unpaired halves of a Windows name)
    key = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    folder = Path(links) / key
    link = folder / readable
    try:
        if os.path.islink(link) and os.readlink(link) == path:
            return str(link)
        folder.mkdir(parents=True, exist_ok=True)
        spare = folder / f".link.{os.getpid()}.tmp"
        if os.path.lexists(spare):
            os.unlink(spare)
        os.symlink(path, spare)
        os.replace(spare, link)  # another process's link to the same file is replaced whole
    except (OSError, NotImplementedError):
        return path
    return str(link)


_NAME_MAX = 255  # bytes of one name (Linux, macOS)


def _fitted(name: str) -> str:
    """``name`` cut short, its extension kept, to the bytes a file name may hold: each undecodable
    byte shown as U+FFFD takes three (a Latin-1 name of 124 bytes reads as 364)."""
    if len(name.encode()) <= _NAME_MAX:
        return name
    stem, ext = os.path.splitext(name)
    ext = ext if len(ext.encode()) <= 16 else ""
    room = _NAME_MAX - len(ext.encode()) - len("…".encode())
    return stem.encode()[:room].decode("utf-8", "ignore") + "…" + ext


def shown_name(path: str) -> str:
    """A file's name (its path's last part) for people, as ``shown``."""
    path = os.fspath(path)
    return shown(os.path.basename(path) or path)


def shell_word(path: str | os.PathLike) -> str:
    """``path`` as a word of a command the words tell a user to type, as a shell reads it back: in
    double quotes, unless it holds what a shell reads there otherwise (``"``, ``$``, a backquote,
    ``\\``, ``!``: single quotes then, ``shlex.quote``); a name no line of text holds as it is (a line
    break, an undecodable byte) as ``shown``, in double quotes."""
    import shlex

    text = os.fspath(path)
    if has_surrogates(text) or any(ord(c) < 32 or ord(c) == 127 for c in text) or not set('"$`\\!') & set(text):
        return f'"{shown(text)}"'
    return shlex.quote(text)


def telling_apart(path: str, others) -> str:
    """``path`` by the fewest of its last parts that no other of ``others`` ends with (its file
    name alone when that is its own; ``folder/name`` for a backup of the same name), as ``shown``;
    the whole path when nothing shorter tells it apart. Parts that differ only in how their letters
    are composed (Unicode NFC or NFD: a Mac's copy of ``café.mp4``) read the same to a person: they
    tell it apart only where nothing else does, said then (" spelled decomposed (NFD)").
    ``names_apart``'s name of it (one rule: the terminal and the window's cards name a file alike)."""
    parts, read = _split(path)
    group = _by_name([path, *others]).get(read[-1] if read else "", {})
    name = _group_names(group).get(path)
    return _tail(path, parts, 1) if name is None else name


def names_apart(paths) -> dict[str, str]:
    """{path: its name told apart} for each of ``paths`` whose file name another of them has, as read
    (``café.mp4`` composed beside a Mac copy's decomposed one too): ``telling_apart(path, paths)``,
    in one pass a name (each path's suffixes counted once: 600 results of one camera's
    ``GX010001.MP4`` would read every other path again for each). The rest are left out (their name
    alone tells them apart)."""
    out: dict[str, str] = {}
    for group in _by_name(paths).values():
        out.update(_group_names(group))
    return out


def _split(path) -> tuple[tuple, tuple]:
    """(``path``'s parts, as spelled; the same read as a person reads them, NFC)."""
    import unicodedata

    parts = tuple(x for x in os.path.normpath(os.fspath(path)).split(os.sep) if x)
    return parts, tuple(unicodedata.normalize("NFC", x) for x in parts)


def _by_name(paths) -> dict[str, dict[tuple, tuple[tuple, list]]]:
    """{file name as read: {parts: (parts as read, the paths split so)}} of ``paths``: paths of the same
    parts ("a//b.mp4" and "a/b.mp4", one file) are one spelling, named alike."""
    groups: dict[str, dict[tuple, tuple[tuple, list]]] = {}
    for path in dict.fromkeys(paths):
        parts, read = _split(path)
        groups.setdefault(read[-1] if read else "", {}).setdefault(parts, (read, []))[1].append(path)
    return groups


def _group_names(spellings) -> dict[str, str]:
    """{path: its name} of one ``_by_name`` group (one file name as read), {} where it has one spelling."""
    from collections import Counter

    if len(spellings) < 2:
        return {}
    as_read = Counter(r[-n:] for r, _ in spellings.values() for n in range(1, len(r) + 1))
    as_spelled = Counter(p[-n:] for p in spellings for n in range(1, len(p) + 1))
    return {p: _apart(p, parts, read, as_read, as_spelled) for parts, (read, same) in spellings.items() for p in same}


def _apart(path: str, parts: tuple, read: tuple, as_read, as_spelled) -> str:
    """The name of ``path`` (split in ``parts``, ``read`` as NFC) in a group whose suffixes ``as_read``
    and ``as_spelled`` count: the fewest last parts no other ends with as read, else as spelled
    (then saying which spelling), else the whole path."""
    for counts, mine in ((as_read, read), (as_spelled, parts)):  # (as a person reads them first, then as spelled)
        for n in range(1, len(parts) + 1):
            if counts[mine[-n:]] == 1:
                name = _tail(path, parts, n)
                return name if as_read[read[-n:]] == 1 else name + _spelling(parts[-n:])
    return shown(os.fspath(path))


def _tail(path, parts: tuple, n: int) -> str:
    """``path`` by its last ``n`` ``parts``, as ``shown``: the whole path where those are all of them."""
    return shown(os.fspath(path)) if n >= len(parts) else shown(os.path.join(*parts[-n:]))


def _spelling(tail) -> str:
    """" spelled composed (NFC)", or decomposed (NFD): how the parts ``tail`` spell their letters."""
    import unicodedata

    composed = all(unicodedata.is_normalized("NFC", p) for p in tail)
    return " spelled composed (NFC)" if composed else " spelled decomposed (NFD)"
