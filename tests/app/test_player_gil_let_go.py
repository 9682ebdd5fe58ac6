"""The preview's calls to Qt's media player (stop, pause, play, a seek) let go of the GIL while Qt
runs them. Qt's FFmpeg backend ends a file's audio and video renderers in threads of its own, and
their ends take the GIL (the Python-made QAudioOutput's virtual calls) while holding a lock of Qt's
that those calls wait for: called holding the GIL, the window froze for good, now and then, as
another clip was chosen (seen while taking screenshots: the GUI thread in ``QMediaPlayer.stop``
from ``PreviewPlayer._unload``, Qt's ``AudioRenderer`` thread in ``~QObject`` waiting for the GIL).

Here a thread of the test's own takes the GIL while the GUI thread waits for it inside each call
(a blocking queued connection to the player's signals, emitted within the call): every time,
as Qt's renderer threads may. The window is a child process, so that a freeze fails the test
(after a minute) instead of hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = r'''
import sys, time
from pathlib import Path
from PySide6.QtCore import QObject, QThread, Qt, Slot
from PySide6.QtWidgets import QApplication
from tests.videos import Segment, write_video
from app.player import PreviewPlayer

app = QApplication([])
folder = Path(sys.argv[1])
a = write_video(folder / "a.mp4", [Segment(3, "red")])
b = write_video(folder / "b.mp4", [Segment(3, "blue", "white")])
player = PreviewPlayer()
player.resize(320, 240)
player.show()


def wait(cond, what):
    end = time.monotonic() + 30
    while not cond():
        if time.monotonic() > end:
            sys.exit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


class TakesTheGil(QObject):
    """Lives in a thread of its own: a Python slot there needs the GIL."""
    calls = 0

    @Slot()
    def state(self):
        TakesTheGil.calls += 1

    @Slot("qint64")
    def position(self, _ms):
        TakesTheGil.calls += 1


player.show_moment(a, 1.0, 2.0)
wait(player.is_loaded, "the first clip")
thread = QThread()
thread.start()
hook = TakesTheGil()
hook.moveToThread(thread)
media = player.media_player()
blocking = Qt.ConnectionType.BlockingQueuedConnection
media.playbackStateChanged.connect(hook.state, blocking)
media.positionChanged.connect(hook.position, blocking)
print("stop", flush=True)
player.show_moment(b, 0.5, 1.0)  # the first clip stopped
wait(player.is_loaded, "the second clip")
print("play", flush=True)
player.play()
wait(player.is_playing, "playing")
print("pause", flush=True)
player.pause()
print("seek", flush=True)
player.seek(2.0)
wait(lambda: abs(player.position_s() - 2.0) < 0.3, "the seek")
print("clear", flush=True)
player.clear()
media.playbackStateChanged.disconnect(hook.state)
media.positionChanged.disconnect(hook.position)
thread.quit()
thread.wait()
print("done", TakesTheGil.calls, flush=True)
'''


def test_the_player_lets_go_of_the_gil_in_each_call_qt_may_wait_in(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    try:
        done = subprocess.run([sys.executable, str(script), str(tmp_path)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as e:
        said = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        steps = [line for line in said.splitlines() if line in ("stop", "play", "pause", "seek", "clear")]
        pytest.fail(f"the window froze in the player's call after {steps[-1] if steps else 'none'!r}: "
                    "the GUI thread held the GIL while Qt waited for a thread that needs it")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("done "), done.stdout
    assert int(last.split()[1]) >= 3  # (the hook was called within the calls: stopped, playing, paused)
