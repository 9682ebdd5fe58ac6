"""``benchmarks/query_latency.py --tag``: its help says the tag is the output files' suffix, and the
sizes run wrote ``query_latency.json`` whatever the tag, over the run it was to be compared with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
bench = pytest.importorskip("query_latency")


def test_a_tagged_run_keeps_the_untagged_one(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "OUT", tmp_path)
    monkeypatch.setattr(bench, "markdown", lambda rows, args: f"{len(rows)} rows\n")
    monkeypatch.setattr(bench, "run_size", lambda n, args, centres: {"moments": n})
    assert bench.main(["--sizes", "1k", "--dim", "8", "--centres", "4"]) == 0
    before = (tmp_path / "query_latency.json").read_text()
    assert bench.main(["--sizes", "2k", "--dim", "8", "--centres", "4", "--tag", "after"]) == 0
    assert (tmp_path / "query_latency.json").read_text() == before
    assert '"moments": 2000' in (tmp_path / "query_latency_after.json").read_text()
    assert (tmp_path / "query_latency_after.md").read_text() == "1 rows\n"
