"""A clip whose extension is in capitals (``x.GIF`` saved by a browser, ``video3.MP4`` copied off a
camera or a Windows share) is found as its lowercase name would be: it was 'file not found', left out
of its split and counted missing while it sat in the folder."""

from __future__ import annotations

import logging

import numpy as np
from PIL import Image

from core.media import FrameSampler
from training.config import load_config
from training.data import msrvtt, tgif
from training.data.splits import load_splits
from tests.test_training_tgif_layouts import SPLITS, _release, _stand_in


def test_a_gif_named_in_capitals_is_found_and_decodes(tmp_path, caplog):
    _release(tmp_path)
    for i in range(13):
        _stand_in(tmp_path / "gifs" / f"tumblr_g{i}_500.gif")
    (tmp_path / "gifs" / "tumblr_g11_500.gif").unlink()
    frames = [Image.fromarray(np.full((24, 24, 3), c, np.uint8)) for c in ((200, 30, 30), (30, 200, 30)) * 3]
    frames[0].save(tmp_path / "gifs" / "tumblr_g11_500.GIF", save_all=True, append_images=frames[1:], duration=100)
    test = tgif.load(tmp_path, "test")
    assert [e.path for e in test.entries if e.video_id == "tumblr_g11_500"] == [str(tmp_path / "gifs" / "tumblr_g11_500.GIF")]
    assert FrameSampler(size=24).uniform(str(tmp_path / "gifs" / "tumblr_g11_500.GIF"), 2).frames.shape == (2, 24, 24, 3)
    with caplog.at_level(logging.WARNING, logger="training"):
        _, _, tested = load_splits(load_config(None, [f"data.root={tmp_path}", "data.format=tgif"]))
    assert len(tested) == len(SPLITS["test"]) and tested.skipped == [] and "left out" not in caplog.text


def test_an_msrvtt_clip_named_in_capitals_is_found(tmp_path):
    folder = tmp_path / "videos" / "all"
    folder.mkdir(parents=True)
    (folder / "video7.MP4").write_bytes(b"\0")
    (folder / "video8.mp4").write_bytes(b"\0")
    assert msrvtt._video_path([folder], "video7") == str(folder / "video7.MP4")
    assert msrvtt._video_path([folder], "video8") == str(folder / "video8.mp4")
    assert msrvtt._video_path([folder], "video9") == str(folder / "video9.mp4")  # (missing: named as looked for)
