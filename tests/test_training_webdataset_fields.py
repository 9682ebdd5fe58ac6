"""The fields of a WebDataset sample (``training.data.webdataset``): told by their last extension, as
WebDataset's decoders do, and a JSON caption that is null is no caption."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shards import write_shard
from training.data import webdataset


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))


_shard = write_shard


def test_fields_of_several_extensions_are_told_by_their_last(tmp_path):
    """``a.b.mp4`` + ``a.b.txt``, ``clip.caption.txt``, ``k.caption``: each sample was left out with 'no
    caption' (the field ``b.mp4`` taken for no video, ``caption.txt`` for no caption)."""
    _shard(tmp_path / "x.tar", [("a.b.mp4", b"a" * 80), ("a.b.txt", "dotted key"),
                                ("clip.mp4", b"c" * 80), ("clip.caption.txt", "two-part field"),
                                ("k.mp4", b"k" * 80), ("k.caption", "a caption field"),
                                ("j.x.MP4", b"j" * 80), ("j.meta.json", json.dumps({"text": "json field"}))])
    train = webdataset.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {
        "a": ["dotted key"], "clip": ["two-part field"], "k": ["a caption field"], "j": ["json field"]}
    assert [Path(e.path).read_bytes()[:1] for e in train.entries] == [b"a", b"c", b"k", b"j"]
    assert [Path(e.path).suffix for e in train.entries] == [".mp4"] * 4 and not train.skipped


def test_a_null_caption_in_the_json_is_none_and_the_txt_gives_it(tmp_path):
    """``"caption": null`` in KEY.json (video2dataset's metadata) threw the sample out ("'caption' must
    be text or a list of texts") though KEY.txt held its caption."""
    meta = {"__key__": "000001", "key": "000001", "caption": None, "status": "success"}
    _shard(tmp_path / "x.tar", [("000001.mp4", b"v" * 80), ("000001.txt", "real caption"),
                                ("000001.json", json.dumps(meta)),
                                ("000002.mp4", b"w" * 80), ("000002.json", json.dumps({**meta, "text": "from text"})),
                                ("000003.mp4", b"x" * 80), ("000003.json", json.dumps(meta))])
    train = webdataset.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {"000001": ["real caption"], "000002": ["from text"]}
    assert dict(train.skipped)["000003"].startswith("no caption")


def test_a_benchmarks_archive_read_as_shards_says_to_extract_it(tmp_path):
    """MSRVTT.tar (videos/all/video0.mp4, annotation/MSR_VTT.json) read as WebDataset: each video was
    left out for 'no caption' and the annotation for its 'sentences', the run then finding no video."""
    sentences = {"sentences": [{"video_id": "video0", "caption": "a man"}], "videos": [{"video_id": "video0"}]}
    _shard(tmp_path / "MSRVTT.tar", [("MSRVTT/videos/all/video0.mp4", b"v" * 80),
                                     ("MSRVTT/videos/all/video1.mp4", b"w" * 80),
                                     ("MSRVTT/annotation/MSR_VTT.json", json.dumps(sentences))])
    with pytest.raises(webdataset.AnnotationError, match=r"MSRVTT.tar: this looks like a benchmark's archive.*"
                       r"MSRVTT/annotation/MSR_VTT.json.*Extract it and set data.format"):
        webdataset.load(tmp_path, "train")
    assert not (tmp_path / "cache").exists()  # (nothing copied out first)


def test_shards_whose_samples_lack_captions_are_still_left_out_sample_by_sample(tmp_path):
    _shard(tmp_path / "x.tar", [("a.mp4", b"a" * 80), ("a.json", json.dumps({"id": 1})), ("b.mp4", b"b" * 80),
                                ("c.mp4", b"c" * 80), ("c.txt", "a caption")])
    train = webdataset.load(tmp_path, "train")
    assert [e.video_id for e in train.entries] == ["c"] and sorted(dict(train.skipped)) == ["a", "b"]
    _shard(tmp_path / "x.tar", [("a.mp4", b"a" * 80), ("a.json", json.dumps({"id": 1})), ("b.mp4", b"b" * 80)])
    assert webdataset.load(tmp_path, "train").entries == []  # (no annotation file of its own: no archive)
