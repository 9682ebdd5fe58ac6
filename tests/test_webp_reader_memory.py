"""An animated WebP's frame turned into the RGB the sampler gets: at the largest canvas (8192x4352)
the whole canvas as RGBA and as 16-bit colours took ~540 MB more than its RGB (~100 MB). It is laid
over black a band of rows at a time now, its pixels as before: opaque ones as decoded, transparent
ones each colour times its alpha / 255, rounded down."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from PIL import Image, features

from core import webp_reader
from core.video_open import Budget
from core.webp_reader import WebpReader

pytestmark = pytest.mark.skipif(not features.check("webp"), reason="this Pillow reads no WebP")


def _before(image) -> np.ndarray:
    """The conversion as it was (the reference the pixels must keep)."""
    shown = np.asarray(image if image.mode == "RGB" else image.convert("RGBA"))
    if shown.shape[-1] == 4:
        shown = (shown[..., :3] * shown[..., 3:].astype(np.uint16) // 255).astype(np.uint8)
    return np.ascontiguousarray(shown)


def _rgba(h: int, w: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 4), dtype=np.uint8)


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "LA", "P"])
def test_the_pixels_are_those_of_before_in_bands_that_do_not_divide_the_canvas(monkeypatch, mode):
    monkeypatch.setattr(webp_reader, "BAND_BYTES", 4 * 37 * 7)  # (7 rows a band: 53 rows in 8 bands)
    image = Image.fromarray(_rgba(53, 37), "RGBA").convert(mode)
    got = webp_reader.shown(image)
    assert got.dtype == np.uint8 and got.shape == (53, 37, 3) and got.flags.c_contiguous
    assert np.array_equal(got, _before(image))


def _animated(path, frames: list[np.ndarray]):
    images = [Image.fromarray(f, "RGBA") for f in frames]
    images[0].save(path, "WEBP", save_all=True, append_images=images[1:], duration=100, lossless=True)
    return path


def test_a_transparent_and_an_opaque_frame_read_as_before(tmp_path):
    clear, opaque = _rgba(48, 64, 1), _rgba(48, 64, 2)
    opaque[..., 3] = 255
    path = _animated(tmp_path / "sticker.webp", [clear, opaque])
    reader = WebpReader(path, Budget(path, 60))
    try:
        for i in range(2):
            reader.image.seek(i)
            expected = _before(reader.image)
            assert np.array_equal(reader._decode(i), expected)
        assert np.array_equal(expected, opaque[..., :3])
    finally:
        reader.close()


def test_a_large_transparent_frame_takes_little_more_than_its_rgb(tmp_path):
    h, w = 1088, 2048
    frame = np.zeros((h, w, 4), np.uint8)
    frame[..., 0], frame[..., 3] = 200, (np.arange(w) % 256)[None, :]
    second = frame.copy()
    second[..., 0] = 100
    path = _animated(tmp_path / "wide.webp", [frame, second])
    reader = WebpReader(path, Budget(path, 60))
    try:
        reader.image.seek(1)
        reader.image.load()
        reader.decoded_at, reader.picture = 1, None  # (decoded by Pillow; not yet turned into RGB)
        tracemalloc.start()
        try:
            rgb = reader._decode(1)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        reader.close()
    assert rgb.shape == (h, w, 3) and rgb[0, 255, 0] == 100 and rgb[0, 128, 0] == 100 * 128 // 255 and rgb[0, 0, 0] == 0
    # (the RGB and a few bands of rows; the whole canvas as RGBA and as 16-bit took 34 MiB here)
    assert peak < rgb.nbytes + (16 << 20), f"{peak / 2**20:.0f} MiB for {rgb.nbytes / 2**20:.0f} MiB of RGB"
