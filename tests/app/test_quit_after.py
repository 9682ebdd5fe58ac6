"""SEEKFRAME_QUIT_AFTER_S closes the window N seconds after its model is ready (headless smoke
tests of a build; closing in the middle of a model load is not what they test)."""

from __future__ import annotations

import signal
import sys
import threading

import pytest

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
    gate = threading.Event()

    def slow_loader(source):
        gate.wait(30)
        return cached_loader(source)

    window, session = started(slow_loader)
    qtbot.wait(1000)
    assert window.isVisible() and not session.is_ready  # still loading: the countdown has not begun
    gate.set()
    qtbot.waitUntil(lambda: session.is_ready, timeout=30_000)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert "quit after 0.2 s once the model was ready" in caplog.text


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_value_that_is_no_number_of_seconds_is_ignored_with_a_warning(qtbot, started, monkeypatch, caplog, value):
    monkeypatch.setenv("SEEKFRAME_QUIT_AFTER_S", value)
    window, session = started()
    qtbot.waitUntil(lambda: session.is_ready, timeout=60_000)
    qtbot.wait(500)
    assert window.isVisible()
    assert f"SEEKFRAME_QUIT_AFTER_S={value!r} is not a number of seconds" in caplog.text
