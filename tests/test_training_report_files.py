"""Which annotation file each split of an MSVD (Youtube2Text) or TGIF run was read from, in results.md
and results.json. MSR-VTT's and VATEX's reports named it ('msrvtt's test split (test.jsonl)'); MSVD's
and TGIF's said only 'msvd's test split': a user reproducing the paper's numbers could not tell whether
CLIP4Clip's test_list.txt, the official youtube_mapping.txt's vid1301-1970 or the descriptions' own
order was scored, nor which caption file (raw-captions.pkl, AllVideoDescriptions.txt, the csv corpus)."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from training.config import DEFAULTS
from training.data import msvd, tgif
from training.data.splits import load_splits
from training.pipeline import Run
from training.report import write_report

ROLES = {"test": "Test split (every number of the table is scored on it, once)",
         "val": "Validation split (choosing each model's epoch only, never a reported number)",
         "train": "Train split"}


def _cfg(root: Path, fmt: str) -> dict:
    cfg = copy.deepcopy(DEFAULTS)
    cfg["name"] = "files"
    cfg["data"].update({"format": fmt, "root": str(root), "features": "unused.h5"})
    return cfg


def _report(tmp_path: Path, cfg: dict) -> tuple[list[str], dict]:
    """results.md's lines and results.json's ``data``, as a run writes them (``Run.data_summary``)."""
    train, val, test = load_splits(cfg)
    run = SimpleNamespace(train=train, val=val, test=test, left_out_of_training={})
    out = tmp_path / "out"
    out.mkdir()
    per_seed = {0: {"mckd": {"t2v_r1": 10.0}}}
    write_report(out, cfg, per_seed, {}, data=Run.data_summary(run))
    return (out / "results.md").read_text().splitlines(), json.loads((out / "results.json").read_text())["data"]


def _says(lines: list[str], data: dict, split: str, files: str) -> None:
    assert f"{ROLES[split]}: {files}." in lines
    assert data[split]["from"] == files


def _msvd_lists(ann: Path, clips: list[str], pickle_gz: bool = False) -> None:
    """CLIP4Clip's msvd_data: the lists and raw-captions.pkl (a plain dict of token lists)."""
    import pickle

    ann.mkdir(parents=True, exist_ok=True)
    raw = pickle.dumps({c: [["a", "clip", c]] for c in clips}, protocol=2)
    if pickle_gz:
        (ann / "raw-captions.pkl.gz").write_bytes(gzip.compress(raw))
    else:
        (ann / "raw-captions.pkl").write_bytes(raw)
    for split, part in (("train", clips[:20]), ("val", clips[20:24]), ("test", clips[24:])):
        (ann / f"{split}_list.txt").write_text("\n".join(part) + "\n")


@pytest.mark.parametrize("pickle_gz", [False, True], ids=["pkl", "pkl.gz"])
def test_msvd_clip4clip_lists_name_the_list_and_the_caption_pickle(tmp_path, pickle_gz):
    _msvd_lists(tmp_path / "data" / "msvd_data", [f"c{i}" for i in range(30)], pickle_gz)
    lines, data = _report(tmp_path, _cfg(tmp_path / "data", "msvd"))
    pkl = "msvd_data/raw-captions.pkl" + (".gz" if pickle_gz else "")
    _says(lines, data, "test", f"msvd's test split (msvd_data/test_list.txt, captions from {pkl})")
    _says(lines, data, "val", f"msvd's own validation split (msvd_data/val_list.txt, captions from {pkl})")
    _says(lines, data, "train", f"msvd's train split (msvd_data/train_list.txt, captions from {pkl})")


def test_msvd_official_release_names_the_mapping_range_and_the_descriptions(tmp_path):
    clips = [f"clip{n}_1_5" for n in range(1, 1971)]
    (tmp_path / msvd.DESCRIPTIONS).write_text("".join(f"{c} a man does thing {n}\n" for n, c in enumerate(clips, 1)))
    (tmp_path / msvd.MAPPING).write_text("".join(f"{c} vid{n}\n" for n, c in enumerate(clips, 1)))
    lines, data = _report(tmp_path, _cfg(tmp_path, "msvd"))
    _says(lines, data, "test", "msvd's test split (youtube_mapping.txt's vid1301-1970, captions from "
          "AllVideoDescriptions.txt)")
    _says(lines, data, "val", "msvd's own validation split (youtube_mapping.txt's vid1201-1300, captions from "
          "AllVideoDescriptions.txt)")


def test_msvd_descriptions_alone_name_the_clips_taken_in_their_order(tmp_path):
    rows = ["VideoID,Start,End,Language,Description"]
    rows += [f"y{n},{n},{n + 5},English,a clip {n}" for n in range(1, 1501)]  # (a part of the corpus)
    (tmp_path / "video_corpus.csv").write_text("\n".join(rows) + "\n")
    lines, data = _report(tmp_path, _cfg(tmp_path, "msvd"))
    _says(lines, data, "test", "msvd's test split (video_corpus.csv, its clips 1301-1500 in file order)")
    _says(lines, data, "train", "msvd's train split (video_corpus.csv, its clips 1-1200 in file order)")


def test_a_refused_msvd_pickle_names_the_descriptions_read_in_its_place(tmp_path):
    clips = [f"c{i}" for i in range(30)]
    _msvd_lists(tmp_path, clips)
    (tmp_path / "raw-captions.pkl").write_bytes(b"\x80\x02cos\nsystem\nq\x00.")  # (a global: refused)
    (tmp_path / msvd.DESCRIPTIONS).write_text("".join(f"{c} a clip {c}\n" for c in clips))
    split = msvd.load(tmp_path, "test")
    assert split.source == "test_list.txt, captions from AllVideoDescriptions.txt"


def _tgif_release(data: Path) -> None:
    data.mkdir(parents=True)
    urls = [f"https://38.media.tumblr.com/x/tumblr_g{i}_500.gif" for i in range(30)]
    (data / tgif.TSV).write_text("".join(f"{u}\tgif {i} moves\n" for i, u in enumerate(urls)))
    (data / "splits").mkdir()
    for split, part in (("train", urls[:20]), ("val", urls[20:24]), ("test", urls[24:])):
        (data / "splits" / f"{split}.txt").write_text("\n".join(part) + "\n")


def test_tgif_release_names_the_list_and_the_tsv(tmp_path):
    _tgif_release(tmp_path / "TGIF-Release" / "data")
    lines, data = _report(tmp_path, _cfg(tmp_path, "tgif"))
    for split, own in (("test", ""), ("val", "own validation"), ("train", "")):
        name = own or split
        _says(lines, data, split, f"tgif's {name} split (TGIF-Release/data/splits/{split}.txt, captions from "
              "TGIF-Release/data/tgif-v1.0.tsv)")


def test_tgif_dump_names_its_tables(tmp_path):
    for split, ids in (("train", range(20)), ("validation", range(20, 24)), ("test", range(24, 30))):
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "data" / f"{split}.jsonl").write_text("".join(
            json.dumps({"url": f"tumblr_g{i}_500.gif", "caption": f"gif {i} moves"}) + "\n" for i in ids))
    lines, data = _report(tmp_path, _cfg(tmp_path, "tgif"))
    _says(lines, data, "test", "tgif's test split (data/test.jsonl)")
    _says(lines, data, "val", "tgif's own validation split (data/validation.jsonl)")
