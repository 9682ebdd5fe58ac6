"""Start the desktop app: ``seekframe`` (no arguments), ``python -m app``, or ``main(argv)``.

The window is shown first; the library opens and the model loads in the background after it
is visible (nothing imported here loads torch, transformers or LanceDB).
"""

from __future__ import annotations

import argparse
import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
import traceback

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from core import log_file
from core.log_file import log_path
from core.paths import default_library_dir

log = logging.getLogger("seekframe.app")


def setup_logging() -> None:
    """Log to ``<data home>/seekframe-app.log`` (rotated; ``seekframe`` commands write it too),
    warnings also to stderr. Called again with another data home (tests), it moves the log there."""
    log_file.setup_logging()


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    p = argparse.ArgumentParser(prog="seekframe", description="Seekframe: search your own videos by meaning.")
    p.add_argument("--library", metavar="DIR|URI", help="library folder (default: the last one opened, else "
                                                        "$SEEKFRAME_LIBRARY, else <data home>/library), or a library "
                                                        "URI (s3://…, file://…), opened read-only")
    p.add_argument("--model", metavar="DIR|HUB_ID", help="model folder or Hugging Face id (default: the library's own "
                                                         "model; a new library gets the one the window last used, "
                                                         "else the newest exported student, else the bundled "
                                                         "real-footage model)")
    return p.parse_known_args(argv)  # the rest (e.g. -platform) is for Qt


class _ErrorBridge(QObject):
    """Carries an unexpected error from any thread to the window (a queued signal)."""

    error = Signal(str, str)


def install_excepthook(window) -> None:
    """Unexpected exceptions, in the GUI thread or any other, are logged and shown in the window's
    message banner: never a silent failure."""
    bridge = _ErrorBridge(window)
    bridge.error.connect(window.show_message)

    def report(exc_type, exc, tb, where: str = "") -> None:
        log.error("Unexpected error%s:\n%s", where, "".join(traceback.format_exception(exc_type, exc, tb)))
        detail = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
        try:
            bridge.error.emit("error", f"Something went wrong ({detail}). Seekframe keeps running; the "
                                       f"details are in {log_path()}.")
        except RuntimeError:  # the window is gone
            pass

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report(exc_type, exc, tb)

    sys.excepthook = hook
    threading.excepthook = lambda args: report(args.exc_type, args.exc_value, args.exc_traceback,
                                               f" in thread {args.thread.name if args.thread else '?'}")


def _close_on_interrupt(window) -> None:
    """Ctrl+C in the terminal closes the window properly (indexing cancelled, library closed).
    Qt's event loop does not run Python code by itself, so a light timer lets the handler run."""
    signal.signal(signal.SIGINT, lambda *_: window.close())
    timer = QTimer(window, interval=300)
    timer.timeout.connect(lambda: None)
    timer.start()


def _quit_after(window, session) -> None:
    """``SEEKFRAME_QUIT_AFTER_S=N`` closes the window, as the user would, N seconds after the model
    is ready (or the library failed to open): packaging/smoke.py."""
    raw = os.environ.get("SEEKFRAME_QUIT_AFTER_S", "").strip()
    if not raw:
        return
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        log.warning("SEEKFRAME_QUIT_AFTER_S=%r is not a number of seconds; ignored", raw)
        return
    armed = []

    def arm(what: str) -> None:
        if armed:
            return
        armed.append(what)

        def close() -> None:
            log.info("Closing the window: quit after %g s once %s (SEEKFRAME_QUIT_AFTER_S)", seconds, what)
            window.close()

        QTimer.singleShot(round(seconds * 1000), window, close)

    session.ready.connect(lambda: arm("the model was ready"))
    session.open_failed.connect(lambda why: arm("the library failed to open"))


def start(argv: list[str] | None = None, loader=None):
    """Build the app and show the window; the library opens once the event loop runs.
    ``loader`` (source → Encoder) replaces ``Encoder.load`` (tests). Returns (app, window, session)."""
    args, qt_args = parse_args(list(sys.argv[1:] if argv is None else argv))
    setup_logging()
    from .qt_noise import quiet_qt

    quiet_qt()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "seekframe", *qt_args])
    app.setApplicationName("Seekframe")
    app.setOrganizationName("Seekframe")
    app.setApplicationDisplayName("Seekframe")
    app.setDesktopFileName("seekframe")  # packaging/seekframe.desktop: the desktop matches the window to it

    from .icons import app_icon
    from .session import Session
    from .settings import AppSettings
    from .wiring import build_window

    app.setWindowIcon(app_icon())
    settings = AppSettings()
    session = Session(loader=loader)
    window = build_window(session, settings)
    install_excepthook(window)  # (its hooks hold the bridge)
    _close_on_interrupt(window)
    window.show()
    if settings.problem:  # (no writable data home: said now, and again with the library's failure it brings)
        window.show_message("warning", settings.problem)
        session.open_failed.connect(lambda why: window.show_message("error", f"Could not open the library "
                                                                              f"{session.library_dir}: {why}\n{settings.problem}"))
    _quit_after(window, session)
    library = args.library or settings.library_dir or str(default_library_dir())  # (its Unicode spelling on the
    # disk looked for by the open's worker: app.engine.as_on_disk)
    QTimer.singleShot(0, lambda: session.open(library, args.model, settings.model_source or None))
    return app, window, session


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's decode workers re-run this binary
    from .display_check import display_problem

    problem = display_problem()
    if problem:  # Qt would abort (exit 134) saying "reinstalling may fix this": say what is wrong
        print(problem, file=sys.stderr)
        return 2  # (seekframe --help's exit codes: 2, an error the message explains; 1 is an index's failed files)
    from core.library import lock

    lock.HOLDER = "app"  # (a command refused while the app writes says to wait for the app's work)
    app, window, session = start(argv)
    return finish(app.exec(), session)


def finish(code: int, session) -> int:
    """After the event loop: close the session; if a worker still runs (a model load cannot be
    interrupted), end the process here, or the workers' pool would wait for it at exit and the
    app seem to hang. Nothing is lost: a load only reads, and the library is consistent at any
    kill."""
    from . import workers

    if not session.close():  # the window's close did this already, unless the app quit otherwise
        log.warning("some background work did not stop before exit")
    still = workers.live_workers()
    if still:
        log.warning("exiting with background work still running: %s", ", ".join(still))
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(code))
    return int(code)
