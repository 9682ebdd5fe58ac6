"""A long window session: memory and handles after hours of use.

Drives the real window (``app.wiring.build_window``, Qt platform offscreen) through many cycles in
one process, as a window left open all day is used: searches typed with a result chosen (the
preview opens it, its thumbnails are drawn), similar clips and similar captions, library switches
(between two libraries and the demo library, and back), re-scans, the model dialog opened and
closed, the model notice shown and dismissed. Library A holds the real clips of
``/work/shared/videos`` (when there) and the generated demo clips; library B other generated clips;
both are indexed before the window opens, with the bundled demo model (fast).

Every ``--every`` cycles it records the process's RSS, threads (``/proc/self/task``), open file
descriptors (``/proc/self/fd``), the main window's QObject descendants, live QThread and
QMediaPlayer wrappers, live LanceDB connections and tables (Python objects, ``gc``), the worker
pool's live workers, the QTimers (the window's and the application's), the top-level widgets, the
files and MB in the cache folder (thumbnails) and the data home (the cache included), and the
Python object types that grew most since the first sample.

    .venv/bin/python benchmarks/long_session.py                  # 300 cycles
    .venv/bin/python benchmarks/long_session.py --cycles 60      # a quick look

Writes ``benchmarks/out/long_session.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from window_driver import Driver, index_library  # (beside this script)

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
SHARED = ROOT.parent / "shared" / "videos"
sys.path.insert(0, str(ROOT))

QUERIES = ["a red ball bouncing on the beach", "a blue car in the snow", "a yellow ball on a grass field",
           "a person signing", "bottles on a table", "cars on a road", "a green square moving left",
           "a white circle on black", "a dog in the park", "waves at sunset"]


def session_run(args, tmp: Path) -> dict:
    from core.demo import write_demo
    from core.model_choice import bundled_demo_model

    model = str(bundled_demo_model())
    clips_a, clips_b = tmp / "clips-a", tmp / "clips-b"
    write_demo(clips_a / "generated", size=(320, 240))
    write_demo(clips_b, size=(480, 360))
    if SHARED.is_dir():
        shutil.copytree(SHARED, clips_a / "real", ignore=shutil.ignore_patterns("*.md"))
    lib_a, lib_b = tmp / "library-a", tmp / "library-b"
    t = time.monotonic()
    index_library(lib_a, [clips_a], model)
    index_library(lib_b, [clips_b], model)
    built_s = round(time.monotonic() - t, 1)

    home = tmp / "home"
    os.environ["SEEKFRAME_HOME"] = str(home)
    os.environ["SEEKFRAME_CACHE"] = str(home / "cache")
    os.environ["SEEKFRAME_DEMO_LIBRARY"] = str(tmp / "demo-library")
    from app import idle_trim

    if args.answer_trim == "off":  # (the A/B: the window's trim only on its 30 s look when idle)
        idle_trim.AFTER_ANSWER_MS = 0
    d = Driver(home, args.timeout, home / "cache")
    d.play_ms = args.play
    d.trim_probe = args.trim_probe
    d.open(str(lib_a))
    switches = [lambda: d.open(str(lib_b)), d.demo, d.own, lambda: d.open(str(lib_a))]
    done = Counter()
    samples, base = [], None
    t0 = time.monotonic()
    for cycle in range(args.cycles + 1):
        if cycle % args.every == 0:
            sample, counts = d.sample(cycle, base)
            base = base or counts
            sample["s"] = round(time.monotonic() - t0, 1)
            samples.append(sample)
            print(json.dumps(sample), flush=True)
        if cycle == args.cycles:
            break
        query = QUERIES[cycle % len(QUERIES)] + ("" if cycle % 3 else " again")
        d.search(query, cycle)
        done["searches"] += 1
        if cycle % 10 == 5:
            d.similar()
            done["similar"] += 1
        if cycle % 15 == 7:
            switches[done["switches"] % len(switches)]()
            done["switches"] += 1
        if cycle % 30 == 12:
            d.rescan()
            done["rescans"] += 1
        if cycle % 30 == 20:
            d.model_dialog()
            d.notice()
            done["dialogs"] += 1
    d.window.close()
    d.pump(200)
    from app import workers

    workers.shutdown(10.0)
    lat = sorted(d.latencies_ms)
    latency = {"searches": len(lat), "p50_ms": round(lat[len(lat) // 2], 1) if lat else None,
               "p95_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.95))], 1) if lat else None}
    return {"built_s": built_s, "done": dict(done), "samples": samples, "stuck": d.stuck,
            "latency": latency, "window_trims": d.window.idle_trim.trims}


def markdown(run: dict, args) -> str:
    done = run["done"]
    lines = [f"A long window session (Qt platform offscreen; {platform.machine()}, {os.cpu_count()} CPUs, load "
             f"average {args.load_before} before the run; malloc arenas {args.arenas or 'as glibc makes them'}: "
             f"{args.arenas_applied}): {done.get('searches', 0)} searches with a result "
             f"previewed, {done.get('similar', 0)} similar clips + captions, {done.get('switches', 0)} library "
             f"switches, {done.get('rescans', 0)} re-scans, {done.get('dialogs', 0)} model dialogs and notices; "
             "sampled every {} cycles after a gc.".format(args.every), "",
             "| cycle | s | RSS MB (→ after a trim, --trim-probe) | threads | fds | window QObjects | QThreads | QMediaPlayers | LanceDB conns "
             "| LanceDB tables | thumbnails cached | live workers | Python objects | QTimers | top-level widgets "
             "| cache files / MB | data home files / MB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in run["samples"]:
        lines.append(f"| {s['cycle']} | {s['s']} | {s['rss_mb']}{' → %s' % s['rss_trimmed_mb'] if s.get('rss_trimmed_mb') else ''} | {s['threads']} | {s['fds']} | "
                     f"{s['window_qobjects']} | {s['qthreads']} | {s['media_players']} | "
                     f"{s['lancedb_connections']} | {s['lancedb_tables']} | {s.get('thumbnails_cached', '')} | {s['live_workers']} | "
                     f"{s['py_objects']} | {s.get('timers', '')} | {s.get('top_level_widgets', '')} | "
                     f"{'/'.join(map(str, s.get('cache_files_mb', ())))} | {'/'.join(map(str, s.get('home_files_mb', ())))} |")
    last = run["samples"][-1]
    if last["grew_since_first"]:
        lines += ["", "Python types grown most since the first sample: "
                  + ", ".join(f"{k} +{v}" for k, v in last["grew_since_first"].items())]
    lat = run.get("latency") or {}
    lines += ["", f"Typed searches answered: {lat.get('searches')}, p50 {lat.get('p50_ms')} ms, p95 "
              f"{lat.get('p95_ms')} ms (query typed to its answer); the window trimmed "
              f"{run.get('window_trims')} times (trim after answers: {args.answer_trim})"]
    if run.get("stuck"):
        lines += ["", f"Searches not answered within {args.timeout:.0f} s (asked again): "
                  + ", ".join(repr(s["query"]) for s in run["stuck"])]
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cycles", type=int, default=300, help="searches (one a cycle)")
    p.add_argument("--every", type=int, default=10, help="sample every N cycles")
    p.add_argument("--play", type=int, default=0, help="play every 5th chosen result for N ms, then pause")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds any one wait may take")
    p.add_argument("--arenas", type=int, default=0, metavar="N",
                   help="hold glibc's malloc to N arenas (run again with MALLOC_ARENA_MAX=N; the A/B in "
                        "RESULTS.md); default 0: as glibc makes them, as the app runs")
    p.add_argument("--trim-probe", action="store_true",
                   help="after each sample, glibc's malloc_trim(0) and RSS again (a column): what the "
                        "allocator holds free (the trim changes the run's later RSS)")
    p.add_argument("--answer-trim", choices=("on", "off"), default="on",
                   help="the window's trim after a search's answer (app.idle_trim.AFTER_ANSWER_MS); off: "
                        "only its 30 s look when idle, as before")
    args = p.parse_args()
    if args.arenas and os.environ.get("MALLOC_ARENA_MAX") != str(args.arenas):  # (read by glibc at the start)
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "MALLOC_ARENA_MAX": str(args.arenas)})
    args.arenas_applied = f"MALLOC_ARENA_MAX={os.environ['MALLOC_ARENA_MAX']}" if os.environ.get("MALLOC_ARENA_MAX") else "not asked"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args.load_before = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="seekframe-long-") as tmp:
        run = session_run(args, Path(tmp))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "long_session.json").write_text(json.dumps({"args": vars(args), **run}, indent=2))
    table = markdown(run, args)
    (OUT / "long_session.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
