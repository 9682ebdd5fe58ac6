"""``library.json``'s bytes that may be overwritten in place (``patch_meta``: a run's end, or its
record, on a disk too full for a whole write): each such string, a run's ``"end_slot"`` (``IN_PLACE``)
and the room for a run's record (``ROOM``, ``blank_room``/``filled_room``), laid out by ``in_sectors``
within one ``SECTOR`` as ``meta.write_meta`` writes the file, so a power cut cannot tear its rewrite.
Taken out of ``core.library.meta``, which writes and reads the file whole."""

from __future__ import annotations

import json
import re

from core.library.location import Location

SECTOR = 512  # what a disk writes whole: a power cut tears no write that lies within one (``patch_meta``)
IN_PLACE = "end_slot"  # a key whose string ``patch_meta`` may overwrite (core.stopped_runs.SLOT): in one sector
# settings' room for a run's record that a full disk refused whole (core.run_room.ROOM): each whole write keeps
# it, ``{}`` and spaces, ROOM_BYTES in all, in one sector, for ``patch_meta`` to fill; read, an empty one is none
ROOM, ROOM_BYTES = "unfinished_room", 448


def in_sectors(payload: bytes, held: dict | None = None) -> bytes:
    """``payload`` with spaces before each ``"end_slot": "…"`` (``IN_PLACE``) and empty room (``ROOM``,
    given its spaces) that would cross a ``SECTOR`` boundary, so that it starts the next one: the JSON
    reads the same, and ``patch_meta``'s rewrite of it lies in one sector, which a power cut does not tear.
    The room holds ``held`` (``filled_room``), where it holds a record, so that a later fill finds it."""
    out, done = bytearray(), 0
    empty = blank_room().rstrip()  # (the room, empty: its spaces added here, ROOM_BYTES in all)
    for m in re.finditer(rb'"' + IN_PLACE.encode() + rb'": "[^"\\]*"|' + re.escape(empty), payload):
        room = m.group() == empty
        out += payload[done:m.start()]
        at, size = len(out), ROOM_BYTES if room else m.end() - m.start()
        if _crosses(at, size) and size <= SECTOR:
            out += b" " * (SECTOR - at % SECTOR)
        out += (filled_room(held) if held else blank_room()) if room else m.group()
        done = m.end()
    return bytes(out + payload[done:])


def blank_room() -> bytes:
    """The room ``write_meta`` keeps for a run's record (``ROOM``), as it lies in the file, empty."""
    key = json.dumps(ROOM).encode() + b": {}"
    return key.ljust(ROOM_BYTES)


def filled_room(record: dict) -> bytes | None:
    """``blank_room``'s bytes holding ``record`` (JSON), as long; None when it does not fit."""
    text = json.dumps({ROOM: record}, separators=(",", ":"))[1:-1].encode()
    return text.ljust(ROOM_BYTES) if len(text) <= ROOM_BYTES else None


def _crosses(at: int, size: int) -> bool:
    return at // SECTOR != (at + size - 1) // SECTOR


def patch_meta(where: Location, edits: dict[bytes, bytes]) -> None:
    """``library.json`` with each of ``edits``' byte strings, there once, overwritten in place by its
    value, as long (then flushed to disk): no new file nor block, so a full disk still lets it be
    written where ``write_meta`` is refused (a file system that copies on write, btrfs or ZFS, may
    not). Anything else (a string not there once, a value of another length, a file that would not
    read as JSON, bytes crossing a ``SECTOR`` boundary, which a power cut could tear) is a ValueError,
    nothing written. Each edit leaves a whole file: a crash between two leaves the first made."""
    import os

    from core.library.meta import META_FILE

    where.check_writable()
    with open(where.root / META_FILE, "r+b") as f:
        data = f.read()
        spots, after = [], data
        for old, new in edits.items():
            if len(new) != len(old) or data.count(old) != 1:
                raise ValueError(f"{META_FILE} cannot be changed in place: {old!r} is not there once, or {new!r} not as long")
            if _crosses(data.index(old), len(old)):  # (a power cut mid-write could leave half of each sector)
                raise ValueError(f"{META_FILE} cannot be changed in place: {old!r} crosses a {SECTOR}-byte sector")
            spots.append((data.index(old), new))
            after = after.replace(old, new)
        json.loads(after.decode("utf-8"))  # (a ValueError: nothing written)
        for at, new in spots:
            f.seek(at)
            f.write(new)
        f.flush()
        os.fsync(f.fileno())
