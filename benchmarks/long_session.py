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
import gc
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
SHARED = ROOT.parent / "shared" / "videos"
sys.path.insert(0, str(ROOT))

QUERIES = ["a red ball bouncing on the beach", "a blue car in the snow", "a yellow ball on a grass field",
           "a person signing", "bottles on a table", "cars on a road", "a green square moving left",
           "a white circle on black", "a dog in the park", "waves at sunset"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def type_counts() -> Counter:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def live(kind: str) -> int:
    """Live Python objects whose type (or one it derives from) is named ``kind``."""
    return sum(1 for o in gc.get_objects() if any(c.__name__ == kind for c in type(o).__mro__))


def lancedb_live() -> tuple[int, int]:
    conns = tables = 0
    for o in gc.get_objects():
        mod = type(o).__module__
        if isinstance(mod, str) and mod.startswith("lancedb"):
            name = type(o).__name__
            conns += name.endswith("Connection")
            tables += name.endswith("Table")
    return conns, tables


def disk_use(folder: Path) -> tuple[int, float]:
    """(files, MB) under ``folder``."""
    n = size = 0
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            try:
                size += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue
            n += 1
    return n, round(size / 1e6, 2)


def workers_now() -> list[str]:
    from app import workers

    return workers.live_workers()


def index_library(root: Path, folders: list[Path], model: str) -> None:
    from app.engine import load_encoder
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    with VideoLibrary(root) as lib:
        events = list(MomentIndexer(lib, load_encoder(model)).run([str(f) for f in folders]))
    if events[-1].kind != "finished":
        raise RuntimeError(f"indexing {folders} ended {events[-1]}")


class Driver:
    """The window and its session, with waits that run the event loop."""

    def __init__(self, home: Path, timeout_s: float, cache: Path | None = None):
        from PySide6.QtWidgets import QApplication

        from app.session import Session
        from app.settings import AppSettings
        from app.wiring import build_window

        self.app = QApplication.instance() or QApplication(["long-session"])
        self.session = Session()
        self.window = build_window(self.session, AppSettings(home / "app.ini"))
        self.window.external_open = lambda url: None
        self.window.resize(1280, 800)
        self.window.show()
        self.timeout_s = timeout_s
        self.home, self.cache = home, cache or home / "cache"
        self.trim_probe = False  # (``--trim-probe``)
        self.answers: deque = deque(maxlen=4)  # the last answers only: the run holds no results of its own
        self.answered = 0
        self.play_ms = 0  # (``--play``: every 5th result chosen is played this long)
        self.stuck: list = []  # searches not answered in time (see ``search``)
        self.said: list = []
        self.session.search_results.connect(self._answer)
        self.session.message.connect(lambda level, text: self.said.append(f"{level}: {text}"))

    def _answer(self, request, results) -> None:
        self.answers.append((request, results))
        self.answered += 1

    def pump(self, ms: int) -> None:
        end = time.monotonic() + ms / 1000.0
        while True:
            self.app.processEvents()
            if time.monotonic() >= end:
                return
            time.sleep(0.005)

    def wait(self, pred, what: str) -> None:
        end = time.monotonic() + self.timeout_s
        while not pred():
            if time.monotonic() > end:
                s = self.session
                raise RuntimeError(f"waited {self.timeout_s} s for {what}; said: {self.said[-5:]}; indexing "
                                   f"{s.indexing}, status read {s._reader.runner.busy}, searches "
                                   f"{[r.busy for r in s._searches.runners]}, workers {workers_now()}")
            self.pump(10)

    def idle(self) -> bool:
        s = self.session
        runner = s._runner
        return (not s.indexing and runner.removing() is None and not runner.queue and not runner._looking
                and not s._reader.runner.busy and not any(r.busy for r in s._searches.runners))

    def open(self, library: str) -> None:
        s = self.session
        s.open(library)
        self.wait(lambda: s.is_ready and s.status.opened and os.path.realpath(s.status.library_dir or "")
                  == os.path.realpath(library) and self.idle(), f"library {library} to open")
        self.pump(50)

    def demo(self) -> None:
        s = self.session
        s.try_demo()
        self.wait(lambda: s.is_ready and s.status.opened and s.status.demo_library and s.status.videos >= 12
                  and self.idle() and not workers_now(), "the demo library")  # (its query typed in at its end)
        self.pump(50)

    def own(self) -> None:
        s = self.session
        self.window.open_own_library()
        self.wait(lambda: s.is_ready and s.status.opened and not s.status.demo_library and self.idle(),
                  "back to my library")

    def search(self, query: str, row: int) -> int:
        window = self.window
        window.search_panel.set_query(query)

        def answered() -> bool:
            return (window.results_model.request is not None and window.results_model.request.query == query
                    and self.idle())
        try:
            self.wait(answered, f"results of {query!r}")
        except RuntimeError as exc:  # said in the run's figures, then asked again
            panel, s = window.search_panel, self.session
            self.stuck.append({"query": query, "why": str(exc)[-400:], "panel_last": repr(panel._last),
                               "session_last": repr(getattr(s, "last_request", None)),
                               "grid": repr(window.results_model.request), "ready": s.is_ready,
                               "answers": [r.query for r, _ in self.answers]})
            print(json.dumps({"stuck": self.stuck[-1]}), flush=True)
            panel.set_query("")
            self.pump(50)
            panel.set_query(query)
            self.wait(answered, f"results of {query!r}, asked again")
        n = window.results_model.rowCount()
        if n:
            view = window.results_view
            view.setCurrentIndex(window.results_model.index(row % n, 0))  # the preview opens it
            self.pump(30)
            self.wait(lambda: not window.thumbnails._pending, "the thumbnails")
            if self.play_ms and row % 5 == 0:  # played a moment, then paused (Enter, Space)
                window.play(window.results_view.current_result())
                self.pump(self.play_ms)
                window.preview.pause()
        return n

    def similar(self) -> None:
        window, clips = self.window, self.window.wiring.clips
        result = window.results_view.current_result()
        if result is None:
            return
        n = self.answered
        clips.find_similar_clips(result)
        self.wait(lambda: self.answered > n and self.idle(), "similar clips")
        clips.find_similar_captions(result)
        self.pump(30)
        self.wait(self.idle, "similar captions")
        window.search_panel.back_to_text()
        self.pump(30)
        self.wait(self.idle, "the typed search back")

    def rescan(self) -> None:
        s = self.session
        s.rescan()
        self.pump(50)
        self.wait(self.idle, "the re-scan")

    def model_dialog(self) -> None:
        models = self.window.wiring.models
        models.open_dialog()
        self.wait(lambda: models.dialog is not None, "the model dialog")
        self.pump(30)
        models.dialog.reject()
        self.wait(lambda: models.dialog is None, "the model dialog to close")

    def notice(self) -> None:
        notice = self.window.model_notice
        notice.show_notice()
        self.pump(20)
        notice.dismiss()
        self.pump(20)

    def sample(self, cycle: int, base: Counter | None) -> tuple[dict, Counter]:
        from PySide6.QtCore import QObject, QTimer
        from PySide6.QtWidgets import QApplication

        from app import workers

        gc.collect()
        self.pump(20)
        gc.collect()
        conns, tables = lancedb_live()
        counts = type_counts()
        grew = ({} if base is None else
                dict((counts - base).most_common(8)))
        rss = round(rss_mb(), 1)
        trimmed = None
        if self.trim_probe:  # what the allocator gives back when asked (glibc's malloc_trim)
            import ctypes

            ctypes.CDLL(None).malloc_trim(0)
            trimmed = round(rss_mb(), 1)
        return {"cycle": cycle, "rss_mb": rss, "rss_trimmed_mb": trimmed, "threads": len(os.listdir("/proc/self/task")),
                "fds": len(os.listdir("/proc/self/fd")),
                "window_qobjects": len(self.window.findChildren(QObject)),
                "qthreads": live("QThread"), "media_players": live("QMediaPlayer"),
                "lancedb_connections": conns, "lancedb_tables": tables,
                "thumbnails_cached": len(self.window.thumbnails._images),
                "timers": len(self.window.findChildren(QTimer)) + len(self.app.findChildren(QTimer)),
                "top_level_widgets": len(QApplication.topLevelWidgets()),
                "cache_files_mb": disk_use(self.cache), "home_files_mb": disk_use(self.home), "live_workers": len(workers.live_workers()), "worker_names": workers.live_workers(), "py_objects": sum(counts.values()),
                "grew_since_first": grew}, counts


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
    return {"built_s": built_s, "done": dict(done), "samples": samples, "stuck": d.stuck}


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
                   help="hold glibc's malloc to N arenas, set first (core.arenas.limit_arenas; the A/B in "
                        "RESULTS.md); default 0: as glibc makes them, as the app runs")
    p.add_argument("--trim-probe", action="store_true",
                   help="after each sample, glibc's malloc_trim(0) and RSS again (a column): what the "
                        "allocator holds free (the trim changes the run's later RSS)")
    args = p.parse_args()
    from core.arenas import limit_arenas

    args.arenas_applied = limit_arenas(args.arenas) if args.arenas else "not asked"
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
