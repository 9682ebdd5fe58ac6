"""Capability cards: read/write, the unknown and CLIP cards, damaged files, ``Encoder.card``,
cards of exported students, and the bundled demo model's card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.encoders import Encoder
from core.encoders.card import (
    CARD_NAME,
    CLIP_CARD,
    UNKNOWN_CARD,
    Calibration,
    ModelCard,
    card_from_json,
    read_card,
    write_card,
)
from core.model_choice import bundled_demo_model
from tests.models import save_tiny_hf_clip, save_tiny_model, tiny_model

CARD = ModelCard(title="Test model", summary="knows test things", domain="real", trained_on="tests",
                 good_at=("cars", "bottles"), weak_at=("colours",), calibration=Calibration(0.2, 0.4))


def test_card_round_trips_through_card_json(tmp_path):
    path = write_card(tmp_path, CARD)
    assert path == tmp_path / CARD_NAME
    back = read_card(tmp_path)
    assert back == CARD
    assert back.lines() == ["Test model: knows test things", "Trained on: tests",
                            "Finds well: cars; bottles", "Weak at: colours"]


def test_unknown_keys_are_kept_and_odd_values_ignored():
    card = card_from_json({"title": "T", "domain": "martian", "good_at": "one thing", "note": 1,
                           "calibration": {"weak": 0.9, "strong": 0.1}})
    assert card.domain == "unknown" and card.good_at == ("one thing",) and card.calibration is None
    assert card.extra == {"note": 1} and card.to_json()["note"] == 1


def test_no_card_is_unknown_and_a_clip_checkpoint_gets_the_clip_card(tmp_path):
    assert read_card(tmp_path) == UNKNOWN_CARD
    assert read_card(None) == UNKNOWN_CARD
    assert read_card(tmp_path, is_clip=True) == CLIP_CARD
    assert not UNKNOWN_CARD.knows_real_footage and CLIP_CARD.knows_real_footage


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "", "\xff\xfe"])
def test_a_damaged_card_reads_as_unknown(tmp_path, text):
    (tmp_path / CARD_NAME).write_text(text, encoding="latin-1")
    assert read_card(tmp_path) == UNKNOWN_CARD


def test_calibration_strength():
    cal = Calibration(weak=0.3, strong=0.5)
    assert [cal.strength(s) for s in (0.1, 0.3, 0.49, 0.5, 0.9)] == ["none", "weak", "weak", "strong", "strong"]


def test_encoder_card_from_its_folder(tmp_path):
    plain = save_tiny_model(tmp_path / "plain")
    assert Encoder.load(plain).card == UNKNOWN_CARD
    carded = save_tiny_model(tmp_path / "carded")
    write_card(carded, CARD)
    enc = Encoder.load(carded)
    assert enc.card == CARD and enc.card.calibration == Calibration(0.2, 0.4)
    # saving the encoder keeps its card with the weights
    enc.save(tmp_path / "copy")
    assert read_card(tmp_path / "copy") == CARD


def test_encoder_card_of_a_clip_checkpoint_and_of_an_in_memory_model(tmp_path):
    clip = save_tiny_hf_clip(tmp_path / "clip")
    assert Encoder.load(clip).card == CLIP_CARD
    model, tok = tiny_model()
    assert Encoder(model, tok).card == UNKNOWN_CARD
    assert Encoder(model, tok, card=CARD).card == CARD


def test_exported_students_carry_a_card_of_their_dataset(tmp_path):
    from training.export import export_pixels, student_card

    run = tmp_path / "run"
    source = save_tiny_model(run / "seed0" / "mckd" / "model")
    (run / "config.json").write_text(json.dumps({"stages": ["mckd"], "data": {"format": "synthetic",
                                                                            "root": "data/synthetic"}}))
    export_pixels(source, tmp_path / "student")
    card = read_card(tmp_path / "student")
    assert card.domain == "generated" and "synthetic" in card.trained_on
    real = student_card({"format": "msrvtt", "root": "data/msrvtt"})
    assert real.domain == "real" and "msrvtt" in real.trained_on


@pytest.mark.skipif(bundled_demo_model() is None, reason="no bundled demo model")
def test_the_bundled_demo_model_says_it_knows_only_generated_shapes():
    card = read_card(bundled_demo_model())
    assert card.domain == "generated" and "not real footage" in card.summary
    assert any("real videos" in w for w in card.weak_at)
    cal = card.calibration
    assert cal is not None and 0.0 < cal.weak < cal.strong < 1.0


def test_a_tinyclip_checkpoint_gets_its_own_card_not_clips_hundreds_of_millions(tmp_path, monkeypatch):
    """TinyCLIP (wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M, one of the window's offered models) has a
    CLIP config, so it got the CLIP card: 'hundreds of millions of image–caption pairs from the web',
    text and logos found well, CLIP ViT-B's score thresholds. It learned from 15 million pairs
    (YFCC-15M), distilled from a larger CLIP; its thresholds were never measured."""
    from huggingface_hub import constants

    from app import hub_models
    from core.encoders.card import card_of_source
    from tests.fake_hub import cached_snapshot

    tiny = "wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M"
    cache = tmp_path / "hf-cache"
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    snap = cached_snapshot(cache, tiny)
    (snap / "config.json").write_text(json.dumps({"model_type": "clip"}))
    cards = [card_of_source(tiny), read_card(snap), hub_models.model_cards([], [tiny])[tiny]]
    for card in cards:
        assert "15 million image–caption pairs (YFCC-15M)" in card.trained_on
        assert "hundreds of millions" not in " ".join(card.lines())
        assert card.calibration is None and card.domain == "open"
    from core.encoders.card import TINYCLIP_CARD, clip_card

    assert cards == [TINYCLIP_CARD] * 3 and clip_card("openai/clip-vit-base-patch32") == CLIP_CARD


def test_a_hub_id_not_downloaded_yet_is_said_as_what_it_is_not_unknown(tmp_path, monkeypatch):
    """seekframe status of a library whose model is a hub id not in the cache (a cleared cache, the
    library copied from another computer) said 'Model without a capability card: this model does not
    say what it was trained on' of openai/clip-vit-base-patch32. It now names the id, says it is not
    downloaded yet and, for a CLIP checkpoint Seekframe knows by its id, what it will know; offline."""
    import socket

    from huggingface_hub import constants

    from core.encoders.card import TINYCLIP_CARD, UNKNOWN_CARD, card_of_source

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", lambda *a: pytest.fail("the network was reached"))
    clip = card_of_source("openai/clip-vit-base-patch32")
    assert clip != UNKNOWN_CARD and clip.domain == "open"
    assert "openai/clip-vit-base-patch32" in clip.title and "not downloaded yet" in clip.title
    assert clip.good_at == CLIP_CARD.good_at and clip.calibration == CLIP_CARD.calibration
    assert CLIP_CARD.summary in clip.summary and "network" in clip.summary
    tiny = card_of_source("wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M")
    assert tiny.trained_on == TINYCLIP_CARD.trained_on and "not downloaded yet" in tiny.title
    other = card_of_source("someone/some-video-model")
    assert other.domain == "unknown" and "someone/some-video-model" in other.title
    assert "not downloaded yet" in other.title and "nothing of it is known" in other.summary
    assert card_of_source(str(tmp_path / "no-such-folder")) == UNKNOWN_CARD  # (a local folder gone: no hub id)
    assert other.to_json()["hub_id"] == "someone/some-video-model"


@pytest.mark.parametrize("world", ["real", "demo"])
def test_the_card_formats_example_names_the_world_its_similar_thresholds_were_measured_on(world):
    """A card without a known ``world`` in its ``similar_calibration`` labels no similar clip (e548a48): the format's
    example (core.encoders.card's docstring, a card hand-written from it) and the README say it, so a card
    written from them labels."""
    import re

    import core.encoders.card as card_module

    example = card_module.__doc__.split("::", 1)[1].split("\n\n")[1]
    example = re.sub(r'("[a-z]+")(?: \| "[a-z]+")+', r"\1", example.replace('"real" | "demo"', f'"{world}"'))
    card = card_from_json(json.loads(example))
    assert card.similar_calibration is not None and card.similar_calibration.world == world
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    said = readme[readme.index("`similar_calibration`"):][:900]
    assert "`world`" in said and '"world": "real"' in said, said
