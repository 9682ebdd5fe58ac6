"""A release's clips downloaded and never unpacked (``TrainValVideo.zip`` beside the annotations, ``MSVD/YouTubeClips.tar``):
the run was refused saying only that every video was left out, 'file not found'. The refusal names the archives
there, which may hold them."""

from __future__ import annotations

import copy
import json

import pytest

from core.errors import SeekframeError
from training.config import DEFAULTS
from training.data.splits import load_splits


def test_a_split_whose_clips_are_all_missing_names_the_archives_beside(tmp_path):
    videos = [{"video_id": f"video{i}", "split": ("train", "validate", "test")[min(i // 4, 2)]} for i in range(12)]
    (tmp_path / "train_val_videodatainfo.json").write_text(json.dumps(
        {"videos": videos, "sentences": [{"video_id": f"video{i}", "caption": "c"} for i in range(12)]}))
    (tmp_path / "TrainValVideo").mkdir()  # (the folder made, its clips still in the zip)
    (tmp_path / "TrainValVideo.zip").write_bytes(b"PK\x03\x04")
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "TestVideo.tar.gz").write_bytes(b"\x1f\x8b")
    cfg = copy.deepcopy(DEFAULTS)
    cfg["data"].update({"format": "msrvtt", "root": str(tmp_path), "options": {"train_list": "full"}})
    with pytest.raises(SeekframeError, match=r"left out \(e.g. 'video0': file not found\); TrainValVideo.zip, "
                                             r"extra/TestVideo.tar.gz may hold them still packed: unpack the clips"):
        load_splits(cfg)


def test_no_archive_no_words(tmp_path):
    from training.data.splits import packed

    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "notes.txt").write_text("x")
    assert packed(tmp_path) == [] and packed(tmp_path / "missing") == []
