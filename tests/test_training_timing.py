"""The clips/s of a reproduction: a CUDA device waited for before the clock is read (its kernels run
asynchronously: the timer read as soon as ``encode`` returned), and results.md says what the figure
is worth (the machine's load while the models were timed; 11 to 592 clips/s for identical students
on a shared CPU, said nowhere)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from training import measure
from training.report import speed_lines, write_report


def _recorded(monkeypatch):
    """Clock reads, encodes and device syncs in the order they happen."""
    events = []
    clock = iter(float(i) for i in range(100))

    def read():
        events.append("clock")
        return next(clock)

    monkeypatch.setattr(measure.time, "perf_counter", read)
    monkeypatch.setattr(torch.cuda, "synchronize", lambda device=None: events.append(("sync", str(device))))
    return events, (lambda b: events.append("encode"))


def test_a_cuda_device_is_waited_for_before_each_pass_is_timed_to_its_end(monkeypatch):
    events, encode = _recorded(monkeypatch)
    measure.timed_clips(encode, np.arange(70), batch=32, repeats=3, device=torch.device("cuda", 1))
    sync = ("sync", "cuda:1")
    assert events[:4] == ["encode"] * 3 + [sync]  # the warm-up's work done before the first clock read
    passes = events[4:]
    assert passes == ["clock", "encode", "encode", "encode", sync, "clock"] * 3  # each pass's work, then the clock


def test_the_cpu_is_never_synchronised(monkeypatch):
    events, encode = _recorded(monkeypatch)
    rate = measure.timed_clips(encode, np.arange(64), batch=32, repeats=3, device=torch.device("cpu"))["clips_per_s"]
    assert not [e for e in events if isinstance(e, tuple)] and rate == pytest.approx(64.0)
    measure.timed_clips(encode, np.arange(64), batch=32, repeats=1)  # no device named: none waited for
    assert not [e for e in events if isinstance(e, tuple)]


def test_a_timing_keeps_its_passes_spread_and_the_machines_load(monkeypatch):
    clock = iter([0.0, 1.0, 10.0, 12.0, 20.0, 24.0])  # passes of 1 s, 2 s, 4 s
    monkeypatch.setattr(measure.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(measure.os, "getloadavg", lambda: (6.25, 5.0, 4.0))
    got = measure.timed_clips(lambda b: None, np.arange(40), batch=32, repeats=3)
    assert got["clips_per_s"] == pytest.approx(20.0)
    assert got["clips_per_s_slowest_pass"] == pytest.approx(10.0) and got["clips_per_s_fastest_pass"] == pytest.approx(40.0)
    assert got["timed_while"]["load_avg_1m"] == 6.25 and got["timed_while"]["cpus"] >= 1
    monkeypatch.delattr(measure.os, "getloadavg")  # (Windows has none)
    clock = iter([0.0, 1.0])
    assert "load_avg_1m" not in measure.timed_clips(lambda b: None, np.arange(4), repeats=1)["timed_while"]


def test_the_summary_averages_figures_never_the_machines_load(tmp_path, monkeypatch):
    """results.json's summary is means over seeds: a load average or a CPU count averaged over the
    seeds' timings means nothing there (54a02f2 put them beside clips/s); each timing keeps its own."""
    loads = iter([1.5, 7.5])
    monkeypatch.setattr(measure.os, "getloadavg", lambda: (next(loads), 1.0, 1.0))
    per_seed = {seed: {"mckd": {"t2v_r1": 10.0, **measure.timed_clips(lambda b: None, np.arange(8), repeats=1)}}
                for seed in (0, 1)}
    summary = write_report(tmp_path, {"name": "t"}, per_seed, {}, device="cpu (fp32)")
    assert {"t2v_r1", "clips_per_s", "clips_per_s_slowest_pass"} <= set(summary["mckd"])
    assert not {"load_avg_1m", "cpus", "timed_while"} & set(summary["mckd"])
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["summary"] == summary
    assert [saved["per_seed"][s]["mckd"]["timed_while"]["load_avg_1m"] for s in ("0", "1")] == [1.5, 7.5]
    md = (tmp_path / "results.md").read_text()
    assert "1.5 to 7.5" in md  # results.md still says the load of each timing


def _timed(rate, slowest, fastest, load=None, cpus=2.0):
    context = {"cpus": cpus} if load is None else {"load_avg_1m": load, "cpus": cpus}
    return {"t2v_r1": 10.0, "clips_per_s": rate, "clips_per_s_slowest_pass": slowest,
            "clips_per_s_fastest_pass": fastest, "timed_while": context}


def test_results_say_a_busy_machines_speeds_are_rough(tmp_path):
    per_seed = {0: {"baseline": _timed(11.0, 9.0, 30.0, load=5.8), "mckd": _timed(592.0, 20.0, 600.0, load=6.4)}}
    write_report(tmp_path, {"name": "t"}, per_seed, {}, device="cpu (fp32)")
    md = (tmp_path / "results.md").read_text()
    said = md[md.index("Speeds (clips/s)"):]
    assert "timed on cpu (fp32)" in said and "load average" in said and "5.8 to 6.4" in said and "2 CPUs" in said
    assert "mostly noise, even between the models of this run" in said and "30.0 times its slowest" in said


def test_results_say_when_the_run_may_have_had_the_machine_to_itself_or_no_load_is_known():
    quiet = speed_lines({0: {"mckd": _timed(500.0, 480.0, 520.0, load=0.9, cpus=16.0)}})[0]
    assert "0.9" in quiet and "16 CPUs" in quiet and "to itself" in quiet
    assert "noise" not in quiet and "times its slowest" not in quiet  # passes within 1.1x of each other
    unknown = speed_lines({0: {"mckd": _timed(500.0, 480.0, 520.0)}})[0]
    assert "not recorded" in unknown and "rough" in unknown
    assert speed_lines({0: {"mckd": {"t2v_r1": 1.0}}}) == []  # nothing timed, nothing said
