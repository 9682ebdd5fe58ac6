"""A dump saved by ``datasets`` itself: ``DatasetDict.save_to_disk`` (``<split>/data-00000-of-00001.arrow``,
Arrow IPC streams, beside ``dataset_info.json`` and ``state.json``) and ``datasets``' cache files
(``<name>-<split>.arrow``). Were 'annotation file not found': ``.arrow`` was no table."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_training_hf_videos import _mp4
from training.data import hf_arrow, msrvtt, tgif

URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _arrow(path: Path, rows: list[dict], stream: bool = True) -> None:
    import pyarrow as pa

    table = pa.Table.from_pylist(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pa.OSFile(str(path), "wb") as sink:
        with (pa.ipc.new_stream if stream else pa.ipc.new_file)(sink, table.schema) as writer:
            writer.write_table(table, max_chunksize=3)


def _saved(root: Path, splits: dict[str, list[dict]]) -> None:
    """What ``DatasetDict.save_to_disk(root)`` writes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "dataset_dict.json").write_text(json.dumps({"splits": list(splits)}))
    for split, rows in splits.items():
        _arrow(root / split / "data-00000-of-00001.arrow", rows)
        (root / split / "dataset_info.json").write_text(json.dumps({"features": {}, "splits": {split: {}}}))
        (root / split / "state.json").write_text(json.dumps({"_data_files": [{"filename": "data-00000-of-00001.arrow"}],
                                                             "_split": split}))


def test_msrvtt_saved_to_disk_with_its_videos(tmp_path):
    root = tmp_path / "msrvtt"
    _saved(root, {"train": [{"video_id": f"video{i}", "caption": [f"clip {i}", f"clip {i} again"],
                             "video": {"bytes": _mp4(i), "path": f"video{i}.mp4"}} for i in range(7)],
                  "test": [{"video_id": f"video{i}", "caption": [f"clip {i}"],
                            "video": {"bytes": _mp4(i), "path": f"video{i}.mp4"}} for i in range(7, 9)]})
    train = msrvtt.load(root, "train")
    assert [e.video_id for e in train.entries] == [f"video{i}" for i in range(7)]
    assert train.entries[6].captions == ["clip 6", "clip 6 again"]
    assert all(Path(e.path).read_bytes() == _mp4(i) for i, e in enumerate(train.entries))
    test = msrvtt.load(root, "test")
    assert [Path(e.path).read_bytes() for e in test.entries] == [_mp4(7), _mp4(8)]


def test_tgif_as_datasets_cache_files_stream_and_file(tmp_path):
    for split, ids, stream in (("train", range(5), True), ("validation", range(5, 7), False), ("test", range(7, 9), True)):
        _arrow(tmp_path / "data" / f"tgif-{split}.arrow",
               [{"url": URL.format(i), "description": f"gif {i}"} for i in ids], stream)
    assert [e.video_id for e in tgif.load(tmp_path, "val", video_dir=tmp_path).entries] == ["tumblr_g5_500", "tumblr_g6_500"]
    assert len(tgif.load(tmp_path, "train", video_dir=tmp_path).entries) == 5
    assert tgif.has_val(tmp_path)


def test_rows_are_turned_into_python_a_few_at_a_time_with_only_the_columns_asked(tmp_path):
    path = tmp_path / "t.arrow"
    _arrow(path, [{"id": str(i), "blob": bytes([i]) * 10, "caption": f"c{i}"} for i in range(40)])
    rows = list(hf_arrow.rows(path, ["id", "caption", "nothing"]))
    assert rows[0] == (1, {"id": "0", "caption": "c0"}) and rows[-1][0] == 40
    assert [r["id"] for _, r in rows] == [str(i) for i in range(40)]


def test_msrvtt_in_datasets_own_cache(tmp_path):
    """``load_dataset``'s cache of a repo with configs: ``<config>/0.0.0/<hash>/msr-vtt-<split>.arrow``
    beside ``dataset_info.json`` (and ``cache-*.arrow`` of a ``map()``, not tables of the data set's).
    The test config's one unnamed split is ``train``, as ``datasets`` names it."""
    import os

    def rows(ids):
        return [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in ids]

    for config, split, ids in (("train_9k", "train", range(9)), ("train_7k", "train", range(7)),
                               ("test_1k", "train", range(9, 12))):
        for build, some in (("0a1b", range(2)), ("9f8e", ids)):  # (an older build, then the newest)
            folder = tmp_path / config / "0.0.0" / build
            _arrow(folder / f"msr-vtt-{split}.arrow", rows(some))
            (folder / "dataset_info.json").write_text("{}")
            os.utime(folder / "dataset_info.json", (1e9, 1e9) if build == "0a1b" else None)
        _arrow(folder / "cache-5d41402abc4b2a76.arrow", rows(range(100, 102)))
        (tmp_path / config / "0.0.0" / "9f8e_builder.lock").write_text("")
    assert [e.video_id for e in msrvtt.load(tmp_path, "train", video_dir=tmp_path).entries] == [f"video{i}" for i in range(9)]
    assert len(msrvtt.load(tmp_path, "train", train_list="7k", video_dir=tmp_path).entries) == 7
    assert [e.video_id for e in msrvtt.load(tmp_path, "test", video_dir=tmp_path).entries] == ["video9", "video10", "video11"]
