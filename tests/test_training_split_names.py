"""Split names a researcher's data uses: ``eval`` and ``dev`` are the validation split, in a table's
name, its folder's, and its rows' ``split`` column."""

from __future__ import annotations

import json
from pathlib import Path

from training.data import msrvtt, msrvtt_layouts


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def test_a_table_named_eval_is_the_validation_split(tmp_path):
    """``eval.jsonl`` beside train and test: it was no split's (the val split read nothing, and
    ``has_val`` said none, so validation was carved out of train)."""
    _jsonl(tmp_path / "train.jsonl", [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in range(4)])
    _jsonl(tmp_path / "eval.jsonl", [{"video_id": "video4", "caption": "clip 4"}])
    _jsonl(tmp_path / "test.jsonl", [{"video_id": "video5", "caption": "clip 5"}])
    assert msrvtt_layouts.has_val(tmp_path, "9k", None)
    assert _ids(msrvtt.load(tmp_path, "val")) == ["video4"]
    assert _ids(msrvtt.load(tmp_path, "test")) == ["video5"]


def test_rows_whose_split_column_says_eval_or_dev_are_validation_rows(tmp_path):
    """A table of every split's rows, a ``split`` column saying ``eval`` / ``dev``: it was refused
    ("split 'eval' is none of train, validate, val, test")."""
    splits = ["train", "train", "eval", "dev", "test"]
    _jsonl(tmp_path / "data" / "captions.jsonl",
           [{"video_id": f"video{i}", "caption": f"clip {i}", "split": s} for i, s in enumerate(splits)])
    assert _ids(msrvtt.load(tmp_path, "val")) == ["video2", "video3"]
    assert _ids(msrvtt.load(tmp_path, "train")) == ["video0", "video1"]


def test_an_eval_folder_of_a_config_is_its_validation_split(tmp_path):
    for split, ids in (("train", range(3)), ("eval", [3]), ("test", [4])):
        _jsonl(tmp_path / "default" / split / "0000.jsonl", [{"video_id": f"video{i}", "caption": f"c {i}"} for i in ids])
    assert _ids(msrvtt.load(tmp_path, "val")) == ["video3"]


def test_a_config_naming_its_test_split_eval_or_validation_loads_it(tmp_path):
    """``data.test_split: eval`` (a data set whose held-out split is called eval) was refused: 'MSR-VTT
    split must be train, val or test, not 'eval''. The config's split names mean what the files' do."""
    from training.data.splits import load_splits

    _jsonl(tmp_path / "train.jsonl", [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in range(20)])
    _jsonl(tmp_path / "eval.jsonl", [{"video_id": "video40", "caption": "clip 40"}])
    data = {"format": "msrvtt", "root": str(tmp_path), "options": {}, "features": "x.h5", "train_split": "training",
            "max_train": None, "max_test": None, "max_val": None, "val_split": "carve", "val_fraction": 0.25,
            "val_seed": 0}
    for name in ("eval", "validation", "dev", "Eval"):
        train, val, test = load_splits({"data": {**data, "test_split": name}})
        assert _ids(test) == ["video40"] and test.name == "test" and len(train) + len(val) == 20
