"""A video track its container says is encrypted (an MP4's Common Encryption: an 'encv' sample entry
holding a protection scheme, 'sinf', whose original format FFmpeg opens and decodes the encrypted
frames as; a WebM/Matroska track's ContentEncryption) is skipped with its reason, never indexed as
the garbage its frames decode to."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from core.errors import MediaError
from core.media import FrameSampler, probe
from tests.test_fragmented_mp4 import write_fragmented
from tests.test_tracks import write


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, payload: bytes) -> bytes:
    return box(kind, b"\0\0\0\0" + payload)  # (version 0, no flags)


SINF = box(b"sinf", box(b"frma", b"avc1") + full_box(b"schm", b"cenc" + struct.pack(">I", 0x10000))
           + box(b"schi", full_box(b"tenc", b"\0\0\x01\x08" + bytes(16))))  # (protected, 8-byte IVs, a key id)


def encrypted(src: Path, dst: Path) -> Path:
    """``src`` with its video's 'avc1' sample entry said to be Common Encryption's: renamed 'encv',
    with a 'sinf' naming 'avc1' its original format; the boxes it is in grown to hold it (its frames
    stay as they were: FFmpeg, with no key, hands them to the decoder as it would encrypted ones)."""
    data = bytearray(Path(src).read_bytes())
    at = data.find(b"avc1", data.find(b"stsd")) - 4  # (the sample entry's size)
    size = struct.unpack(">I", data[at:at + 4])[0]
    data[at + size:at + size] = SINF
    data[at:at + 8] = struct.pack(">I4s", size + len(SINF), b"encv")
    for kind in (b"stsd", b"stbl", b"minf", b"mdia", b"trak", b"moov"):
        k = data.rfind(kind, 0, at) - 4
        while not k < at < k + struct.unpack(">I", data[k:k + 4])[0]:  # (the one the entry is in)
            k = data.rfind(kind, 0, k) - 4
        data[k:k + 4] = struct.pack(">I", struct.unpack(">I", data[k:k + 4])[0] + len(SINF))
    dst.write_bytes(bytes(data))
    return dst


@pytest.mark.parametrize("kind", ["plain", "fragmented"])
def test_an_mp4_whose_video_is_encrypted_is_skipped_with_why(tmp_path, kind):
    """FFmpeg opened it as H.264 and its probe read it as a sound 1 s video: a streaming service's
    download would have been indexed as its garbage frames. It now fails, saying it is encrypted."""
    if kind == "plain":  # (its index after its media: growing it moves no frame)
        src = write(tmp_path / "clear.mp4", 1.0, audio_s=1.0)
    else:  # (fragments' data found from their own 'moof')
        src = write_fragmented(tmp_path / "clear.mp4", seconds=2.0)
    assert probe(src).duration > 0.9  # (the clear file reads)
    path = encrypted(src, tmp_path / "encrypted.mp4")
    for read in (probe, lambda p: FrameSampler(size=16, skip="nonref").frames_at(p, [0.5])):
        with pytest.raises(MediaError, match=r"encrypted \(DRM"):
            read(path)


def test_an_mp4_whose_video_turns_encrypted_after_a_clear_start_is_skipped_with_why(tmp_path):
    """A stream's clear start, then its encrypted rest: two sample entries, the first a clear
    'avc1', the second its encrypted 'encv' (the frames it describes are what FFmpeg would decode
    into garbage). Only the first entry was looked at; any entry now says the track is encrypted."""
    src = write(tmp_path / "clear.mp4", 1.0, audio_s=1.0)
    one = encrypted(src, tmp_path / "one.mp4").read_bytes()
    at = one.find(b"encv", one.find(b"stsd")) - 4
    size = struct.unpack(">I", one[at:at + 4])[0]
    clear = one[at:at + 4] + b"avc1" + one[at + 8:at + size - len(SINF)]  # (the entry as it was)
    data = bytearray(one[:at] + struct.pack(">I", len(clear)) + clear[4:] + one[at:])
    stsd = at - 16  # (the entry follows the stsd's size, type, version, flags and count)
    assert data[stsd + 4:stsd + 8] == b"stsd" and data[stsd + 12:stsd + 16] == b"\0\0\0\1"
    data[stsd + 12:stsd + 16] = b"\0\0\0\2"
    for kind in (b"stsd", b"stbl", b"minf", b"mdia", b"trak", b"moov"):  # (each grown by the clear entry)
        k = data.rfind(kind, 0, at) - 4
        while not k < at < k + struct.unpack(">I", data[k:k + 4])[0]:
            k = data.rfind(kind, 0, k) - 4
        data[k:k + 4] = struct.pack(">I", struct.unpack(">I", data[k:k + 4])[0] + len(clear))
    path = tmp_path / "clear start.mp4"
    path.write_bytes(bytes(data))
    with pytest.raises(MediaError, match=r"encrypted \(DRM"):
        probe(path)


def element(eid: bytes, payload: bytes) -> bytes:
    """An EBML element of a short payload."""
    return eid + bytes([0x80 | len(payload)]) + payload


# a track's ContentEncodings: one encoding, of type 1 (encryption), AES (5) in CTR mode, a key id
CONTENT_ENCRYPTION = element(b"\x6d\x80", element(b"\x62\x40", element(b"\x50\x33", b"\x01") + element(b"\x50\x35", (
    element(b"\x47\xe1", b"\x05") + element(b"\x47\xe2", bytes(range(16)))
    + element(b"\x47\xe7", element(b"\x47\xe8", b"\x01"))))))


def _vint(data, at: int, marker: bool = False) -> tuple[int, int]:
    n = 1
    while not data[at] & (0x80 >> (n - 1)):
        n += 1
    value = data[at] if marker else data[at] & (0xFF >> n)
    for k in range(1, n):
        value = value << 8 | data[at + k]
    return value, n


def _children(data, start: int, end: int):
    """(id, start, header length, payload size) of the EBML elements in [start, end)."""
    while start < end:
        eid, n1 = _vint(data, start, marker=True)
        size, n2 = _vint(data, start + n1)
        yield eid, start, n1 + n2, size
        start += n1 + n2 + size


def encrypted_matroska(src: Path, dst: Path) -> Path:
    """``src`` (FFmpeg's Matroska/WebM: a seek head, the space it keeps free, info, tracks...) with
    its video track said to be encrypted: the track grown by a ContentEncodings, the free space
    before it shrunk as much, so that nothing after the tracks moves; the seek head's positions of
    what moved back put right."""
    data = bytearray(Path(src).read_bytes())
    length = len(data)
    segment = next(c for c in _children(data, 0, len(data)) if c[0] == 0x18538067)
    body = segment[1] + segment[2]
    top = {eid: (at, head, size) for eid, at, head, size in _children(data, body, body + segment[3])}
    (void, void_head, void_size), (tracks, tracks_head, tracks_size) = top[0xEC], top[0x1654AE6B]
    tracks_end = tracks + tracks_head + tracks_size
    entries = b""
    for eid, at, head, size in _children(data, tracks + tracks_head, tracks_end):
        entry = bytes(data[at:at + head + size])
        if eid == 0xAE and b"V_" in entry:  # (the video track: its size as 8 bytes, then its encodings)
            entry = b"\xae" + (1 << 56 | size + len(CONTENT_ENCRYPTION)).to_bytes(8, "big") + entry[head:] + CONTENT_ENCRYPTION
        entries += entry
    grown = b"\x16\x54\xae\x6b" + (1 << 56 | len(entries)).to_bytes(8, "big") + entries
    growth = len(grown) - (tracks_end - tracks)
    free = void_head + void_size - growth - 9  # (what is left free, after its 9-byte header)
    assert void < tracks and free >= 0
    data[tracks:tracks_end] = grown
    data[void:void + void_head + void_size] = b"\xec" + (1 << 56 | free).to_bytes(8, "big") + bytes(free)
    seek_head = top[0x114D9B74]
    for eid, at, head, size in _children(data, seek_head[0] + seek_head[1], seek_head[0] + seek_head[1] + seek_head[2]):
        fields = {e: (a + h, s) for e, a, h, s in _children(data, at + head, at + head + size)} if eid == 0x4DBB else {}
        if 0x53AC in fields:  # (a SeekPosition, from the segment's body)
            a, s = fields[0x53AC]
            position = int.from_bytes(data[a:a + s], "big")
            if void < body + position < tracks_end:
                data[a:a + s] = (position - growth).to_bytes(s, "big")
    assert len(data) == length  # (nothing after the tracks moved)
    dst.write_bytes(bytes(data))
    return dst


@pytest.mark.parametrize("name, codec, audio_s", [("clear.mkv", "libx264", 1.0), ("clear.webm", "libvpx-vp9", 0.0)])
def test_a_matroska_or_webm_whose_video_is_encrypted_is_skipped_with_why(tmp_path, name, codec, audio_s):
    """FFmpeg opens a Matroska/WebM track with a ContentEncryption by its codec (the key id in its
    metadata, ``enc_key_id``), and its probe read it as a 1 s video: a streaming service's WebM
    download would have been indexed as its garbage frames. It now fails, saying it is encrypted."""
    src = Path(write(tmp_path / name, 1.0, codec=codec, audio_s=audio_s))
    assert probe(src).duration == pytest.approx(1.0, abs=0.05)  # (the clear file reads)
    path = encrypted_matroska(src, tmp_path / f"encrypted{src.suffix}")
    for read in (probe, lambda p: FrameSampler(size=16, skip="nonref").frames_at(p, [0.5])):
        with pytest.raises(MediaError, match=r"encrypted \(DRM"):
            read(path)
