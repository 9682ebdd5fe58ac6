"""A data folder holding both a validation and a test split: which one ``python -m training.run``
scores, and whether its report says so. results.md said only 'Data: 30 train videos, 5 val videos,
7 test videos': not which of the data's splits (or files) the reported numbers were scored on, nor
that validation only chose epochs, nor, with ``data.test_split: val``, that the data's own test split
was never scored (the numbers then are no test numbers, and nothing said so but one log line)."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from types import SimpleNamespace

from training.config import DEFAULTS
from training.data import vatex
from training.data.splits import load_splits
from training.pipeline import Run
from training.report import data_lines


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _dump(root: Path) -> Path:
    _jsonl(root / "train.jsonl", [{"video_id": f"t{i}", "caption": f"train {i}"} for i in range(30)])
    _jsonl(root / "validation.jsonl", [{"video_id": f"v{i}", "caption": f"val {i}"} for i in range(5)])
    _jsonl(root / "test.jsonl", [{"video_id": f"x{i}", "caption": f"test {i}"} for i in range(7)])
    return root


def _cfg(root: Path, fmt: str = "msrvtt", **data) -> dict:
    cfg = copy.deepcopy(DEFAULTS)
    cfg["data"].update({"format": fmt, "root": str(root), "features": "unused.h5", **data})
    return cfg


def _report(splits) -> list[str]:
    """results.md's data lines, through ``Run.data_summary`` as a run writes them."""
    train, val, test = splits
    run = SimpleNamespace(train=train, val=val, test=test, left_out_of_training={})
    return data_lines(Run.data_summary(run))


def test_the_data_test_split_is_scored_and_the_report_names_both(tmp_path):
    train, val, test = splits = load_splits(_cfg(_dump(tmp_path)))
    assert [e.video_id for e in test.entries][:1] == ["x0"] and [e.video_id for e in val.entries][:1] == ["v0"]
    lines = _report(splits)
    assert "Test split (every number of the table is scored on it, once): msrvtt's test split (test.jsonl)." in lines
    assert ("Validation split (choosing each model's epoch only, never a reported number): msrvtt's own validation "
            "split (validation.jsonl).") in lines
    assert "Train split: msrvtt's train split (train.jsonl)." in lines


def test_testing_on_validation_says_the_data_test_split_is_not_scored(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="training")
    splits = load_splits(_cfg(_dump(tmp_path), test_split="validation"))
    lines = _report(splits)
    test_line = next(x for x in lines if x.startswith("Test split"))
    assert "msrvtt's validation split (validation.jsonl)" in test_line
    assert "the data's own test split (msrvtt's test split (test.jsonl), 7 videos) is not scored" in test_line
    assert "does not score" in caplog.text
    val_line = next(x for x in lines if x.startswith("Validation split"))
    assert "carved from the training videos (10% of them, seed 0" in val_line


def test_vatex_lists_without_a_test_list_test_on_the_val_list_and_say_it(tmp_path):
    (tmp_path / "videos").mkdir()
    for name, ids in (("train", [f"a{i}" for i in range(20)]), ("val", ["b0", "b1", "b2"])):
        (tmp_path / vatex.LISTS[name]).write_text("\n".join(ids) + "\n")
        for vid in ids:
            (tmp_path / "videos" / f"{vid}.mp4").write_bytes(b"x" * 64)
    caps = {f"a{i}": [f"a {i}"] for i in range(20)} | {f"b{i}": [f"b {i}"] for i in range(3)}
    (tmp_path / vatex.REF_CAPTIONS).write_text(json.dumps(caps))
    lines = _report(load_splits(_cfg(tmp_path, "vatex", features=None)))
    assert "Test split (every number of the table is scored on it, once): vatex's test split (val_list.txt)." in lines
    assert not any("not scored" in x for x in lines)
    assert any(x.startswith("Validation split") and "carved from the training videos" in x for x in lines)


def test_testing_on_vatex_val_list_with_clips_missing_says_no_other_test_split(tmp_path, caplog):
    """VATEX's lists without test_list.txt, data.test_split: val, and a clip of the val list not on disk
    (YouTube takes many down; or data.max_test set): the run's test split then held fewer videos than
    the list, so the loader's 'test' (that same val list) was taken for a test split of the data's own
    and results.md said 'the data's own test split (vatex's test split (val_list.txt), 3 videos) is not
    scored by this run', a warning with it: there is none."""
    caplog.set_level(logging.WARNING, logger="training")
    (tmp_path / "videos").mkdir()
    for name, ids in (("train", [f"a{i}" for i in range(20)]), ("val", ["b0", "b1", "b2"])):
        (tmp_path / vatex.LISTS[name]).write_text("\n".join(ids) + "\n")
        for vid in ids[:-1] if name == "val" else ids:  # (b2's clip is not there)
            (tmp_path / "videos" / f"{vid}.mp4").write_bytes(b"x" * 64)
    caps = {f"a{i}": [f"a {i}"] for i in range(20)} | {f"b{i}": [f"b {i}"] for i in range(3)}
    (tmp_path / vatex.REF_CAPTIONS).write_text(json.dumps(caps))
    for extra in ({}, {"max_test": 1}):
        caplog.clear()
        lines = _report(load_splits(_cfg(tmp_path, "vatex", features=None, test_split="val", **extra)))
        test_line = next(x for x in lines if x.startswith("Test split"))
        assert "vatex's validation split (val_list.txt)" in test_line
        assert "not scored" not in test_line and "does not score" not in caplog.text
