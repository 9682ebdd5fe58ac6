"""``benchmarks/ann_growth.py --as-run --replace``: a run as `seekframe index` commits it, its
index coverage measured (the number that showed an index covering none of the rows)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
bench = pytest.importorskip("ann_growth")


def args(tmp_path, **kw) -> argparse.Namespace:
    base = dict(size="1200", grow=0.01, replace=0.0, as_run=False, per_commit=1, dim=16, queries=8,
                per_video=100, centres=10, spread=0.5, rows_per_partition=None, tmp=str(tmp_path), tag="")
    return argparse.Namespace(**(base | kw))


def test_every_video_written_again_as_a_run(tmp_path):
    row = bench.run(args(tmp_path, replace=1.0, as_run=True, per_commit=12))  # one commit: the whole full pass
    assert row["replaced"] == 1200 and row["added"] == 0 and row["found_new"]
    assert row["index_builds_during"] == 1  # rebuilt over the new rows once the old ones were gone
    assert row["index_coverage_after"] == 1.0 and row["unindexed_after"] == 0
    assert row["recall@10_after"] >= 0.95


def test_growth_refreshed_explicitly(tmp_path):
    row = bench.run(args(tmp_path))
    assert row["added"] == 100 and row["refresh_action"] == "updated" and row["index_builds_during"] == 0
    assert row["index_coverage_after"] == 1.0
