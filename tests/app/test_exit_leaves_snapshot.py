"""The window's library leaves its videos' snapshot (``core.library.snapshot``, what a re-scan
with nothing to do reads instead of LanceDB) when the app exits: written by the close on the GUI
thread before the process ends, never left to a thread the exit could cut short."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.library import VideoLibrary, snapshot
from tests.cli_proc import indexed_folder

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys
    from app import main as app_main
    sys.exit(app_main.main(["--library", sys.argv[1]]))
""")


@pytest.mark.slow
def test_the_app_leaves_a_current_snapshot_when_it_exits(tmp_path):
    _model, _videos, lib = indexed_folder(tmp_path)
    (lib / snapshot.SNAPSHOT_FILE).unlink()  # (the index left one: only the app's exit writes it now)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SEEKFRAME_HOME": str(tmp_path / "home"),
           "SEEKFRAME_QUIT_AFTER_S": "0"}  # (the window closed once the model is ready: app.main)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(lib)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = snapshot.load(lib)
    assert rows is not None, done.stderr[-2000:]  # there, and of the library as it is on disk
    with VideoLibrary(lib, read_only=True) as library:
        assert sorted(rows, key=lambda r: r.video_id) == sorted(library.video_table.all(), key=lambda r: r.video_id)
    assert len(rows) == 2
