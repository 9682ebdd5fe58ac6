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
    write(tmp_path, "ann_growth_1M.json", {"row": {  # the full run: ann_growth.py --size 1M --tag 1M
        "moments": 1_000_000, "added": 10_000, "searchable_s": 2.0, "recall@10_before": 1.0,
        "recall@10_after": 1.0, "index_builds_during": 1, "refresh_s": 342.0, "refresh_action": "rebuilt",
        "full_build_s": 342.0, "load_before": 2.0}})
    row = next(r for r in targets.collect(quick=False) if r["metric"].startswith("new 1 %"))
    assert row["now"] == "2.0 s, 1.0"  # read, and failed for the rebuild alone
    assert not row["ok"]


def test_growth_row_reads_the_1m_run_not_an_older_250k_one(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "OUT", tmp_path)
    grown = {"added": 2500, "searchable_s": 0.9, "recall@10_before": 0.999, "recall@10_after": 0.999,
             "index_builds_during": 0, "refresh_s": 1.5, "refresh_action": "updated", "full_build_s": 977.0}
    write(tmp_path, "ann_growth.json", {"row": {**grown, "moments": 250_000}})  # ann_growth.py's default size
    write(tmp_path, "ann_growth_1M.json", {"row": {**grown, "moments": 1_000_000, "added": 10_000,
                                                   "searchable_s": 4.2, "recall@10_after": 0.98}})
    row = next(r for r in targets.collect(quick=False) if r["metric"].startswith("new 1 %"))
    assert row["now"] == "4.2 s, 0.98" and row["ok"]
    assert row["on"].startswith("1000000 + 10000 moments") and row["model"] == "none (synthetic vectors)"
    assert targets.commands(quick=False)["ann_growth"][-4:] == ["--size", "1M", "--tag", "1M"]
    (tmp_path / "ann_growth_1M.json").unlink()  # no 1M (nor quick) run: the default-size one, saying so
    row = next(r for r in targets.collect(quick=False) if r["metric"].startswith("new 1 %"))
    assert row["now"] == "0.9 s, 0.999" and row["on"].startswith("250000 + 2500 moments")


def throughput(model: str, index_s: float, cpu_s: float, rss: float, **extra) -> dict:
    return {"meta": {"videos": {"files": 3, "video_s": 180.0, "kinds": {"1920x1080 h264": 3}}, "video_dir": "/full",
                     "repeat": 3},
            "rows": [{"model": model, "video_s": 180.0, "index_s": index_s, "index_cpu_s": cpu_s, "decode_cpu_s": 30.0,
                      "index_peak_rss_mb": rss, "decoders_peak_rss_mb": 120.0, **extra}]}


def test_real_model_rows_read_its_own_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "OUT", tmp_path)
    write(tmp_path, "index_throughput-1080p.json", throughput("demo", 9.0, 15.0, 710.0))
    write(tmp_path, "index_throughput-1080p-two-pass.json",
          throughput("demo", 10.0, 16.0, 700.0, first_pass_s=2.0, first_pass_x=90.0))
    write(tmp_path, "index_throughput-1080p-real.json", throughput("real", 36.0, 24.0, 950.0))
    write(tmp_path, "index_throughput-1080p-real-two-pass.json",
          throughput("real", 20.0, 30.0, 960.0, first_pass_s=6.0, first_pass_x=30.0))
    write(tmp_path, "targets_decode_every_frame.json", {"folder": "/full", "frames": 5400, "cpu_s": 20.0})
    write(tmp_path, "targets_loads.json", {"index_throughput": {"load_before": 1.0},
                                           "index_throughput-real": {"load_before": 4.5, "load_after": 5.0}})
    write(tmp_path, "noop_rescan.json", {"args": {"files": 500}, "runs": [{"wall_s": 0.5, "model_load": 0.0}] * 3})
    write(tmp_path, "text_search.json", {"args": {"text_model": "real"}, "row": {
        "text_p50_ms": 23.0, "videos": 20000, "moments": 100000, "model": "seekframe-everyday"}})
    real = targets.model_rows(quick=False, model="real")
    assert [r["now"] for r in real.values()] == [5.0, 9.0, 30.0, 1.2, 950.0]
    assert [r["ok"] for r in real.values()] == [False, False, True, False, False]
    assert all(r["model"] == "real" for r in real.values())
    assert "load 4.5→5.0" in real["one"]["on"] and "two-pass run 20.0 s, best of 3" in real["both"]["on"]
    demo = {r["metric"]: r for r in targets.collect(quick=False)}
    assert demo["both passes of 1080p H.264, × real time, demo model"]["now"] == 18.0
    assert demo["peak RSS while indexing 1080p, MB"]["now"] == 710.0
    assert demo["no-op re-scan, CLI wall p50, s"]["model"] == "none"
    assert demo["in-process text search, p50 ms"]["model"] == "real (seekframe-everyday)"
    md = targets.markdown(list(demo.values()), False, 2.0, {"real": list(real.values())})
    first, second = md.split("The same figures with the real model")
    assert "| peak RSS while indexing 1080p, MB | 710.0 | ≤ 800 | ✓ | demo |" in first
    assert "| peak RSS while indexing 1080p, MB | 950.0 | ≤ 800 | ✗ | real |" in second
    assert "| 1080p H.264, indexing alone, × real time, real model | 5.0 |" in second
    assert "Measured with the real model in the table above: in-process text search" in second
    assert "Using no model (the same for any): no-op re-scan" in second
    cmds = targets.commands(quick=False, models=("demo", "real"))
    assert cmds["index_two_pass-real"][cmds["index_two_pass-real"].index("--models") + 1] == "real"
    assert cmds["index_two_pass-real"][-1] == "1080p-real-two-pass" and cmds["index_throughput"][-1] == "1080p"
    assert targets.output("index_throughput-real", quick=True).name == "index_throughput-quick-real.json"


def test_noop_rescan_that_loads_the_model_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "OUT", tmp_path)
    write(tmp_path, "noop_rescan.json", {"args": {"files": 500}, "runs": [{"wall_s": 0.5, "model_load": 1.25}]})
    row = next(r for r in targets.collect(quick=False) if r["metric"].startswith("no-op"))
    assert row["model"] == "loaded (1.25 s)"


def test_an_unknown_model_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as e:
        targets.main(["--models", "demo,student", "--run", "none"])
    assert e.value.code == 2 and "--models: a comma list of demo, real" in capsys.readouterr().err


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


def test_every_targets_model_is_a_shipped_model_index_throughput_runs():
    """targets.py passes --models MODEL to index_throughput.py: each name must be a bundled model."""
    import index_throughput

    from core.model_choice import bundled_demo_model, bundled_real_model

    bundled = {"demo": bundled_demo_model(), "real": bundled_real_model()}
    for model in targets.MODELS:
        folder = index_throughput.MODELS_DIR / model
        assert bundled[model] is not None and folder.resolve() == bundled[model].resolve()
        # the decode-only side decodes as the indexer does for that model
        from core.encoders import Encoder
        from core.indexer import IndexOptions, decode_spec

        want = decode_spec(Encoder.load(str(folder)), IndexOptions())
        shape = index_throughput.shipped_shape(model)
        assert (shape["image_size"], shape["frames_per_moment"], shape["resize"], shape["loop_filter_gop_s"]) == \
            (want.size, want.frames_per_moment, want.resize, want.loop_filter_gop_s)
