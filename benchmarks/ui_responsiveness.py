"""Responsiveness of the desktop window while it loads the model and indexes (event-loop stalls).

Starts the real window (``app.wiring.build_window``, Qt platform offscreen by default) on a new
library in a temporary data home, lets it load the bundled demo model, then adds a folder of
generated demo clips through the Session (``core.demo.write_demo``, several sizes so every file
is distinct) and types a demo query while they are indexed, so the grid, its thumbnails, the
preview player and the captions panel all work during the run, as they do for a user.

A 10 ms ``QTimer`` (precise) records every gap between its ticks on the GUI thread; a gap well
over 10 ms is time the event loop could not run (a stall). Reported per phase (model load,
indexing): ticks, max gap, p99 gap, and the gaps over 100 ms (target: none while indexing).

    .venv/bin/python benchmarks/ui_responsiveness.py                 # 6 sizes x 12 clips, 1 run
    .venv/bin/python benchmarks/ui_responsiveness.py --sizes 2 --runs 3
    xvfb-run -a .venv/bin/python benchmarks/ui_responsiveness.py --platform xcb

Writes ``benchmarks/out/ui_responsiveness.json`` and ``.md`` and prints the table.

``--big --built DIR`` opens the one ``big_library.py DIR`` built (20,000 videos: 8 min of clips, once).

``--big`` opens instead a big library built without decoding (``benchmarks/big_library.py``: 3,000
videos in 300 folders under 30 library folders, 60,000 moments, 300 notes) and uses it as a person
would: the window opened (model, status, folder dock), a query typed a key at a time, the grid
scrolled to its end (thumbnails asked, memory), similar clips, the folder filter, a re-scan with
nothing to do, a folder removed.
Each step's gaps are reported as above (target: none over 200 ms), with its times and counts. The
library is built in another process, so the first run opens it cold (LanceDB, torch imported then);
later runs open a copy of it warm, in the same process.
Writes ``ui_big_library.json`` and ``.md``.

    .venv/bin/python benchmarks/ui_responsiveness.py --big
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SIZES = [(320, 240), (480, 360), (640, 480), (800, 600), (960, 720), (1280, 720)]
STALL_MS = 100.0


def write_clips(folder: Path, n_sizes: int) -> int:
    from core.demo import write_demo

    for w, h in SIZES[:n_sizes]:
        write_demo(folder / f"{w}x{h}", size=(w, h))
    return sum(1 for _ in folder.rglob("*.mp4"))


class GapRecorder:
    """Ticks of a 10 ms timer on the GUI thread, tagged with the phase they fall in."""

    def __init__(self):
        from PySide6.QtCore import QTimer, Qt

        self.phase = "start"
        self.gaps: dict[str, list[float]] = {}
        self._last = time.perf_counter()
        self.timer = QTimer(interval=10, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.setdefault(self.phase, []).append((now - self._last) * 1000.0)
        self._last = now

    def set_phase(self, phase: str) -> None:
        self._tick()  # the gap up to here belongs to the phase that ends
        self.phase = phase


def summary(gaps: list[float]) -> dict:
    if not gaps:
        return {"ticks": 0}
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    stalls = [g for g in gaps if g > STALL_MS]
    return {"ticks": len(gaps), "seconds": round(sum(gaps) / 1000.0, 2), "max_ms": round(ordered[-1], 1),
            "p99_ms": round(p99, 1), "p50_ms": round(ordered[len(ordered) // 2], 1),
            "over_100ms": len(stalls), "stalls_ms": [round(g) for g in sorted(stalls, reverse=True)[:10]]}


def one_run(home: Path, clips: Path, query: str) -> dict:
    os.environ["SEEKFRAME_HOME"] = str(home)
    os.environ["SEEKFRAME_CACHE"] = str(home / "cache")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app import workers
    from app.session import Session
    from app.settings import AppSettings
    from app.wiring import build_window

    app = QApplication.instance() or QApplication(["ui-responsiveness"])
    session = Session()
    window = build_window(session, AppSettings(home / "app.ini"))
    window.resize(1280, 800)
    window.show()
    rec = GapRecorder()
    marks = {"t0": time.perf_counter()}
    done = {"indexed": False}

    def ready():
        marks["ready"] = time.perf_counter()
        rec.set_phase("indexing")
        session.add_folder(str(clips))

    def indexing(running: bool):
        if running:
            marks["index_start"] = time.perf_counter()
            window.search_panel.set_query(query)  # the user searches while it indexes
        else:
            marks["index_end"] = time.perf_counter()
            rec.set_phase("after")
            done["indexed"] = True
            QTimer.singleShot(200, settle)

    def settle():  # the session's last status refresh and the grid's last search, then stop
        if (session._reader.runner.busy or session.status.videos == 0
                or any(r.busy for r in session._searches.runners)):
            QTimer.singleShot(100, settle)
            return
        marks["status"], marks["rows"] = session.status, window.results_model.rowCount()
        app.quit()  # (Qt 6 closes the windows on quit: the session closes with it)

    session.ready.connect(ready)
    session.indexing_changed.connect(indexing)
    rec.set_phase("model load")
    QTimer.singleShot(0, lambda: session.open(str(home / "library")))
    QTimer.singleShot(600_000, app.quit)
    app.exec()
    rec.timer.stop()
    status, rows = marks.get("status", session.status), marks.get("rows", 0)
    window.close()
    workers.shutdown(10.0)
    if not done["indexed"]:
        raise RuntimeError("indexing did not finish")
    return {"videos": status.videos, "moments": status.moments, "result_rows": rows,
            "model_load_s": round(marks["ready"] - marks["t0"], 2),
            "index_s": round(marks["index_end"] - marks["index_start"], 2),
            "phases": {k: summary(v) for k, v in rec.gaps.items() if k in ("model load", "indexing")}}


def markdown(runs: list[dict], args, files: int) -> str:
    lines = [f"Event-loop gaps of the desktop window (10 ms timer on the GUI thread), Qt platform {args.platform}; "
             f"{platform.machine()}, {os.cpu_count()} CPUs, load average {args.load_before} before the run. "
             f"Indexing {files} generated demo clips ({args.sizes} sizes × 12) with the bundled demo model while "
             "a query is typed (grid, thumbnails, preview and captions panel at work).", "",
             "| run | phase | seconds | ticks | p50 ms | p99 ms | max ms | gaps > 100 ms |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for i, run in enumerate(runs):
        for phase, s in run["phases"].items():
            lines.append(f"| {i + 1} | {phase} | {s['seconds']} | {s['ticks']} | {s['p50_ms']} | {s['p99_ms']} | "
                         f"{s['max_ms']} | {s['over_100ms']} |")
    worst = max(r["phases"]["indexing"]["max_ms"] for r in runs)
    stalls = sum(r["phases"]["indexing"]["over_100ms"] for r in runs)
    lines += ["", f"Target: no stall over {STALL_MS:.0f} ms while indexing: {'✓' if stalls == 0 else '✗'} "
                  f"(worst gap {worst} ms, {stalls} over {STALL_MS:.0f} ms). Indexing took "
                  + ", ".join(f"{r['index_s']} s" for r in runs) + "."]
    return "\n".join(lines) + "\n"


def big_markdown(runs: list[dict], args, built: dict) -> str:
    lines = [f"The desktop window on a big library (Qt platform {args.platform}; {platform.machine()}, "
             f"{os.cpu_count()} CPUs, load average {args.load_before} before the run): {built['videos']:,} videos "
             f"in {built['folders']} folders under {built['library_folders']} library folders, "
             f"{built['moments']:,} moments, {built['notes']} notes (built in {built['library_s']} s, no decoding). "
             "Event-loop gaps of a 10 ms timer on the GUI thread, per step.", "",
             "| run | step | seconds | ticks | p99 ms | max ms | gaps > 100 ms | gaps > 200 ms |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for i, run in enumerate(runs):
        for phase, s in run["phases"].items():
            lines.append(f"| {i + 1} | {phase} | {s['seconds']} | {s['ticks']} | {s['p99_ms']} | {s['max_ms']} | "
                         f"{s['over_100ms']} | {sum(g > 200 for g in s['stalls_ms'])} |")
    lines += ["", "| run | what was waited for | |", "|---|---|---|"]
    for i, run in enumerate(runs):
        for step, facts in run["steps"].items():
            if not isinstance(facts, dict):
                facts = {"": " · ".join(facts)}
            lines.append(f"| {i + 1} | {step} | {', '.join(f'{k} {v}' for k, v in facts.items())} |")
    return "\n".join(lines) + "\n"


def big(args) -> int:
    import subprocess

    from big_library import user_run

    from PySide6.QtWidgets import QApplication

    from app import workers

    runs = []
    with tempfile.TemporaryDirectory(prefix="seekframe-ui-big-") as tmp:
        tmp = Path(tmp)
        if args.built:  # (20,000 clips take ~8 min to write: built once, kept)
            built = json.loads((args.built / "built.json").read_text())
        else:
            made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "big_library.py"), str(tmp),
                                   "--videos", str(args.videos), "--folders", str(args.folders), "--roots",
                                   str(args.roots), "--moments", str(args.moments)],  # (its imports not this
                                  check=True, capture_output=True, text=True)  # process's: the first run opens cold)
            built = json.loads(made.stdout.strip().splitlines()[-1])
        print(json.dumps(built), flush=True)
        app = QApplication.instance() or QApplication(["ui-responsiveness"])
        for i in range(args.runs):
            home = tmp / f"home{i}"
            os.environ["SEEKFRAME_HOME"], os.environ["SEEKFRAME_CACHE"] = str(home), str(home / "cache")
            lib = tmp / f"library{i}"
            shutil.copytree(built["library"], lib)  # (each run removes a folder)
            rec = GapRecorder()
            steps = user_run(home, str(lib), rec)
            rec.timer.stop()
            run = {"steps": steps, "phases": {k: summary(v) for k, v in rec.gaps.items() if k not in ("start", "end")}}
            print(json.dumps(run), flush=True)
            runs.append(run)
        workers.shutdown(10.0)
        del app
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ui_big_library.json").write_text(json.dumps({"args": vars(args), "library": built, "runs": runs},
                                                        indent=2, default=str))  # (--built: a Path)
    table = big_markdown(runs, args, built)
    (OUT / "ui_big_library.md").write_text(table)
    print(table)
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, default=6, choices=range(1, len(SIZES) + 1),
                   help="how many frame sizes of the 12 demo clips to index (12 files each)")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (xcb under xvfb-run)")
    p.add_argument("--query", default="a red ball bouncing on the beach")
    p.add_argument("--big", action="store_true", help="a big library used as a person would (see above)")
    p.add_argument("--videos", type=int, default=3000, help="--big: videos")
    p.add_argument("--folders", type=int, default=300, help="--big: folders they are in")
    p.add_argument("--roots", type=int, default=30, help="--big: library folders (the dock's rows)")
    p.add_argument("--moments", type=int, default=60_000, help="--big: moments")
    p.add_argument("--built", type=Path, help="--big: a library big_library.py built there (its built.json) "
                                              "opened, not one built anew (copied for each run)")
    args = p.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args.load_before = round(os.getloadavg()[0], 2)
    if args.big:
        return big(args)
    runs = []
    with tempfile.TemporaryDirectory(prefix="seekframe-ui-") as tmp:
        tmp = Path(tmp)
        files = write_clips(tmp / "clips", args.sizes)
        for i in range(args.runs):
            run = one_run(tmp / f"home{i}", tmp / "clips", args.query)
            print(json.dumps(run), flush=True)
            if run["videos"] != files:
                raise RuntimeError(f"indexed {run['videos']} of {files} files")
            runs.append(run)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ui_responsiveness.json").write_text(json.dumps({"args": vars(args), "files": files, "runs": runs},
                                                           indent=2))
    table = markdown(runs, args, files)
    (OUT / "ui_responsiveness.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
