"""WebP files (phones' and messengers' short clips, stickers): FFmpeg 8.1 decodes still WebP images
only. An animated one used to fail with "no video stream (the video track has no frame size)", which
says nothing a user can act on; it now says what it is and that FFmpeg cannot decode it."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core import webp
from core.errors import MediaError
from core.media import probe

av = pytest.importorskip("av")


def write_animated_webp(path, frames: int = 12, ms: int = 100):
    with av.open(str(path), "w", format="webp") as out:
        stream = out.add_stream("libwebp_anim", rate=1000 // ms)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(frames):
            rgb = np.full((48, 64, 3), (20 * i) % 256, np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def write_still_webp(path):
    path.write_bytes(cv2.imencode(".webp", np.full((48, 64, 3), 90, np.uint8))[1].tobytes())
    return path


@pytest.fixture
def animated(tmp_path):
    if "libwebp_anim" not in av.codecs_available:
        pytest.skip("no animated WebP encoder in this FFmpeg")
    return write_animated_webp(tmp_path / "sticker.webp")


def test_webp_frames_tells_a_still_image_from_an_animation(tmp_path, animated):
    assert webp.webp_frames(animated, enough=100) == 12
    assert webp.webp_frames(animated) == 2  # (counts up to enough: a scan reads a few chunk headers)
    assert webp.webp_frames(write_still_webp(tmp_path / "photo.webp")) == 1
    (tmp_path / "fake.webp").write_bytes(b"not a webp at all")
    assert webp.webp_frames(tmp_path / "fake.webp") == 2  # (left to the decoder, which says why)
    (tmp_path / "cut.webp").write_bytes(animated.read_bytes()[:40])  # (its header, no frame)
    assert webp.webp_frames(tmp_path / "cut.webp") == 2


def decodes(path) -> bool:
    try:
        with av.open(str(path)) as c:
            return any(True for _ in c.decode(video=0))
    except av.FFmpegError:
        return False


def test_an_animated_webp_says_ffmpeg_cannot_decode_it(tmp_path, animated):
    if decodes(animated):  # (an FFmpeg that decodes them: read as any other video)
        assert probe(animated).frame_count >= 12
        return
    with pytest.raises(MediaError) as e:
        probe(animated)
    assert e.value.reason == webp.ANIMATED_WEBP
    cut = tmp_path / "cut.webp"  # (a download cut short: FFmpeg may open it or not)
    cut.write_bytes(animated.read_bytes()[:200])
    with pytest.raises(MediaError) as e:
        probe(cut)
    assert e.value.reason == webp.ANIMATED_WEBP
    assert webp.reason(write_still_webp(tmp_path / "photo.webp")) is None


def test_a_still_webp_is_an_image_not_a_video(tmp_path):
    with pytest.raises(MediaError) as e:
        probe(write_still_webp(tmp_path / "photo.webp"))
    assert e.value.reason.startswith("not a video: an image")
