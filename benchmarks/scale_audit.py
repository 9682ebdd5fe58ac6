"""Seekframe on a big library: every command a person runs, timed cold and warm, with its memory.

Builds (once: reused when there) a library of ``--videos`` small generated clips and ``--moments``
moments in ``--folders`` folders under ``--roots`` library folders with ``big_library.build``
(rows written through the store's own API, no decoding), then measures on it:

* the CLI, each command in a new process (``cold``: the first; ``again``: the median of the others),
  wall and CPU seconds, peak RSS (``/usr/bin/time``) and the ``SEEKFRAME_TIMINGS`` spans:
  ``search``, ``similar``, ``status``, ``index`` with nothing to do (a no-op re-scan), ``index``
  after ``--changed`` of the videos were replaced by other content (1 %: re-embedded; the clips
  put back after), and ``forget`` of one library folder; the last three on a copy of the library,
  after one ``index`` of the library itself (a reader newer than the build's rechecks every video);
* ``warm``: the same reads in one process that keeps the library open (the app's case): the first
  call and the median of the next five (text search, similar clips, the status read);
* ``--window``: the desktop window (Qt offscreen, ``window_driver.Driver``) in a process of its own:
  time to a usable window (library open, model loaded, the status read), a typed search to its
  results shown, scrolling the whole result list, RSS after 50 searches.

    .venv/bin/python benchmarks/scale_audit.py /tmp/scale                 # 5,000 videos, 200,000 moments
    .venv/bin/python benchmarks/scale_audit.py /tmp/scale --window --runs 3

Writes ``benchmarks/out/scale_audit.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
CLI = "import sys; from core.cli import main; sys.exit(main())"  # what the `seekframe` script runs
QUERY = "a red ball on the beach"


def env_for(home: Path) -> dict:
    return dict(os.environ, SEEKFRAME_HOME=str(home), SEEKFRAME_CACHE=str(home / "cache"), HF_HUB_OFFLINE="1",
                SEEKFRAME_TIMINGS="1", QT_QPA_PLATFORM="offscreen")


def run(argv: list[str], env: dict) -> dict:
    """One process: wall and CPU seconds, peak RSS, exit code, its timing spans and output's tail."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()  # (reaped by Popen: its rusage below is the children's, this one alone)
    wall = time.perf_counter() - t0
    spans = {}
    for line in err.splitlines():
        if line.startswith("seekframe-timings "):
            spans = {k: v for k, v in json.loads(line.split(" ", 1)[1]).items() if k not in ("start", "end")}
    return {"rc": proc.returncode, "wall_s": round(wall, 3), "spans": spans, "out": out[-600:], "err": err[-600:]}


def cli(args: list[str], env: dict, runs: int) -> dict:
    """A CLI command run ``runs`` times, each a new process (through ``/usr/bin/time`` for its own
    peak RSS and CPU): the first (``cold``) and the median of the others (``again``)."""
    rows = []
    for _ in range(runs):
        got = run(["/usr/bin/time", "-f", "peak-kb %M %U %S", sys.executable, "-c", CLI, *args], env) \
            if os.path.exists("/usr/bin/time") else run([sys.executable, "-c", CLI, *args], env)
        peak = [line for line in got["err"].splitlines() if line.startswith("peak-kb ")]
        got["peak_rss_mb"] = round(int(peak[-1].split()[1]) / 1024, 1) if peak else None
        got["cpu_s"] = round(float(peak[-1].split()[2]) + float(peak[-1].split()[3]), 2) if peak else None
        if got["rc"] != 0:
            raise RuntimeError(f"seekframe {' '.join(args)} exited {got['rc']}: {got['err']}")
        rows.append(got)
    again = rows[1:] or rows
    return {"cold": _row(rows[0]), "again": {k: round(statistics.median(r[k] for r in map(_row, again)), 2)
                                             for k in ("wall_s", "cpu_s", "peak_rss_mb")},
            "spans": rows[0]["spans"], "out": rows[0]["out"][-300:]}


def _row(r: dict) -> dict:
    return {"wall_s": r["wall_s"], "cpu_s": r["cpu_s"] or 0.0, "peak_rss_mb": r["peak_rss_mb"] or 0.0}


def warm(library: str) -> dict:
    """The reads of a process that keeps the library open: first call, median of the next five."""
    from core.encoders import Encoder
    from core.library import VideoLibrary
    from core.library_status import library_status
    from core.model_choice import bundled_demo_model
    from core.search import Searcher

    lib = VideoLibrary(library, read_only=True)
    searcher = Searcher(lib, Encoder.load(bundled_demo_model()))
    out = {}
    moment = None

    def similar():
        nonlocal moment
        moment = moment or searcher.text(QUERY, k=1)[0].moment_id  # (a moment of the clip found first)
        return searcher.similar_clips(moment, k=20)
    for name, call in (("search", lambda: searcher.text(QUERY, k=20)), ("similar", similar),
                       ("status", lambda: library_status(lib))):
        times = []
        for _ in range(6):
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
        out[name] = {"first_s": round(times[0], 3), "median_s": round(statistics.median(times[1:]), 4)}
    out["rss_mb"] = round(_rss_mb(), 1)
    lib.close()
    return out


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024.0


def change(paths: list[str], backup: Path) -> None:
    """Replace these clips with other content (their size and hash change: each is embedded again),
    the originals kept in ``backup`` for ``restore``."""
    from tests.videos import Segment, write_video

    backup.mkdir(parents=True, exist_ok=True)
    for i, p in enumerate(paths):
        shutil.copy2(p, backup / f"{i}.mp4")
        os.remove(p)
        write_video(p, [Segment(20, "white", "black"), Segment(20, "purple", "green")], fps=1, size=(96, 64),
                    seed=10_000 + i)


def restore(paths: list[str], backup: Path) -> None:
    """The clips ``change`` replaced put back as they were (size and mtime: unchanged to the library)."""
    for i, p in enumerate(paths):
        shutil.copy2(backup / f"{i}.mp4", p)
    shutil.rmtree(backup)


def window(library: str, home: Path, searches: int) -> dict:
    """The window on ``library`` (run in a process of its own: ``--window-child``)."""
    from window_driver import Driver, rss_mb

    t0 = time.perf_counter()
    d = Driver(home, timeout_s=300)
    shown = time.perf_counter() - t0
    d.open(library)  # library open, model loaded, status read, nothing running
    usable = time.perf_counter() - t0
    rss_open = rss_mb()
    t = time.perf_counter()
    n = d.search(QUERY, 0)
    first = time.perf_counter() - t
    view = d.window.results_view
    bar = view.verticalScrollBar()
    t = time.perf_counter()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        d.pump(20)
    d.wait(lambda: not d.window.thumbnails._pending, "the thumbnails")
    scroll = time.perf_counter() - t
    words = ["red", "blue", "green", "yellow", "white", "black", "purple", "orange", "ball", "car"]
    t = time.perf_counter()
    for i in range(searches):
        d.search(f"a {words[i % 10]} {words[(i * 3 + 1) % 10]} {i}", i)
    many = time.perf_counter() - t
    import gc

    gc.collect()
    return {"shown_s": round(shown, 2), "usable_s": round(usable, 2), "rss_open_mb": round(rss_open, 1),
            "first_search_s": round(first, 2), "results": n, "scroll_s": round(scroll, 2),
            "searches": searches, "searches_s": round(many, 1),
            "search_median_ms": round(statistics.median(d.latencies_ms[1:]), 1) if len(d.latencies_ms) > 1 else None,
            "rss_after_mb": round(rss_mb(), 1), "stuck": len(d.stuck)}


def audit(args) -> dict:
    from big_library import build

    out = Path(args.out)
    home = out / "home"
    library = out / "library"
    if not (library / "library.json").exists():
        built = build(out, args.videos, args.folders, args.roots, args.moments)
    else:
        built = {"library": str(library), "reused": True}
    env = env_for(home)
    clips = sorted(str(p) for p in (out / "clips").rglob("*.mp4"))
    clip = clips[len(clips) // 2]
    res: dict = {"built": built, "cli": {}}
    lib = ["--library", str(library)]
    # a library as a person's is, up to date with this version (a reader newer than the build's
    # rechecks every video once: timed apart)
    res["settle"] = cli(["index", *lib, "-q"], env, 1)["cold"]
    res["cli"]["search"] = cli(["search", QUERY, *lib, "-k", "20"], env, args.runs)
    res["cli"]["similar"] = cli(["similar", clip + "@10", *lib, "-k", "20"], env, args.runs)
    res["cli"]["status"] = cli(["status", *lib], env, args.runs)
    res["warm"] = json.loads(run([sys.executable, str(Path(__file__)), str(out), "--warm-child"],
                                 env)["out"].splitlines()[-1])
    if args.window:
        got = run([sys.executable, str(Path(__file__)), str(out), "--window-child"], env)
        if got["rc"] != 0:
            raise RuntimeError(f"the window: {got['err']}")
        res["window"] = json.loads(got["out"].splitlines()[-1])
    copy = out / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(library, copy / "library", symlinks=True)
    lib = ["--library", str(copy / "library")]
    res["cli"]["index (no-op)"] = cli(["index", *lib, "-q"], env, args.runs)
    changed = clips[:: max(1, int(1 / args.changed))][: max(1, int(len(clips) * args.changed))]
    change(changed, out / "originals")
    try:
        res["cli"][f"index ({len(changed)} changed)"] = cli(["index", *lib, "-q"], env, 1)
    finally:
        restore(changed, out / "originals")  # (the clips are the library's too)
    top = sorted({str(Path(c).parents[2]) for c in clips})[1]
    res["cli"]["forget (one folder)"] = cli(["forget", top, *lib], env, 1)
    shutil.rmtree(copy)
    return res


def markdown(res: dict, args) -> str:
    b = res["built"]
    lines = [f"Seekframe on a big library: {args.videos:,} videos, {args.moments:,} moments, {args.folders} folders "
             f"under {args.roots} library folders (`{b.get('library')}`); {platform.machine()}, {os.cpu_count()} CPUs, "
             f"load average {os.getloadavg()[0]:.1f} at the end. CLI: a new process per run, {args.runs} runs "
             f"(cold: the first; again: median of the others); peak RSS from `/usr/bin/time -f %M`.", "",
             "| command | cold s | cold CPU s | cold peak RSS MB | again s | again CPU s | again peak RSS MB | spans (cold, s) |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    if "settle" in res:
        st = res["settle"]
        lines.append(f"| index (first after the build: a newer reader rechecks) | {st['wall_s']:.2f} | {st['cpu_s']:.2f} "
                     f"| {st['peak_rss_mb']} | | | | |")
    for name, r in res["cli"].items():
        spans = ", ".join(f"{k} {v:.2f}" for k, v in r["spans"].items())
        c, a = r["cold"], r["again"]
        lines.append(f"| {name} | {c['wall_s']:.2f} | {c['cpu_s']:.2f} | {c['peak_rss_mb']:.0f} | {a['wall_s']:.2f} "
                     f"| {a['cpu_s']:.2f} | {a['peak_rss_mb']:.0f} | {spans} |")
    w = res["warm"]
    lines += ["", f"Warm (one process keeping the library open, RSS {w['rss_mb']} MB at the end):", "",
              "| read | first s | median of next 5 s |", "|---|---:|---:|"]
    lines += [f"| {k} | {v['first_s']} | {v['median_s']} |" for k, v in w.items() if isinstance(v, dict)]
    if "window" in res:
        lines += ["", "The window (offscreen): " + ", ".join(f"{k} {v}" for k, v in res["window"].items())]
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--videos", type=int, default=5000)
    p.add_argument("--moments", type=int, default=200_000)
    p.add_argument("--folders", type=int, default=500)
    p.add_argument("--roots", type=int, default=50)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--changed", type=float, default=0.01, help="share of the videos replaced before a re-scan")
    p.add_argument("--window", action="store_true")
    p.add_argument("--searches", type=int, default=50)
    p.add_argument("--warm-child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--window-child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.warm_child:
        print(json.dumps(warm(str(args.out / "library"))))
        return 0
    if args.window_child:
        print(json.dumps(window(str(args.out / "library"), args.out / "home", args.searches)))
        return 0
    res = audit(args)
    OUT.mkdir(exist_ok=True)
    (OUT / "scale_audit.json").write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, **res},
                                                     indent=1))
    table = markdown(res, args)
    (OUT / "scale_audit.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
