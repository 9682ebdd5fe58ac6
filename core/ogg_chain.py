"""A chained Ogg (recordings joined one after another, ``cat a.ogv b.ogv``: each part its own
logical streams, its headers first) read as one video through all its parts.

FFmpeg's Ogg demuxer follows a chain whose parts hold one stream each, handing on each later
part's header packets as if they were frames (:func:`is_link_header`: the reader and the timeline
leave them out), but it stops at the second part of a chain whose parts hold several streams (video
and sound: "not yet implemented in FFmpeg"), and the rest was lost. Such a file is opened as its
video pages only (:func:`source`: :class:`VideoPages`, each part's first Theora or VP8 stream, its
pages whole and in their order), which FFmpeg follows; :mod:`core.timeline` then makes one time of
the parts' clocks, each starting again at 0. A later part's Theora headers are left out with its
VP8 ones: its frames are decoded with the first part's tables (the same when the parts come from
one encoder with the same settings, as a camera's or an app's recordings do).

A chain is told by a later part's pages: of streams the file did not start with, or its
beginning-of-stream pages coming again after data pages, whatever their serials (files FFmpeg
wrote bitexact all number their streams 0, 1…: ``cat`` of them is a chain of the same serials,
which FFmpeg reads on through, its parts' headers handed on as packets). :func:`clock` reads an
Ogg's video clock at a window of its bytes, for ``core.timeline.steady``: a chained one is never steady.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re

from core.bounded_read import open_bytes
from core.file_memo import FileMemo

VIDEO = (b"\x80theora", b"OVP80\x01")  # the first packet of a Theora or VP8 stream
LINK_HEADERS = (b"\x80theora", b"\x81theora", b"\x82theora", b"OVP80")  # (Theora's three, VP8's two)
WINDOW = 1 << 16  # bytes read at the file's start and end to tell a chained Ogg
_PAGE = re.compile(rb"OggS\x00[\x00-\x07]")  # (a page's capture pattern, version 0 and its known flags)
_PAGES: FileMemo[tuple[tuple[int, int], ...] | None] = FileMemo()  # video_pages' answers by file


def is_ogg(container) -> bool:
    return "ogg" in str(getattr(container.format, "name", "")).split(",")


def is_link_header(packet) -> bool:
    """Whether ``packet`` (a PyAV packet of an Ogg's video) is a header of a chained Ogg's later part."""
    return bytes(memoryview(packet)[:9]).startswith(LINK_HEADERS)


def _pages(f, at: int = 0, end: int | None = None):
    """(offset, length, header type, serial, first bytes of its first packet) of the Ogg pages of
    the open file ``f`` from ``at`` (to ``end``), by their headers; bytes that are no page skipped."""
    while end is None or at < end:
        f.seek(at)
        head = f.read(27 + 255 + 9)
        if len(head) < 27:
            return
        if head[:5] != b"OggS\x00" or head[5] > 7:  # (no page here: on to the next that may be one)
            f.seek(at + 1)
            # (one search a block, not a block read for each "OggS" in it: bytes that repeat
            # "OggS" made each 5 bytes cost 64 KB, 2 s a MB)
            found = _PAGE.search(block := f.read(WINDOW))
            if not block:
                return
            at += 1 + (found.start() if found else max(1, len(block) - 5))
            continue
        n = head[26]
        length = 27 + n + sum(head[27:27 + n])
        yield at, length, head[5], head[14:18], head[27 + n:27 + n + 9]
        at += length


def _several_then_others(path) -> bool:
    """Whether ``path`` is an Ogg whose first part holds a Theora or VP8 video among two streams or
    more, and whose last bytes hold a later part's pages: of other streams, or beginning-of-stream
    pages again, whatever their serials (parts that reuse theirs: FFmpeg's bitexact files number
    their streams 0, 1…). Its first and last ``WINDOW`` bytes read."""
    with open_bytes(path) as f:
        if f.read(4) != b"OggS":
            return False
        opening = list(itertools.takewhile(lambda p: p[2] & 2, _pages(f, 0, WINDOW)))  # (its BOS pages)
        if len(opening) < 2 or not any(first.startswith(VIDEO) for *_, first in opening):
            return False
        size, opened = f.raw.size(), opening[-1][0] + opening[-1][1]
        known = {serial for _, _, _, serial, _ in opening}
        later = _pages(f, max(opened, size - WINDOW))
        return any(serial not in known or kind & 2 for _, _, kind, serial, _ in later)


class Chained(Exception):
    """A later part of a chained Ogg starts in the bytes :func:`clock` was given: its clock starts again."""


def _window_pages(data: bytes):
    """(offset, header type, granule position, serial, first packet's bytes) of the Ogg pages in ``data``."""
    at = data.find(b"OggS")
    while 0 <= at <= len(data) - 27:
        n = data[at + 26]
        body = at + 27 + n
        if data[at + 4] == 0 and data[at + 5] < 8:  # (version 0, known flags: a page, not chance bytes)
            granule = int.from_bytes(data[at + 6:at + 14], "little", signed=True)
            yield at, data[at + 5], granule, data[at + 14:at + 18], data[body:body + 64]
            at = data.find(b"OggS", body)  # (its body skipped: the next page, or the next chance hit)
        else:
            at = data.find(b"OggS", at + 4)


def clock(head: bytes):
    """For an Ogg file whose first bytes are ``head`` and whose video is Theora or VP8 (for
    ``core.timeline.steady``): a function of a window of its bytes and where it lies in the file
    that gives the time of the first video page in it (90 kHz units), or raises :class:`Chained`
    at a later part's page: of a stream the file did not start with, or a beginning-of-stream page
    past the file's opening ones, whatever its serial (a chain's parts may all reuse the same: a
    part that starts again at 0 less than a second after the one before ends looks steady by its
    clock). None for any other file."""
    if not head.startswith(b"OggS"):
        return None
    opening = list(itertools.takewhile(lambda page: page[1] & 2, _window_pages(head)))  # (the streams' first pages)
    known = {page[3] for page in opening}
    opened = next((at for at, kind, *_ in _window_pages(head) if not kind & 2), len(head))  # (where they end)
    for _, kind, _, serial, first in opening:
        if first.startswith(b"\x80theora") and len(first) >= 42:
            rate = int.from_bytes(first[22:26], "big") / max(1, int.from_bytes(first[26:30], "big"))
            shift = (first[40] << 8 | first[41]) >> 5 & 31
            frames = lambda g, s=shift: (g >> s) + (g & ((1 << s) - 1))  # noqa: E731 - (a keyframe's number, frames since)
        elif first.startswith(b"OVP80\x01") and len(first) >= 26:
            rate = int.from_bytes(first[18:22], "big") / max(1, int.from_bytes(first[22:26], "big"))
            frames = lambda g: g >> 32  # noqa: E731
        else:
            continue
        if not rate > 0:
            return None

        def at(data: bytes, where: int, serial=serial, frames=frames, rate=rate) -> int | None:
            for page, kind, granule, page_serial, _ in _window_pages(data):
                if page_serial not in known or kind & 2 and where + page >= opened:  # (a later part's)
                    raise Chained
                if page_serial == serial and granule >= 0:
                    return round(frames(granule) / rate * 90_000)
            return None
        return at
    return None


def video_pages(path) -> tuple[tuple[int, int], ...] | None:
    """The (offset, length) of the video pages of a chained Ogg FFmpeg would stop in (its parts
    hold several streams), each part's first Theora or VP8 stream's; None for any other file. The
    whole file's page headers are read once per process (by its size and modification time)."""
    try:
        return _PAGES.get(path, lambda _: _video_pages(path) if _several_then_others(path) else None)
    except OSError:
        return None


def _video_pages(path) -> tuple[tuple[int, int], ...] | None:
    """(``DecodeTimeout`` past the time a whole file's read is given, as ``core.timeline.scan``:
    pages of a few bytes each, a damaged or forged file's, are many)"""
    from core.timeline import scan_budget

    kept, video, opening, check = [], None, False, scan_budget(path)
    with open_bytes(path) as f:
        for at, length, kind, serial, first in _pages(f):
            check()
            if kind & 2 and not opening:  # (a part starts: its streams' first pages come first)
                video = None
            opening = bool(kind & 2)
            if opening and video is None and first.startswith(VIDEO):
                video = serial
            if serial == video:
                kept.append((at, length))
    return tuple(kept) or None


def source(path, start: int = 0):
    """What to open ``path`` as: its video pages (:class:`VideoPages`) for a chained Ogg FFmpeg
    would stop in, from ``start`` (a page's offset among them: a part's first), else its name."""
    pages = video_pages(path)
    if pages is None:
        return str(path)
    first = bisect.bisect_left(starts := list(itertools.accumulate((n for _, n in pages), initial=0)), start)
    if starts[first] != start:
        raise ValueError(f"no video page of {path} starts at {start}")
    return VideoPages(path, pages[first:])


def link_start(path, at: int) -> int | None:
    """Where the part (link) of a chained Ogg whose first packet lies at byte ``at`` of what FFmpeg
    reads of it (:func:`source`) begins: its first beginning-of-stream page, among the ``WINDOW``
    bytes before ``at`` (its headers); None where none is there."""
    src = source(path)
    with open_bytes(src) if isinstance(src, str) else src as f:
        start, opening = None, False
        for page, _, kind, _, _ in _pages(f, max(0, at - WINDOW), at + 1):
            if kind & 2 and not opening:
                start = page
            opening = bool(kind & 2)
        return start


class VideoPages(io.RawIOBase):
    """A file of the given pages of ``path`` only, one after another (FFmpeg reads it as a file)."""

    def __init__(self, path, pages: tuple[tuple[int, int], ...]):
        super().__init__()
        self.name, self.pages, self.pos = str(path), pages, 0
        self.starts = list(itertools.accumulate((length for _, length in pages), initial=0))
        self.file = open_bytes(path)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.starts[-1]}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def readinto(self, buffer) -> int:
        out, done = memoryview(buffer).cast("B"), 0
        while done < len(out) and self.pos < self.starts[-1]:
            i = bisect.bisect_right(self.starts, self.pos) - 1
            inside = self.pos - self.starts[i]
            n = min(len(out) - done, self.pages[i][1] - inside)
            self.file.seek(self.pages[i][0] + inside)
            got = self.file.readinto(out[done:done + n])
            if not got:  # (the file shrank since its pages were read)
                break
            done, self.pos = done + got, self.pos + got
        return done

    def close(self) -> None:
        self.file.close()
        super().close()
