"""A worker that ends before ``start()`` has returned (a caption file refused at once, a note
that fails, the demo clips failing) still frees what waited for it: the captions panel's
"Import captions…" and "Add note…", the welcome page's buttons. The race made deterministic:
``Worker.start`` waits here until the worker has ended and its signals are posted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.workers import Worker
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_session_search import BLUE_CAR


@pytest.fixture
def ends_at_once(monkeypatch):
    """``ends_at_once(*names)``: workers of those names have ended when their ``start()`` returns."""

    def make(*names):
        start = Worker.start

        def start_and_wait(self):
            start(self)
            if self.name in names:
                assert self.wait(30_000)

        monkeypatch.setattr(Worker, "start", start_and_wait)

    return make


def test_a_caption_import_that_fails_at_once_frees_the_panel(qtbot, make_app_window, demo_library, tmp_path,
                                                            ends_at_once):
    bad = tmp_path / "bad.csv"
    bad.write_text('a,b\n"x\n')  # no caption column
    window = make_app_window(demo_library)
    panel = window.captions_panel
    ends_at_once("import_captions")
    panel.ask_caption_file = lambda: str(bad)
    before = len(window.message_log)
    qtbot.mouseClick(panel._import, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.message_log) > before, timeout=SESSION_TIMEOUT_MS)
    assert window.message_log[-1][0] == "error"
    qtbot.waitUntil(lambda: not panel._busy, timeout=10_000)
    assert panel._import.isEnabled()


def test_a_note_that_fails_at_once_frees_the_panel(qtbot, make_app_window, demo_library, ends_at_once,
                                                   monkeypatch):
    from app import job_runner

    def add_note(*_args, **_kw):  # (its name names the worker)
        raise OSError("the disk said no")

    monkeypatch.setattr(job_runner.service, "add_note", add_note)
    window = make_app_window(demo_library)
    panel = window.captions_panel
    type_query(qtbot, window, BLUE_CAR.query)
    qtbot.waitUntil(lambda: panel._note.isEnabled(), timeout=10_000)
    ends_at_once("add_note")
    panel.ask_note_text = lambda: "grandpa's old car"
    before = len(window.message_log)
    qtbot.mouseClick(panel._note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.message_log) > before, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not panel._busy, timeout=10_000)
    assert panel._note.isEnabled() and panel._import.isEnabled()


def test_demo_clips_that_fail_at_once_free_the_welcome_page(qtbot, make_app_window, tmp_path, ends_at_once,
                                                            monkeypatch, _isolated_home):
    from app import demo_library

    def fail(folder=None):
        raise OSError("no room for the clips")

    monkeypatch.setattr(demo_library, "write_demo", fail)
    window = make_app_window(tmp_path / "lib")
    welcome = window.welcome_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is welcome, timeout=10_000)
    ends_at_once("write-demo")
    before = len(window.message_log)
    qtbot.mouseClick(welcome._demo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.message_log) > before, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: welcome._demo.isEnabled() and not welcome._status.isVisible(), timeout=10_000)
