"""Annotation files nested thousands deep (``[[[[…``: no dataset's layout) stopped a training or
benchmark run with Python's RecursionError and a traceback, not the AnnotationError naming the
file that any other JSON no reader can take gets; a WebDataset sample's JSON so left its whole
shard's read. Now such a table is refused naming it, and such a sample is skipped with why."""

from __future__ import annotations

import json

import pytest

from tests.shards import sample_members, write_shard
from training.data import vatex, webdataset
from training.data.base import AnnotationError, read_json

NESTED = "[" * 100_000 + "]" * 100_000


def test_a_json_table_nested_too_deep_is_refused_naming_it(tmp_path):
    path = tmp_path / "train.json"
    path.write_text(NESTED)
    with pytest.raises(AnnotationError) as err:
        read_json(path)
    assert "train.json" in str(err.value) and "nested too deeply" in str(err.value)
    (tmp_path / "videos").mkdir()
    (tmp_path / vatex.FILES["train"]).write_text(NESTED)
    with pytest.raises(AnnotationError, match="nested too deeply"):
        vatex.load(tmp_path, "train")


def test_a_webdataset_sample_nested_too_deep_is_skipped_with_why(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    write_shard(tmp_path / "train-000.tar", sample_members({
        "a": {"mp4": b"a" * 64, "json": json.dumps({"caption": "a bird flies"})},
        "b": {"mp4": b"b" * 64, "json": NESTED}}))
    train = webdataset.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {"a": ["a bird flies"]}
    (key, why), = train.skipped
    assert key == "b" and "b.json" in why and "nested too deeply" in why
