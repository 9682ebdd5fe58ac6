"""Frame cues from several encoding threads at once, in a fresh interpreter (OpenCV not yet
imported): two threads importing cv2 at once could get a module still without ``cv2.data``, and
the face detector then said its cascades were missing, stopping an indexing run now and then."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys, threading, time
import numpy as np
sys.path.insert(0, {root!r})
assert "cv2" not in sys.modules
from core.encoders.frame_cues import FaceDetector, colour_fractions
errors = []
frame = np.zeros((1, 48, 48, 3), np.uint8)

def encode(delay):
    time.sleep(delay)
    try:
        colour_fractions(frame)
        FaceDetector().score(frame[0, ..., 0])
    except Exception as e:
        errors.append(repr(e))

threads = [threading.Thread(target=encode, args=(d / 1000,)) for d in range(40)]  # 1 ms apart
[t.start() for t in threads]
[t.join() for t in threads]
print(errors)
sys.exit(1 if errors else 0)
"""


@pytest.mark.slow
def test_cues_from_threads_that_race_to_import_opencv():
    for _ in range(3):  # the race hit ~2 runs in 3 before the import was serialised
        run = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT))], capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
