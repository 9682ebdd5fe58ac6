"""Cues a frame gives that ImageNet's 1,000 classes lack, computed with OpenCV on uint8 frames.

- ``face``: is a face in view (Haar cascades shipped inside opencv-python): ImageNet has no class
  for people.
- ``colour``: the share of the frame in each basic colour (HSV bins): ImageNet classes ignore
  colour, and people describe clips by it ("a woman in an orange jacket", "a red car").
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from core.errors import ModelError

# Chromatic colours by OpenCV hue (0-180), then achromatic ones by saturation/value.
COLOURS = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "grey")
ACHROMATIC = ("black", "white", "grey")
_HUES = (("red", 0, 8), ("orange", 8, 20), ("yellow", 20, 33), ("green", 33, 85), ("blue", 85, 130),
         ("purple", 130, 155), ("pink", 155, 170), ("red", 170, 181))
CUE_WIDTHS = {"face": 1, "colour": len(COLOURS)}
_CASCADES = {"frontal": "haarcascade_frontalface_alt2.xml", "profile": "haarcascade_profileface.xml"}
_DETECT = {"scaleFactor": 1.2, "minNeighbors": 3, "minSize": (20, 20)}  # detectMultiScale's options


_IMPORT = threading.Lock()
CASCADES_ENV = "SEEKFRAME_OPENCV_CASCADES"
# where OpenCV's own installs put the cascades when its Python package holds none (a distribution's
# python3-opencv, a build from source, Homebrew)
_SYSTEM_CASCADES = ("/usr/share/opencv4/haarcascades", "/usr/share/opencv/haarcascades",
                    "/usr/local/share/opencv4/haarcascades", "/usr/local/share/opencv/haarcascades",
                    "/opt/homebrew/share/opencv4/haarcascades")


def cascade_dirs(cv2) -> list[Path]:
    """Folders to look in for a Haar cascade, in order: ``$SEEKFRAME_OPENCV_CASCADES``, the
    opencv-python package's own (``cv2.data.haarcascades``), then OpenCV's system installs."""
    dirs = [os.environ.get(CASCADES_ENV, ""), getattr(getattr(cv2, "data", None), "haarcascades", "") or ""]
    return [Path(d) for d in dirs if d] + [Path(d) for d in _SYSTEM_CASCADES]


def opencv():
    """cv2, imported by one thread at a time: two encoding threads importing it at once can get a
    module still without ``cv2.data`` (opencv-python 4.x; its loader swaps modules mid-import),
    which made the cascades look missing and stopped an indexing run now and then."""
    with _IMPORT:
        import cv2
    return cv2


class FaceDetector:
    """Is there a face in this frame? Frontal faces (and, with ``profiles``, heads turned either
    way). Thread-safe (one CascadeClassifier per thread)."""

    def __init__(self, profiles: bool = False):
        cv2 = opencv()  # on the thread that builds the model, before any encoding thread needs it
        if not hasattr(cv2, "CascadeClassifier"):  # (OpenCV 5 dropped the Haar cascades' detector)
            raise ModelError(f"the face detector needs OpenCV 4's CascadeClassifier, which OpenCV "
                             f"{getattr(cv2, '__version__', '?')} lacks: pip install 'opencv-python-headless<5'")
        self.profiles = bool(profiles)  # profile cascades find turned heads at 3-4x the cost
        self._local = threading.local()

    def _cascades(self):
        c = getattr(self._local, "cascades", None)
        if c is None:
            cv2 = opencv()
            c = {}
            for name, file in _CASCADES.items():
                path = next((d / file for d in cascade_dirs(cv2) if (d / file).is_file()), None)
                cascade = cv2.CascadeClassifier(str(path)) if path is not None else None
                if cascade is None or cascade.empty():
                    raise ModelError(
                        f"the face detector needs OpenCV's {file}, which this OpenCV build lacks "
                        "(opencv-python-headless 4.x ships it: pip install 'opencv-python-headless<5'; "
                        f"or set {CASCADES_ENV} to a folder that holds it)")
                c[name] = cascade
            self._local.cascades = c
        return c

    def score(self, gray: np.ndarray) -> float:
        """1.0 when a face is found in the uint8 grey frame, else 0.0."""
        cv2 = opencv()
        c = self._cascades()
        g = cv2.equalizeHist(gray)
        if len(c["frontal"].detectMultiScale(g, **_DETECT)):
            return 1.0
        if self.profiles and (len(c["profile"].detectMultiScale(g, **_DETECT))
                              or len(c["profile"].detectMultiScale(cv2.flip(g, 1), **_DETECT))):
            return 1.0
        return 0.0


def colour_fractions(rgb: np.ndarray) -> np.ndarray:
    """uint8 RGB frames [N, H, W, 3] → the share of pixels of each of ``COLOURS``, [N, 11].
    Saturated pixels take their hue's name (dark orange/red reads brown); the rest are black,
    white or grey by brightness."""
    cv2 = opencv()

    out = np.zeros((len(rgb), len(COLOURS)), np.float32)
    for i, frame in enumerate(rgb):
        hsv = cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_RGB2HSV)
        h, s, v = (hsv[..., k].astype(np.int16) for k in range(3))
        n = float(h.size)
        dark, chroma = v < 50, (s >= 90) & (v >= 50)
        for name, lo, hi in _HUES:
            sel = chroma & (h >= lo) & (h < hi)
            if name in ("orange", "red"):
                brown = sel & (v < 140)
                out[i, COLOURS.index("brown")] += brown.sum() / n
                sel = sel & ~brown
            out[i, COLOURS.index(name)] += sel.sum() / n
        rest = ~chroma & ~dark
        out[i, COLOURS.index("black")] = dark.sum() / n
        out[i, COLOURS.index("white")] = (rest & (v >= 200) & (s < 40)).sum() / n
        out[i, COLOURS.index("grey")] = (rest & ~((v >= 200) & (s < 40))).sum() / n
    return out
