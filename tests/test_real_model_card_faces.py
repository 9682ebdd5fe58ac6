"""The bundled real-footage model's card says plainly which faces it finds. It said it finds
'whether a person's face is in view', but its detector is OpenCV's frontal-face cascade alone
(the model's config: face_profiles false) with a 20 px smallest face on its 224 px frames: a face
in profile, turned away or small in a wide shot is no face to it, and nothing said so."""

from __future__ import annotations

import json

from core.encoders import frame_cues
from core.paths import resources_dir
from training.label_model import CARD

REAL = resources_dir() / "models" / "real"


def test_the_bundled_card_is_the_one_the_build_writes():
    """Everything but the similar clips' thresholds is the build's: those are measured on the built
    model afterwards (``tools/calibrate_similar.py --model FOLDER --write``, training.label_model's
    docstring), so a rebuilt model has none until measured, and the bundled one has them."""
    bundled = json.loads((REAL / "card.json").read_text(encoding="utf-8"))
    measured = {k for k in bundled if k.startswith("similar_calibration")}
    assert measured == {"similar_calibration", "similar_calibration_method", "similar_calibration_measured"}
    assert bundled["similar_calibration"]["world"] == "real"  # measured on real footage, not the demo world
    assert {k: v for k, v in bundled.items() if k not in measured} == CARD.to_json()
    assert not any(k.startswith("similar_calibration") for k in CARD.to_json())


def test_the_card_says_which_faces_the_detector_finds():
    config = json.loads((REAL / "config.json").read_text(encoding="utf-8"))
    vision = config["vision"]["config"]
    assert "face" in vision["detectors"] and vision["face_profiles"] is False  # frontal faces alone
    smallest = frame_cues._DETECT["minSize"][1] / config["image_size"]
    assert round(smallest, 1) == 0.1  # the card's "a tenth of the picture's height"
    faces = next(line for line in CARD.good_at if "face" in line)
    assert faces == "whether a face is in view: one turned towards the camera, a tenth of the picture's height or more"
    people = next(line for line in CARD.weak_at if line.startswith("people"))
    assert "a face in profile, turned away or small in a wide shot is missed" in people
