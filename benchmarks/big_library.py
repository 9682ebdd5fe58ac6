"""A big library built fast, without decoding a video: what ``ui_responsiveness.py --big`` opens.

``build(root, clips, ...)`` writes ``videos`` small generated clips (``tests.videos.write_video``:
distinct content, 80 s at 1 fps, so previews and thumbnails load) into ``folders`` nested folders
under ``roots`` library folders, then records them as an index run would: each video's row (its
real size, mtime and content hash) and ``moments`` moments of clustered vectors for the bundled
demo model through ``MomentTable.commit`` (the store's own API, 100 videos a batch), the library
folders in its settings, and some notes (``CaptionTable.add``). A real library could hold it as is.
``user_run`` then uses the window on it as a person would (``ui_responsiveness.py --big``).

    .venv/bin/python benchmarks/big_library.py /tmp/big        # builds /tmp/big/clips, /tmp/big/library
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLOURS = ["red", "green", "blue", "yellow", "white", "black", "purple", "orange"]
CLIP_S = 80  # seconds of each clip: 20 moments of 4 s


def layout(clips: Path, videos: int, folders: int, roots: int) -> tuple[list[str], list[tuple[str, str]]]:
    """The library folders and (root, path) of every video: ``folders`` nested folders (two
    levels, year/event) spread over ``roots`` library folders, the videos spread over them."""
    tops = [str(clips / f"Videos {r:02d}") for r in range(roots)]
    leaves = []
    for f in range(folders):
        top = tops[f % roots]
        leaves.append((top, os.path.join(top, f"{2010 + f // 40}", f"event {f:03d}")))
    return tops, [(leaves[i % folders][0], os.path.join(leaves[i % folders][1], f"clip {i:04d}.mp4"))
                  for i in range(videos)]


def _write(args) -> None:
    from tests.videos import Segment, write_video

    path, i = args
    if os.path.exists(path):
        return
    a, b = COLOURS[i % 8], COLOURS[(i // 8) % 8]
    write_video(path, [Segment(CLIP_S / 2, a, b), Segment(CLIP_S / 2, b, COLOURS[(i // 64) % 8])],
                fps=1, size=(96, 64), seed=i)


def write_clips(paths: list[str]) -> None:
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2, mp_context=get_context("spawn")) as pool:
        list(pool.map(_write, [(p, i) for i, p in enumerate(paths)], chunksize=50))


def build(out: Path, videos: int = 3000, folders: int = 300, roots: int = 30, moments: int = 60_000,
          notes: int = 300, seed: int = 0) -> dict:
    """``out/clips`` (reused when there) and a new library ``out/library`` of them; what was made."""
    from core.encoders import Encoder
    from core.library import MomentRecord, VideoLibrary, VideoRecord
    from core.library.records import CaptionRecord
    from core.model_choice import bundled_demo_model
    from core.scan_hash import content_hash
    from core.video_info import READER

    t0 = time.perf_counter()
    tops, placed = layout(out / "clips", videos, folders, roots)
    write_clips([p for _, p in placed])
    clips_s = time.perf_counter() - t0
    source = bundled_demo_model()
    encoder = Encoder.load(source)
    dim, per_video = encoder.embed_dim, max(1, moments // videos)
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(64, dim))

    def vectors(n):
        v = centres[rng.integers(0, len(centres), n)] + 0.6 * rng.normal(size=(n, dim))
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)

    t1 = time.perf_counter()
    with VideoLibrary(out / "library") as lib:
        lib.bind_model(encoder.model_id, str(source), dim)
        lib.update_settings(folders=tops)
        batch = []
        for i, (top, path) in enumerate(placed):
            st = os.stat(path)
            rec = VideoRecord(video_id=f"{i + 1:016x}", path=path, root=top, size=st.st_size, mtime=st.st_mtime,
                              content_hash=content_hash(path, st.st_size), duration=float(CLIP_S), fps=1.0,
                              frame_count=CLIP_S, width=96, height=64, codec="mpeg4", model_id=encoder.model_id,
                              reader=READER)
            span = CLIP_S / per_video
            vecs = vectors(per_video)
            batch.append((rec, [MomentRecord(rec.video_id, 0, j, span * j, span * (j + 1), span * j + span / 2,
                                             vecs[j]) for j in range(per_video)]))
            if len(batch) == 100 or i == len(placed) - 1:
                lib.moment_table.commit(batch)
                batch = []
        vids = [f"{i + 1:016x}" for i in range(0, videos, max(1, videos // notes))][:notes]
        lib.caption_table.add([CaptionRecord(f"note {n}: a day at the beach", "note", v, video_id=vid,
                                             start=4.0, end=8.0)
                               for n, (vid, v) in enumerate(zip(vids, vectors(len(vids))))])
        lib.maintenance.optimize(build_index=False)
    return {"videos": videos, "folders": folders, "library_folders": roots, "moments": videos * per_video,
            "notes": len(vids), "clips_s": round(clips_s, 1), "library_s": round(time.perf_counter() - t1, 1),
            "library": str(out / "library"), "clips": str(out / "clips")}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--videos", type=int, default=3000)
    p.add_argument("--folders", type=int, default=300)
    p.add_argument("--roots", type=int, default=30)
    p.add_argument("--moments", type=int, default=60_000)
    args = p.parse_args()
    built = build(args.out, args.videos, args.folders, args.roots, args.moments)
    (args.out / "built.json").write_text(json.dumps(built))  # (ui_responsiveness.py --big --built OUT)
    print(json.dumps(built))
    return 0


if __name__ == "__main__":
    sys.exit(main())


# -- a user at the window (``ui_responsiveness.py --big``) -------------------------------------------------

def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024.0


def pump(ms: int) -> None:
    """Run the event loop for ``ms`` (a QEventLoop: PySide's ``QTest.qWait`` keeps the GIL while it
    sleeps, which starves the app's worker threads: the window's model took 17 s to load, not 7)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def focus(field) -> bool:
    """Give ``field`` the keyboard focus back if something took it; whether something had.
    On the offscreen platform, the preview showing the first result (a search asked by the
    debounce while typing paused: a stall of over 250 ms, a full garbage collection) activates the
    native window of its QVideoWidget, which takes the focus from the search field
    (ActiveWindowFocusReason; on a desktop, xcb, the focus stays in the field). The field then shows
    its start (``app.search_panel.FieldStart``), and keys sent to it went in at its start: the
    typed query was never the one waited for (1 run of ~10). A person's window keeps it."""
    from PySide6.QtCore import Qt

    if field.hasFocus():
        return False
    field.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # (back to the window: its cursor where it was)
    return True


def type_keys(field, text: str, pause_ms: int = 80) -> int:
    """``text`` typed into ``field`` at a typist's pace, as on a desktop (``focus``); how many
    times its focus was given back."""
    from PySide6.QtTest import QTest

    taken = 0
    for ch in text:
        taken += focus(field)
        QTest.keyClick(field, ch)
        pump(pause_ms)
    return taken


def user_run(home: Path, library: str, rec, query: str = "a red ball on the beach", timeout_s: float = 120.0) -> dict:
    """The window opened on ``library`` and used as a person would; ``rec`` (a GapRecorder) tags
    the GUI thread's gaps by step. What each step waited for, in seconds, and what it found."""
    from PySide6.QtWidgets import QLabel, QListWidget

    from app.library_panel import LibraryPanel
    from app.thumbnails import thumb_key

    from app.session import Session
    from app.settings import AppSettings
    from app.wiring import build_window

    session = Session()
    window = build_window(session, AppSettings(home / "app.ini"))
    window.resize(1280, 800)
    window.show()
    clock = time.perf_counter
    answers: list = []
    session.search_results.connect(lambda req, res: answers.append((clock(), req, res)))
    said: list = []  # what the window said meanwhile (why a wait gave up)
    session.message.connect(lambda level, text: said.append(f"{level}: {text}"))
    loads = {"asked": 0}
    loader = window.thumbnails
    start_load = loader._pool.start

    def counted(job, *a):
        loads["asked"] += 1
        return start_load(job, *a)
    loader._pool.start = counted

    def wait(pred, what: str):
        end = clock() + timeout_s
        while not pred():
            if clock() > end:
                raise RuntimeError(f"waited {timeout_s} s for {what() if callable(what) else what}")
            pump(5)
        return clock()

    out: dict = {}
    dock_list = window.findChild(LibraryPanel).findChild(QListWidget)
    rec.set_phase("open")
    t0 = clock()
    session.open(library)
    seen: dict = {}
    checks = {"model_ready_s": lambda: session.encoder is not None,
              "status_s": lambda: session.status.videos > 0,
              "dock_s": lambda: dock_list.count() >= 2}

    def all_seen():
        now = clock()
        for name, check in checks.items():
            if name not in seen and check():
                seen[name] = round(now - t0, 2)
        return len(seen) == len(checks)
    wait(all_seen, "the window to open")
    out["open"] = {**seen, "dock_rows": dock_list.count(), "videos": session.status.videos,
                   "moments": session.status.moments}
    pump(500)

    rec.set_phase("typing")
    field = window.search_panel.field
    field.setFocus()
    keys, taken = [], 0
    for ch in query:
        t = clock()
        taken += type_keys(field, ch, 0)
        keys.append((clock() - t) * 1000)
        pump(80)  # a typist's pace
    t_typed = clock()
    t_first = wait(lambda: any(r.query == query for _, r, _ in answers),
                   lambda: f"the typed search's results (the field holds {field.text()!r}; answered: "
                           f"{[r.query for _, r, _ in answers]}; said: {said})")
    results = next(res for _, r, res in answers if r.query == query)
    pump(300)
    asked = loads["asked"]  # (the cards in view only)
    taken += focus(field)  # (the first results shown: on the offscreen platform, the preview took it)
    field.selectAll()  # a second query typed over the first: the search's steady state
    taken += type_keys(field, again := "a blue car in the snow")
    t_typed2 = clock()
    t_again = wait(lambda: any(r.query == again for _, r, _ in answers), "the second query's results")
    pump(300)
    out["typing"] = {"keys": len(keys), "max_key_ms": round(max(keys), 1), "searches_answered": len(answers),
                     "results_s": round(t_first - t_typed, 2), "results": len(results),
                     "second_query_s": round(t_again - t_typed2, 2), "thumbnails_asked": asked,
                     "focus_given_back": taken}

    rec.set_phase("scroll")
    view = window.results_view
    rss0, asked0 = _rss_mb(), loads["asked"]
    bar = view.verticalScrollBar()
    t = clock()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep() // 2)
        pump(60)
    wait(lambda: not loader._pending, "the thumbnails")
    out["scroll"] = {"rows": window.results_model.rowCount(), "thumbnails_asked": loads["asked"] - asked0,
                     "s": round(clock() - t, 2), "rss_growth_mb": round(_rss_mb() - rss0, 1)}

    rec.set_phase("fling")  # another query, the scroll bar dragged to the end at once: the cards there
    taken += focus(field)   # wait for their pictures (those of the cards passed on the way asked too)
    field.selectAll()
    taken += type_keys(field, third := "a green boat on a lake")
    wait(lambda: any(r.query == third for _, r, _ in answers), "the third query's results")
    pump(300)
    asked0, t = loads["asked"], clock()
    while bar.value() < bar.maximum() or window.results_model.canFetchMore():
        bar.setValue(bar.maximum())
        pump(30)
    t_end = clock()
    wait(lambda: all(view.visualRect(i).intersects(view.viewport().rect()) is False or thumb_key(
        (r := window.results_model.result(i.row())).path, r.thumb_time) in loader._images.keys() | loader._failed.keys()
        for i in (window.results_model.index(n, 0) for n in range(window.results_model.rowCount()))),
        "the pictures of the cards in view")
    out["fling"] = {"rows": window.results_model.rowCount(), "drag_s": round(t_end - t, 2),
                    "in_view_pictures_s": round(clock() - t_end, 2), "thumbnails_asked": loads["asked"] - asked0,
                    "still_pending": len(loader._pending)}

    rec.set_phase("videos view")  # the Videos button and back: the same query, a card a video
    times = []
    for button, per_video in ((window.search_panel.videos_button, True), (window.search_panel.moments_button, False)):
        n, t = len(answers), clock()
        button.click()
        times.append(wait(lambda: len(answers) > n and answers[-1][1].per_video == per_video, "the view's results") - t)
        pump(300)
    out["videos view"] = {"videos_s": round(times[0], 2), "moments_s": round(times[1], 2)}

    rec.set_phase("fast typing")  # a query typed at 15 ms a key: the grid ends on its answer, none older
    taken += focus(field)
    field.selectAll()
    n, t = len(answers), clock()
    taken += type_keys(field, fast := "a red car in the snow at night", 15)
    t_typed = clock()
    t_ans = wait(lambda: any(r.query == fast for _, r, _ in answers[n:]), "the fast query's results")
    pump(500)
    out["fast typing"] = {"results_s": round(t_ans - t_typed, 2), "searches_answered": len(answers) - n,
                          "grid_shows_it": window.results_model.request.query == fast}

    rec.set_phase("similar")
    first = window.results_model.result(0)
    n = len(answers)
    t = clock()
    session.similar_clips(first)
    t_sim = wait(lambda: len(answers) > n and answers[-1][1].kind != "text", "similar clips")
    out["similar"] = {"s": round(t_sim - t, 2), "results": len(answers[-1][2])}

    rec.set_phase("folder filter")
    window.search_panel.back_to_text()
    combo = window.search_panel.folder_combo
    times = []
    for i in (1, combo.count() // 2, combo.count() - 1, 0):
        n = len(answers)
        t = clock()
        combo.setCurrentIndex(i)
        times.append(wait(lambda: len(answers) > n, "a folder's results") - t)
    out["folder filter"] = {"folders": combo.count() - 1, "max_s": round(max(times), 2)}

    rec.set_phase("re-scan")  # the panel's Re-scan: every folder walked, nothing new
    events: list = []
    session.index_event.connect(lambda ev: events.append(ev.kind))
    t = clock()
    session.rescan()
    wait(lambda: session.status.indexing, "the re-scan to start")
    t_done = wait(lambda: not session.status.indexing and "finished" in events, "the re-scan")
    out["re-scan"] = {"s": round(t_done - t, 2), "events": len(events),
                      "files_started": events.count("file_started"), "status_videos": session.status.videos}
    pump(500)

    rec.set_phase("forget")
    folder = session.status.folders[0]
    before = session.status.videos
    t = clock()
    session.remove_folder(folder)
    t_gone = wait(lambda: folder not in session.status.folders and session.status.videos < before,
                  "the folder's removal")
    wait(lambda: not session.status.indexing, "the removal's end")
    out["forget"] = {"s": round(t_gone - t, 2), "videos_before": before, "videos_after": session.status.videos,
                     "dock_rows": dock_list.count()}
    pump(500)
    rec.set_phase("end")
    out["status_bar"] = [w.text() for w in window.statusBar().findChildren(QLabel) if w.isVisible() and w.text()]
    window.close()
    return out
