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
