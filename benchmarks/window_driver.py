"""The window driven as a user drives it, for ``long_session.py``: searches typed with a result
chosen, similar clips and captions, library switches, re-scans, the model dialog and notice; waits
that run the event loop, and the process's figures sampled (RSS, threads, fds, QObjects, LanceDB
objects, workers, timers, disk). Each search's latency is kept: from the query typed to its answer
(``Driver.latencies_ms``)."""

from __future__ import annotations

import gc
import json
import os
import time
from collections import Counter, deque
from pathlib import Path

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
        self._typed: tuple[str, float] | None = None  # (the query typed last, when)
        self.latencies_ms: list[float] = []  # each typed search: typed to answered
        self.play_ms = 0  # (``--play``: every 5th result chosen is played this long)
        self.stuck: list = []  # searches not answered in time (see ``search``)
        self.said: list = []
        self.session.search_results.connect(self._answer)
        self.session.message.connect(lambda level, text: self.said.append(f"{level}: {text}"))

    def _answer(self, request, results) -> None:
        self.answers.append((request, results))
        self.answered += 1
        if self._typed and getattr(request, "query", None) == self._typed[0] and getattr(request, "kind", "") == "text":
            self.latencies_ms.append((time.perf_counter() - self._typed[1]) * 1000)
            self._typed = None

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
        self._typed = (query, time.perf_counter())
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
