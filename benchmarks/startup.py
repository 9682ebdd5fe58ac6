"""Start-up of the desktop app: process start → window shown, → model ready, → first results.

Each run starts a fresh Python process (as `seekframe` does) on a library of the 12 demo clips
indexed with the bundled demo model, and times, from just before the process is spawned:

* ``shown_s``: the main window is shown and the event loop has run once (target: ≤ 2 s);
* ``ready_s``: the library is open and the model loaded (the session's ``ready``);
* ``first_results_s``: a query typed at start-up has its results in the grid.

    .venv/bin/python benchmarks/startup.py                 # 5 runs, offscreen
    .venv/bin/python benchmarks/startup.py --runs 3 --platform xcb   # under xvfb-run, a real X server

Every run shares one ``SEEKFRAME_HOME``, as a person's starts do: the first run also pays for a
cold disk cache and loads the model whole (its id not yet remembered: ``core.encoders.model_ids``),
the others load its video and text sides alone (``core.encoders.video_side``); the table gives
the first apart and the median of the others. Writes ``benchmarks/out/startup.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, sys, time
from PySide6.QtCore import QTimer
from app.main import start
marks = {}
app, window, session = start(["--library", sys.argv[1]])
def shown():
    marks["shown"] = time.time()
QTimer.singleShot(0, shown)  # after show(): the first pass of the event loop
window.search_panel.set_query(sys.argv[2])  # typed at once: answered when the model is ready
def ready():
    marks["ready"] = time.time()
def results(model=window.results_model):
    if model.rowCount() and "results" not in marks:
        marks["results"] = time.time()
        marks["top"] = model.result(0).path
        QTimer.singleShot(0, window.close)
session.ready.connect(ready)
window.results_model.modelReset.connect(results)
QTimer.singleShot(120_000, window.close)
app.exec()
session.close()
print("MARKS " + json.dumps(marks), flush=True)
"""


def build_library(folder: Path) -> Path:
    from core.demo import write_demo
    from core.encoders import Encoder
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from core.model_choice import bundled_demo_model

    clips = write_demo(folder / "clips")
    with VideoLibrary(folder / "library") as lib:
        for _ in MomentIndexer(lib, Encoder.load(bundled_demo_model())).run([str(clips)]):
            pass
    return folder / "library"


def one_run(library: Path, query: str, home: Path, qt_platform: str) -> dict:
    env = dict(os.environ, SEEKFRAME_HOME=str(home), SEEKFRAME_CACHE=str(home / "cache"),
               QT_QPA_PLATFORM=qt_platform, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, str(library), query], env=env, capture_output=True,
                         text=True, timeout=300)
    line = next((l for l in out.stdout.splitlines() if l.startswith("MARKS ")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"the app failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
    marks = json.loads(line[6:])
    return {"shown_s": round(marks["shown"] - t0, 3), "ready_s": round(marks["ready"] - t0, 3),
            "first_results_s": round(marks["results"] - t0, 3), "top": Path(marks["top"]).name}


def markdown(rows: list[dict], args) -> str:
    def med(key):
        rest = rows[1:] or rows
        return round(statistics.median(r[key] for r in rest), 2)

    lines = [f"Desktop app start-up, {args.runs} runs (fresh process each), Qt platform {args.platform}; "
             f"{platform.machine()}, {os.cpu_count()} CPUs, load average {args.load_before} before the runs. "
             "Library: the 12 demo clips, bundled demo model.",
             "", "| run | shown_s | ready_s | first_results_s |", "|---|---:|---:|---:|"]
    lines += [f"| {i + 1}{' (cold)' if i == 0 else ''} | {r['shown_s']} | {r['ready_s']} | {r['first_results_s']} |"
              for i, r in enumerate(rows)]
    lines += [f"| median of runs 2–{len(rows)} | {med('shown_s')} | {med('ready_s')} | {med('first_results_s')} |",
              "", f"Target: window shown ≤ 2 s: {'✓' if max(r['shown_s'] for r in rows) <= 2.0 else '✗'} "
                  f"(worst {max(r['shown_s'] for r in rows)} s)."]
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM of the app (xcb under xvfb-run)")
    p.add_argument("--query", default="a red ball bouncing on the beach")
    args = p.parse_args()
    args.load_before = round(os.getloadavg()[0], 2)  # other work on the machine slows the model load
    with tempfile.TemporaryDirectory(prefix="seekframe-startup-") as tmp:
        tmp = Path(tmp)
        library = build_library(tmp)
        rows = []
        for i in range(args.runs):
            # one home for every run, as a person's: the first run is a first start (the model
            # loaded whole, its id remembered), the others load its two sides alone
            row = one_run(library, args.query, tmp / "home", args.platform)
            print(json.dumps(row), flush=True)
            rows.append(row)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "startup.json").write_text(json.dumps({"args": vars(args), "rows": rows}, indent=2))
    table = markdown(rows, args)
    (OUT / "startup.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
