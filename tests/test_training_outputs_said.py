"""``python -m training.run --help`` lists a run's outputs: every file the run writes by name is
there (train.log was written by every run and not listed)."""

from __future__ import annotations

import re
from pathlib import Path

from training.run import OUTPUTS

TRAINING = Path(__file__).resolve().parent.parent / "training"
WRITERS = ("run.py", "report.py", "pipeline.py", "stages.py", "export.py")


def written_names(sources=WRITERS) -> set[str]:
    names = set()
    for name in sources:
        names |= set(re.findall(r'"([a-z0-9_]+\.(?:json|md|png|log|txt|jsonl))"', (TRAINING / name).read_text(encoding="utf-8")))
    return names


def said(name: str, text: str = OUTPUTS) -> bool:
    stem, ext = name.rsplit(".", 1)
    return name in text or f"{stem}.json / .{ext}" in text


def test_every_file_a_run_writes_is_in_its_help():
    names = written_names()
    assert {"train.log", "results.md", "loss_curves.png", "stage.json"} <= names  # (the search finds them)
    assert not [n for n in sorted(names) if not said(n)]


def test_the_check_sees_a_name_left_out():
    assert not said("train.log", OUTPUTS.replace("train.log", "x"))
    assert said("results.md") and said("results.json")
