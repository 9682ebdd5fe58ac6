"""An MP4 whose video track its header says is encrypted (Common Encryption: an 'encv' sample entry
holding a protection scheme, 'sinf', whose original format FFmpeg opens and decodes the encrypted
frames as) is skipped with its reason, never indexed as the garbage its frames decode to."""

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
