"""HDR phone video (HDR10's PQ, HLG; 10-bit HEVC in BT.2020 colours) is read as the SDR picture
it shows, not grey and washed out."""

from __future__ import annotations

import av
import numpy as np
import pytest

from core import hdr
from core.media import FrameSampler
from tests.videos import write_as_shown

PATCH = 16
# sRGB colours a phone might film, all below the roll-off's knee
PATCHES = np.array([[200, 40, 40], [40, 160, 60], [50, 70, 200], [220, 200, 60],
                    [120, 120, 120], [30, 30, 30], [190, 120, 160], [90, 180, 200]], np.uint8)


def sdr_picture() -> np.ndarray:
    """4 x 2 flat patches (flat, so 4:2:0 chroma leaves their middles exact)."""
    img = np.zeros((2 * PATCH, 4 * PATCH, 3), np.uint8)
    for i, colour in enumerate(PATCHES):
        y, x = divmod(i, 4)
        img[y * PATCH:(y + 1) * PATCH, x * PATCH:(x + 1) * PATCH] = colour
    return img


def patch_means(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    ph, pw = h // 2, w // 4
    return np.array([img[y * ph + ph // 4:(y + 1) * ph - ph // 4, x * pw + pw // 4:(x + 1) * pw - pw // 4]
                     .reshape(-1, 3).mean(0) for y in range(2) for x in range(4)])


def write_hdr(path, transfer: str, frames: int = 6) -> None:
    """``sdr_picture`` as a phone would record it in HDR: BT.2020 colours, ``transfer``'s curve,
    10-bit HEVC tagged so (lossless, so that only the reading is tested)."""
    write_as_shown(path, [sdr_picture()] * frames, transfer=transfer, lossless=True)


@pytest.mark.parametrize("transfer", ["pq", "hlg"])
def test_hdr_video_reads_as_the_sdr_picture_it_shows(tmp_path, transfer):
    path = tmp_path / f"{transfer}.mp4"
    write_hdr(path, transfer)
    want = patch_means(sdr_picture())
    for size in (None, (32, 64)):
        for skip in ("none", "nonref"):
            got = patch_means(FrameSampler(size=size, crop="resize", skip=skip).frame_at(path, 0.2))
            assert np.abs(got - want).max() <= 6, (size, skip, got.round(), want)
    # read as if it were SDR, as before: far off (the test can tell)
    with av.open(str(path)) as container:
        naive = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert np.abs(patch_means(naive) - want).max() > 40


def test_the_curves_give_the_published_values():
    # ST 2084: 100 cd/m² at 50.8%, HDR reference white 203 cd/m² at 58%, 1000 at 75.2%
    np.testing.assert_allclose(hdr.nits_to_pq(np.array([0.0, 100.0, 203.0, 1000.0, 10000.0])),
                               [7.3e-7, 0.5081, 0.5806, 0.7518, 1.0], atol=6e-4)
    nits = np.array([0.01, 1.0, 100.0, 203.0, 4000.0])
    np.testing.assert_allclose(hdr.pq_to_nits(hdr.nits_to_pq(nits)), nits, rtol=1e-6)
    # BT.2100 HLG: 1/12 of scene light at half the signal, all of it at the top; reference
    # white (75%) is 26.5% of scene light
    np.testing.assert_allclose(hdr.scene_to_hlg(np.array([1 / 12, 1.0])), [0.5, 1.0], atol=1e-6)
    assert hdr.hlg_to_scene(np.float64(0.75)) == pytest.approx(0.2647, abs=1e-3)
    e = np.linspace(0, 1, 41)
    np.testing.assert_allclose(hdr.scene_to_hlg(hdr.hlg_to_scene(e)), e, atol=1e-6)


def test_the_roll_off_keeps_sdr_light_and_brings_highlights_under_white():
    x = np.linspace(0, 10, 2001)
    y = hdr.roll_off(x)
    np.testing.assert_array_equal(y[x <= hdr.KNEE], x[x <= hdr.KNEE])
    assert np.all(np.diff(y) >= 0) and y.max() <= 1.0 and hdr.roll_off(np.float64(1.5)) < 1.0
    eps = 1e-4  # no kink: the slope just above the knee is the 1 below it
    above = (hdr.roll_off(np.float64(hdr.KNEE + eps)) - hdr.KNEE) / eps
    assert above == pytest.approx(1.0, abs=1e-3)


def test_sdr_frames_are_left_alone():
    class Frame:
        color_trc, color_primaries = 1, 1  # BT.709

    assert hdr.transfer_of(Frame()) == "" and not hdr.wide_gamut(Frame())
    with pytest.raises(ValueError):
        hdr.to_sdr(np.zeros((2, 2, 3), np.uint16), "", False)


@pytest.mark.parametrize("transfer", ["pq", "hlg"])
@pytest.mark.parametrize("bt2020", [True, False])
def test_the_lookup_tables_give_the_curves_own_values(transfer, bt2020):
    rgb16 = np.random.default_rng(1).integers(0, 65536, (64, 64, 3), dtype=np.uint16)
    signal = rgb16 / 65535.0
    if transfer == "pq":
        light = hdr.pq_to_nits(signal) / hdr.PQ_REFERENCE_WHITE
    else:
        light = hdr.hlg_to_scene(signal) / hdr.hlg_to_scene(np.float64(hdr.HLG_REFERENCE_SIGNAL))
    if bt2020:
        light = light @ hdr.BT2020_TO_BT709.astype(np.float64).T
    naive = np.floor(hdr.srgb_encode(hdr.roll_off(np.maximum(light, 0.0))) * 255 + 0.5)
    got = hdr.to_sdr(rgb16, transfer, bt2020)
    assert got.dtype == np.uint8 and got.shape == rgb16.shape
    assert np.abs(got.astype(int) - naive).max() <= 1


def test_an_hdr_thumbnail_shows_the_sdr_picture(tmp_path):
    import cv2

    from core.thumbnails import thumbnail

    path = tmp_path / "pq.mp4"
    write_hdr(path, "pq")
    img = cv2.cvtColor(cv2.imread(str(thumbnail(path, 0.2, max_width=32, cache_dir=tmp_path / "thumbs"))),
                       cv2.COLOR_BGR2RGB)
    assert img.shape == (16, 32, 3)
    assert np.abs(patch_means(img) - patch_means(sdr_picture())).max() <= 12  # (and JPEG's loss)
