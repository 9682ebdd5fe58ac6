"""A config folder whose one table names no split (``myconfig/data.parquet``, no ``split`` column) is
read as that config's train split, as ``datasets`` reads a config's files without a split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.data import msrvtt, tgif
from training.data.base import AnnotationError


def _parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def test_the_one_config_folder_of_a_table_naming_no_split_is_train(tmp_path):
    """It was refused: 'annotation file not found …; folders that may be configs: myconfig/'."""
    _parquet(tmp_path / "myconfig" / "data.parquet", [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in range(3)])
    assert _ids(msrvtt.load(tmp_path, "train")) == ["video0", "video1", "video2"]
    with pytest.raises(AnnotationError, match="no test table"):
        msrvtt.load(tmp_path, "test")


def test_a_named_config_whose_table_says_no_split_is_train(tmp_path):
    """``config: mine`` beside another config: it was refused ('no split column, and the file's name
    says no split'). Its rows are train; a split column, where there is one, still says."""
    _parquet(tmp_path / "mine" / "data.parquet", [{"url": f"https://x/tumblr_{i}.gif", "caption": f"gif {i}"}
                                                  for i in range(2)])
    _parquet(tmp_path / "other" / "data.parquet", [{"url": "https://x/tumblr_9.gif", "caption": "g", "split": "test"}])
    assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path, config="mine")) == ["tumblr_0", "tumblr_1"]
    assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path, config="other")) == ["tumblr_9"]


def test_the_default_config_folder_s_unsplit_table_is_train(tmp_path):
    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "captions.jsonl").write_text(
        "".join(json.dumps({"video_id": f"v{i}", "caption": f"c {i}"}) + "\n" for i in range(2)))
    assert _ids(msrvtt.load(tmp_path, "train")) == ["v0", "v1"]
