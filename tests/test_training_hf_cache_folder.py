"""A data set given as its Hugging Face cache folder (``snapshot_download`` without ``local_dir``:
``datasets--<owner>--<name>/`` with ``blobs/``, ``refs/main`` and ``snapshots/<commit>/`` of links
into the blobs): its tables are read from the snapshot ``refs/main`` names."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from training.data import msrvtt, tgif

URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _parquet_bytes(rows: list[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), out)
    return out.getvalue()


def _cached(repo: Path, commit: str, files: dict[str, bytes], main: bool = True) -> None:
    """Files of one snapshot as the hub client leaves them: each a link to its blob."""
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        link = repo / "snapshots" / commit / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(os.path.relpath(blob, link.parent), link)
    if main:
        (repo / "refs").mkdir(exist_ok=True)
        (repo / "refs" / "main").write_text(commit)


def _msrvtt(ids, say: str = "clip") -> bytes:
    return _parquet_bytes([{"video_id": f"video{i}", "caption": f"{say} {i}"} for i in ids])


def test_msrvtt_from_its_cache_folder_reads_the_snapshot_main_names(tmp_path):
    """Was 'annotation file not found': blobs/, refs/ and snapshots/ were looked in as a dump's folders."""
    repo = tmp_path / "datasets--friedrichor--MSR-VTT"
    _cached(repo, "1" * 40, {"train_9k/train/0000.parquet": _msrvtt(range(0, 3), "old")}, main=False)
    _cached(repo, "2" * 40, {"train_9k/train/0000.parquet": _msrvtt(range(0, 9)),
                             "train_7k/train/0000.parquet": _msrvtt(range(0, 7)),
                             "test_1k/test/0000.parquet": _msrvtt(range(9, 12)), "videos/video0.mp4": b"stand-in"})
    os.utime(repo / "snapshots" / ("1" * 40), (2e9, 2e9))  # (the older snapshot, touched since: not read)
    train = msrvtt.load(repo, "train", video_dir=tmp_path)
    assert [e.video_id for e in train.entries] == [f"video{i}" for i in range(9)]
    assert train.entries[0].captions == ["clip 0"]
    assert msrvtt.load(repo, "train").entries[0].path == str(repo / "snapshots" / ("2" * 40) / "videos" / "video0.mp4")
    assert len(msrvtt.load(repo, "train", train_list="7k", video_dir=tmp_path).entries) == 7
    assert [e.video_id for e in msrvtt.load(repo, "test", video_dir=tmp_path).entries] == ["video9", "video10", "video11"]


def test_tgif_from_a_cache_folder_without_refs_reads_its_newest_snapshot_and_readme(tmp_path):
    repo = tmp_path / "datasets--HuggingFaceM4--TGIF"
    rows = {split: _parquet_bytes([{"url": URL.format(i), "description": f"gif {i}"} for i in ids])
            for split, ids in (("train", range(4)), ("test", range(4, 6)))}
    readme = (b"---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: a/x.parquet\n"
              b"  - split: test\n    path: a/y.parquet\n---\n")
    _cached(repo, "3" * 40, {"a/x.parquet": rows["train"], "a/y.parquet": rows["test"], "README.md": readme}, main=False)
    (repo / "refs").mkdir()  # (refs/ without main: a revision's ref only)
    assert [e.video_id for e in tgif.load(repo, "test", video_dir=tmp_path).entries] == ["tumblr_g4_500", "tumblr_g5_500"]


def test_whether_a_cache_folder_has_a_val_split_is_its_snapshots_layouts(tmp_path):
    """The snapshot of TGIF-Release (a val list) and of CLIP4Clip's MSR-VTT files (9k: none) were asked
    as a dump's tables, whose load reads their own layouts."""
    from training.data.holdout import own_val

    tgif_repo, msrvtt_repo = tmp_path / "datasets--x--TGIF", tmp_path / "datasets--x--MSRVTT"
    _cached(tgif_repo, "4" * 40, {"data/tgif-v1.0.tsv": f"{URL.format(0)}\tgif 0\n".encode(),
                                  **{f"data/splits/{s}.txt": (URL.format(0) + "\n").encode() for s in ("train", "val", "test")}})
    assert tgif.has_val(tgif_repo) and own_val("tgif", tgif_repo, {})
    _cached(msrvtt_repo, "5" * 40, {"msrvtt_data/MSRVTT_data.json": b"{}", "msrvtt_data/MSRVTT_JSFUSION_test.csv": b"",
                                    "validation/0000.parquet": _msrvtt(range(3))})
    assert not own_val("msrvtt", msrvtt_repo, {})  # (the 1k-A lists have no val split: carved)
