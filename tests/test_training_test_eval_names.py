"""A table or shard named for both test and eval (``test_eval.jsonl``, ``eval_test_1k``,
``test-eval-000.tar``) is the test split: since 3124c89 read eval as validation before test, it was
read as validation and the load said 'no test table … among test_eval.jsonl'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shards import sample_members, write_shard
from training.data import msrvtt, webdataset
from training.data.hf_layout import split_of


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


@pytest.mark.parametrize("name", ["test_eval", "eval_test_1k"])
def test_a_table_named_test_and_eval_is_the_test_split(tmp_path, name):
    _jsonl(tmp_path / "train.jsonl", [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in range(4)])
    _jsonl(tmp_path / f"{name}.jsonl", [{"video_id": "video9", "caption": "clip 9"}])
    assert [e.video_id for e in msrvtt.load(tmp_path, "test").entries] == ["video9"]
    assert msrvtt.load(tmp_path, "val").entries == []
    assert split_of(name) == "test" and split_of("eval") == "val" and split_of("dev_1k") == "val"


def test_shards_named_test_and_eval_are_the_test_split(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    for name, key in (("train-000.tar", "a"), ("test-eval-000.tar", "b")):
        write_shard(tmp_path / name, sample_members({key: {"mp4": b"v" * 64, "txt": "a caption"}}))
    assert [e.video_id for e in webdataset.load(tmp_path, "test", videos=False).entries] == ["b"]
    assert not webdataset.has_val(tmp_path)
