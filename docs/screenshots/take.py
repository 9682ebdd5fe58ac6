"""Screenshots of the real desktop window, for the README: ``docs/screenshots/*.png``.

    .venv/bin/python docs/screenshots/take.py            # runs itself under xvfb-run (Qt on xcb)

It starts the app as ``seekframe`` does (``app.main.start``) in a temporary data home, so it is
a first run, and takes, in order:

* ``welcome.png``: the first-run page;
* ``indexing.png``: "Try the demo library" pressed: the demo clips are being indexed (the model
  is slowed down here, a fraction of a second per batch, so the picture catches the run mid-way)
  while the first demo query's results come in;
* ``results.png``: a demo query's results, the preview paused on the best moment, its timeline;
* ``captions.png``: captions imported (the demo's captions, from ``core.demo.DEMO_QUERIES``),
  then "Find similar captions" on a result;
* ``model-dialog.png``: File › Model….

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
SCREEN = (1440, 900)
WINDOW = (1400, 860)


def relaunch_under_xvfb() -> int:
    if not shutil.which("xvfb-run"):
        sys.exit("xvfb-run is not installed (apt install xvfb)")
    cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24", sys.executable, __file__]
    env = dict(os.environ, SEEKFRAME_SHOTS_CHILD="1")
    return subprocess.call(cmd, env=env)


class SlowEncoder:
    """The real encoder; moment batches take ``delay`` seconds longer, and wait while ``hold`` is
    set (for the indexing picture: the run is held still while it is taken)."""

    def __init__(self, encoder, delay: float):
        import threading

        self._encoder, self.delay = encoder, delay
        self.hold, self.go = threading.Event(), threading.Event()
        self.go.set()

    def __getattr__(self, name):
        return getattr(self._encoder, name)

    def encode_moments(self, frames, **kw):
        if self.delay:
            time.sleep(self.delay)
        self.go.wait(60)
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

    slow = {"delay": 0.0}
    encoders = {}

    def loader(source):
        encoders[source] = SlowEncoder(load_encoder(source), 0.0)
        slow["encoder"] = encoders[source]
        return encoders[source]

    app, window, session = start(["--library", str(home / "library")], loader=loader)
    window.move(10, 10)
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

    # (a) the first run's welcome page
    wait(lambda: window.stack.currentWidget() is window.welcome_page and session.is_ready, what="welcome")
    shot("welcome.png")

    # (d) indexing in progress: "Try the demo library"
    slow["encoder"].delay = 0.6
    window.welcome_page._demo.click()
    wait(lambda: session.indexing, what="indexing")
    done = []
    session.index_event.connect(lambda ev: done.append(ev) if ev.kind == "file_done" else None)
    wait(lambda: len(done) >= 5 and window.results_model.rowCount() > 0, what="some files indexed")
    slow["encoder"].go.clear()  # hold the run still while the picture is taken
    pump(2.0)  # the grid's refresh, the panel's coalesced update
    shot("indexing.png")
    slow["encoder"].delay = 0.0
    slow["encoder"].go.set()
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
    window.wiring.clips.actions.find_similar_captions.trigger()
    wait(lambda: not window.captions_panel._busy, what="captions again")
    shot("captions.png")

    # (e) the model dialog
    window.model_action.trigger()
    wait(lambda: window.wiring.models.dialog is not None and window.wiring.models.dialog.isVisible(), what="dialog")
    dialog = window.wiring.models.dialog
    pump(0.5)
    shot("model-dialog.png")
    dialog.reject()

    window.close()
    app.processEvents()
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if os.environ.get("SEEKFRAME_SHOTS_CHILD") != "1":
        sys.exit(relaunch_under_xvfb())
    sys.exit(main())
