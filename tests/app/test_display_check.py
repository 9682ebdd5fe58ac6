"""No display: the app says what to do instead of Qt's abort (issue 11, point 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.display_check import NO_DISPLAY, NO_XCB_CURSOR, display_problem

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_app_without_a_display_says_what_to_do_and_exits_cleanly(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(ROOT), SEEKFRAME_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    # 2, as seekframe --help's exit codes say of an error the message explains (it was 1, which they
    # give to an index whose files failed)
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "no display" in out.stderr and "QT_QPA_PLATFORM=offscreen seekframe" in out.stderr
    assert "seekframe search" in out.stderr and "seekframe index" in out.stderr
    assert "Reinstalling" not in out.stderr and "Traceback" not in out.stderr


def test_what_counts_as_a_display():
    loads = lambda name: True  # noqa: E731
    assert display_problem({}, "linux", loads) == NO_DISPLAY
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux", loads) == NO_DISPLAY
    assert display_problem({"DISPLAY": ":0"}, "linux", loads) == ""
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", loads) == ""
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", loads) == ""
    assert display_problem({"QT_QPA_PLATFORM": "wayland"}, "freebsd13", loads) == ""
    assert display_problem({}, "freebsd13", loads) == NO_DISPLAY
    assert display_problem({}, "darwin", loads) == "" and display_problem({}, "win32", loads) == ""


def test_a_missing_xcb_cursor_library_is_named():
    missing = lambda name: name != "libxcb-cursor.so.0"  # noqa: E731
    assert display_problem({"DISPLAY": ":0"}, "linux", missing) == NO_XCB_CURSOR
    assert "apt install libxcb-cursor0" in NO_XCB_CURSOR
    assert display_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", missing) == ""
