"""A video track FFmpeg has no decoder for (a DRM-protected iTunes purchase, an encrypted download,
a camera's raw format, an unknown FourCC) fails with a reason a user can act on, never with
"unexpected error: AttributeError" (PyAV gives such a track no codec context)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import MediaError
from core.media import FrameSampler, probe
from tests.test_tracks import write


def retagged(src: Path, dst: Path, old: bytes, new: bytes, every: bool = False) -> Path:
    """``src`` with its last (or ``every``) ``old`` bytes written as ``new``: a track's codec named otherwise."""
    data = Path(src).read_bytes()
    at = data.rfind(old)
    assert at > 0
    dst.write_bytes(data.replace(old, new) if every else data[:at] + new + data[at + len(old):])
    return dst


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("codecs")
    return write(folder / "plain.mp4", 1.0, audio_s=1.0)  # (its index after its media: the last 'avc1' is its sample entry)


@pytest.mark.parametrize("entry, said", [
    (b"drmi", "protected by DRM"),  # FairPlay: an iTunes Store movie or rental
    (b"encv", "encrypted"),  # Common Encryption: a streaming service's download
    (b"brw1", "video codec ('brw1')"),  # a codec FFmpeg has no decoder for
])
def test_an_mp4_whose_video_cannot_be_decoded_says_why(plain, tmp_path, entry, said):
    path = retagged(plain, tmp_path / f"{entry.decode()}.mp4", b"avc1", entry)
    for read in (probe, lambda p: FrameSampler(size=16, skip="nonref").frames_at(p, [0.5])):
        with pytest.raises(MediaError) as e:
            read(path)
        assert said in e.value.reason, e.value.reason


def test_a_matroska_or_avi_video_of_an_unknown_codec_says_its_codec_is_not_supported(plain, tmp_path):
    mkv = write(tmp_path / "plain.mkv", 1.0)
    avi = write(tmp_path / "plain.avi", 1.0, codec="mpeg4")
    for path in (retagged(mkv, tmp_path / "unknown.mkv", b"V_MPEG4/ISO/AVC", b"V_QQQQQ/ISO/AVC"),
                 retagged(avi, tmp_path / "unknown.avi", b"FMP4", b"QQQQ", every=True)):
        with pytest.raises(MediaError, match="video codec is not one Seekframe can decode"):
            probe(path)
