"""Closing the window while the model still loads ends the process cleanly (issue 15's smoke run
found it): a model load cannot be interrupted, so after the bounded wait Python destroyed the
running QThread and Qt aborted with "QThread: Destroyed while thread ... is still running"
(signal 6)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import logging, sys, time
    logging.basicConfig(level=logging.WARNING)
    from PySide6.QtCore import QTimer
    from app import main as app_main
    from app import session as session_mod

    loading = []

    def slow_loader(source):  # a model load that ignores cancel, like Encoder.load
        loading.append(source)
        time.sleep(float(sys.argv[2]))
        raise RuntimeError("never ready")

    app, window, session = app_main.start(["--library", sys.argv[1]], loader=slow_loader)
    poll = QTimer(interval=50)  # close the window once the model load has begun
    poll.timeout.connect(lambda: loading and (poll.stop(), window.close()))
    poll.start()
    session.close = (lambda close: (lambda timeout=10.0: close(timeout=0.5)))(session.close)
    sys.exit(app_main.finish(app.exec(), session))
""")


@pytest.mark.slow
def test_closing_the_window_while_the_model_loads_exits_cleanly(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SEEKFRAME_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "lib"), "20"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert "QThread: Destroyed while thread" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    assert "exiting with background work still running" in done.stderr  # the load was under way
