"""An MP4 whose video entry holds a protection scheme ('sinf') that says its samples are clear
(Common Encryption's 'tenc' with default_isProtected = 0: a packager's track left unencrypted) is
read like any other; one whose scheme says they are encrypted, or does not say, is refused."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from core.errors import MediaError
from core.media import FrameSampler, probe
from tests.test_fragmented_mp4 import colours, write_fragmented
from tests.test_reader_encrypted import box, full_box
from tests.test_tracks import colour_at, write


def scheme(protected: int | None, version: int = 0) -> bytes:
    """A Common Encryption 'sinf' for an 'avc1' entry; its 'tenc' says ``protected`` (none: no 'tenc')."""
    schi = b"" if protected is None else box(b"schi", box(b"tenc", bytes([version, 0, 0, 0, 0, 0x11 if version else 0,
                                                                             protected, 8 if protected else 0]) + bytes(16)))
    return box(b"sinf", box(b"frma", b"avc1") + full_box(b"schm", b"cens" + struct.pack(">I", 0x10000)) + schi)


def seig(protected: int) -> bytes:
    """A version 1 'sgpd' of one 'seig' entry (reserved, pattern, isProtected, IV size, key id)."""
    return box(b"sgpd", bytes([1, 0, 0, 0]) + b"seig" + struct.pack(">II", 20, 1)
               + bytes([0, 0, protected, 8 if protected else 0]) + bytes(16))


def with_scheme(src: Path, dst: Path, sinf: bytes, rename: bytes = b"avc1", group: bytes = b"") -> Path:
    """``src`` with its video's 'avc1' entry holding ``sinf`` (renamed ``rename``) and ``group`` put
    right after its 'stsd'; the boxes they are in grown to hold them (no frame moves: the index is
    after the media, or a fragmented file's fragments find their data from their own 'moof')."""
    data = bytearray(Path(src).read_bytes())
    at = data.find(b"avc1", data.find(b"stsd")) - 4
    size = struct.unpack(">I", data[at:at + 4])[0]
    stsd = data.rfind(b"stsd", 0, at) - 4
    stsd_end = stsd + struct.unpack(">I", data[stsd:stsd + 4])[0]
    data[stsd_end:stsd_end] = group  # (after the stsd, in its stbl)
    data[at + size:at + size] = sinf
    data[at:at + 8] = struct.pack(">I4s", size + len(sinf), rename)
    for kind in (b"stsd", b"stbl", b"minf", b"mdia", b"trak", b"moov"):
        k = data.rfind(kind, 0, at) - 4
        while not k < at < k + struct.unpack(">I", data[k:k + 4])[0]:
            k = data.rfind(kind, 0, k) - 4
        data[k:k + 4] = struct.pack(">I", struct.unpack(">I", data[k:k + 4])[0] + len(sinf) + (len(group) if kind != b"stsd" else 0))
    dst.write_bytes(bytes(data))
    return dst


@pytest.fixture(params=["plain", "fragmented"])
def clear(request, tmp_path) -> Path:
    if request.param == "plain":
        return Path(write(tmp_path / "clear.mp4", 2.0, audio_s=2.0))
    return Path(write_fragmented(tmp_path / "clear.mp4", seconds=2.0))


@pytest.mark.parametrize("rename, version", [(b"avc1", 0), (b"encv", 0), (b"encv", 1)])
def test_a_video_whose_scheme_says_its_samples_are_clear_is_read(tmp_path, clear, rename, version):
    """It was refused as 'encrypted (DRM ...)' though FFmpeg decodes its frames right (its samples
    are clear): any 'sinf' counted as encryption. Its 'tenc' is now read: its frames are indexed."""
    path = with_scheme(clear, tmp_path / "clear scheme.mp4", scheme(0, version), rename)
    assert probe(path).duration == pytest.approx(2.0, abs=0.05)
    got = FrameSampler(size=None).frames_at(path, [0.5, 1.5])
    assert colours(got.frames) == [colour_at(0.5), colour_at(1.5)]


@pytest.mark.parametrize("sinf, rename, group", [
    (scheme(1), b"encv", b""), (scheme(1), b"avc1", b""), (scheme(1, version=1), b"encv", b""),
    (scheme(None), b"encv", b""), (scheme(None), b"avc1", b""),  # (no 'tenc' to say: encrypted)
    (scheme(0), b"encv", seig(1)),  # (clear by default, its samples' group encrypted)
])
def test_a_video_whose_scheme_says_or_may_be_encrypted_is_still_refused(tmp_path, sinf, rename, group):
    path = with_scheme(Path(write(tmp_path / "clear.mp4", 1.0, audio_s=1.0)), tmp_path / "encrypted.mp4", sinf, rename, group)
    with pytest.raises(MediaError, match=r"encrypted \(DRM"):
        probe(path)


def test_a_clear_scheme_whose_sample_group_is_clear_too_is_read(tmp_path):
    path = with_scheme(Path(write(tmp_path / "clear.mp4", 1.0, audio_s=1.0)), tmp_path / "c.mp4", scheme(0), b"encv", seig(0))
    assert probe(path).duration == pytest.approx(1.0, abs=0.05)
