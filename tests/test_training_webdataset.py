"""WebDataset shards (``training.data.webdataset``): tars of samples sharing a key, the video decoded
by the one frame sampler after being copied out once; a sample without a caption is left out with
why, not a crash."""

from __future__ import annotations

import json
import logging
import tarfile
from pathlib import Path

import pytest

from core.media import FrameSampler
from tests.videos import Segment, write_video
from tests.shards import sample_members, write_shard
from training.data import holdout, webdataset
from training.data.base import AnnotationError
from training.data.splits import load_splits


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("clip") / "clip.mp4"
    write_video(path, [Segment(1.0, "red"), Segment(1.0, "blue")], fps=10, size=(64, 48))
    return path.read_bytes()


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))


def _shard(path: Path, samples: dict[str, dict[str, bytes | str]]) -> Path:
    return write_shard(path, sample_members(samples))


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def test_shards_named_for_their_split_are_read_and_their_videos_decode(tmp_path, clip):
    for n in range(2):
        _shard(tmp_path / f"train-{n:06d}.tar", {f"v{n}{k}": {"mp4": clip, "txt": f"clip {n}{k}\nanother\n"}
                                                 for k in range(2)})
    _shard(tmp_path / "test-000000.tar", {"t0": {"mp4": clip, "json": json.dumps({"captions": ["a", "b"]}),
                                                 "cls": "3"}})
    train = webdataset.load(tmp_path, "train")
    assert _ids(train) == ["v00", "v01", "v10", "v11"] and train.entries[0].captions == ["clip 00", "another"]
    test = webdataset.load(tmp_path, "test")
    assert _ids(test) == ["t0"] and test.entries[0].captions == ["a", "b"]
    frames = FrameSampler(size=32).uniform(test.entries[0].path, 4).frames
    assert frames.shape == (4, 32, 32, 3)
    assert frames[0, 16, 16, 0] > 150 and frames[-1, 16, 16, 2] > 150  # (red, then blue)


def test_a_sample_without_a_caption_is_left_out_with_why(tmp_path, clip, caplog):
    _shard(tmp_path / "train-0.tar", {"a": {"mp4": clip, "txt": "a cat"}, "b": {"mp4": clip, "cls": "1"},
                                      "c": {"txt": "no video"}, "d": {"mp4": clip, "json": "{not json"},
                                      "e": {"webm": clip, "json": json.dumps({"text": "e clip", "id": 4})}})
    with caplog.at_level(logging.WARNING):
        train = webdataset.load(tmp_path, "train")
    assert _ids(train) == ["a", "e"] and train.entries[1].path.endswith(".webm")
    why = dict(train.skipped)
    assert why["b"].startswith("no caption") and why["c"].startswith("no video")
    assert why["d"].startswith("d.json: not valid JSON")
    assert "3 samples left out" in caplog.text


def test_a_brace_pattern_and_a_split_mapping_name_the_shards(tmp_path, clip):
    for n in range(3):
        _shard(tmp_path / "data" / f"part-{n:04d}.tar", {f"p{n}": {"mp4": clip, "txt": f"part {n}"}})
    _shard(tmp_path / "data" / "held.tar", {"h": {"mp4": clip, "txt": "held"}})
    shards = {"train": "data/part-{0000..0002}.tar", "test": ["data/held.tar"]}
    assert _ids(webdataset.load(tmp_path, "train", shards=shards)) == ["p0", "p1", "p2"]
    assert _ids(webdataset.load(tmp_path, "test", shards=shards)) == ["h"]
    with pytest.raises(AnnotationError, match="shard not found"):
        webdataset.load(tmp_path, "train", shards="data/part-{0000..0003}.tar")


def test_eval_shards_are_the_validation_split_and_the_run_reads_them(tmp_path, clip):
    _shard(tmp_path / "train" / "shard-00.tar", {f"v{k}": {"mp4": clip, "txt": f"clip {k}"} for k in range(3)})
    _shard(tmp_path / "eval" / "shard-00.tar", {"e0": {"mp4": clip, "txt": "eval clip"}})
    _shard(tmp_path / "test" / "shard-00.tar", {"t0": {"mp4": clip, "txt": "test clip"}})
    assert holdout.own_val("webdataset", tmp_path, {})
    cfg = {"data": {"format": "webdataset", "root": str(tmp_path), "options": {}, "features": None,
                    "train_split": "train", "test_split": "test", "max_train": None, "max_test": None,
                    "max_val": None, "val_split": "auto", "val_fraction": 0.1, "val_seed": 0}}
    train, val, test = load_splits(cfg)
    assert (_ids(train), _ids(val), _ids(test)) == (["v0", "v1", "v2"], ["e0"], ["t0"])


def test_shards_naming_no_split_are_train_and_a_missing_test_split_says_how_to_map_one(tmp_path, clip):
    _shard(tmp_path / "shard-000.tar", {"a": {"mp4": clip, "txt": "a"}})
    assert _ids(webdataset.load(tmp_path, "train")) == ["a"]
    with pytest.raises(AnnotationError, match="no WebDataset shard for the test split.*data.options.shards"):
        webdataset.load(tmp_path, "test")


def test_a_second_load_copies_nothing_and_a_non_tar_is_refused(tmp_path, clip, caplog):
    _shard(tmp_path / "train-0.tar", {"a": {"mp4": clip, "txt": "a"}})
    with caplog.at_level(logging.INFO, logger="training.data.webdataset"):
        first = webdataset.load(tmp_path, "train").entries[0].path
    assert "1 video copied out of 1 shard" in caplog.text and Path(first).read_bytes() == clip
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="training.data.webdataset"):
        assert webdataset.load(tmp_path, "train").entries[0].path == first
    assert "copied" not in caplog.text
    (tmp_path / "train-1.tar").write_bytes(b"<html>not found</html>" * 40)
    with pytest.raises(AnnotationError, match="train-1.tar: not a readable tar archive"):
        webdataset.load(tmp_path, "train")


def test_a_shard_cut_short_keeps_its_whole_samples(tmp_path, clip):
    whole = _shard(tmp_path / "full.tar", {f"s{k}": {"txt": f"clip {k}", "mp4": clip} for k in range(3)})
    with tarfile.open(whole) as tf:
        last = tf.getmember("s2.mp4")
    data = whole.read_bytes()
    whole.unlink()
    (tmp_path / "train-0.tar").write_bytes(data[: last.offset_data + last.size // 2])  # (inside s2's video)
    train = webdataset.load(tmp_path, "train")
    assert _ids(train)[:1] == ["s0"] and "s2" not in _ids(train)
    assert any("cut short" in why for _, why in train.skipped)


def test_a_gzipped_shard_and_keys_in_folders_are_read(tmp_path, clip):
    write_shard(tmp_path / "test-000.tar.gz", [("clips/a.json", json.dumps({"sentences": ["one", "two"]})),
                                               ("clips/a.mp4", clip), ("clips/b.mp4", clip), ("clips/b.txt", "b clip")],
                "w:gz")
    test = webdataset.load(tmp_path, "test")
    assert _ids(test) == ["clips/a", "clips/b"] and test.entries[0].captions == ["one", "two"]
    assert [Path(e.path).read_bytes() == clip for e in test.entries] == [True, True]
    name = Path(test.entries[0].path).name  # (its key, and a digest of its member: two keys never share a file)
    assert name.startswith("clips__a-") and name.endswith(".mp4")


def test_a_root_that_is_a_brace_pattern_names_the_shards(tmp_path, clip):
    """``data.root: data/train-{000000..000001}.tar``: it was 'no .tar file in …' (a pattern is no folder)."""
    for n in range(3):
        _shard(tmp_path / "data" / f"train-{n:06d}.tar", {f"v{n}": {"mp4": clip, "txt": f"clip {n}"}})
    assert _ids(webdataset.load(tmp_path / "data" / "train-{000000..000001}.tar", "train")) == ["v0", "v1"]
    assert _ids(webdataset.load(tmp_path / "data" / "train-000002.tar", "train")) == ["v2"]
    assert not webdataset.has_val(tmp_path / "data" / "train-*.tar")


def test_videos_false_copies_nothing_for_a_run_on_features(tmp_path, clip):
    """A run on pre-extracted features (``data.features``) paid the shards' whole size in the cache."""
    _shard(tmp_path / "train-0.tar", {"a": {"mp4": clip, "txt": "a"}, "b": {"mp4": clip, "txt": "b"}})
    train = webdataset.load(tmp_path, "train", videos=False)
    assert _ids(train) == ["a", "b"] and [e.path for e in train.entries] == ["", ""]
    assert not (tmp_path / "cache").exists()


def test_one_video_one_shard_one_sample_are_said_in_the_singular(tmp_path, clip, caplog):
    # it said "1 videos copied out of 1 shards" and "1 samples left out"
    _shard(tmp_path / "test-000000.tar", {"t0": {"mp4": clip, "txt": "a clip"}, "t1": {"mp4": clip}})
    with caplog.at_level(logging.INFO, logger="training"):
        webdataset.load(tmp_path, "test")
    assert "webdataset test split: 1 video copied out of 1 shard into" in caplog.text
    assert "webdataset test split: 1 sample left out: no caption (1)" in caplog.text
