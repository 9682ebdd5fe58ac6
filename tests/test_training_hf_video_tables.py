"""Hugging Face dumps whose video bytes sit in a table without captions (``videos.parquet``: an id
and a video column, beside ``train.jsonl``/``test.parquet`` captions), or in ``.jsonl``/``.csv``
tables (base64 text, ``{"bytes": …}``): only a caption table's parquet bytes were written out, so
every such clip was 'file not found'. They are now written out too, only the split's, a row group
or a text row at a time."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import pytest

from core.paths import cache_dir
from tests.test_training_hf_footer import _counting as _footer_reads
from tests.test_training_hf_videos import _counting
from tests.videos import Segment, write_video
from training.data import hf_videos, msrvtt, tgif
from training.data.base import AnnotationError

COLOURS = ["red", "green", "blue", "yellow", "white", "purple"]
TRAIN, TEST = [f"video{i}" for i in range(4)], ["video4", "video5"]


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, bytes]:
    """Six small MP4s (OpenCV's), one colour each."""
    folder = tmp_path_factory.mktemp("clips")
    return {vid: write_video(folder / f"{vid}.mp4", [Segment(0.5, c)], size=(32, 32)).read_bytes()
            for vid, c in zip(TRAIN + TEST, COLOURS)}


def _parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1)


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _captions(ids) -> list[dict]:
    return [{"video_id": vid, "caption": f"a clip, {vid}"} for vid in ids]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _whole_reads_refused(monkeypatch, *paths: Path) -> None:
    """A table of videos read whole (all its bytes in memory at once) fails the test."""
    for name in ("read_text", "read_bytes"):
        real = getattr(Path, name)

        def refused(self, *a, _real=real, **kw):
            assert self not in paths, f"{self} read whole"
            return _real(self, *a, **kw)

        monkeypatch.setattr(Path, name, refused)


def _check(split, clips) -> None:
    for e in split.entries:
        assert Path(e.path).parent.parent == cache_dir() / "training", e.path
        assert Path(e.path).name == f"{e.video_id}.mp4" and Path(e.path).read_bytes() == clips[e.video_id]


@pytest.mark.parametrize("captions", ["jsonl", "parquet"])
def test_videos_in_a_table_of_their_own_beside_caption_tables(tmp_path, monkeypatch, clips, captions):
    _parquet(tmp_path / "data" / "videos.parquet", [{"video_id": v, "mp4": clips[v]} for v in TRAIN + TEST])
    for split, ids in (("train", TRAIN), ("test", TEST)):
        if captions == "jsonl":
            _jsonl(tmp_path / "data" / f"{split}.jsonl", _captions(ids))
        else:
            _parquet(tmp_path / "data" / f"{split}.parquet", _captions(ids))
    writes, groups = _counting(monkeypatch)
    reads = _footer_reads(monkeypatch)
    test = msrvtt.load(tmp_path, "test")
    assert [e.video_id for e in test.entries] == TEST and test.entries[0].captions == ["a clip, video4"]
    _check(test, clips)
    assert sorted(writes) == ["video4.mp4", "video5.mp4"]  # (the test split's only)
    assert groups == [[4], [5]]  # (the bytes of the row groups holding them; the others' ids only)
    assert reads["videos.parquet"] == 1
    train = msrvtt.load(tmp_path, "train")
    _check(train, clips)
    assert len(writes) == 6


def test_a_video_struct_alone_in_a_table_of_videos_names_them_by_its_path(tmp_path, clips):
    _parquet(tmp_path / "videos.parquet", [{"video": {"bytes": clips[v], "path": f"all/{v}.mp4"}} for v in TEST])
    _parquet(tmp_path / "msrvtt_test_1k.parquet", _captions(TEST))
    _check(msrvtt.load(tmp_path, "test"), clips)


@pytest.mark.parametrize("cell", ["base64", "struct", "list", "data-uri"])
def test_videos_in_a_jsonl_caption_table_written_a_row_at_a_time(tmp_path, monkeypatch, clips, cell):
    def held(v):
        return {"base64": _b64(clips[v]), "struct": {"bytes": _b64(clips[v]), "path": f"{v}.mp4"},
                "list": {"bytes": list(clips[v])}, "data-uri": "data:video/mp4;base64," + _b64(clips[v])}[cell]

    for split, ids in (("train", TRAIN), ("test", TEST)):
        _jsonl(tmp_path / f"msrvtt_{split}.jsonl", [{**r, "video": held(r["video_id"])} for r in _captions(ids)])
    _whole_reads_refused(monkeypatch, tmp_path / "msrvtt_train.jsonl", tmp_path / "msrvtt_test.jsonl")
    decoded, real = [], hf_videos.decode
    monkeypatch.setattr(hf_videos, "decode", lambda c: decoded.append(c) or real(c))
    test = msrvtt.load(tmp_path, "test")
    assert [e.video_id for e in test.entries] == TEST
    _check(test, clips)
    assert len(decoded) == 2  # (only the test videos' cells decoded)
    _check(msrvtt.load(tmp_path, "train"), clips)


def test_videos_in_a_csv_and_a_jsonl_table_of_their_own(tmp_path, monkeypatch, clips):
    """Base64 videos longer than csv's own field limit (131,072 characters) in a CSV of captions; a
    videos.jsonl of ids and ``{"bytes": …}`` for the other split."""
    big = {v: clips[v] + bytes(200_000) for v in TEST}  # (an MP4 with trailing padding still starts 'ftyp')
    lines = ["video_id,caption,video_bytes"] + [f"{v},\"a clip, {v}\",{_b64(big[v])}" for v in TEST]
    (tmp_path / "test.csv").write_text("\n".join(lines) + "\n")
    _jsonl(tmp_path / "train.jsonl", _captions(TRAIN))
    _jsonl(tmp_path / "videos.jsonl", [{"video_id": v, "video": {"bytes": _b64(clips[v])}} for v in TRAIN])
    _whole_reads_refused(monkeypatch, tmp_path / "test.csv", tmp_path / "videos.jsonl")
    test = msrvtt.load(tmp_path, "test")
    assert test.entries[1].captions == ["a clip, video5"]
    _check(test, big)
    _check(msrvtt.load(tmp_path, "train"), clips)


def test_a_text_table_of_gifs_with_an_id_twice_keeps_the_first_videos_captions(tmp_path, caplog):
    from tests.test_training_hf_videos import _gif

    url = "https://38.media.tumblr.com/tumblr_g{}_500.gif"
    rows = [{"url": url.format(0), "description": "a red gif", "gif": _b64(_gif(0))},
            {"url": url.format(1), "description": "a green gif", "gif": _b64(_gif(1))},
            {"url": url.format(0), "description": "green, under a reused id", "gif": _b64(_gif(1))}]
    _jsonl(tmp_path / "data" / "test.jsonl", rows)
    with caplog.at_level(logging.WARNING, logger="training.data.hf_tables"):
        test = tgif.load(tmp_path, "test")
    entries = {e.video_id: e for e in test.entries}
    assert entries["tumblr_g0_500"].captions == ["a red gif"]
    assert Path(entries["tumblr_g0_500"].path).read_bytes() == _gif(0)
    assert "1 rows of the test split are left out" in caplog.text
    assert "'tumblr_g0_500', data/test.jsonl row 3 (its video: data/test.jsonl row 1)" in caplog.text


def test_a_column_of_file_names_is_no_column_of_videos(tmp_path):
    """``video``: ``video4.mp4`` is an id (a file name), never bytes to write out."""
    _jsonl(tmp_path / "test.jsonl", [{"video": f"{v}.mp4", "caption": "a clip"} for v in TEST])
    for v in TEST:
        (tmp_path / f"{v}.mp4").write_bytes(b"stand-in")
    test = msrvtt.load(tmp_path, "test")
    assert [e.path for e in test.entries] == [str(tmp_path / f"{v}.mp4") for v in TEST]
    assert not (cache_dir() / "training").exists()


def test_a_table_of_videos_alone_is_named_as_such(tmp_path, clips):
    _parquet(tmp_path / "videos.parquet", [{"video_id": v, "mp4": clips[v]} for v in TEST])
    with pytest.raises(AnnotationError, match=r"videos\.parquet holds videos but no caption column"):
        msrvtt.load(tmp_path, "test")


@pytest.mark.parametrize("table,empty", [("jsonl", None), ("jsonl", ""), ("jsonl", {"bytes": None, "path": "x.mp4"}),
                                         ("csv", "")])
def test_a_column_of_videos_whose_first_cell_is_empty_is_told_by_its_first_video(tmp_path, table, empty, clips):
    """The first row has no video (its clip is a file of its own, or missing): the column was told by
    that cell alone, so the other rows' videos were never written out ('file not found' for each)."""
    rows = [{"video_id": "video4", "caption": "a clip, video4", "video": empty},
            {"video_id": "video5", "caption": "a clip, video5", "video": _b64(clips["video5"])}]
    if table == "jsonl":
        _jsonl(tmp_path / "test.jsonl", rows)
    else:
        (tmp_path / "test.csv").write_text("video_id,caption,video\n"
                                           + "".join(f"{r['video_id']},\"{r['caption']}\",{r['video']}\n" for r in rows))
    (tmp_path / "video4.mp4").write_bytes(clips["video4"])
    test = msrvtt.load(tmp_path, "test")
    assert test.entries[0].path == str(tmp_path / "video4.mp4")
    _check(type(test)(test.name, test.entries[1:]), clips)


def test_a_column_of_file_names_after_empty_cells_is_still_no_column_of_videos(tmp_path):
    _jsonl(tmp_path / "test.jsonl", [{"video": None if v == "video4" else f"{v}.mp4", "video_id": v,
                                      "caption": "a clip"} for v in TEST])
    (tmp_path / "video5.mp4").write_bytes(b"stand-in")
    assert msrvtt.load(tmp_path, "test").entries[1].path == str(tmp_path / "video5.mp4")
    assert not (cache_dir() / "training").exists()
