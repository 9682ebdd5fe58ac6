"""A Hugging Face dump's split where a table's name and its rows' ``split`` column both say one, and
MSR-VTT's 9k/7k training tables found in any order (the test table first, sharded)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from tests.test_training_hf_videos import _mp4
from training.data import msrvtt, msrvtt_layouts, tgif
from training.data.base import AnnotationError

URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def test_a_dump_of_one_split_named_train_follows_its_rows_split_column(tmp_path, caplog):
    """``datasets`` names a dump of one split ``train``: the Hub's conversion puts every row in
    ``default/train/``, each row's split in a column. The folder's name won: the test rows were trained
    on, and the test split was 'no test table'. Each row now goes to the split its column says, said."""
    splits = ["train"] * 5 + ["validation", "test", "test"]
    _parquet(tmp_path / "default" / "train" / "0000.parquet",
             [{"url": URL.format(i), "description": f"gif {i}", "split": s} for i, s in enumerate(splits)])
    with caplog.at_level(logging.WARNING, logger="training.data.hf_tables"):
        train = tgif.load(tmp_path, "train", video_dir=tmp_path)
    assert _ids(train) == [f"tumblr_g{i}_500" for i in range(5)]
    assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path)) == ["tumblr_g6_500", "tumblr_g7_500"]
    assert _ids(tgif.load(tmp_path, "val", video_dir=tmp_path)) == ["tumblr_g5_500"]
    assert tgif.has_val(tmp_path)
    assert ("default/train/0000.parquet: its name or folder says train, but its 'split' column says test for 2 "
            "rows, val for 1 rows: each row goes to the split its column says") in caplog.text


def test_tables_named_for_their_split_with_a_split_column_that_agrees(tmp_path, caplog):
    for split, ids in (("train", range(4)), ("test", range(4, 6))):
        rows = [{"video_id": f"video{i}", "caption": f"clip {i}", "split": split} for i in ids]
        (tmp_path / f"{split}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with caplog.at_level(logging.WARNING):
        assert _ids(msrvtt.load(tmp_path, "train")) == [f"video{i}" for i in range(4)]
        assert _ids(msrvtt.load(tmp_path, "test")) == ["video4", "video5"]
    assert "split' column says" not in caplog.text and not msrvtt_layouts.has_val(tmp_path)


def _msrvtt_lists(tmp_path: Path, held: dict[str, dict[str, bytes]] | None = None) -> None:
    """The test table first, the 9k list in two shards, the 7k list in one; the training tables carry
    each video's official split (some of the 9k are official test or validation videos)."""
    def rows(ids, name):
        return [{"video_id": f"video{i}", "caption": f"clip {i}", "split": "train" if i < 6 else "validate"
                 if i < 8 else "test", **({"mp4": held[name][f"video{i}"]} if held else {})} for i in ids]

    _parquet(tmp_path / "data" / "msrvtt_test_1k-00000-of-00001.parquet",
             [{"video_id": f"video{i}", "caption": f"test clip {i}", "split": "test",
               **({"mp4": held["test"][f"video{i}"]} if held else {})} for i in range(10, 12)])
    _parquet(tmp_path / "data" / "msrvtt_train_9k-00000-of-00002.parquet", rows(range(0, 5), "9k"))
    _parquet(tmp_path / "data" / "msrvtt_train_9k-00001-of-00002.parquet", rows(range(5, 10), "9k"))
    _parquet(tmp_path / "data" / "msrvtt_train_7k-00000-of-00001.parquet", rows(range(0, 7), "7k"))


def test_msrvtt_9k_and_7k_tables_in_any_order_keep_their_lists_whatever_their_split_column(tmp_path, caplog):
    _msrvtt_lists(tmp_path)
    for i in list(range(12)):
        (tmp_path / f"video{i}.mp4").write_bytes(b"stand-in")
    with caplog.at_level(logging.WARNING, logger="training.data.hf_tables"):
        assert _ids(msrvtt.load(tmp_path, "train")) == [f"video{i}" for i in range(10)]
        assert _ids(msrvtt.load(tmp_path, "train", train_list="7k")) == [f"video{i}" for i in range(7)]
        assert _ids(msrvtt.load(tmp_path, "test")) == ["video10", "video11"]  # (not the 9k's official test videos)
    assert caplog.text == "" and not msrvtt_layouts.has_val(tmp_path)
    with pytest.raises(AnnotationError) as refused:
        msrvtt.load(tmp_path, "train", train_list="full")
    assert str(refused.value).startswith(f"{tmp_path / 'data'}: no training table for train_list=full among ")
    assert "set data.options.train_list to the one there: 9k, 7k" in str(refused.value)


def test_msrvtt_videos_come_from_the_training_list_read_not_the_other_one(tmp_path):
    """The 7k table (found before the 9k) held other bytes for video0: they were written out under
    its id while the 9k's row kept its captions (the 7k table, never read, was taken as the first video)."""
    clips = {i: _mp4(i) for i in range(13)}
    held = {"9k": {f"video{i}": clips[i] for i in range(10)},
            "7k": {f"video{i}": clips[12] if i == 0 else clips[i] for i in range(7)},
            "test": {f"video{i}": clips[i] for i in (10, 11)}}
    _msrvtt_lists(tmp_path, held)
    train = msrvtt.load(tmp_path, "train")
    video0 = train.entries[0]
    assert video0.video_id == "video0" and video0.captions == ["clip 0"]
    assert Path(video0.path).read_bytes() == held["9k"]["video0"]
    test = msrvtt.load(tmp_path, "test")  # (the same folder of videos for every split)
    assert Path(test.entries[0].path).parent == Path(video0.path).parent
