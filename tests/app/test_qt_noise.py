"""The window started from a terminal prints nothing a user cannot act on (app/qt_noise.py): not
Qt's missing optional libraries (qt.multimedia.symbolsresolver) nor, at each clip the preview opens,
Qt's FFmpeg's dump of the file ("Input #0, …", ~15 lines). Run in child processes: FFmpeg's level and
Qt's rules are process-wide."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.videos import Segment, write_video

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys, time
    from PySide6.QtWidgets import QApplication
    from app import qt_noise
    if sys.argv[2] == "quiet":
        qt_noise.quiet_qt()  # (as app.main.start does, before Qt's multimedia is imported)
    from app import player as preview
    if sys.argv[2] != "quiet":
        preview.quiet_ffmpeg = lambda: None
    app = QApplication([])
    player = preview.PreviewPlayer()
    player.resize(320, 240)
    player.show()
    player.show_moment(sys.argv[1], 0.5, 1.5)
    end = time.monotonic() + 60
    while not player.is_loaded() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    print("loaded", player.is_loaded(), flush=True)
""")


def _stderr(clip, mode: str) -> tuple[str, str]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(clip), mode], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return done.stdout, done.stderr


def test_the_preview_opening_a_clip_prints_no_ffmpeg_dump_nor_missing_library_lines(tmp_path):
    clip = write_video(tmp_path / "clip.mp4", [Segment(2.0, "blue")])
    out, loud = _stderr(clip, "loud")
    assert "loaded True" in out, (out, loud)
    assert "Input #0" in loud  # (what a terminal showed: the check below means something)
    out, err = _stderr(clip, "quiet")
    assert "loaded True" in out, (out, err)
    assert "Input #0" not in err and "Metadata:" not in err, err
    assert "symbolsresolver" not in err, err
    assert "Using Qt multimedia with FFmpeg" not in err, err


def test_ffmpeg_is_set_to_errors_unless_a_developer_asks_for_its_logs(monkeypatch):
    from app import qt_noise

    calls = []

    class Lib:
        def __init__(self, path, mode=0):
            calls.append(path)

        def av_log_set_level(self, level):
            calls.append(level)

    monkeypatch.setattr(qt_noise.ctypes, "CDLL", Lib)
    monkeypatch.setenv("QT_FFMPEG_DEBUG", "1")
    qt_noise.quiet_ffmpeg()
    assert calls == []
    monkeypatch.delenv("QT_FFMPEG_DEBUG")
    qt_noise.quiet_ffmpeg()
    assert calls == [qt_noise.qt_avutil(), qt_noise.AV_LOG_ERROR]
    assert "avutil" in calls[0]


@pytest.mark.slow
def test_seekframe_started_from_a_terminal_prints_no_qt_multimedia_noise(tmp_path):
    done = subprocess.run([sys.executable, "-m", "core.cli_entry", "--library", str(tmp_path / "lib")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "SEEKFRAME_QUIT_AFTER_S": "0.5",
                               "SEEKFRAME_HOME": str(tmp_path / "home")})
    assert done.returncode == 0, done.stderr
    assert "symbolsresolver" not in done.stderr and "Using Qt multimedia" not in done.stderr, done.stderr
