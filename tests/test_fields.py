"""Interlaced video is read as a player deinterlaces it (``core.fields``): a frame shrunk to no
more lines than one field has is read by its top field, so what moved between the fields is not
shown twice; a frame kept larger, or a progressive one, is scaled whole."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from core import fields
from core.media import FrameSampler, probe
from core.orientation import View
from tests.videos import write_interlaced

RED, BLUE = (220, 30, 30), (30, 50, 220)


def picture(colour, h=480, w=640) -> np.ndarray:
    img = np.empty((h, w, 3), np.uint8)
    img[:] = colour
    return img


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """A red top field and a blue bottom one in every frame (what moved fast between the fields),
    flagged interlaced, and the same frames coded as progressive."""
    folder = tmp_path_factory.mktemp("fields")
    pictures = [picture(RED), picture(BLUE)] * 8
    return {"interlaced": write_interlaced(folder / "interlaced.mp4", pictures),
            "progressive": write_interlaced(folder / "progressive.mp4", pictures, interlaced=False)}


def mean_colour(img) -> np.ndarray:
    return img.reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_an_interlaced_frame_shrunk_is_read_by_its_top_field(clips, skip):
    frames = FrameSampler(64, skip=skip).frames_at(clips["interlaced"], [0.05, 0.35]).frames
    for f in frames:
        assert np.abs(mean_colour(f) - RED).max() < 12  # the top field: red, not red and blue mixed


def test_a_models_own_resize_recipe_reads_an_interlaced_frame_by_its_top_field_too(clips):
    """CLIP's recipe (short side to 64, then a centre crop) is followed on the whole frame as
    shown: that frame is made from the top field when the recipe shrinks it to a field's lines."""
    recipe = {"mode": "shortest_edge", "shortest_edge": 64, "resample": "bicubic", "crop": "center"}
    frame = FrameSampler(64, resize=recipe).frame_at(clips["interlaced"], 0.05)
    assert frame.shape == (64, 64, 3) and np.abs(mean_colour(frame) - RED).max() < 12
    big = dict(recipe, shortest_edge=400)  # more lines than a field (240): the frame whole
    blend = (np.array(RED) + np.array(BLUE)) / 2
    assert np.abs(mean_colour(FrameSampler(400, resize=big).frame_at(clips["interlaced"], 0.05)) - blend).max() < 20


def test_a_progressive_frame_and_one_kept_at_more_lines_than_a_field_are_scaled_whole(clips):
    blend = (np.array(RED) + np.array(BLUE)) / 2
    progressive = FrameSampler(64).frame_at(clips["progressive"], 0.05)
    assert np.abs(mean_colour(progressive) - blend).max() < 20
    whole = FrameSampler(size=None).frame_at(clips["interlaced"], 0.05)  # 480 lines: both fields
    assert whole.shape[:2] == (480, 640) and np.abs(mean_colour(whole) - blend).max() < 20
    assert np.abs(whole[100, 320].astype(int) - RED).max() < 40 and np.abs(whole[101, 320].astype(int) - BLUE).max() < 40


def test_the_probe_and_the_view_say_interlaced(clips):
    assert (probe(clips["interlaced"]).width, probe(clips["interlaced"]).height) == (640, 480)  # the frame's size
    reader = FrameSampler(64).open(clips["interlaced"])
    try:
        assert reader.view.interlaced and not reader.view.plain
    finally:
        reader.close()


def test_use_field_only_when_a_field_has_lines_enough():
    interlaced = SimpleNamespace(interlaced_frame=True, height=1080)
    assert fields.use_field(interlaced, 224) and fields.use_field(interlaced, 540)
    assert not fields.use_field(interlaced, 541) and not fields.use_field(interlaced, 1080)
    assert not fields.use_field(SimpleNamespace(interlaced_frame=False, height=1080), 224)


def test_top_field_is_the_even_lines_and_leaves_the_frame_as_it_was():
    import av

    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (96, 64, 3), dtype=np.uint8)
    frame = av.VideoFrame.from_ndarray(img, format="rgb24")
    for _ in range(2):  # (the second time through the thread's graph for this shape)
        top = fields.top_field(frame)
        assert (top.width, top.height) == (64, 48)
        np.testing.assert_array_equal(top.to_ndarray(format="rgb24"), img[0::2])
    np.testing.assert_array_equal(frame.to_ndarray(format="rgb24"), img)
    other = av.VideoFrame.from_ndarray(img[:50], format="rgb24")  # another shape: its own graph
    np.testing.assert_array_equal(fields.top_field(other).to_ndarray(format="rgb24"), img[:50:2])


def test_which_readers_showed_a_video_as_this_one_does():
    assert View().shown_as_by(0) and View().shown_as_by(1) and View().shown_as_by(2)
    assert not View(aspect=4 / 3).shown_as_by(1) and View(aspect=4 / 3).shown_as_by(2)
    assert not View(interlaced=True).shown_as_by(2) and View(interlaced=True).shown_as_by(3)
    assert not View(hdr="hlg", interlaced=True).shown_as_by(1)
