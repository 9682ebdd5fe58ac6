"""What an MPEG-TS's program tables say its video is, where FFmpeg finds none: AV1 (carried as a
private stream, type 0x06, with an 'AV01' registration descriptor, as AOM's carriage spec says),
which FFmpeg's MPEG-TS reader hands on as data, so the file read as having no video at all.

Read only once a file has failed so (no cost to a file that reads): its first MB, its program
association table (PID 0) and the program map tables it names, one TS packet's section each."""

from __future__ import annotations

from pathlib import Path

from core.bounded_read import open_bytes

AV1_IN_TS = ("its video is AV1 inside an MPEG-TS, which FFmpeg cannot read (remux it into MP4 or "
             "MKV, which keeps the AV1 as it is, to index it)")
_LOOK = 1 << 20  # bytes read from the file's start (tables repeat every tenth of a second or so)
_SYNC = 0x47
_PRIVATE = 0x06  # (PES private data: AV1's stream type, told apart by its registration descriptor)
_REGISTRATION = 0x05
SHORT_TS_BYTES = 1 << 16  # an MPEG-TS FFmpeg could not open, smaller: said too short (``unopened``)


def unopened(head: bytes, size: int) -> str | None:
    """Why FFmpeg could not open a file whose first bytes (``head``) are an MPEG-TS's (a sync byte every 188
    bytes, or 192: M2TS): it gave up before it found the video, as it does in a clip of a few frames (a 2-4
    frame 64x48 MPEG-2 TS: 6-10 TS packets); else None. Its tables are not read here."""
    def synced(start: int, step: int) -> bool:
        at = range(start, min(len(head), start + 3 * step), step)
        return len(at) >= 2 and all(head[i] == _SYNC for i in at)

    if not (synced(0, 188) or synced(4, 192)):
        return None
    if size >= SHORT_TS_BYTES:
        return "damaged or incomplete MPEG-TS file (cannot read its header; a download cut short?)"
    return (f"an MPEG-TS too short for FFmpeg to find its video in ({size:,} bytes: a clip of a few frames?), "
            "or damaged")


def reason(path: str | Path) -> str | None:
    """Why the MPEG-TS at ``path`` reads as having no video when its tables say it has AV1; else None."""
    try:
        with open_bytes(path) as f:
            data = f.read(_LOOK)
    except OSError:
        return None
    return AV1_IN_TS if any(b"AV01" in _registrations(es) for es in _streams(data)) else None


def _packets(data: bytes):
    """(PID, starts a section, payload) of each TS packet: 188 bytes (a Blu-ray M2TS: 192, a time
    code before each; DVB with FEC: 204), found by its sync bytes."""
    for size in (188, 192, 204):  # (each packet read from its sync byte on)
        first = next((i for i in range(min(size, len(data))) if all(
            data[i + k * size:i + k * size + 1] == bytes([_SYNC]) for k in range(5))), None)
        if first is None:
            continue
        for at in range(first, len(data) - size + 1, size):
            p = data[at:at + 188]
            if p[0] != _SYNC:
                return
            control = p[3] >> 4 & 3  # (1: payload only, 3: adaptation field then payload)
            start = 4 + (1 + p[4] if control == 3 else 0)
            if control & 1 and start < 188:
                yield (p[1] & 0x1F) << 8 | p[2], bool(p[1] & 0x40), p[start:]
        return


def _section(payload: bytes, table: int) -> bytes | None:
    """The section of ``table`` id that starts in this packet's payload (after its pointer field),
    without its header (8 bytes) and CRC; None when it is another or does not end in the packet."""
    body = payload[1 + payload[0]:] if payload else b""
    if len(body) < 12 or body[0] != table:
        return None
    length = (body[1] & 0x0F) << 8 | body[2]
    return body[8:3 + length - 4] if 3 + length <= len(body) else None


def _streams(data: bytes) -> list[tuple[int, bytes]]:
    """(stream type, ES info) of each elementary stream the program map tables list (each program's
    once: a broadcast's several)."""
    pmts, read, streams = set(), set(), []
    for pid, starts, payload in _packets(data):
        if not starts:
            continue
        if pid == 0 and (pat := _section(payload, 0x00)) is not None:
            pmts |= {(pat[i + 2] & 0x1F) << 8 | pat[i + 3] for i in range(0, len(pat) - 3, 4)
                     if pat[i:i + 2] != b"\0\0"}  # (program 0: the network table's PID)
        elif pid in pmts - read and (pmt := _section(payload, 0x02)) is not None:
            read.add(pid)
            at = 4 + ((pmt[2] & 0x0F) << 8 | pmt[3])  # (after the PCR PID and the program's info)
            while at + 5 <= len(pmt):
                info = (pmt[at + 3] & 0x0F) << 8 | pmt[at + 4]
                streams.append((pmt[at], pmt[at + 5:at + 5 + info]))
                at += 5 + info
            if read == pmts:
                break
    return streams


def _registrations(stream: tuple[int, bytes]) -> list[bytes]:
    """The format identifiers a private stream's registration descriptors give."""
    kind, info = stream
    found, at = [], 0
    while kind == _PRIVATE and at + 2 <= len(info):
        tag, size = info[at], info[at + 1]
        if tag == _REGISTRATION and size >= 4:
            found.append(info[at + 2:at + 6])
        at += 2 + size
    return found
