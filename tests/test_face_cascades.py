"""The face detector finds OpenCV's Haar cascades where OpenCV's Python package holds none
(OpenCV 5, a distribution's or a source build's cv2): in $SEEKFRAME_OPENCV_CASCADES, else it says
what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.encoders import frame_cues
from core.encoders.frame_cues import CASCADES_ENV, FaceDetector
from core.errors import ModelError

REAL = Path(cv2.data.haarcascades)


@pytest.fixture
def package_without_cascades(monkeypatch, tmp_path):
    empty = tmp_path / "cv2-data"
    empty.mkdir()
    monkeypatch.setattr(cv2.data, "haarcascades", str(empty) + "/")
    monkeypatch.setattr(frame_cues, "_SYSTEM_CASCADES", ())
    monkeypatch.delenv(CASCADES_ENV, raising=False)


def face_image() -> np.ndarray:
    """A frame with no face in it: a loaded detector scores it 0.0 (one that is not raises)."""
    return np.full((120, 160), 90, np.uint8)


def test_a_package_without_cascades_is_refused_with_what_to_do(package_without_cascades):
    with pytest.raises(ModelError, match=f"haarcascade_frontalface_alt2.xml.*{CASCADES_ENV}"):
        FaceDetector().score(face_image())


def test_the_cascades_are_found_in_the_folder_the_environment_names(package_without_cascades, monkeypatch, tmp_path):
    mine = tmp_path / "cascades"
    mine.mkdir()
    for name in ("haarcascade_frontalface_alt2.xml", "haarcascade_profileface.xml"):
        shutil.copy(REAL / name, mine / name)
    monkeypatch.setenv(CASCADES_ENV, str(mine))
    assert FaceDetector(profiles=True).score(face_image()) == 0.0


def test_a_system_install_of_the_cascades_is_found(package_without_cascades, monkeypatch, tmp_path):
    system = tmp_path / "usr-share-opencv4-haarcascades"
    system.mkdir()
    for name in ("haarcascade_frontalface_alt2.xml", "haarcascade_profileface.xml"):
        shutil.copy(REAL / name, system / name)
    monkeypatch.setattr(frame_cues, "_SYSTEM_CASCADES", (str(system),))
    assert FaceDetector().score(face_image()) == 0.0


def test_an_opencv_without_the_cascade_detector_is_refused_when_the_model_is_built(monkeypatch):
    # OpenCV 5's cv2 has no CascadeClassifier at all: said at the model's load, not mid-index
    monkeypatch.delattr(cv2, "CascadeClassifier")
    with pytest.raises(ModelError, match="CascadeClassifier.*opencv-python-headless<5"):
        FaceDetector()
