"""The card of a student exported from a run on a real dataset said only "what msrvtt's captions
describe" and "things the msrvtt dataset seldom shows": nothing of what the footage was, that the
model was never checked on home videos, or what it knows of people. It now says so from what the run
knows (the dataset's name and its config), and claims no more for data it cannot name."""

from __future__ import annotations

import json

import pytest

from core.encoders.card import read_card
from tests.models import save_tiny_model
from training.export import export_pixels, student_card
from training.report import model_lines
from training.student_card import DATASETS


@pytest.mark.parametrize("fmt", sorted(DATASETS))
def test_a_benchmark_students_card_says_its_footage_home_videos_and_people(fmt):
    card = student_card({"format": fmt, "root": f"data/{fmt}", "n_frames": 12})
    label, footage, _ = DATASETS[fmt]
    text = "\n".join(card.lines())
    assert card.domain == "real" and label in card.summary and footage in card.trained_on
    assert "not checked on home videos" in card.summary
    assert any(w.startswith("home videos: not checked") for w in card.weak_at)
    assert any("people" in g for g in card.good_at)  # as its captions name them
    assert any(w.startswith("who a person is") and "faces" in w for w in card.weak_at)
    assert "12 frames a clip, no sound" in card.trained_on and any("not sound" in w for w in card.weak_at)
    assert "data/" + fmt in text


def test_data_it_cannot_name_gets_no_claims_about_its_footage():
    card = student_card({"format": "webdataset", "root": "shards/", "features": "feats",
                         "feature_extractor": "openai/clip-vit-base-patch32"})
    assert "not recorded" in card.summary and "not checked on home videos" in card.summary
    assert "frame features pre-extracted by openai/clip-vit-base-patch32" in card.trained_on
    assert not any(label in "\n".join(card.lines()) for label, _, _ in DATASETS.values())
    assert any("people only as the webdataset data's captions describe them" in w for w in card.weak_at)
    assert any(w.startswith("who a person is: it was not checked") for w in card.weak_at)


def test_the_exported_folder_carries_those_words(tmp_path):
    run = tmp_path / "run"
    source = save_tiny_model(run / "seed0" / "mckd" / "model")
    (run / "config.json").write_text(json.dumps({"stages": ["mckd"], "data": {"format": "msrvtt",
                                                                            "root": "data/msrvtt", "n_frames": 8}}))
    export_pixels(source, tmp_path / "student")
    card = read_card(tmp_path / "student")
    assert card.summary.startswith("a student distilled on MSR-VTT") and "8 frames a clip" in card.trained_on
    assert any(w.startswith("home videos") for w in card.weak_at)


def test_the_generated_worlds_card_is_as_before():
    card = student_card({"format": "synthetic", "root": "data/synthetic"})
    assert card.domain == "generated" and "not real footage" in card.summary
    assert card.weak_at == ("everything in real videos: people, animals, objects, places",)


@pytest.mark.parametrize("data", [{"n_frames": 1}, {"n_frames": 8},
                                  {"features": "feats.h5", "feature_extractor": "openai/clip-vit-base-patch32"},
                                  {"features": "feats.h5"}])
def test_the_card_and_results_md_word_what_the_run_fed_alike(data):
    """results.md's Input line (report.model_lines) and the exported student's card said the same
    settings in two wordings ('1 frames a clip' on the card, '1 frame a clip' in results.md; features
    'extracted by' on one, 'pre-extracted' on the other): one wording now, the card's inside the report's."""
    data = {"format": "msrvtt", "root": "data/msrvtt", **data}
    card = student_card(data)
    fed = card.trained_on.rsplit("; ", 1)[1]
    said = next(line for line in model_lines({"data": data}, "cpu (fp32)") if line.startswith("Input: "))
    assert fed.removesuffix(", no sound") in said and fed.endswith("no sound") and said.endswith("no sound, on cpu (fp32).")
    assert "1 frames" not in card.trained_on


def test_the_exported_students_card_does_not_say_it_lacks_a_vision_tower():
    """The exported student runs the feature extractor's vision tower in front of its layers
    (training.export): its card says the features it was trained on, not that no vision tower sees
    the frames (results.md, of the training run, does: the run read the features in its place)."""
    data = {"format": "msrvtt", "root": "data/msrvtt", "features": "feats.h5",
            "feature_extractor": "openai/clip-vit-base-patch32"}
    assert "vision tower" not in student_card(data).trained_on
    said = next(line for line in model_lines({"data": data}, "cpu (fp32)") if line.startswith("Input: "))
    assert "pre-extracted by openai/clip-vit-base-patch32 in feats.h5, in place of a vision tower, no sound" in said, said
