"""VATEX clips downloaded already trimmed to their segment but saved by YouTube id alone
(``<youtube id>.mp4``, not ``<videoID>.mp4``): each was taken as the whole video, so its clip
lay outside the file ("clip [122, 132) s lies outside the 10.0 s video") and the run refused."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from core.media import FrameSampler
from tests.videos import COLORS, Segment, write_video
from training.config import load_config
from training.data import vatex
from training.data.dataset import ClipTextDataset, readable
from training.data.splits import load_splits


def _video(path, seconds, color):
    write_video(path, [Segment(seconds, color)], fps=10, size=(64, 48))


def _root(tmp_path):
    """Train: 4 clips trimmed but named by YouTube id (4 s files for 4 s clips far into their
    videos), 1 whole download. Val (the test split): 2 trimmed by id, 1 whole, 1 whole video
    too short for its clip (refused, as before)."""
    videos = tmp_path / "videos"
    train = [{"videoID": f"trm{i}_000122_000126", "enCap": [f"trimmed {i}"]} for i in range(4)]
    train.append({"videoID": "whole0_000002_000004", "enCap": ["a whole video"]})
    val = [{"videoID": "vtrm0_000122_000126", "enCap": ["val trimmed 0"]},
           {"videoID": "vtrm1_000004_000008", "enCap": ["val trimmed 1, ending just into its span"]},
           {"videoID": "vwhole_000002_000004", "enCap": ["val whole"]},
           {"videoID": "vshort_000030_000034", "enCap": ["a whole download too short"]}]
    (tmp_path / vatex.FILES["train"]).write_text(json.dumps(train))
    (tmp_path / vatex.FILES["val"]).write_text(json.dumps(val))
    for i in range(4):
        _video(videos / f"trm{i}.mp4", 4, "red")
    _video(videos / "whole0.mp4", 6, "blue")
    _video(videos / "vtrm0.mp4", 4.5, "red")
    _video(videos / "vtrm1.mp4", 4.2, "red")  # 4 s clip at [4, 8): the file reaches 0.2 s into it
    _video(videos / "vwhole.mp4", 6, "blue")
    _video(videos / "vshort.mp4", 2, "green")
    return tmp_path


def test_clips_trimmed_but_named_by_youtube_id_are_read_whole_and_said_once(tmp_path, caplog):
    root = _root(tmp_path)
    cfg = load_config(None, [f"data.root={root}", "data.format=vatex", "data.test_split=val",
                             "data.val_fraction=0.4"])
    with caplog.at_level(logging.INFO, logger="training"):
        train, val, test = load_splits(cfg)
    said = [r.getMessage() for r in caplog.records if "trimmed" in r.getMessage()]
    n_val = sum(e.video_id.startswith("trm") for e in val.entries)  # (the carved ones)
    assert len(said) == 1 and said[0].startswith(f"VATEX: 6 clips ({4 - n_val} train, {n_val} val, 2 test)")
    spans = {e.video_id: (e.start, e.end) for s in (train, val, test) for e in s.entries}
    for vid in ["trm0_000122_000126", "trm1_000122_000126", "trm2_000122_000126", "trm3_000122_000126",
                "vtrm0_000122_000126", "vtrm1_000004_000008"]:
        assert spans[vid] == (0.0, None), vid
    assert spans["whole0_000002_000004"] == (2.0, 4.0) and spans["vwhole_000002_000004"] == (2.0, 4.0)
    assert spans["vshort_000030_000034"] == (30.0, 34.0)

    checked = readable(test)  # before the fix: every trimmed clip "lies outside the 4.0 s video"
    assert [e.video_id for e in checked.entries] == ["vtrm0_000122_000126", "vtrm1_000004_000008",
                                                     "vwhole_000002_000004"]
    assert [(v, why) for v, why in checked.skipped if v == "vshort_000030_000034"] == [
        ("vshort_000030_000034", "clip [30, 34.0) s lies outside the 2.0 s video")]
    ds = ClipTextDataset(checked, FrameSampler(size=32), 4, train=False)
    for i, color in enumerate(["red", "red", "blue"]):
        frames = ds[i]["frames"].numpy()
        assert np.abs(frames.reshape(-1, 3).mean(0) - np.array(COLORS[color])).max() < 25


@pytest.mark.parametrize("duration, start, end, trimmed", [
    (10.0, 122, 132, True),     # the report: a 10 s file for the clip [122, 132)
    (10.04, 10, 20, True),      # cut a little long, its clip starting at its length
    (9.2, 40, 50, True),        # cut a little short
    (10.0, 0, 10, False),       # the whole video and the clip are one: read as whole, the same
    (10.0, 5, 15, False),       # covers half its clip: a whole video, read as far as it goes
    (60.0, 122, 132, False),    # a whole video too short for its clip: still refused
    (3.0, 122, 132, False),     # nothing like the clip's length: a download cut short
])
def test_the_trimmed_rule(duration, start, end, trimmed):
    assert vatex.is_trimmed(duration, start, end) is trimmed
