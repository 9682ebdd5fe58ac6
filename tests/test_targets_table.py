"""benchmarks/targets.py: issue 12's table read from the benchmarks' JSON outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
targets = pytest.importorskip("targets")


def write(out: Path, name: str, data: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(json.dumps(data))


def test_rows_from_outputs_quick_falls_back_to_full(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(targets, "OUT", out)
    write(out, "index_throughput-quick.json", {
        "meta": {"videos": {"files": 1, "video_s": 20.0, "kinds": {"1920x1080 h264": 1}}, "video_dir": "/clips"},
        "rows": [{"model": "demo", "video_s": 20.0, "index_s": 4.0, "index_cpu_s": 6.0, "decode_cpu_s": 12.0,
                  "index_peak_rss_mb": 900.0, "decoders_peak_rss_mb": 120.0}]})
    write(out, "targets_loads_quick.json", {"index_throughput": {"load_before": 6.5, "load_after": 7.0}})
    write(out, "targets_decode_every_frame_quick.json", {"folder": "/clips", "frames": 600, "cpu_s": 12.0})
    write(out, "noop_rescan.json", {"args": {"files": 500, "load_before": 3.0},  # the full run only
                                    "runs": [{"wall_s": w} for w in (1.0, 3.0, 1.4)]})
    write(out, "ann_growth_quick.json", {"row": {
        "moments": 100_000, "added": 1000, "searchable_s": 2.5, "recall@10_before": 0.99,
        "recall@10_after": 0.97, "index_builds_during": 0, "refresh_s": 9.0, "refresh_action": "updated",
        "full_build_s": 60.0, "load_before": 4.0}})
    rows = {r["metric"].split(",")[0]: r for r in targets.collect(quick=True)}
    assert rows["1080p H.264"]["now"] == 5.0 and not rows["1080p H.264"]["ok"]
    assert "load 6.5→7.0" in rows["1080p H.264"]["on"]  # recorded by targets.py around the run
    assert rows["index CPU ÷ decode-every-frame CPU"]["now"] == 0.5
    assert rows["index CPU ÷ decode-every-frame CPU"]["ok"]
    assert "600 frames" in rows["index CPU ÷ decode-every-frame CPU"]["on"]
    assert rows["peak RSS while indexing 1080p"]["now"] == 900.0 and not rows["peak RSS while indexing 1080p"]["ok"]
    assert rows["no-op re-scan"]["now"] == 1.4 and rows["no-op re-scan"]["ok"]
    assert "500 files" in rows["no-op re-scan"]["on"] and "load 3.0" in rows["no-op re-scan"]["on"]
    assert rows["new 1 % into a large library: searchable s"]["now"] == "2.5 s, 0.97"
    assert rows["new 1 % into a large library: searchable s"]["ok"]
    assert rows["cold `seekframe search`"]["now"] is None
    md = targets.markdown(list(rows.values()), True, 5.0)
    assert "| cold `seekframe search`, CLI wall p50, s | not measured |" in md
    assert "load average 5.0" in md


def test_a_rebuild_fails_the_growth_target(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "OUT", tmp_path)
    write(tmp_path, "ann_growth.json", {"row": {
        "moments": 1_000_000, "added": 10_000, "searchable_s": 2.0, "recall@10_before": 1.0,
        "recall@10_after": 1.0, "index_builds_during": 1, "refresh_s": 342.0, "refresh_action": "rebuilt",
        "full_build_s": 342.0, "load_before": 2.0}})
    row = next(r for r in targets.collect(quick=False) if r["metric"].startswith("new 1 %"))
    assert not row["ok"]


def test_decode_baseline_of_other_clips_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "OUT", tmp_path)
    write(tmp_path, "index_throughput-1080p.json", {
        "meta": {"videos": {"files": 3, "video_s": 180.0, "kinds": {"1920x1080 h264": 3}}, "video_dir": "/full"},
        "rows": [{"model": "demo", "video_s": 180.0, "index_s": 12.0, "index_cpu_s": 20.0, "decode_cpu_s": 30.0,
                  "index_peak_rss_mb": 700.0, "decoders_peak_rss_mb": 120.0}]})
    write(tmp_path, "targets_decode_every_frame.json", {"folder": "/elsewhere", "frames": 5400, "cpu_s": 90.0})
    rows = {r["metric"]: r for r in targets.collect(quick=False)}
    assert rows["index CPU ÷ decode-every-frame CPU"]["now"] is None
    assert rows["1080p H.264, indexing alone, × real time, demo model"]["now"] == 15.0


def test_first_pass_row_reads_the_two_pass_run(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "OUT", tmp_path)
    write(tmp_path, "index_throughput-1080p-two-pass.json", {
        "meta": {"videos": {"files": 3, "video_s": 180.0, "kinds": {"1920x1080 h264": 3}}, "video_dir": "/full"},
        "rows": [{"model": "demo", "video_s": 180.0, "index_s": 20.0, "first_pass_s": 5.0, "first_pass_x": 36.0}]})
    write(tmp_path, "targets_loads.json", {"index_two_pass": {"load_before": 1.5, "load_after": 2.0}})
    row = next(r for r in targets.collect(quick=False) if r["metric"].startswith("first (quick) pass"))
    assert row["now"] == 36.0 and row["ok"]
    assert "quick pass 5.0 s of a two-pass run of 20.0 s" in row["on"] and "load 1.5→2.0" in row["on"]
    assert targets.output("index_two_pass", quick=False).name == "index_throughput-1080p-two-pass.json"
    assert "two_pass=true" in targets.commands(quick=False)["index_two_pass"]


def test_table_goes_between_the_markers(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Measured results\n\n## Other\n\ntext\n")
    targets.into_results("| a | b |\n", results)
    targets.into_results("| c | d |\n", results)  # replaces, never appends twice
    text = results.read_text()
    assert text.count("## Issue 12 targets") == 1 and "| c | d |" in text and "| a | b |" not in text
    assert text.startswith("# Measured results\n\n## Other\n\ntext\n")
