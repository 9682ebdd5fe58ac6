"""Why FFmpeg could not open a file, in words a user can act on (``unopenable_reason``): its MP4
header's fault (``core.mp4_header.diagnose``), an animated WebP's (``core.webp``), else what its first
bytes hold: a damaged or incomplete video of a format known by its signature, a web page saved in
place of the video, text, zeros, an MPEG-TS without its video, or a file too small to hold one."""

from __future__ import annotations

import re
from pathlib import Path

from core import ts_video, webp, zero_bytes
from core.bounded_read import open_bytes
from core.errors import NOT_A_VIDEO
from core.mp4_header import diagnose

_LOOK = 4096  # bytes read at the start of a file FFmpeg cannot open, to say what it holds
# a web page's start: a byte order mark, white space and comments, then its doctype or root element
_HTML = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_SIGNATURES = [(4, b"ftyp", "MP4/MOV"), (4, b"moov", "MP4/MOV"), (4, b"mdat", "MP4/MOV"),
               (0, b"\x1a\x45\xdf\xa3", "Matroska/WebM"), (0, b"RIFF", "AVI"), (0, b"FLV", "FLV"),
               (0, b"OggS", "Ogg"), (0, b"\x30\x26\xb2\x75", "WMV/ASF"), (0, b"\x00\x00\x01\xba", "MPEG"),
               (0, b"GIF8", "GIF")]


def unopenable_reason(path: Path) -> str:
    """Why FFmpeg could not open ``path``: its MP4 header's fault, else its format by signature."""
    why = diagnose(path) or webp.reason(path)
    if why:
        return why
    try:
        with open_bytes(path) as f:
            head, size = f.read(_LOOK), f.raw.size()  # (the file opened: deleted since, it has one)
    except OSError as e:
        return f"cannot read the file ({e.strerror or e})"
    for offset, magic, kind in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return (f"damaged or incomplete {kind} file (cannot read its header; "
                    "a download cut short?)")
    if _HTML.match(head[:1024]):
        return ("a web page (HTML), not a video: a download that saved the page instead of the "
                "video (a link that expired, a sign-in page)? Download it again")
    if head and not head.strip(b"\0"):
        return zero_bytes.ONLY_ZEROS if zero_bytes.only_zeros(path) else zero_bytes.STARTS_WITH_ZEROS
    if (why := ts_video.unopened(head, size)) is None and size < _TINY and not (size > 1 and _text(head)):
        why = f"only {size:,} byte{'s' * (size != 1)}, too few to hold a video: a download or copy cut short?"
    if why is None and size and _text(head):  # (a note, a list, a README: it read "unsupported format")
        why = TEXT_FILE
    return why or UNKNOWN


UNKNOWN = "not a video file, or a format this version cannot read"  # (its first bytes known as nothing)
# (errors.EARLIER_UNKNOWN, an earlier version's words for it, had a text file among them: looked at once)
TEXT_FILE = (NOT_A_VIDEO + "a text file (a note or a list saved under a video's name?): rename it, or move it out "
             "of the folder")  # (skipped as an audio file or a picture is, not failed: no run would read it better)


_TINY = 1024  # bytes, fewer than a video's header and first frame take (a file cut to almost nothing)


def _text(head: bytes) -> bool:
    """Whether a file's first bytes read as text (a note or a page saved under a video's name: no video)."""
    import codecs

    try:  # (not final: a character cut at the look's end is no fault of the text)
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return not any(c < 9 or 13 < c < 32 or c == 127 for c in head)
