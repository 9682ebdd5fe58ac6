"""Data holding train and eval (or dev) splits and no test split: the default ``data.test_split:
test`` was refused without saying that ``data.test_split: eval`` reads the eval split as the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shards import sample_members, write_shard
from training.data import msrvtt, webdataset
from training.data.base import AnnotationError


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_tables_of_train_and_eval_say_to_set_test_split_eval(tmp_path):
    _jsonl(tmp_path / "a" / "train.jsonl", [{"video_id": f"v{i}", "caption": "c"} for i in range(3)])
    _jsonl(tmp_path / "a" / "eval.jsonl", [{"video_id": "e0", "caption": "c"}])
    with pytest.raises(AnnotationError, match="no test table.*set data.test_split: eval"):
        msrvtt.load(tmp_path / "a", "test")
    rows = [{"video_id": f"v{i}", "caption": "c", "split": "train" if i < 3 else "dev"} for i in range(5)]
    _jsonl(tmp_path / "b" / "data" / "captions.jsonl", rows)  # (one table, a split column)
    with pytest.raises(AnnotationError, match="nor rows whose 'split' is test.*set data.test_split: eval"):
        msrvtt.load(tmp_path / "b", "test")
    _jsonl(tmp_path / "c" / "train.jsonl", [{"video_id": "v0", "caption": "c"}])  # (no eval: no such advice)
    with pytest.raises(AnnotationError) as e:
        msrvtt.load(tmp_path / "c", "test")
    assert "test_split" not in str(e.value)


def test_shards_of_train_and_eval_say_to_set_test_split_eval(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    for name in ("train-000.tar", "eval-000.tar"):
        write_shard(tmp_path / name, sample_members({name[:4]: {"mp4": b"v" * 64, "txt": "a caption"}}))
    with pytest.raises(AnnotationError, match="no WebDataset shard for the test split.*set data.test_split: eval"):
        webdataset.load(tmp_path, "test", videos=False)
