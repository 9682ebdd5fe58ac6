"""What a file the scan meets is, by its kind and first bytes (``core.scan``): not a regular file
(a pipe would block a reader, a device never end), a still GIF, a tracker music module named
``.mod``, and the kinds of files that are no videos, counted in a scan's ``skipped``."""

from __future__ import annotations

import mimetypes
import os
import stat

from .bounded_read import scan_open

_MPEG_PS = b"\x00\x00\x01\xba"  # an MPEG program stream's first pack header
SUBTITLE_EXTENSIONS = frozenset({".srt", ".vtt", ".ass", ".ssa", ".sub", ".sbv"})
SKIPPED = "skipped: "  # (a reason that starts so is no failure: the file is no video to read)


def not_regular(mode: int) -> str:
    kinds = [(stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    what = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"{SKIPPED}{what}, not a video file (only regular files are read)"


def no_file_to_read(path: str) -> str | None:
    """``not_regular``'s reason for ``path`` when it is there but is neither a folder nor a regular
    file (a named pipe, socket or device, or a link to one): nothing a library lists as its folder
    or video. None otherwise, and for a path not there (an unplugged drive's folder is kept offline)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISDIR(mode) or stat.S_ISREG(mode) else not_regular(mode)


def skipped_kind(entry: os.DirEntry) -> str | None:
    """What a file that is not a video is, for the count of what a scan skipped (None: a
    dangling link, or a file gone meanwhile: nothing the user has)."""
    try:
        if not entry.is_file(follow_symlinks=True):
            mode = entry.stat(follow_symlinks=True).st_mode
            return "named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
    except OSError:
        return None
    ext = os.path.splitext(entry.name)[1].lower()
    if ext in SUBTITLE_EXTENSIONS:
        return "subtitle file"
    major = (mimetypes.guess_type(entry.name)[0] or "").split("/")[0]
    kinds = {"image": "image", "audio": "audio file", "video": "video in a format not read"}
    return kinds.get(major, "other file")


def gif_frames(path: str, enough: int = 2) -> int:
    """How many frames a GIF holds, counting up to ``enough`` (reads the block structure only).
    A file that is no readable GIF counts as ``enough``: the decoder then says what is wrong; so does an
    animation (its loop extension) cut short or damaged before its end marker, though one frame is left
    (``cut_animation``: not a still image; before, the scan passed it over as one, never said). One whose
    read brings no answer raises ``TimeoutError`` (``bounded_read.scan_open``: a share that stopped answering)."""
    try:
        with scan_open(path) as f:
            frames, ended, looped = _gif_walk(f, enough)
    except TimeoutError:
        raise
    except OSError:
        return enough
    return enough if frames is None or (frames < enough and looped and ended != "trailer") else frames


def cut_animation(path) -> str | None:
    """Why an animated GIF (one with a loop extension, NETSCAPE2.0 or ANIMEXTS1.0) holds one frame or
    none: its blocks stop before the GIF's end marker, at the file's end ("cut short") or at bytes that
    are no GIF block ("damaged"); None for any other file, a still GIF among them."""
    try:
        with scan_open(path) as f:
            frames, ended, looped = _gif_walk(f, 2)
    except OSError:
        return None
    if frames is None or frames >= 2 or not looped or ended == "trailer":
        return None
    if ended == "end":
        return ("an animated GIF cut short: the file ends before its second frame, so one frame at most is left "
                "(a download or copy cut short?); a copy from elsewhere is needed")
    return ("a damaged animated GIF: bytes that are no GIF data come before its second frame, so one frame at "
            "most is left; a copy from elsewhere is needed")


_LOOPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")  # the application extensions that make a GIF loop: an animation


def _gif_walk(f, enough: int) -> tuple[int | None, str, bool]:
    """(frames counted up to ``enough``, None for no GIF; where the walk stopped: "trailer", "end" of the
    file, "garbage" or "" at ``enough``; whether a loop extension came before)."""
    head = f.read(13)
    if len(head) < 13 or head[:6] not in (b"GIF87a", b"GIF89a"):
        return None, "", False
    if head[10] & 0x80:  # global colour table
        f.seek(3 << ((head[10] & 7) + 1), os.SEEK_CUR)
    frames, looped = 0, False
    while frames < enough:
        block = f.read(1)
        if block == b"!":  # extension: label, then data sub-blocks
            if f.read(1) == b"\xff":  # (an application extension: its first sub-block names it)
                first = f.read(12)
                if first[:1] == b"\x0b" and first[1:] in _LOOPS:
                    looped = True
                else:
                    f.seek(-len(first), os.SEEK_CUR)
        elif block == b",":  # image descriptor: a frame
            frames += 1
            desc = f.read(9)
            if len(desc) < 9:
                return frames, "end", looped
            if desc[8] & 0x80:  # local colour table
                f.seek(3 << ((desc[8] & 7) + 1), os.SEEK_CUR)
            f.read(1)  # LZW minimum code size
        else:  # trailer, end of file or garbage
            return frames, "trailer" if block == b";" else "end" if not block else "garbage", looped
        while (size := f.read(1)) and size[0]:
            f.seek(size[0], os.SEEK_CUR)
    return frames, "", looped


def is_tracker_module(path: str) -> bool:
    """Whether a ``.mod`` file is a music module (Amiga's tracker format), not a camcorder's MPEG
    program stream (JVC Everio), by its first bytes; one that cannot be read is left to the decoder (one
    whose read brings no answer: ``TimeoutError``, as ``gif_frames``)."""
    try:
        with scan_open(path) as f:
            head = f.read(len(_MPEG_PS))
    except TimeoutError:
        raise
    except OSError:
        return False
    return len(head) == len(_MPEG_PS) and head != _MPEG_PS
