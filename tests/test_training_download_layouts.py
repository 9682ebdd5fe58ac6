"""Benchmarks in the layouts popular codebases hand them out (beyond ``test_training_data_layouts``):
Frozen-in-Time's MSR-VTT, CLIP4Clip-style VATEX and MSVD folders, MSR-VTT as a Hugging Face dump.
Each was refused ('annotation file not found') naming only the files of another layout."""

from __future__ import annotations

import json
import logging
import pickle

import pytest

from training.config import load_config
from training.data import msrvtt, msvd, vatex
from training.data.base import AnnotationError
from training.data.splits import load_splits
from training.run import main
from tests.test_training_run import TINY
from tests.videos import Segment, write_video

COLOURS = ["red", "green", "blue", "yellow", "white", "black"]


def _clip(path, i):
    write_video(path, [Segment(1.0, COLOURS[i % 6])], fps=10, size=(32, 32))


def _stand_in(path, i=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0")  # (never decoded)


def _run(tmp_path, fmt, root, *extra):
    """``python -m training.run`` on ``root``, tiny, teacher and evaluation only: the results."""
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"data.format={fmt}",
            "--set", f"data.root={root}", "--set", f"output={tmp_path / 'out'}", "--set", "seeds=[0]",
            "--set", "stages=[teacher,eval]", "--set", "data.val_fraction=0.25"]
    for s in [*TINY, *extra]:
        if not s.startswith("data.generate"):
            args += ["--set", s]
    assert main(args) == 0
    return json.loads((tmp_path / "out" / "results.json").read_text()), (tmp_path / "out" / "results.md").read_text()


# -- Frozen-in-Time's MSR-VTT --------------------------------------------------------------------

def _frozen(root, n=16, write=_clip, caption_idx=None):
    """Frozen-in-Time's MSRVTT/: annotation/MSR_VTT.json (COCO-style), the structured-symlinks lists
    (the 1k-A 'jsfusion' cut: the first n - 4 train, the last 4 test; and the official 'full' cut),
    clips in videos/all/."""
    ids = [f"video{i}" for i in range(n)]
    (root / "annotation").mkdir(parents=True)
    anns = [{"image_id": v, "caption": f"a {COLOURS[i % 6]} clip {k}", "id": 3 * i + k}
            for i, v in enumerate(ids) for k in range(3)]
    (root / "annotation" / "MSR_VTT.json").write_text(json.dumps(
        {"info": {}, "images": [{"id": v} for v in ids], "annotations": anns}))
    lists = root / "high-quality" / "structured-symlinks"
    lists.mkdir(parents=True)
    (lists / "train_list_jsfusion.txt").write_text("\n".join(ids[:-4]) + "\n")
    (lists / "val_list_jsfusion.txt").write_text("\n".join(ids[-4:]) + "\n")
    (lists / "train_list_full.txt").write_text("\n".join(ids[:-6]) + "\n")
    (lists / "val_list_full.txt").write_text("\n".join(ids[-6:-4]) + "\n")
    (lists / "test_list_full.txt").write_text("\n".join(ids[-4:]) + "\n")
    if caption_idx is not None:
        (lists / "jsfusion_val_caption_idx.pkl").write_bytes(pickle.dumps(caption_idx))
    for i, v in enumerate(ids):
        write(root / "videos" / "all" / f"{v}.mp4", i)
    return root


def test_frozen_in_time_msrvtt_reads_its_lists_and_coco_captions(tmp_path, caplog):
    root = _frozen(tmp_path / "MSRVTT", write=_stand_in)
    train, test = msrvtt.load(root, "train"), msrvtt.load(root, "test")
    assert (len(train), len(test)) == (12, 4)
    assert train.entries[0].video_id == "video0" and train.entries[0].captions == [
        "a red clip 0", "a red clip 1", "a red clip 2"]
    assert train.entries[0].path == str(root / "videos" / "all" / "video0.mp4")
    # without jsfusion_val_caption_idx.pkl the 1k-A test keeps every caption, and says so
    assert test.entries[0].captions == ["a red clip 0", "a red clip 1", "a red clip 2"]
    full = {sp: msrvtt.load(root, sp, train_list="full") for sp in ("train", "val", "test")}
    assert {sp: len(s) for sp, s in full.items()} == {"train": 10, "val": 2, "test": 4}
    assert full["val"].entries[0].video_id == "video10"
    # the 1k-A protocol has no validation split: carved; a missing clip is left out and counted
    (root / "videos" / "all" / "video13.mp4").unlink()
    with caplog.at_level(logging.INFO):
        train, val, test = load_splits(load_config(None, [f"data.root={root}", "data.format=msrvtt",
                                                          "data.val_fraction=0.25"]))
    assert (len(train), len(val), len(test)) == (9, 3, 3) and test.skipped == [("video13", "file not found")]
    assert "jsfusion_val_caption_idx.pkl" in caplog.text


def test_frozen_in_time_msrvtt_takes_the_1k_a_sentence_its_caption_index_names(tmp_path):
    idx = {f"video{i}": i % 3 for i in range(12, 16)}
    root = _frozen(tmp_path, write=_stand_in, caption_idx=idx)
    test = msrvtt.load(root, "test")
    assert [e.captions for e in test.entries] == [["a red clip 0"], ["a green clip 1"], ["a blue clip 2"],
                                                  ["a yellow clip 0"]]
    with pytest.raises(AnnotationError, match=r"train_list_miech|9k|full"):
        msrvtt.load(root, "train", train_list="7k")


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_run_on_frozen_in_times_msrvtt(tmp_path):
    root = _frozen(tmp_path / "MSRVTT")
    (root / "videos" / "all" / "video14.mp4").unlink()
    results, report = _run(tmp_path, "msrvtt", root)
    assert results["data"]["test"]["videos"] == 3 and "video14: file not found" in report


# -- CLIP4Clip-style VATEX ---------------------------------------------------------------------

def _vatex_lists(root, write=_clip, beside=False, n_train=12, n_val=4, n_test=4):
    """vatex_data/ref_captions.json ({videoID: [captions]}), train_list.txt, val_list.txt,
    test_list.txt, the clips named by videoID in vatex_data/videos/ (or beside the lists)."""
    data = root / "vatex_data"
    data.mkdir(parents=True)
    ids = [f"yt{i:02d}xYz-_{i:06d}_{i + 10:06d}" for i in range(n_train + n_val + n_test)]
    (data / "ref_captions.json").write_text(json.dumps(
        {v: [f"a {COLOURS[i % 6]} clip {k}" for k in range(2)] for i, v in enumerate(ids)}))
    (data / "train_list.txt").write_text("\n".join(ids[:n_train]) + "\n")
    (data / "val_list.txt").write_text("\n".join(ids[n_train:n_train + n_val]) + "\n")
    (data / "test_list.txt").write_text("\n".join(ids[n_train + n_val:]) + "\n")
    for i, v in enumerate(ids):
        write((data if beside else data / "videos") / f"{v}.mp4", i)
    return root, ids


def test_clip4clip_vatex_reads_ref_captions_and_its_lists(tmp_path):
    root, ids = _vatex_lists(tmp_path, write=_stand_in)
    splits = {sp: vatex.load(root, sp) for sp in ("train", "val", "test")}
    assert {sp: len(s) for sp, s in splits.items()} == {"train": 12, "val": 4, "test": 4}
    first = splits["test"].entries[0]
    assert first.video_id == ids[16] and first.captions == ["a white clip 0", "a white clip 1"]
    assert first.path == str(root / "vatex_data" / "videos" / f"{ids[16]}.mp4") and first.end is None
    (root / "vatex_data" / "videos" / f"{ids[17]}.mp4").unlink()
    train, val, test = load_splits(load_config(None, [f"data.root={root}", "data.format=vatex"]))
    assert (len(train), len(val), len(test)) == (12, 4, 3)  # its own val list
    assert test.skipped == [(ids[17], "video file not found")]
    # the lists' folder given as the root, clips beside the lists
    other, ids = _vatex_lists(tmp_path / "b", write=_stand_in, beside=True)
    test = vatex.load(other / "vatex_data", "test")
    assert test.entries[0].path == str(other / "vatex_data" / f"{ids[16]}.mp4")


def test_clip4clip_vatex_without_a_test_list_tests_on_its_val_list(tmp_path):
    root, ids = _vatex_lists(tmp_path, write=_stand_in)
    (root / "vatex_data" / "test_list.txt").unlink()
    train, val, test = load_splits(load_config(None, [f"data.root={root}", "data.format=vatex",
                                                      "data.val_fraction=0.25"]))
    assert (len(train), len(val), len(test)) == (9, 3, 4)
    assert {e.video_id for e in test.entries} == set(ids[12:16])
    (root / "vatex_data" / "ref_captions.json").unlink()
    with pytest.raises(AnnotationError,
                       match=r"ref_captions\.json: annotation file not found.*vatex_training_v1\.0\.json"):
        vatex.load(root, "train")


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_run_on_clip4clip_vatex(tmp_path):
    root, ids = _vatex_lists(tmp_path / "vatex", n_train=12, n_val=2, n_test=4)
    results, report = _run(tmp_path, "vatex", root)
    assert results["data"]["test"]["videos"] == 4 and results["data"]["val"]["videos"] == 2


# -- CLIP4Clip-style MSVD ----------------------------------------------------------------------

def _msvd(root, write=_clip, n=16):
    """msvd_data/raw-captions.pkl (token lists, as CLIP4Clip's), train/val/test lists, YouTubeClips/."""
    data = root / "msvd_data"
    data.mkdir(parents=True)
    ids = [f"-clip{i:02d}_{i}_{i + 5}" for i in range(n)]
    captions = {v: [["a", COLOURS[i % 6], "clip", str(k)] for k in range(2)] for i, v in enumerate(ids)}
    (data / "raw-captions.pkl").write_bytes(pickle.dumps(captions))
    (data / "train_list.txt").write_text("\n".join(ids[:n - 6]) + "\n")
    (data / "val_list.txt").write_text("\n".join(ids[n - 6:n - 4]) + "\n")
    (data / "test_list.txt").write_text("\n".join(ids[n - 4:]) + "\n")
    for i, v in enumerate(ids):
        write(root / "YouTubeClips" / f"{v}.avi", i)
    return root, ids


def test_clip4clip_msvd_reads_its_pickle_as_plain_data(tmp_path):
    root, ids = _msvd(tmp_path, write=_stand_in)
    (root / "YouTubeClips" / f"{ids[13]}.avi").unlink()
    train, val, test = load_splits(load_config(None, [f"data.root={root}", "data.format=msvd"]))
    assert (len(train), len(val), len(test)) == (10, 2, 3) and test.skipped == [(ids[13], "file not found")]
    assert train.entries[1].captions == ["a green clip 0", "a green clip 1"]
    assert train.entries[1].path == str(root / "YouTubeClips" / f"{ids[1]}.avi")


class _Boom:
    def __reduce__(self):
        import os

        return os.system, ("touch BOOM",)


def test_a_caption_pickle_that_would_run_code_is_refused_unrun_naming_the_files_to_use_instead(tmp_path, monkeypatch):
    root, ids = _msvd(tmp_path, write=_stand_in)
    (root / "msvd_data" / "raw-captions.pkl").write_bytes(pickle.dumps({ids[0]: [_Boom()]}))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnnotationError, match=r"raw-captions\.pkl: refused: .*(posix|os|nt)\.system.*"
                       r"AllVideoDescriptions\.txt.*MSR Video Description Corpus\.csv"):
        msvd.load(root, "train")
    assert not (tmp_path / "BOOM").exists()
    # the official descriptions put beside it, as the message says: read in its place, with the lists
    lines = [f"{v} a described clip {i}\n" for i, v in enumerate(ids)]
    (root / "msvd_data" / msvd.DESCRIPTIONS).write_text("".join(lines))
    train = msvd.load(root, "train")
    assert len(train) == 10 and train.entries[2].captions == ["a described clip 2"]
    assert not (tmp_path / "BOOM").exists()


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_run_on_clip4clip_msvd(tmp_path):
    root, ids = _msvd(tmp_path / "msvd")
    results, report = _run(tmp_path, "msvd", root)
    assert results["data"]["test"]["videos"] == 4 and results["data"]["val"]["videos"] == 2


# -- MSR-VTT as a Hugging Face dump ------------------------------------------------------------

def _hf_rows(n=16, per_row=False):
    """Rows of ``n`` videos (2 captions each): one per caption, or one per video (captions a list)."""
    ids = [f"video{i}" for i in range(n)]
    if per_row:
        return ids, [{"video_id": v, "caption": [f"a {COLOURS[i % 6]} clip {k}" for k in range(2)],
                      "url": f"https://www.youtube.com/watch?v=x{i}"} for i, v in enumerate(ids)]
    return ids, [{"video_id": v, "caption": f"a {COLOURS[i % 6]} clip {k}", "sen_id": 2 * i + k,
                  "url": f"https://www.youtube.com/watch?v=x{i}"} for i, v in enumerate(ids) for k in range(2)]


def _split_of(i, n):
    return "train" if i < n - 6 else "validate" if i < n - 4 else "test"


def test_hf_msrvtt_jsonl_per_split_files(tmp_path):
    ids, rows = _hf_rows(per_row=True)
    (tmp_path / "msrvtt_train_9k.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:12]))
    (tmp_path / "msrvtt_train_7k.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:10]))
    (tmp_path / "msrvtt_test_1k.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[12:]))
    for i, v in enumerate(ids):
        _stand_in(tmp_path / f"{v}.mp4")
    train, test = msrvtt.load(tmp_path, "train"), msrvtt.load(tmp_path, "test")
    assert (len(train), len(test), len(msrvtt.load(tmp_path, "train", train_list="7k"))) == (12, 4, 10)
    assert test.entries[0].captions == ["a red clip 0", "a red clip 1"]
    assert test.entries[0].path == str(tmp_path / "video12.mp4")


def test_hf_msrvtt_one_csv_with_a_split_column(tmp_path):
    ids, rows = _hf_rows()
    lines = ["video_id,sentence,split,url"] + [
        f"{r['video_id']},\"{r['caption']}, it is\",{_split_of(int(r['video_id'][5:]), 16)},{r['url']}" for r in rows]
    (tmp_path / "msrvtt.csv").write_text("\n".join(lines) + "\n")
    for v in ids:
        _stand_in(tmp_path / "videos" / f"{v}.mp4")
    (tmp_path / "videos" / "video3.mp4").unlink()
    train, val, test = load_splits(load_config(None, [f"data.root={tmp_path}", "data.format=msrvtt"]))
    assert (len(train), len(val), len(test)) == (9, 2, 4)  # its own validation split
    assert train.skipped == [("video3", "file not found")]
    assert test.entries[-1].captions == ["a yellow clip 0, it is", "a yellow clip 1, it is"]


def test_hf_msrvtt_parquet_shards(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids, rows = _hf_rows()
    (tmp_path / "data").mkdir()
    parts = {"train-00000-of-00002-a1": rows[:12], "train-00001-of-00002-b2": rows[12:20],
             "test-00000-of-00001-c3": rows[24:]}
    for name, part in parts.items():  # (one named in capitals, as some downloads are)
        ext = ".PARQUET" if name.startswith("test") else ".parquet"
        pq.write_table(pa.Table.from_pylist(part), tmp_path / "data" / f"{name}{ext}")
    for v in ids:
        _stand_in(tmp_path / f"{v}.mp4")
    train, test = msrvtt.load(tmp_path, "train"), msrvtt.load(tmp_path, "test")
    assert (len(train), len(test)) == (10, 4)
    assert train.entries[9].captions == ["a yellow clip 0", "a yellow clip 1"]


def test_hf_msrvtt_as_the_hubs_parquet_conversion_its_video_bytes_unread(tmp_path, monkeypatch):
    """``default/<split>/0000.parquet``: the split is the folder's; a column of each video's bytes
    (a whole data set's) is never read (the whole table was, to lists of Python objects)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids, rows = _hf_rows(per_row=True)
    for split, part in (("train", rows[:12]), ("test", rows[12:])):
        (tmp_path / "default" / split).mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist([{**r, "video_bytes": bytes(64)} for r in part]),
                       tmp_path / "default" / split / "0000.parquet")
    for v in ids:
        _stand_in(tmp_path / "videos" / f"{v}.mp4")
    read, real, real_read = [], pq.read_table, pq.ParquetFile.read
    monkeypatch.setattr(pq, "read_table", lambda path, *a, columns=None, **kw: read.append(columns)
                        or real(path, *a, columns=columns, **kw))
    monkeypatch.setattr(pq.ParquetFile, "read", lambda self, columns=None, **kw: read.append(columns)
                        or real_read(self, columns=columns, **kw))  # (a table read with the footer found)
    train, test = msrvtt.load(tmp_path, "train"), msrvtt.load(tmp_path, "test")
    assert [e.video_id for e in train.entries] == ids[:12] and [e.video_id for e in test.entries] == ids[12:]
    assert read == [["video_id", "caption"]] * 2


def test_a_table_without_a_caption_column_is_refused_naming_the_columns_read(tmp_path):
    (tmp_path / "msrvtt_test.jsonl").write_text(json.dumps({"video_id": "video1", "text": "a dog"}) + "\n")
    with pytest.raises(AnnotationError, match=r"MSRVTT_data\.json: annotation file not found.*MSR_VTT\.json"
                       r".*video_id.*caption"):
        msrvtt.load(tmp_path, "test")


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_run_on_a_hf_msrvtt_dump(tmp_path):
    ids, rows = _hf_rows()
    root = tmp_path / "hf"
    root.mkdir()
    (root / "msrvtt_train_9k.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:24]))
    (root / "msrvtt_test_1k.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[24:]))
    for i, v in enumerate(ids):
        _clip(root / f"{v}.mp4", i)
    results, report = _run(tmp_path, "msrvtt", root)
    assert results["data"]["test"]["videos"] == 4
