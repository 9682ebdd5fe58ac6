"""Issue 12's targets in one table: each figure next to its target, from the benchmarks that measure it.

| metric | benchmark (its JSON in ``benchmarks/out/``) |
|---|---|
| 1080p H.264 indexing (one pass) × real time, index CPU ÷ decode CPU, peak RSS | ``index_throughput.py --videos`` on generated 1080p H.264 clips, per model |
| 1080p H.264 both passes and first (quick) pass × real time | the same with ``--opt two_pass=true`` (its ``index_s`` and ``first_pass_s``) |
| no-op re-scan of 500 files, CLI wall | ``noop_rescan.py`` (loads no model: its ``model_load`` must be 0) |
| cold ``seekframe search``, CLI wall p50 | ``cold_search.py`` (real-footage model) |
| in-process text search, 20,000 videos / 100k moments, p50 | ``query_latency.py --text`` (real-footage model) |
| new 1 % into a 1M library: searchable, recall@10 | ``ann_growth.py --size 1M --tag 1M`` (synthetic vectors) |

The model-dependent rows (the 1080p ones) are measured for each of ``--models`` (default ``demo,real``:
the shipped demo and real-footage models of ``core/resources/models``): the first table with the
first model and every row, then one table per further model with its model-dependent rows; the
model column says which model each row used. By default the benchmarks whose JSON is missing are
run first (``--run all``: every one, ``--run none``: only collect). ``--quick`` runs small versions
(1 clip of 1080p, 50 files, 3 cold runs, a 100k library for the growth, 20 queries) under the tag
``quick`` and collects those (a benchmark without a quick output is collected from its full one,
and vice versa): the table says the size measured. The machine is shared: the load average at collection time and each
benchmark's own where it recorded one stand beside the figures.

    .venv/bin/python benchmarks/targets.py --quick            # ~20 min on 2 loaded cores
    .venv/bin/python benchmarks/targets.py --run all --only index_throughput-real,index_two_pass-real
    .venv/bin/python benchmarks/targets.py --run none         # the table from the last outputs

Writes ``benchmarks/out/targets[_quick].json`` and ``.md``, prints the table and, with ``--results``,
puts it into ``benchmarks/RESULTS.md`` (between its ``targets.py`` markers).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
CLIPS_1080P = OUT / "clips-1080p"


def write_h264_clip(path: Path, seconds: float, fps: int = 30, size=(1920, 1080), seed: int = 0) -> None:
    """An H.264 clip with B-frames and camera-like moving texture (PyAV's libx264)."""
    import av
    import numpy as np

    w, h = size
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, size=(h // 4 + 1, w // 4 + 1, 3), dtype=np.uint8)
    texture = np.repeat(np.repeat(small, 4, axis=0), 4, axis=1)[:h, : w // 4 * 4]
    texture = np.concatenate([texture, texture], axis=1)
    tmp = path.with_suffix(".part.mp4")
    with av.open(str(tmp), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "20", "bf": "2", "g": str(fps * 4)}
        for i in range(int(seconds * fps)):
            x0 = (i * 6) % (texture.shape[1] // 2)
            frame = np.ascontiguousarray(texture[:, x0:x0 + w])
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    tmp.replace(path)


def clips_1080p(quick: bool) -> Path:
    folder = CLIPS_1080P / ("quick" if quick else "full")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1 if quick else 3):
        path = folder / f"h264_1080p_{i}.mp4"
        if not path.exists():
            write_h264_clip(path, 20.0 if quick else 60.0, seed=i)
    return folder


def decode_every_frame(folder: Path) -> dict:
    """CPU seconds (all threads) PyAV takes to decode every frame of the clips, as the issue's
    baseline: the indexer's own decode-only side samples (skips frames) and is no baseline."""
    import av

    cpu, frames = time.process_time(), 0
    for path in sorted(folder.glob("*.mp4")):
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for _ in container.decode(stream):
                frames += 1
    return {"folder": str(folder), "frames": frames, "cpu_s": round(time.process_time() - cpu, 2)}


MODELS = ("demo", "real")  # index_throughput.py's names of the shipped models
MODEL_DEPENDENT = ("index_throughput", "index_two_pass")


def key(name: str, model: str = "demo") -> str:
    """A benchmark's name in ``commands``, ``--only`` and the loads file: ``index_throughput`` (demo
    model), ``index_throughput-real``; the other benchmarks do not depend on ``--models``."""
    return name if model == "demo" or name not in MODEL_DEPENDENT else f"{name}-{model}"


def it_tag(name: str, quick: bool, model: str) -> str:
    """index_throughput's ``--tag``: quick / 1080p, then -MODEL but for demo, then -two-pass."""
    return ("quick" if quick else "1080p") + ("" if model == "demo" else f"-{model}") \
        + ("-two-pass" if name == "index_two_pass" else "")


def commands(quick: bool, models=("demo",)) -> dict[str, list[str]]:
    tag = ["--tag", "quick"] if quick else []
    py = [sys.executable]
    cmds = {}
    for model in models:
        cmds[key("index_throughput", model)] = py + [
            str(HERE / "index_throughput.py"), "--videos", "{clips}", "--models", model,
            "--repeat", "1" if quick else "2", "--tag", it_tag("index_throughput", quick, model)]
        cmds[key("index_two_pass", model)] = py + [
            str(HERE / "index_throughput.py"), "--videos", "{clips}", "--models", model,
            "--repeat", "1" if quick else "3", "--opt", "two_pass=true", "--tag", it_tag("index_two_pass", quick, model)]
    return cmds | {
        "noop_rescan": py + [str(HERE / "noop_rescan.py"), "--files", "50" if quick else "500",
                             "--runs", "3" if quick else "7"] + tag,
        "cold_search": py + [str(HERE / "cold_search.py"), "--runs", "3" if quick else "7"] + tag,
        "text_search": py + [str(HERE / "query_latency.py"), "--text", "--queries", "20" if quick else "100"] + tag,
        "ann_growth": py + [str(HERE / "ann_growth.py"), "--size", "100k" if quick else "1M",
                            "--tag", "quick" if quick else "1M"],
    }


def output(name: str, quick: bool) -> Path:
    """The JSON of a benchmark (a ``key``: ``index_throughput-real`` is the real model's run)."""
    if name in ("decode_every_frame", "loads"):  # loads: of the runs of benchmarks that record none
        return OUT / f"targets_{name}{'_quick' if quick else ''}.json"
    base, _, model = name.partition("-")
    if base in MODEL_DEPENDENT:
        return OUT / f"index_throughput-{it_tag(base, quick, model or 'demo')}.json"
    if name == "ann_growth":
        return OUT / f"ann_growth_{'quick' if quick else '1M'}.json"
    return OUT / (f"{name}_quick.json" if quick else f"{name}.json")


def _load(args: dict | None) -> str:
    if not args or "load_before" not in args:
        return ""
    return f"load {args['load_before']}" + (f"→{args['load_after']}" if "load_after" in args else "")


def _runs(d, key="wall_s"):
    return [r[key] for r in d.get("runs", []) if key in r]


def _reader(quick: bool):
    def read(name):  # this mode's output, else the other mode's (the row says what it measured)
        for p in (output(name, quick), output(name, not quick)):
            if p.exists():
                return json.loads(p.read_text())
        return None
    return read


def model_rows(quick: bool, model: str = "demo") -> dict[str, dict]:
    """The rows that depend on the indexing model, by short name: one pass, both passes, first
    pass, CPU ratio, RSS (the 1080p runs of ``index_throughput.py --models MODEL``)."""
    read = _reader(quick)
    loads = read("loads") or {}
    it = read(key("index_throughput", model))
    every = read("decode_every_frame")
    if every and it and every["folder"] != it["meta"].get("video_dir"):
        every = None  # measured on other clips
    row = next((r for r in (it or {}).get("rows", []) if r["model"] == model), None)
    it_load = _load(loads.get(key("index_throughput", model)))
    size = f"{it['meta']['videos']['files']} files, {it['meta']['videos']['video_s']} s, " \
           f"{', '.join(it['meta']['videos']['kinds'])}" + (f"; {it_load}" if it_load else "") if row else ""
    rows = {"one": {"metric": f"1080p H.264, indexing alone, × real time, {model} model",
                    "now": round(row["video_s"] / row["index_s"], 1) if row else None,
                    "target": "≥ 10 (both passes: next row)", "ok": bool(row) and row["video_s"] / row["index_s"] >= 10,
                    "model": model, "on": size + (" (one pass)" if row else "")}}
    two = read(key("index_two_pass", model))
    both = next((r for r in (two or {}).get("rows", []) if r["model"] == model), None)
    two_load = _load(loads.get(key("index_two_pass", model)))
    rows["both"] = {"metric": f"both passes of 1080p H.264, × real time, {model} model",
                    "now": round(both["video_s"] / both["index_s"], 1) if both else None, "target": "≥ 10",
                    "ok": bool(both) and both["video_s"] / both["index_s"] >= 10, "model": model,
                    "on": (f"{two['meta']['videos']['files']} files, {both['video_s']} s; two-pass run "
                           f"{both['index_s']} s, best of {two['meta'].get('repeat')}"
                           + (f"; {two_load}" if two_load else "")) if both else ""}
    first = both if both and both.get("first_pass_x") else None
    rows["first"] = {"metric": f"first (quick) pass of 1080p H.264, × real time, {model} model",
                     "now": first and first["first_pass_x"], "target": "≥ 30",
                     "ok": bool(first) and first["first_pass_x"] >= 30, "model": model,
                     "on": (f"{two['meta']['videos']['files']} files, {first['video_s']} s; quick pass "
                            f"{first['first_pass_s']} s of a two-pass run of {first['index_s']} s"
                            + (f"; {two_load}" if two_load else "")) if first else ""}
    rows["cpu"] = {"metric": "index CPU ÷ decode-every-frame CPU",
                   "now": round(row["index_cpu_s"] / every["cpu_s"], 2) if row and every else None,
                   "target": "≤ 0.6", "ok": bool(row and every) and row["index_cpu_s"] / every["cpu_s"] <= 0.6,
                   "model": model,
                   "on": (size + f"; index {row['index_cpu_s']} CPU s, PyAV decoding all {every['frames']} "
                          f"frames {every['cpu_s']} CPU s") if row and every else ""}
    rss = row and row["index_peak_rss_mb"]
    rows["rss"] = {"metric": "peak RSS while indexing 1080p, MB", "now": rss, "target": "≤ 800",
                   "ok": rss is not None and rss <= 800, "model": model,
                   "on": size + f" (+ each decode process {row['decoders_peak_rss_mb']} MB)" if row else ""}
    return rows


def collect(quick: bool, model: str = "demo") -> list[dict]:
    """One row per target: metric, now (None when not measured), target, ok, model, measured-on note;
    the model-dependent rows with ``model``."""
    read = _reader(quick)
    m = model_rows(quick, model)
    rows = [m["one"], m["both"], m["first"], m["cpu"]]
    d = read("noop_rescan")
    wall = statistics.median(_runs(d)) if d and _runs(d) else None
    loaded = max(_runs(d, "model_load"), default=None) if d else None
    rows.append({"metric": "no-op re-scan, CLI wall p50, s", "now": wall and round(wall, 2), "target": "≤ 1.5 s",
                 "ok": wall is not None and wall <= 1.5,
                 "model": "none" if loaded == 0 else f"loaded ({loaded} s)" if loaded else "",
                 "on": f"{d['args']['files']} files, {len(_runs(d))} runs; {_load(d['args'])}" if d else ""})
    d = read("cold_search")
    wall = statistics.median(_runs(d)) if d and _runs(d) else None
    rows.append({"metric": "cold `seekframe search`, CLI wall p50, s", "now": wall and round(wall, 2),
                 "target": "≤ 2.5 s p50 (quiet machine)", "ok": wall is not None and wall <= 2.5,
                 "model": d["args"].get("model", "") if d else "",
                 "on": f"{len(_runs(d))} runs; {_load(d['args'])}" if d else ""})
    d = read("text_search")
    r = (d or {}).get("row")
    rows.append({"metric": "in-process text search, p50 ms", "now": r and r["text_p50_ms"], "target": "≤ 60 ms",
                 "ok": bool(r) and r["text_p50_ms"] <= 60,
                 "model": f"{d['args'].get('text_model', '')} ({r['model']})" if r else "",
                 "on": f"{r['videos']} videos / {r['moments']} moments; {_load(d['args'])}" if r else ""})
    plain = OUT / "ann_growth.json"  # the script's default run (250k), when neither 1M nor quick ran
    d = read("ann_growth") or (json.loads(plain.read_text()) if plain.exists() else None)
    r = (d or {}).get("row")
    rec = r and min(r["recall@10_before"], r["recall@10_after"])
    rows.append({"metric": "new 1 % into a large library: searchable s, recall@10",
                 "now": r and f"{r['searchable_s']} s, {rec}", "target": "≤ 30 s, ≥ 0.95 (at 1M)",
                 "ok": bool(r) and r["searchable_s"] <= 30 and rec >= 0.95 and r["index_builds_during"] == 0,
                 "model": "none (synthetic vectors)" if r else "",
                 "on": (f"{r['moments']} + {r['added']} moments; index refresh {r['refresh_s']} s "
                        f"({r['refresh_action']}), full build {r['full_build_s']} s; {_load(r)}") if r else ""})
    rows.append(m["rss"])
    return rows


def _table(rows: list[dict]) -> str:
    lines = ["| metric | now | target | | model | measured on |", "|---|---|---|---|---|---|"]
    for r in rows:
        now = "not measured" if r["now"] is None else r["now"]
        mark = "" if r["now"] is None else ("✓" if r["ok"] else "✗")
        lines.append(f"| {r['metric']} | {now} | {r['target']} | {mark} | {r.get('model', '')} | {r['on']} |")
    return "\n".join(lines) + "\n"


def markdown(rows: list[dict], quick: bool, load: float, by_model: dict[str, list[dict]] | None = None) -> str:
    """The table of every row, then per further model a table of its model-dependent rows, saying
    which of the first table's rows already used that model and which use none."""
    head = (f"Issue 12 targets (`benchmarks/targets.py{' --quick' if quick else ''}`), {os.cpu_count()} CPUs "
            f"shared with other work, load average {load} at collection. ✓ / ✗: target met here.\n\n")
    md = head + _table(rows)
    for model, mrows in (by_model or {}).items():
        used = [r["metric"] for r in rows if r.get("model", "").split(" ")[0] == model]
        none = [r["metric"] for r in rows if r.get("model", "").startswith("none")]
        md += (f"\nThe same figures with the {model} model (`index_throughput.py --models {model}`, the same clips): "
               "the rows that depend on the indexing model."
               + (f" Measured with the {model} model in the table above: {'; '.join(used)}." if used else "")
               + (f" Using no model (the same for any): {'; '.join(none)}." if none else "") + "\n\n"
               + _table(mrows))
    return md


BEGIN, END = "<!-- targets.py: begin -->", "<!-- targets.py: end -->"


def into_results(md: str, results: Path) -> None:
    """Put the table between the markers of ``RESULTS.md`` (a section at the end the first time)."""
    text = results.read_text()
    block = f"{BEGIN}\n{md}{END}"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## Issue 12 targets\n\n`.venv/bin/python benchmarks/targets.py " \
            "[--quick] --results`\n\n" + block + "\n"
    results.write_text(text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small runs under the tag 'quick' (see module doc)")
    ap.add_argument("--run", choices=["missing", "all", "none"], default="missing",
                    help="which benchmarks to run before collecting (default: those without output)")
    ap.add_argument("--results", action="store_true", help="also write the table into benchmarks/RESULTS.md")
    ap.add_argument("--only", default="", help="comma list of benchmarks to consider running "
                    "(names as printed: index_throughput, index_two_pass-real, noop_rescan, ...)")
    ap.add_argument("--models", default=",".join(MODELS),
                    help="comma list of shipped models for the model-dependent rows (default demo,real)")
    args = ap.parse_args(argv)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    if not models or any(m not in MODELS for m in models):
        ap.error(f"--models: a comma list of {', '.join(MODELS)} (got {args.models!r})")
    OUT.mkdir(parents=True, exist_ok=True)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    for name, cmd in commands(args.quick, models).items():
        if args.run == "none" or (only and name not in only) \
                or (args.run == "missing" and output(name, args.quick).exists()):
            continue
        if "{clips}" in cmd:
            cmd = [str(clips_1080p(args.quick)) if c == "{clips}" else c for c in cmd]
        print(f"== {name}: {' '.join(cmd)}", flush=True)
        before = round(os.getloadavg()[0], 2)
        if subprocess.run(cmd, cwd=HERE.parent).returncode != 0:
            print(f"   {name} failed: its row stays as last measured (or not measured)", flush=True)
        else:
            loads_file = output("loads", args.quick)
            loads = json.loads(loads_file.read_text()) if loads_file.exists() else {}
            loads[name] = {"load_before": before, "load_after": round(os.getloadavg()[0], 2)}
            loads_file.write_text(json.dumps(loads))
    clips = CLIPS_1080P / ("quick" if args.quick else "full")
    every = output("decode_every_frame", args.quick)
    if args.run != "none" and clips.is_dir() and (args.run == "all" or not every.exists()) \
            and (not only or any(k.startswith("index_throughput") for k in only)):
        every.write_text(json.dumps(decode_every_frame(clips.resolve())))
    rows = collect(args.quick, models[0])
    by_model = {m: list(model_rows(args.quick, m).values()) for m in models[1:]}
    load = round(os.getloadavg()[0], 2)
    stem = "targets" + ("_quick" if args.quick else "")
    (OUT / f"{stem}.json").write_text(json.dumps({"quick": args.quick, "load": load, "rows": rows,
                                                  "by_model": by_model}, indent=2))
    md = markdown(rows, args.quick, load, by_model)
    (OUT / f"{stem}.md").write_text(md)
    if args.results:
        into_results(md, HERE / "RESULTS.md")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
