"""Videos shown turned (a phone's portrait video, a mirrored camera) are read as they are shown:
the sampler's frames at every size and skip mode, the probe's size and the thumbnails."""

from __future__ import annotations

import math
from fractions import Fraction

import cv2
import numpy as np
import pytest

from core.media import FrameSampler, probe
from core.orientation import UPRIGHT, Orientation, View, from_matrix
from core.thumbnails import thumbnail
from tests.videos import write_as_shown

QUADRANTS = {"top-left": (230, 30, 30), "top-right": (30, 200, 40),
             "bottom-left": (30, 50, 230), "bottom-right": (240, 240, 240)}


def upright_image(w: int = 48, h: int = 80) -> np.ndarray:
    """A portrait picture whose four quadrants differ: any turn or mirror shows."""
    img = np.empty((h, w, 3), np.uint8)
    img[: h // 2, : w // 2] = QUADRANTS["top-left"]
    img[: h // 2, w // 2:] = QUADRANTS["top-right"]
    img[h // 2:, : w // 2] = QUADRANTS["bottom-left"]
    img[h // 2:, w // 2:] = QUADRANTS["bottom-right"]
    return img


def quadrant_colours(img: np.ndarray) -> dict[str, tuple[int, ...]]:
    h, w = img.shape[:2]
    at = {"top-left": (h // 4, w // 4), "top-right": (h // 4, 3 * w // 4),
          "bottom-left": (3 * h // 4, w // 4), "bottom-right": (3 * h // 4, 3 * w // 4)}
    return {name: tuple(int(v) for v in img[y, x]) for name, (y, x) in at.items()}


def assert_upright(img: np.ndarray) -> None:
    got = quadrant_colours(img)
    for name, want in QUADRANTS.items():
        assert np.abs(np.subtract(got[name], want)).max() <= 24, (name, got)


def write_turned(path, degrees: int, hflip: bool, frames: int = 12, aspect: Fraction = Fraction(1)) -> None:
    """A file whose display matrix (``degrees`` counter-clockwise, mirrored when ``hflip``) and
    pixels' ``aspect`` show ``upright_image``."""
    write_as_shown(path, [upright_image()] * frames, degrees=degrees, hflip=hflip, aspect=aspect)


TURNS = [(d, f) for d in (0, 90, 180, -90) for f in (False, True)]
ANAMORPHIC = [(0, Fraction(4, 3)), (-90, Fraction(4, 3)), (0, Fraction(8, 9)), (90, Fraction(3, 4))]


@pytest.fixture(scope="module")
def turned_videos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("turned")
    paths = {}
    for degrees, hflip in TURNS:
        paths[degrees, hflip] = folder / f"turned{degrees}{'-mirrored' if hflip else ''}.mp4"
        write_turned(paths[degrees, hflip], degrees, hflip)
    for degrees, aspect in ANAMORPHIC:
        paths[degrees, aspect] = folder / f"anamorphic{degrees}-{aspect.numerator}x{aspect.denominator}.mp4"
        write_turned(paths[degrees, aspect], degrees, False, aspect=aspect)
    return paths


@pytest.mark.parametrize("degrees,how", TURNS + ANAMORPHIC)
@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_frames_come_as_shown_at_every_size_and_skip_mode(turned_videos, degrees, how, skip):
    """Turned (``how``: mirrored or not) or anamorphic (``how``: the pixels' aspect), the frames
    are upright and undistorted."""
    path = turned_videos[degrees, how]
    info = probe(path)
    assert (info.width, info.height) == (48, 80)  # the size it is shown at
    full = FrameSampler(size=None, skip=skip).frame_at(path, 0.5)
    assert full.shape == (80, 48, 3)
    assert_upright(full)
    for crop in ("center", "resize", "pad"):  # shrunk by FFmpeg before the turn
        small = FrameSampler(size=(40, 24), crop=crop, skip=skip).uniform(path, 3).frames
        assert small.shape == (3, 40, 24, 3)
        for frame in small:
            assert_upright(frame)
    # a model's own resize recipe runs on the whole frame, turned first
    recipe = {"mode": "shortest_edge", "shortest_edge": 32, "resample": "bicubic"}
    clip_like = FrameSampler(size=(32, 32), resize=recipe, skip=skip).frame_at(path, 0.5)
    assert clip_like.shape == (32, 32, 3)
    assert_upright(clip_like)


@pytest.mark.parametrize("degrees,how", [(90, False), (-90, True), (-90, Fraction(4, 3)), (0, Fraction(8, 9))])
def test_thumbnails_are_upright(turned_videos, tmp_path, degrees, how):
    jpeg = thumbnail(turned_videos[degrees, how], 0.5, max_width=40, cache_dir=tmp_path)
    img = cv2.cvtColor(cv2.imread(str(jpeg)), cv2.COLOR_BGR2RGB)
    assert img.shape[:2] == (40, 24)
    assert_upright(img)


def rotation_matrix(degrees: float, hflip: bool = False, vflip: bool = False) -> list[int]:
    """FFmpeg's ``av_display_rotation_set`` then ``av_display_matrix_flip``, in 16.16 fixed point."""
    r = math.radians(degrees)
    m = [math.cos(r), -math.sin(r), 0.0, math.sin(r), math.cos(r), 0.0, 0.0, 0.0, 1.0]
    for i in range(9):
        if (i % 3 == 0 and hflip) or (i % 3 == 1 and vflip):
            m[i] = -m[i]
    return [round(v * (1 << 16)) if i not in (2, 5, 8) else round(v * (1 << 30)) for i, v in enumerate(m)]


def naive_shown(image: np.ndarray, matrix) -> np.ndarray:
    """The matrix applied pixel by pixel: (x, y) goes to (x*a + y*c, x*b + y*d), shifted."""
    a, b, c, d = (np.sign(round(matrix[i] / 65536)) for i in (0, 1, 3, 4))
    h, w = image.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w]
    nx, ny = xs * a + ys * c, xs * b + ys * d
    nx, ny = nx - nx.min(), ny - ny.min()
    out = np.zeros((ny.max() + 1, nx.max() + 1) + image.shape[2:], image.dtype)
    out[ny, nx] = image[ys, xs]
    return out


@pytest.mark.parametrize("degrees", [0, 90, 180, 270, -90, 89.6, -180.2])
@pytest.mark.parametrize("hflip,vflip", [(False, False), (True, False), (False, True), (True, True)])
def test_the_orientation_applies_the_matrix_as_the_naive_per_pixel_map(degrees, hflip, vflip):
    rng = np.random.default_rng(0)
    image = rng.integers(0, 255, (5, 7, 3), dtype=np.uint8)
    matrix = rotation_matrix(degrees, hflip, vflip)
    exact = rotation_matrix(round(degrees / 90) * 90, hflip, vflip)
    np.testing.assert_array_equal(from_matrix(matrix).apply(image), naive_shown(image, exact))


def test_no_matrix_or_the_identity_is_upright():
    image = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    assert from_matrix([0] * 9) == UPRIGHT and from_matrix(rotation_matrix(0)) == UPRIGHT
    assert from_matrix([1, 2, 3]) == UPRIGHT
    assert UPRIGHT.apply(image) is image
    quarter = from_matrix(rotation_matrix(90))
    assert quarter.transpose and quarter.shown_size(640, 360) == (360, 640)
    assert View(Orientation(transpose=True)).coded_size(24, 40) == (40, 24)
    assert View(Orientation(transpose=True), aspect=2.0).shown_size(20, 30) == (30, 40)  # stretched, then turned


def test_the_pixel_bound_counts_the_frame_as_shown(tmp_path):
    """A header's pixel shape cannot stretch a frame past ``max_pixels`` (a thumbnail of it would
    be made at that size): 32 x 48 pixels 5 times as wide as high are shown 160 x 48."""
    from core.errors import MediaError

    path = write_as_shown(tmp_path / "wide.mp4", [upright_image(160, 48)] * 3, aspect=5)
    assert (probe(path).width, probe(path).height) == (160, 48)
    with pytest.raises(MediaError, match="160x48 as shown"):
        FrameSampler(size=None, max_pixels=5_000).frame_at(path, 0.0)
