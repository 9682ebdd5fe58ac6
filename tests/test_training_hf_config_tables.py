"""Hugging Face dumps whose config folders hold their tables themselves, each named for its split, as
older parquet conversions of the Hub (``<config>/<repo>-<split>.parquet``) and many repos
(``<config>/train-00000-of-00002-<hash>.parquet``, ``data/<config>/…``) lay them out."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.data import msrvtt, tgif
from training.data.base import AnnotationError

URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)


def _tgif(ids) -> list[dict]:
    return [{"url": URL.format(i), "description": f"gif {i}"} for i in ids]


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def _gifs(ids) -> list[str]:
    return [f"tumblr_g{i}_500" for i in ids]


@pytest.mark.parametrize("names", [
    {"train": ["tgif-train.parquet"], "val": ["tgif-validation.parquet"], "test": ["tgif-test.parquet"]},
    {"train": ["train-00000-of-00002-9f2c41a0.parquet", "train-00001-of-00002-9f2c41a0.parquet"],
     "val": ["validation-00000-of-00001-1b07e3d5.parquet"], "test": ["test-00000-of-00001-77aa0c12.parquet"]}])
@pytest.mark.parametrize("config", ["plain_text", "data/plain_text"])
def test_a_config_folder_holding_its_split_tables(tmp_path, names, config):
    """Was 'annotation file not found': a config folder was looked in only for split folders."""
    ids = {"train": range(0, 6), "val": range(6, 8), "test": range(8, 11)}
    for split, files in names.items():
        rows = _tgif(ids[split])
        for k, name in enumerate(files):
            _parquet(tmp_path / config / name, rows[k::len(files)])
    for split in ("train", "val", "test"):
        assert sorted(_ids(tgif.load(tmp_path, split, video_dir=tmp_path))) == sorted(_gifs(ids[split]))
    assert tgif.has_val(tmp_path)


def test_two_config_folders_holding_train_tables_neither_named_for_it_are_refused_naming_them(tmp_path):
    for config, ids in (("full", range(0, 4)), ("small", range(0, 2))):
        _parquet(tmp_path / config / "tgif-train.parquet", _tgif(ids))
    _parquet(tmp_path / "full" / "tgif-test.parquet", _tgif(range(6, 8)))
    assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path)) == _gifs(range(6, 8))
    with pytest.raises(AnnotationError, match=r"the train split's tables are in 2 configs' folders \(full/, small/\)"):
        tgif.load(tmp_path, "train", video_dir=tmp_path)


def test_msrvtt_configs_holding_their_tables_keep_the_list_of_their_config_name(tmp_path):
    """``train_9k/msr_vtt-train.parquet``, ``train_7k/…``, ``test_1k/msr_vtt-test.parquet``."""
    def rows(ids):
        return [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in ids]
    _parquet(tmp_path / "train_9k" / "msr_vtt-train.parquet", rows(range(0, 9)))
    _parquet(tmp_path / "train_7k" / "msr_vtt-train.parquet", rows(range(0, 7)))
    _parquet(tmp_path / "test_1k" / "msr_vtt-test.parquet", rows(range(9, 12)))
    assert _ids(msrvtt.load(tmp_path, "train", video_dir=tmp_path)) == [f"video{i}" for i in range(9)]
    assert _ids(msrvtt.load(tmp_path, "train", train_list="7k", video_dir=tmp_path)) == [f"video{i}" for i in range(7)]
    assert _ids(msrvtt.load(tmp_path, "test", video_dir=tmp_path)) == ["video9", "video10", "video11"]


@pytest.mark.parametrize("test_table", ["test_1k/msr_vtt-train.parquet", "test_1k/train/train-00000-of-00001.parquet"])
def test_a_test_config_whose_one_table_is_named_train_is_the_test(tmp_path, test_table):
    """``datasets`` names the one split of a config given none ``train``: in the test config's folder,
    a table so named was read as a training table (left out as no 9k/7k list: 'no test table')."""
    def rows(ids):
        return [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in ids]
    _parquet(tmp_path / "train_9k" / "msr_vtt-train.parquet", rows(range(0, 9)))
    _parquet(tmp_path / "train_7k" / "msr_vtt-train.parquet", rows(range(0, 7)))
    _parquet(tmp_path / test_table, rows(range(9, 12)))
    assert _ids(msrvtt.load(tmp_path, "test", video_dir=tmp_path)) == ["video9", "video10", "video11"]
    assert _ids(msrvtt.load(tmp_path, "train", video_dir=tmp_path)) == [f"video{i}" for i in range(9)]


def test_the_default_config_is_read_beside_another_one(tmp_path):
    """``default/train-00000-of-00001.parquet`` beside ``small/train-…``: default/'s tables had no config,
    so the two train splits were merged; the default config is now read unless another is asked for."""
    for config, ids in (("default", {"train": range(0, 6), "test": range(6, 8)}),
                        ("small", {"train": range(20, 23), "test": range(26, 27)})):
        for split, some in ids.items():
            _parquet(tmp_path / config / f"{split}-00000-of-00001.parquet", _tgif(some))
    assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path)) == _gifs(range(0, 6))
    assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path)) == _gifs(range(6, 8))
    assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path, config="small")) == _gifs(range(20, 23))
