"""A Hugging Face dump's parquet table had its footer (schema, row groups) read about five times a
load: for its columns, its columns of bytes, its rows, and each pass over its ids and bytes (on a
network share, each a round trip of up to 64 KiB). It is now read once, when the table is found,
and every later read of the table opens it with that footer."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.test_training_hf_videos import _mp4
from training.data import msrvtt, tgif


def _counting(monkeypatch) -> Counter:
    """Footer reads by file name: a ``read_schema``, ``read_metadata`` or ``read_table``, or a
    ``ParquetFile`` opened without a footer in hand."""
    import pyarrow.parquet as pq

    reads, real_file = Counter(), pq.ParquetFile

    class Counting(real_file):
        def __init__(self, source, *a, metadata=None, **kw):
            if metadata is None:
                reads[Path(source).name] += 1
            super().__init__(source, *a, metadata=metadata, **kw)

    def counting(real):
        return lambda source, *a, **kw: reads.update([Path(source).name]) or real(source, *a, **kw)

    monkeypatch.setattr(pq, "ParquetFile", Counting)
    for name in ("read_schema", "read_metadata", "read_table"):
        monkeypatch.setattr(pq, name, counting(getattr(pq, name)))
    return reads


def _table(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)


def test_each_parquet_tables_footer_is_read_once_a_load(tmp_path, monkeypatch):
    clips = [_mp4(i) for i in range(3)]
    rows = [{"video_id": f"video{i}", "caption": f"clip {i}", "mp4": clips[i % 3]} for i in range(6)]
    rows.append({"video_id": "video0", "caption": "another clip under a reused id", "mp4": clips[1]})
    _table(tmp_path / "data" / "train-00000-of-00002.parquet", rows[:4])
    _table(tmp_path / "data" / "train-00001-of-00002.parquet", rows[4:])  # (ids, bytes, an id twice: digests)
    _table(tmp_path / "data" / "test-00000-of-00001.parquet",
           [{"video_id": "video9", "caption": "a test clip", "mp4": clips[2]}])
    reads = _counting(monkeypatch)
    train = msrvtt.load(tmp_path, "train")
    assert sorted(e.video_id for e in train.entries) == [f"video{i}" for i in range(6)]
    assert all(Path(e.path).is_file() for e in train.entries)  # (written out of the tables)
    assert reads == {"train-00000-of-00002.parquet": 1, "train-00001-of-00002.parquet": 1,
                     "test-00000-of-00001.parquet": 1}


def test_a_split_column_read_once_with_the_footer_found(tmp_path, monkeypatch):
    rows = [{"url": f"https://x/tumblr_g{i}_500.gif", "description": f"gif {i}", "split": s}
            for i, s in enumerate(["train", "train", "test", "validation"])]
    _table(tmp_path / "data" / "tgif.parquet", rows)
    reads = _counting(monkeypatch)
    assert [e.video_id for e in tgif.load(tmp_path, "test").entries] == ["tumblr_g2_500"]
    assert reads == {"tgif.parquet": 1}
    reads.clear()
    assert tgif.has_val(tmp_path) and reads == {"tgif.parquet": 1}
