"""Screenshots of the real desktop window, for the README: ``docs/screenshots/*.png``.

    .venv/bin/python docs/screenshots/take.py            # runs itself under xvfb-run (Qt on xcb)

It starts the app as ``seekframe`` does (``app.main.start``) in a temporary data home, so it is
a first run, and takes, in order:

* ``welcome.png``: the first-run page;
* ``indexing.png``: "Try the demo library" pressed: the demo clips are being indexed (the model
  is slowed down here, a fraction of a second per batch, so the picture catches the run mid-way)
  while the first demo query's results come in;
* ``results.png``: a demo query's results, the preview paused on the best moment, its timeline;
* ``captions.png``: captions imported (the demo's captions, from ``core.demo.DEMO_QUERIES``), a
  note added to the clip, then "Find similar captions" on it: the clip's own note, then the
  other captions that match;
* ``model-dialog.png``: File › Model…;
* ``small-window.png``: the window at 1000 × 700, "Find similar clips" and Filters open (the window
  must not grow: the script fails if it does).

Pictures are grabbed from the X screen, so the video frame in the preview is in them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREEN = (1400, 900)
WINDOW = (1400, 860)
SMALL = (1000, 700)


def relaunch_under_xvfb() -> int:
    if not shutil.which("xvfb-run"):
        sys.exit("xvfb-run is not installed (apt install xvfb)")
    cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24", sys.executable, __file__]
    env = dict(os.environ, SEEKFRAME_SHOTS_CHILD="1")
    return subprocess.call(cmd, env=env)


class SlowEncoder:
    """The real encoder, held by the shared ``knobs``: each moment batch takes ``delay`` seconds
    longer, and batches after the first ``hold_after`` wait while ``go`` is cleared (for the
    indexing picture: the run stands still mid-way while it is taken). Every encoder the app loads
    (the demo library's too) shares the knobs."""

    def __init__(self, encoder, knobs: dict):
        self._encoder, self.knobs, self.calls = encoder, knobs, 0

    def __getattr__(self, name):
        return getattr(self._encoder, name)

    def encode_moments(self, frames, **kw):
        self.calls += 1
        if self.knobs["delay"]:
            time.sleep(self.knobs["delay"])
        if self.knobs["hold_after"] is not None and self.calls > self.knobs["hold_after"]:
            self.knobs["go"].wait(60)
        return self._encoder.encode_moments(frames, **kw)


def main() -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    home = Path(tempfile.mkdtemp(prefix="seekframe-shots-"))
    os.environ["SEEKFRAME_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    from app.engine import load_encoder
    from app.main import start
    from core.demo import DEMO_QUERIES

    import threading

    knobs = {"delay": 0.0, "hold_after": None, "go": threading.Event()}

    def loader(source):
        return SlowEncoder(load_encoder(source), knobs)

    app, window, session = start(["--library", str(home / "library")], loader=loader)
    window.move(0, 0)
    window.resize(*WINDOW)

    def pump(seconds: float = 0.0) -> None:
        end = time.monotonic() + seconds
        while True:
            QCoreApplication.processEvents()
            if time.monotonic() >= end:
                return
            time.sleep(0.01)

    def wait(cond, timeout: float = 120.0, what: str = "") -> None:
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError(what or "waiting")
            pump(0.02)

    def shot(name: str, widget=None) -> None:
        pump(0.4)  # let everything paint
        w = widget or window
        g = w.frameGeometry()
        image = QGuiApplication.primaryScreen().grabWindow(0, g.x(), g.y(), g.width(), g.height())
        image.save(str(HERE / name))
        print("wrote", HERE / name, image.width(), "x", image.height(), flush=True)

    def same_width(what: str, width: int) -> None:
        pump(0.5)
        if window.width() != width:
            raise SystemExit(f"{what} widened the window from {width} to {window.width()} px")

    # (a) the first run's welcome page: there at once, while the library opens and the model loads
    pump(0.3)
    assert window.stack.currentWidget() is window.welcome_page, "the welcome page shows at once"
    wait(lambda: window.stack.currentWidget() is window.welcome_page and session.is_ready
         and window.wiring.first_run.offer is not None, what="welcome")
    shot("welcome.png")

    # (d) indexing in progress: "Try the demo library"
    knobs.update(delay=0.3, hold_after=0)
    knobs["go"].set()
    done = []

    def file_done(ev) -> None:
        if ev.kind == "file_done":
            done.append(ev)
            if len(done) == 4:
                knobs["go"].clear()  # the run stops at its next batch of moments, mid-way

    session.index_event.connect(file_done)
    window.welcome_page._demo.click()
    wait(lambda: session.indexing, what="indexing")
    wait(lambda: len(done) >= 3 and window.results_model.rowCount() > 0, what="some files indexed")
    pump(2.0)  # the grid's refresh, the panel's coalesced update
    if not session.indexing:
        raise SystemExit("the indexing picture missed the run")
    shot("indexing.png")
    knobs.update(delay=0.0, hold_after=None)
    knobs["go"].set()
    wait(lambda: not session.indexing, what="indexing done")
    pump(1.0)
    window.wiring.library.end_summary()  # the run's summary has been read

    # (b) results of a demo query, the preview on the best moment
    query = next(q for q in DEMO_QUERIES if q.query == "a yellow ball bouncing on a grass field")
    window.search_panel.set_query(query.query)
    wait(lambda: window.results_model.request is not None and window.results_model.request.query == query.query
         and window.results_model.rowCount() > 0, what="results")
    player = window.preview
    wait(lambda: player.is_loaded(), what="preview loaded")
    wait(lambda: not any(window.thumbnails.is_loading(r.path, r.thumb_time) for r in window.results_model.results()[:12]),
         what="thumbnails")
    window.results_view.setFocus()
    shot("results.png")

    # (c) captions: import the demo's captions, then "Find similar captions"
    captions = home / "demo-captions.txt"
    captions.write_text("\n".join(sorted({q.query for q in DEMO_QUERIES})) + "\n", encoding="utf-8")
    window.captions_panel.ask_caption_file = lambda: str(captions)
    window.captions_panel.request_import()
    wait(lambda: len(window.captions_panel.captions()) > 0 and not window.captions_panel._busy, what="captions")
    window.captions_panel.ask_note_text = lambda: "the ball we found at grandma's"
    window.captions_panel.request_note()
    wait(lambda: window.captions_panel.own() and not window.captions_panel._busy, what="note")
    window.wiring.clips.actions.find_similar_captions.trigger()
    wait(lambda: len(window.captions_panel.others()) > 5 and not window.captions_panel._busy, what="captions again")
    shot("captions.png")

    # (e) the model dialog
    window.model_action.trigger()
    wait(lambda: window.wiring.models.dialog is not None and window.wiring.models.dialog.isVisible(), what="dialog")
    dialog = window.wiring.models.dialog
    pump(0.5)
    shot("model-dialog.png")
    dialog.reject()

    # (f) a small window: similar clips and the filters fit, nothing widens it
    window.resize(*SMALL)
    wait(lambda: window.size().toTuple() == SMALL, what="small window")
    same_width("resizing", SMALL[0])
    window.results_view.setCurrentIndex(window.results_model.index(1))
    window.wiring.clips.actions.find_similar_clips.trigger()
    wait(lambda: window.results_model.request.kind == "similar" and window.results_model.rowCount() > 0,
         what="similar clips")
    same_width("Find similar clips", SMALL[0])
    window.search_panel.filters_button.click()
    same_width("Filters", SMALL[0])
    wait(lambda: not any(window.thumbnails.is_loading(r.path, r.thumb_time) for r in window.results_model.results()[:9]),
         what="thumbnails")
    shot("small-window.png")

    window.close()
    app.processEvents()
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if os.environ.get("SEEKFRAME_SHOTS_CHILD") != "1":
        sys.exit(relaunch_under_xvfb())
    sys.exit(main())
