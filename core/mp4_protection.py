"""Whether an MP4/MOV track's samples are encrypted, as its index's bytes say: its sample
descriptions' types and protection schemes ('sinf', Common Encryption's 'tenc'), and its 'seig'
sample groups. Pure byte reading, for ``core.mp4_header`` (which finds the boxes)."""

from __future__ import annotations

import struct

# sample entries of a video whose frames are encrypted: FairPlay's (an iTunes Store purchase or
# rental), and Common Encryption's (a streaming service's download; also FairPlay in fragments)
ENTRIES = (b"drmi", b"encv")


def entries_protection(stsd: bytes, video: bool) -> bytes | None:
    """The entry type (``ENTRIES``) that a track's sample descriptions ('stsd' box, its first bytes)
    say it is, b"clear" when they hold only protection schemes that say their samples are clear,
    None when they say nothing of it: any entry, not only the first (a stream's clear start, then
    its encrypted rest), of an encrypted type, or a video entry that holds a protection scheme
    ('sinf': its original format, 'frma', which FFmpeg decodes as that, the encrypted frames into
    garbage), unless that scheme's 'tenc' says its samples are not protected (a Common Encryption
    track left clear). FairPlay's 'drmi', and a scheme with no 'tenc' to say, count as encrypted."""
    pos, clear = 8, False  # (after version, flags and the entry count)
    for _ in range(struct.unpack(">I", stsd[4:8])[0]):
        if pos + 8 > len(stsd):
            break
        size, kind = struct.unpack(">I4s", stsd[pos:pos + 8])
        # (a visual sample entry's boxes follow its 78 bytes of fields)
        child, end, scheme = pos + 86, min(pos + size, len(stsd)), None
        while video and child + 8 <= end:
            inner, name = struct.unpack(">I4s", stsd[child:child + 8])
            if name == b"sinf":
                scheme = stsd[child + 8:min(child + inner, end)]
            if inner < 8:
                break
            child += inner
        if kind in ENTRIES or scheme is not None:
            if kind == b"drmi" or scheme is None or _samples_protected(scheme):
                return kind if kind in ENTRIES else b"encv"
            clear = True
        if size < 8:
            break
        pos += size
    return b"clear" if clear else None


def _samples_protected(sinf: bytes) -> bool:
    """Whether a protection scheme ('sinf' box's contents) says its samples are encrypted: its
    'schi''s 'tenc' default_isProtected (after version, flags and two reserved or pattern bytes);
    True when it has no 'tenc' to say (FairPlay's, or one cut short): the safe answer."""
    pos = 0
    while pos + 8 <= len(sinf):
        size, name = struct.unpack(">I4s", sinf[pos:pos + 8])
        if name == b"schi":
            inner = sinf[pos + 8:pos + size]
            at = 0
            while at + 8 <= len(inner):
                length, kind = struct.unpack(">I4s", inner[at:at + 8])
                if kind == b"tenc" and length >= 15 and at + 15 <= len(inner):
                    return inner[at + 14] != 0
                if length < 8:
                    break
                at += length
        if size < 8:
            break
        pos += size
    return True


def group_protected(sgpd: bytes) -> bool:
    """Whether a 'seig' sample group description ('sgpd' box's contents) says any of its groups'
    samples are encrypted (each entry: reserved, pattern, isProtected, ...); True when it cannot be read."""
    version, at = sgpd[0], 12 if sgpd[0] else 8
    length = struct.unpack(">I", sgpd[8:12])[0] if version and len(sgpd) >= 12 else 20
    at += 4 if version >= 2 else 0  # (a default sample description index)
    if len(sgpd) < at + 4:
        return True
    count, at = struct.unpack(">I", sgpd[at:at + 4])[0], at + 4
    for _ in range(min(count, 1 << 12)):
        size = length
        if version and not length:  # (each entry's length before it)
            size, at = (struct.unpack(">I", sgpd[at:at + 4])[0], at + 4) if len(sgpd) >= at + 4 else (0, at)
        if size < 3 or len(sgpd) < at + 3 or sgpd[at + 2]:
            return True
        at += size
    return False
