"""MSR-VTT and TGIF as the Hugging Face Hub hands them out: a ``snapshot_download`` of a repo whose
configs are ``train_9k``/``train_7k``/``test_1k`` (its raw ``msrvtt_*_9k.json`` files, a JSON list or
JSON lines as ``datasets``' ``to_json`` writes them, at the root or in ``data/`` or ``annotations/``),
and the Hub's parquet conversion of such a repo (``--revision refs/convert/parquet``):
``<config>/<split>/0000.parquet``, ``partial-<split>`` folders, shards."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from training.data import msrvtt, tgif
from training.data.base import AnnotationError

TRAIN_9K, TRAIN_7K, TEST_1K = range(0, 9), range(0, 7), range(9, 12)


def _rows(ids, per_caption: bool = False) -> list[dict]:
    if per_caption:
        return [{"video_id": f"video{i}", "caption": f"clip {i}, caption {k}", "sen_id": 2 * i + k} for i in ids
                for k in range(2)]
    return [{"video_id": f"video{i}", "video": f"video{i}.mp4", "caption": [f"clip {i}", f"clip {i} again"],
             "url": f"https://www.youtube.com/watch?v=x{i}"} for i in ids]


def _parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)


def _clips(root: Path, ids=range(12)) -> None:
    (root / "videos").mkdir(exist_ok=True)
    for i in ids:
        (root / "videos" / f"video{i}.mp4").write_bytes(b"stand-in")


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def _check_protocols(root: Path) -> None:
    assert _ids(msrvtt.load(root, "train")) == [f"video{i}" for i in TRAIN_9K]
    assert _ids(msrvtt.load(root, "train", train_list="7k")) == [f"video{i}" for i in TRAIN_7K]
    test = msrvtt.load(root, "test")
    assert _ids(test) == [f"video{i}" for i in TEST_1K] and test.entries[0].path == str(root / "videos" / "video9.mp4")


@pytest.mark.parametrize("folder,form", [("", "lines"), ("", "list"), ("data", "lines"), ("annotations", "list")])
def test_a_snapshot_of_the_raw_repo(tmp_path, folder, form):
    """``msrvtt_train_9k.json``, ``msrvtt_train_7k.json``, ``msrvtt_test_1k.json``: a ``.json`` of JSON
    lines was no table (read as one JSON document), and ``annotations/`` was not looked in."""
    for name, ids in (("train_9k", TRAIN_9K), ("train_7k", TRAIN_7K), ("test_1k", TEST_1K)):
        path = tmp_path / folder / f"msrvtt_{name}.json"
        path.parent.mkdir(exist_ok=True)
        rows = _rows(ids, per_caption=name == "test_1k")
        path.write_text("".join(json.dumps(r) + "\n" for r in rows) if form == "lines" else json.dumps(rows, indent=1))
    (tmp_path / "README.md").write_text("---\nconfigs:\n- config_name: train_9k\n---\n")
    _clips(tmp_path)
    _check_protocols(tmp_path)
    assert msrvtt.load(tmp_path, "test").entries[0].captions == ["clip 9, caption 0", "clip 9, caption 1"]


def test_a_json_lines_table_with_a_bad_line_names_it(tmp_path):
    (tmp_path / "msrvtt_test_1k.json").write_text(json.dumps(_rows([9])[0]) + "\n{not json\n")
    with pytest.raises(AnnotationError, match=r"msrvtt_test_1k\.json: line 2: not valid JSON"):
        msrvtt.load(tmp_path, "test")


def _converted(root: Path, test_config: str = "test_1k", test_split: str = "test", partial: str = "",
               shards: bool = False) -> None:
    """The Hub's parquet conversion of a repo with configs train_9k, train_7k and test_1k; the 9k's
    rows carry each video's official split (not followed: the config names its use)."""
    def write(config, split, rows):
        folder = root / config / f"{partial}{split}"
        if shards:
            half = len(rows) // 2
            _parquet(folder / f"{split}-00000-of-00002.parquet", rows[:half])
            _parquet(folder / f"{split}-00001-of-00002.parquet", rows[half:])
        else:
            _parquet(folder / "0000.parquet", rows)

    write("train_9k", "train", [{**r, "split": "test" if r["video_id"] == "video8" else "train"}
                                for r in _rows(TRAIN_9K)])
    write("train_7k", "train", _rows(TRAIN_7K))
    write(test_config, test_split, _rows(TEST_1K, per_caption=True))
    (root / ".cache" / "huggingface" / "download" / "train_9k" / "train").mkdir(parents=True)  # (the CLI's own)


@pytest.mark.parametrize("partial,shards", [("", False), ("partial-", False), ("", True)])
def test_the_hubs_parquet_conversion_of_a_repo_with_configs(tmp_path, partial, shards, caplog):
    """``train_9k/train/0000.parquet``, ``train_7k/train/``, ``test_1k/test/``: config folders were
    not looked in ('annotation file not found'), and the 9k/7k list was read from file names only."""
    _converted(tmp_path, partial=partial, shards=shards)
    _clips(tmp_path)
    with caplog.at_level(logging.WARNING, logger="training.data"):
        _check_protocols(tmp_path)
    assert "split' column says" not in caplog.text
    with pytest.raises(AnnotationError, match=r"no training table for train_list=full among "
                       rf"train_7k/{partial}train/\S+parquet, .*train_9k/{partial}train/"):
        msrvtt.load(tmp_path, "train", train_list="full")


def test_a_test_config_of_one_split_named_train_is_the_test(tmp_path):
    """``datasets`` names the one split of a config given no split ``train``: ``test_1k/train/``."""
    _converted(tmp_path, test_split="train")
    _clips(tmp_path)
    _check_protocols(tmp_path)


def test_the_test_config_is_read_for_test_where_a_training_config_has_a_test_split_too(tmp_path):
    _converted(tmp_path)
    _parquet(tmp_path / "train_9k" / "test" / "0000.parquet", _rows(range(3, 6)))
    _clips(tmp_path)
    _check_protocols(tmp_path)


def _tgif_rows(ids) -> list[dict]:
    return [{"video_path": f"https://38.media.tumblr.com/tumblr_g{i}_500.gif", "en_global_captions": [f"gif {i}"]}
            for i in ids]


def test_tgif_in_a_config_folder_of_the_parquet_conversion(tmp_path):
    for split, ids in (("train", range(0, 4)), ("validation", range(4, 6)), ("test", range(6, 8))):
        _parquet(tmp_path / "tgif" / split / "0000.parquet", _tgif_rows(ids))
    assert [e.video_id for e in tgif.load(tmp_path, "test", video_dir=tmp_path).entries] == [
        "tumblr_g6_500", "tumblr_g7_500"]
    assert tgif.has_val(tmp_path)


def test_tgif_in_two_configs_neither_named_for_the_split_is_refused_naming_them(tmp_path):
    """Two configs each with a train split (``small/``, ``full/``): their rows were not to be merged."""
    for config, ids in (("full", range(0, 4)), ("small", range(0, 2))):
        _parquet(tmp_path / config / "train" / "0000.parquet", _tgif_rows(ids))
    _parquet(tmp_path / "full" / "test" / "0000.parquet", _tgif_rows(range(6, 8)))
    assert len(tgif.load(tmp_path, "test", video_dir=tmp_path).entries) == 2  # (one config holds test)
    with pytest.raises(AnnotationError, match=r"the train split's tables are in 2 configs' folders \(full/, small/\)"
                       r", and none is named for train: keep one of them there"):
        tgif.load(tmp_path, "train", video_dir=tmp_path)


def test_one_config_whose_splits_are_named_for_the_lists(tmp_path):
    """``default/train_9k/0000.parquet``, ``default/train_7k/``, ``default/test_1k/``: a split folder
    named with the list's size was not taken for a split's."""
    for split, rows in (("train_9k", _rows(TRAIN_9K)), ("train_7k", _rows(TRAIN_7K)), ("test_1k", _rows(TEST_1K))):
        _parquet(tmp_path / "default" / split / "0000.parquet", rows)
    _clips(tmp_path)
    _check_protocols(tmp_path)
