"""Annotation tables compressed whole (``.jsonl.gz``, ``.json.gz``, ``.csv.gz``; ``.bz2``, ``.xz``)
read wherever the plain table is, as a stream; a cut-short one refused naming it; a ``.zst`` one
named as not read."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest

from training.data import msrvtt, msvd, tgif, vatex
from training.data.base import AnnotationError, read_csv, read_json


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def _rows(ids, split=None) -> list[dict]:
    return [{"video_id": f"video{i}", "caption": f"clip {i}", **({"split": split} if split else {})} for i in ids]


def test_gzipped_json_lines_json_and_csv_tables_of_a_dump_are_read(tmp_path):
    """``train.jsonl.gz`` and ``test.csv.gz``: neither was a table (no train table found)."""
    with gzip.open(tmp_path / "train.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in _rows(range(3)))
    with gzip.open(tmp_path / "test.csv.gz", "wt", encoding="utf-8", newline="") as f:
        f.write("video_id,caption\nvideo3,\"clip 3, with a comma\"\n")
    (tmp_path / "data").mkdir()
    with bz2.open(tmp_path / "data" / "val.json.bz2", "wt", encoding="utf-8") as f:
        json.dump(_rows([4]), f)
    assert _ids(msrvtt.load(tmp_path, "train")) == ["video0", "video1", "video2"]
    test = msrvtt.load(tmp_path, "test")
    assert _ids(test) == ["video3"] and test.entries[0].captions == ["clip 3, with a comma"]
    assert _ids(msrvtt.load(tmp_path, "val")) == ["video4"]


def test_a_gzipped_table_in_a_config_folder_and_a_tgif_dump(tmp_path):
    folder = tmp_path / "default" / "train"
    folder.mkdir(parents=True)
    rows = [{"url": f"https://x/tumblr_{i}.gif", "description": f"gif {i}", "split": s}
            for i, s in enumerate(["train", "train", "test"])]
    with gzip.open(folder / "0000.jsonl.gz", "wt") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path)) == ["tumblr_2"]


def test_a_gzipped_table_cut_short_is_refused_naming_it(tmp_path):
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in _rows(range(400), "train")).encode())
    (tmp_path / "train.jsonl.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(AnnotationError, match=r"train.jsonl.gz: not a readable gz file .*cut short"):
        msrvtt.load(tmp_path, "train")


def test_a_zstd_table_is_named_as_not_read(tmp_path):
    (tmp_path / "train.jsonl.zst").write_bytes(b"(\xb5/\xfd" + b"\0" * 16)
    with pytest.raises(AnnotationError, match=r"train.jsonl.zst is compressed with Zstandard.*zstd -d"):
        msrvtt.load(tmp_path, "train")


def test_the_shared_readers_read_a_compressed_file_given_by_name(tmp_path):
    """An option naming a file (VATEX's ``annotations=``) may name it compressed."""
    path = tmp_path / "ann.json.gz"
    path.write_bytes(gzip.compress(json.dumps({"a": 1}).encode()))
    assert read_json(path) == {"a": 1}
    csv_path = tmp_path / "list.csv.xz"
    import lzma

    csv_path.write_bytes(lzma.compress(b"video_id,sentence\nvideo1,a dog\n"))
    assert [r["sentence"] for r in read_csv(csv_path, ["video_id", "sentence"])] == ["a dog"]
    vatex_file = tmp_path / "vatex_training_v1.0.json.gz"
    vatex_file.write_bytes(gzip.compress(json.dumps([{"videoID": "abc_000001_000011", "enCap": ["x"]}]).encode()))
    assert _ids(vatex.load(tmp_path, "train", annotations=str(vatex_file), videos=False)) == ["abc_000001_000011"]


def _gzip_all(root: Path, names: list[str]) -> None:
    for name in names:
        (root / f"{name}.gz").write_bytes(gzip.compress((root / name).read_bytes()))
        (root / name).unlink()


def test_a_benchmark_s_own_annotation_files_compressed_are_read(tmp_path):
    """CLIP4Clip's MSR-VTT files and MSVD's as ``.gz`` downloads: each was 'annotation file not found'
    (the loaders looked for the plain names alone)."""
    from tests.test_training_data import _msrvtt, _msvd

    (tmp_path / "msrvtt").mkdir()
    root = _msrvtt(tmp_path / "msrvtt", videos=False)
    _gzip_all(root, ["MSRVTT_data.json", "MSRVTT_train.9k.csv", "MSRVTT_JSFUSION_test.csv"])
    assert _ids(msrvtt.load(root, "train")) == ["video0", "video1", "video2"]
    assert _ids(msrvtt.load(root, "test")) == ["video3", "video4"]
    (tmp_path / "msvd").mkdir()
    root = _msvd(tmp_path / "msvd")
    _gzip_all(root, ["raw-captions.pkl", "train_list.txt"])
    train = msvd.load(root, "train")
    assert _ids(train) == ["vidA_1_5", "vidB_0_3"] and train.entries[0].captions[0] == "a man plays guitar"
