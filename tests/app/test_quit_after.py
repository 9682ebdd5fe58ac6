"""SEEKFRAME_QUIT_AFTER_S closes the window N seconds after its model is ready (headless smoke
tests of a build; closing in the middle of a model load is not what they test)."""

from __future__ import annotations

import signal
import sys
import threading

import pytest
from PySide6.QtCore import QTimer

from app import main as app_main
from tests.app.conftest import cached_loader


@pytest.fixture
def started(qtbot, monkeypatch, tmp_path, demo_model):
    """``started(loader)``: the app on an empty library with the demo model (loaded beforehand);
    hooks restored and the window closed afterwards."""
    cached_loader(demo_model)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    sigint = signal.getsignal(signal.SIGINT)
    windows = []

    def start(loader=cached_loader):
        app, window, session = app_main.start(["--library", str(tmp_path / "lib")], loader=loader)
        qtbot.addWidget(window)
        windows.append((window, session))
        return window, session

    yield start
    for window, session in windows:
        window.close()
        session.close()
    signal.signal(signal.SIGINT, sigint)


def test_the_window_closes_the_given_seconds_after_the_model_is_ready(qtbot, started, monkeypatch, caplog):
    monkeypatch.setenv("SEEKFRAME_QUIT_AFTER_S", "0.2")
    loading, gate = threading.Event(), threading.Event()

    def slow_loader(source):
        loading.set()
        gate.wait(30)
        return cached_loader(source)

    window, session = started(slow_loader)
    open_when_ready = []
    session.ready.connect(lambda: open_when_ready.append(window.isVisible()))
    qtbot.waitUntil(lambda: loading.is_set() or not window.isVisible(), timeout=30_000)
    # The load ends by a Qt timer longer than the countdown: a countdown begun before it (at the
    # window's showing, say) expires first and closes the window while the model is loading.
    QTimer.singleShot(400, gate.set)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    assert open_when_ready == [True]  # the countdown began once the model was ready
    assert "quit after 0.2 s once the model was ready" in caplog.text


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_value_that_is_no_number_of_seconds_is_ignored_with_a_warning(qtbot, started, monkeypatch, caplog, value):
    monkeypatch.setenv("SEEKFRAME_QUIT_AFTER_S", value)
    window, session = started()
    later = threading.Event()
    # a Qt timer started when the model is ready, after the app's own slots: a countdown of up to
    # 0.5 s begun by then expires first
    session.ready.connect(lambda: QTimer.singleShot(500, later.set))
    qtbot.waitUntil(later.is_set, timeout=60_000)
    assert window.isVisible()
    assert f"SEEKFRAME_QUIT_AFTER_S={value!r} is not a number of seconds" in caplog.text
