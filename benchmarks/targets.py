"""Issue 12's targets in one table: each figure next to its target, from the benchmarks that measure it.

| metric | benchmark (its JSON in ``benchmarks/out/``) |
|---|---|
| 1080p H.264 indexing × real time, index CPU ÷ decode CPU, peak RSS | ``index_throughput.py --videos`` on generated 1080p H.264 clips, demo model |
| 1080p H.264 first (quick) pass × real time | the same with ``--opt two_pass=true`` (its ``first_pass_s``) |
| no-op re-scan of 500 files, CLI wall | ``noop_rescan.py`` |
| cold ``seekframe search``, CLI wall p50 | ``cold_search.py`` (real-footage model) |
| in-process text search, 20,000 videos / 100k moments, p50 | ``query_latency.py --text`` |
| new 1 % into a 1M library: searchable, recall@10 | ``ann_growth.py --size 1M`` |

By default the benchmarks whose JSON is missing are run first (``--run all``: every one, ``--run
none``: only collect). ``--quick`` runs small versions (1 clip of 1080p, 50 files, 3 cold runs,
a 100k library for the growth, 20 queries) under the tag ``quick`` and collects those (a benchmark
without a quick output is collected from its full one, and vice versa): the table says the size
measured. The machine is shared: the load average at collection time and each
benchmark's own where it recorded one stand beside the figures.

    .venv/bin/python benchmarks/targets.py --quick            # ~15 min on 2 loaded cores
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


def commands(quick: bool) -> dict[str, list[str]]:
    tag = ["--tag", "quick"] if quick else []
    py = [sys.executable]
    return {
        "index_throughput": py + [str(HERE / "index_throughput.py"), "--videos", "{clips}", "--models", "demo",
                                  "--repeat", "1" if quick else "2", "--tag", "quick" if quick else "1080p"],
        "index_two_pass": py + [str(HERE / "index_throughput.py"), "--videos", "{clips}", "--models", "demo",
                                "--repeat", "1" if quick else "3", "--opt", "two_pass=true",
                                "--tag", "quick-two-pass" if quick else "1080p-two-pass"],
        "noop_rescan": py + [str(HERE / "noop_rescan.py"), "--files", "50" if quick else "500",
                             "--runs", "3" if quick else "7"] + tag,
        "cold_search": py + [str(HERE / "cold_search.py"), "--runs", "3" if quick else "7"] + tag,
        "text_search": py + [str(HERE / "query_latency.py"), "--text", "--queries", "20" if quick else "100"] + tag,
        "ann_growth": py + [str(HERE / "ann_growth.py"), "--size", "100k" if quick else "1M"] + tag,
    }


def output(name: str, quick: bool) -> Path:
    if name in ("decode_every_frame", "loads"):  # loads: of the runs of benchmarks that record none
        return OUT / f"targets_{name}{'_quick' if quick else ''}.json"
    if name == "index_throughput":
        return OUT / f"index_throughput-{'quick' if quick else '1080p'}.json"
    if name == "index_two_pass":
        return OUT / f"index_throughput-{'quick' if quick else '1080p'}-two-pass.json"
    return OUT / (f"{name}_quick.json" if quick else f"{name}.json")


def _load(args: dict | None) -> str:
    if not args or "load_before" not in args:
        return ""
    return f"load {args['load_before']}" + (f"→{args['load_after']}" if "load_after" in args else "")


def _runs(d, key="wall_s"):
    return [r[key] for r in d.get("runs", []) if key in r]


def collect(quick: bool) -> list[dict]:
    """One row per target: metric, now (None when not measured), target, measured-on note."""
    def read(name):  # this mode's output, else the other mode's (the row says what it measured)
        for p in (output(name, quick), output(name, not quick)):
            if p.exists():
                return json.loads(p.read_text())
        return None

    rows = []
    it = read("index_throughput")
    every = read("decode_every_frame")
    if every and it and every["folder"] != it["meta"].get("video_dir"):
        every = None  # measured on other clips
    row = next((r for r in (it or {}).get("rows", []) if r["model"] == "demo"), None)
    it_load = _load(((read("loads") or {}).get("index_throughput")))
    size = f"{it['meta']['videos']['files']} files, {it['meta']['videos']['video_s']} s, " \
           f"{', '.join(it['meta']['videos']['kinds'])}; demo model" + (f"; {it_load}" if it_load else "") \
        if row else ""
    rows.append({"metric": "1080p H.264, indexing alone, × real time, demo model",
                 "now": round(row["video_s"] / row["index_s"], 1) if row else None,
                 "target": "≥ 10 (both passes), first pass ≥ 30", "ok": row and row["video_s"] / row["index_s"] >= 10,
                 "on": size})
    two = read("index_two_pass")
    first = next((r for r in (two or {}).get("rows", []) if r["model"] == "demo" and r.get("first_pass_x")), None)
    two_load = _load(((read("loads") or {}).get("index_two_pass")))
    rows.append({"metric": "first (quick) pass of 1080p H.264, × real time, demo model",
                 "now": first and first["first_pass_x"], "target": "≥ 30",
                 "ok": bool(first) and first["first_pass_x"] >= 30,
                 "on": (f"{two['meta']['videos']['files']} files, {first['video_s']} s; quick pass "
                        f"{first['first_pass_s']} s of a two-pass run of {first['index_s']} s"
                        + (f"; {two_load}" if two_load else "")) if first else ""})
    rows.append({"metric": "index CPU ÷ decode-every-frame CPU",
                 "now": round(row["index_cpu_s"] / every["cpu_s"], 2) if row and every else None,
                 "target": "≤ 0.6", "ok": bool(row and every) and row["index_cpu_s"] / every["cpu_s"] <= 0.6,
                 "on": (size + f"; index {row['index_cpu_s']} CPU s, PyAV decoding all {every['frames']} frames "
                        f"{every['cpu_s']} CPU s") if row and every else ""})
    d = read("noop_rescan")
    wall = statistics.median(_runs(d)) if d and _runs(d) else None
    rows.append({"metric": "no-op re-scan, CLI wall p50, s", "now": wall and round(wall, 2), "target": "≤ 1.5 s",
                 "ok": wall is not None and wall <= 1.5,
                 "on": f"{d['args']['files']} files, {len(_runs(d))} runs; {_load(d['args'])}" if d else ""})
    d = read("cold_search")
    wall = statistics.median(_runs(d)) if d and _runs(d) else None
    rows.append({"metric": "cold `seekframe search`, CLI wall p50, s", "now": wall and round(wall, 2),
                 "target": "≤ 2.5 s p50 (quiet machine)", "ok": wall is not None and wall <= 2.5,
                 "on": f"{d['args'].get('model')} model, {len(_runs(d))} runs; {_load(d['args'])}" if d else ""})
    d = read("text_search")
    r = (d or {}).get("row")
    rows.append({"metric": "in-process text search, p50 ms", "now": r and r["text_p50_ms"], "target": "≤ 60 ms",
                 "ok": bool(r) and r["text_p50_ms"] <= 60,
                 "on": f"{r['videos']} videos / {r['moments']} moments, {r['model']}; {_load(d['args'])}" if r else ""})
    d = read("ann_growth")
    r = (d or {}).get("row")
    rec = r and min(r["recall@10_before"], r["recall@10_after"])
    rows.append({"metric": "new 1 % into a large library: searchable s, recall@10",
                 "now": r and f"{r['searchable_s']} s, {rec}", "target": "≤ 30 s, ≥ 0.95 (at 1M)",
                 "ok": bool(r) and r["searchable_s"] <= 30 and rec >= 0.95 and r["index_builds_during"] == 0,
                 "on": (f"{r['moments']} + {r['added']} moments; index refresh {r['refresh_s']} s "
                        f"({r['refresh_action']}), full build {r['full_build_s']} s; {_load(r)}") if r else ""})
    rss = row and row["index_peak_rss_mb"]
    rows.append({"metric": "peak RSS while indexing 1080p, MB", "now": rss, "target": "≤ 800",
                 "ok": rss is not None and rss <= 800,
                 "on": size + f" (+ each decode process {row['decoders_peak_rss_mb']} MB)" if row else ""})
    return rows


def markdown(rows: list[dict], quick: bool, load: float) -> str:
    head = (f"Issue 12 targets (`benchmarks/targets.py{' --quick' if quick else ''}`), {os.cpu_count()} CPUs "
            f"shared with other work, load average {load} at collection. ✓ / ✗: target met here.\n\n")
    lines = ["| metric | now | target | | measured on |", "|---|---|---|---|---|"]
    for r in rows:
        now = "not measured" if r["now"] is None else r["now"]
        mark = "" if r["now"] is None else ("✓" if r["ok"] else "✗")
        lines.append(f"| {r['metric']} | {now} | {r['target']} | {mark} | {r['on']} |")
    return head + "\n".join(lines) + "\n"


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
    ap.add_argument("--only", default="", help="comma list of benchmarks to consider running")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    for name, cmd in commands(args.quick).items():
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
            and (not only or "index_throughput" in only):
        every.write_text(json.dumps(decode_every_frame(clips.resolve())))
    rows = collect(args.quick)
    load = round(os.getloadavg()[0], 2)
    stem = "targets" + ("_quick" if args.quick else "")
    (OUT / f"{stem}.json").write_text(json.dumps({"quick": args.quick, "load": load, "rows": rows}, indent=2))
    md = markdown(rows, args.quick, load)
    (OUT / f"{stem}.md").write_text(md)
    if args.results:
        into_results(md, HERE / "RESULTS.md")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
