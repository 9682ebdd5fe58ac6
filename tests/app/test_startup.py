"""Start-up: the window appears before the engine loads; errors anywhere reach the window."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app import main as app_main
from tests.app.conftest import cached_loader
from tests.app.test_session_search import RED_BALL, search
from app.requests import SearchRequest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "transformers", "lancedb", "pyarrow", "cv2", "core.encoders", "core.library", "core.search",
         "core.indexer")


@pytest.mark.slow  # (a fresh interpreter importing the app: 8.4 s under load)
def test_app_modules_import_no_engine_module():
    code = ("import json, sys\n"
            "import app.main, app.window, app.session, app.jobs, app.job_runner, app.model_switch, "
            "app.searches, app.engine, app.results, app.search_panel, app.thumbnails, app.workers, app.settings, app.status_widgets, app.wiring\n"
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


@pytest.fixture
def started(qtbot, monkeypatch, demo_model):
    """``started(argv, loader)``: app.main.start, closed afterwards; the hooks are restored."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    sigint = signal.getsignal(signal.SIGINT)
    windows = []

    def start(argv, loader=cached_loader):
        app, window, session = app_main.start(argv, loader=loader)
        qtbot.addWidget(window)
        windows.append(window)
        return window, session

    yield start
    for w in windows:
        w.close()
    signal.signal(signal.SIGINT, sigint)


def test_window_is_shown_before_the_model_loads_then_becomes_ready(qtbot, started, demo_library):
    gate = threading.Event()

    def slow_loader(source):
        gate.wait(30)
        return cached_loader(source)

    window, session = started(["--library", str(demo_library)], loader=slow_loader)
    assert window.isVisible() and not session.is_ready
    qtbot.waitUntil(lambda: session.is_open, timeout=30_000)  # the library opens meanwhile
    qtbot.waitUntil(lambda: "Loading model" in window.status_widgets.model_label.text(), timeout=10_000)
    # named as it is once loaded, by its card's title: not by its folder ("Loading model demo…": the
    # bundled real-footage model said "Loading model real…" to every new user)
    assert window.status_widgets.model_label.text() == "Loading model Seekframe demo model…"
    qtbot.waitUntil(lambda: "12 videos" in window.status_widgets.library_label.text(), timeout=10_000)
    with qtbot.waitSignal(window.search_panel.request_changed, timeout=10_000):  # the search is asked for
        window.search_panel.set_query(RED_BALL.query)  # typed while the model loads
    assert window.results_model.rowCount() == 0 and not session.is_ready
    with qtbot.waitSignal(session.ready, timeout=30_000):
        gate.set()
    qtbot.waitUntil(lambda: window.results_model.rowCount() > 0, timeout=30_000)  # the waiting search ran
    assert Path(window.results_model.result(0).path).name == RED_BALL.file
    assert window.status_widgets.model_label.text() == "Model: Seekframe demo model"  # (its card's title)


def test_model_option_and_settings(qtbot, started, tmp_path, tiny_model_dir):
    window, session = started(["--library", str(tmp_path / "lib"), "--model", str(tiny_model_dir)])
    qtbot.waitUntil(lambda: session.is_ready, timeout=60_000)
    assert session.status.model_source == str(tiny_model_dir) and session.status.model_name == "tiny"
    assert window.settings.library_dir == str(tmp_path / "lib")
    assert window.settings.model_source == str(tiny_model_dir)
    assert any(o.source == str(tiny_model_dir) for o in session.available_models())
    assert any(o.kind in ("bundled", "demo") for o in session.available_models())


def test_unexpected_errors_are_shown_in_the_window_and_logged(qtbot, started, demo_library, _isolated_home):
    window, session = started(["--library", str(demo_library)])
    qtbot.waitUntil(lambda: session.is_ready, timeout=60_000)
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "ValueError: boom in a slot" in window.banner.label.text() and window.banner.level == "error"

    def bad():
        raise KeyError("boom in a thread")

    t = threading.Thread(target=bad, name="bad-thread")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: "boom in a thread" in window.banner.label.text(), timeout=10_000)
    log = (_isolated_home / "seekframe-app.log")
    qtbot.waitUntil(lambda: log.exists() and "boom in a thread" in log.read_text(), timeout=10_000)
    assert "Traceback" in log.read_text()
    # the app still works
    assert search(qtbot, session, SearchRequest(RED_BALL.query, k=1))


def test_first_run_shows_the_welcome_page_at_once_with_the_model_loading_beside_it(qtbot, started, tmp_path,
                                                                                  demo_clips):
    """The welcome page, not "No model loaded" on an empty search page, from the first moment;
    a folder chosen while the library still opens is added once it is open (issue 11, point 3)."""
    gate = threading.Event()

    def slow_loader(source):
        gate.wait(30)
        return cached_loader(source)

    window, session = started(["--library", str(tmp_path / "lib")], loader=slow_loader)
    assert window.stack.currentWidget() is window.welcome_page and not session.is_open
    assert window.status_widgets.model_label.text() == "Loading the model…"
    assert window.welcome_page.model_text().startswith("Loading the model for your videos")
    window.welcome_page.ask_folder = lambda: str(demo_clips)
    window.welcome_page._folder.click()  # chosen before the library is open
    assert window.stack.currentWidget() is window.main_splitter
    qtbot.waitUntil(lambda: session.is_open, timeout=30_000)
    qtbot.waitUntil(lambda: window.library_panel.folders() == [str(demo_clips)], timeout=10_000)
    assert "No model" not in window.status_widgets.model_label.text() and not session.is_ready
    with qtbot.waitSignal(session.indexing_changed, timeout=30_000, check_params_cb=lambda on: on):
        gate.set()  # the model is there: the folder indexes
    assert window.library_panel.folders() == [str(demo_clips)]  # listed while its first video indexes
    session.cancel_indexing()
    qtbot.waitUntil(lambda: not session.indexing, timeout=30_000)


def test_a_library_with_videos_goes_to_the_search_page_on_a_first_run(qtbot, started, demo_library):
    window, session = started(["--library", str(demo_library)])
    assert window.stack.currentWidget() is window.welcome_page  # before anything is known
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.main_splitter, timeout=30_000)
    assert window.settings.first_run_done
    qtbot.waitUntil(lambda: session.is_ready, timeout=30_000)


def test_a_data_home_that_cannot_be_written_is_said_in_the_window_instead_of_a_traceback(
        qtbot, started, tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("SEEKFRAME_HOME", str(tmp_path / "a-file" / "home"))  # under a file: never a folder
    window, session = started([])
    qtbot.waitUntil(lambda: any("Could not open the library" in t for _l, t in window.message_log), timeout=30_000)
    said = "\n".join(t for _l, t in window.message_log)
    assert f"{tmp_path / 'a-file'} is a file, not a folder" in said and "cannot write its data folder" in said
    assert "SEEKFRAME_HOME" in window.banner.text
