"""A Hugging Face dump whose rows of one video id carry different video bytes (two sources joined,
an id used twice): only the first row's video is written out under that id, and every row's captions
were merged under it, so the other rows' captions described another clip, silently. Only the rows
of the written video keep their captions; the others are left out and said once."""

from __future__ import annotations

import logging
from pathlib import Path

from tests.test_training_hf_videos import _counting, _gif, _mp4
from training.data import msrvtt, tgif

URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _table(path: Path, rows: list[dict], group: int = 2) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=group)


def _tgif_row(i: int, caption: str, gif: bytes | None = None) -> dict:
    return {"video_path": URL.format(i), "video_bytes": _gif(i) if gif is None else gif,
            "en_global_captions": [caption]}


def test_rows_of_one_id_with_other_gif_bytes_keep_the_first_videos_captions_only(tmp_path, caplog, monkeypatch):
    rows = [_tgif_row(0, "a red clip"), _tgif_row(1, "a green clip"),
            _tgif_row(0, "a green one, under a reused id", gif=_gif(1)),  # (another group: bytes of clip 1)
            _tgif_row(0, "red again"), _tgif_row(2, "blue")]  # (clip 0's bytes again: merged)
    _table(tmp_path / "default" / "test" / "0000.parquet", rows)
    writes, groups = _counting(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="training.data.hf_tables"):
        test = tgif.load(tmp_path, "test")
    entries = {e.video_id: e for e in test.entries}
    assert entries["tumblr_g0_500"].captions == ["a red clip", "red again"]
    assert Path(entries["tumblr_g0_500"].path).read_bytes() == _gif(0)
    assert entries["tumblr_g1_500"].captions == ["a green clip"]
    said = [r.getMessage() for r in caplog.records if r.name == "training.data.hf_tables"]
    assert len(said) == 1 and said[0].startswith("1 rows of the test split are left out")
    assert "'tumblr_g0_500', default/test/0000.parquet row 3 (its video: default/test/0000.parquet row 1)" in said[0]
    assert groups[:2] == [[0], [1]]  # (the bytes of the groups holding id 0 twice; not group 2's)


def test_an_id_whose_other_bytes_are_in_another_split_is_left_out_of_that_split(tmp_path, caplog):
    """The written video is the first row's in the order the tables are found (test/ before train/):
    a train row of that id with other bytes would train on the test clip under its captions."""
    _table(tmp_path / "default" / "test" / "0000.parquet", [_tgif_row(0, "red"), _tgif_row(1, "green")])
    _table(tmp_path / "default" / "train" / "0000.parquet",
           [_tgif_row(0, "blue, under the test clip's id", gif=_gif(2)), _tgif_row(3, "yellow")])
    with caplog.at_level(logging.WARNING, logger="training.data.hf_tables"):
        train = tgif.load(tmp_path, "train")
        test = tgif.load(tmp_path, "test")
    assert [e.video_id for e in train.entries] == ["tumblr_g3_500"]
    assert [(e.video_id, e.captions) for e in test.entries] == [("tumblr_g0_500", ["red"]), ("tumblr_g1_500", ["green"])]
    assert Path(test.entries[0].path).read_bytes() == _gif(0)
    assert caplog.text.count("left out") == 1 and "1 rows of the train split" in caplog.text


def test_msrvtt_rows_of_one_id_with_other_mp4_bytes_and_same_bytes_merged(tmp_path, caplog):
    rows = [{"video_id": "video0", "caption": ["first source"], "mp4": _mp4(0)},
            {"video_id": "video0", "caption": ["second source"], "mp4": _mp4(1)},
            {"video_id": "video1", "caption": ["one"], "mp4": _mp4(2)},
            {"video_id": "video1", "caption": ["one, a second caption row"], "mp4": _mp4(2)},
            {"video_id": "video0", "caption": ["no bytes of its own"], "mp4": None}]
    _table(tmp_path / "data" / "test.parquet", rows, group=1)
    with caplog.at_level(logging.WARNING, logger="training.data.hf_tables"):
        test = msrvtt.load(tmp_path, "test")
    entries = {e.video_id: e for e in test.entries}
    assert entries["video0"].captions == ["first source", "no bytes of its own"]
    assert Path(entries["video0"].path).read_bytes() == _mp4(0)
    assert entries["video1"].captions == ["one", "one, a second caption row"]
    assert "1 rows of the test split are left out" in caplog.text and "data/test.parquet row 2" in caplog.text


def test_ids_on_one_row_each_read_no_bytes_here(tmp_path, monkeypatch):
    _table(tmp_path / "default" / "test" / "0000.parquet", [_tgif_row(i, f"clip {i}") for i in range(4)])
    _, groups = _counting(monkeypatch)
    tgif.load(tmp_path, "test")
    assert groups == [[0], [1]]  # (the writer's own reads, once)


def test_an_id_whose_bytes_differ_from_a_table_of_videos_alone_is_left_out_and_said(tmp_path, caplog):
    """A table of videos alone (an id and its bytes, no captions) found before the caption table: its
    bytes are the ones written out under the id, so a caption row of that id with other bytes would
    describe another clip. It is left out and said, naming both tables (a videos-alone table counted
    for the first video since b43c561; before, only caption tables were compared)."""
    _table(tmp_path / "data" / "all_videos.parquet", [{"video_id": "video0", "mp4": _mp4(0)},
                                                      {"video_id": "video1", "mp4": _mp4(1)}])
    _table(tmp_path / "data" / "test.parquet", [{"video_id": "video0", "caption": ["another clip"], "mp4": _mp4(2)},
                                                {"video_id": "video1", "caption": ["green"], "mp4": _mp4(1)}])
    with caplog.at_level(logging.WARNING, logger="training.data.hf_tables"):
        test = msrvtt.load(tmp_path, "test")
    assert [(e.video_id, e.captions) for e in test.entries] == [("video1", ["green"])]
    assert Path(test.entries[0].path).read_bytes() == _mp4(1)
    said = [r.getMessage() for r in caplog.records if r.name == "training.data.hf_tables"]
    assert len(said) == 1 and said[0].startswith("1 rows of the test split are left out")
    assert "'video0', data/test.parquet row 1 (its video: data/all_videos.parquet row 1)" in said[0]
