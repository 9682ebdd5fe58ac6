"""app.hub_models: the engine calls behind the model dialog and the first run, as plain values."""

from __future__ import annotations

from huggingface_hub import constants

from app import hub_models
from core.encoders.card import CLIP_CARD, UNKNOWN_CARD, ModelCard, write_card
from tests.fake_hub import cached_snapshot

CLIP = "openai/clip-vit-base-patch32"
TINY = "wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M"


def test_cached_hub_models_are_those_complete_in_the_cache(tmp_path, monkeypatch):
    cache = tmp_path / "hf-cache"
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    snap = cached_snapshot(cache, CLIP)
    assert hub_models.cached_hub_models([CLIP, TINY]) == {CLIP}
    (snap / "model.safetensors").unlink()  # no weights: not complete
    assert hub_models.cached_hub_models([CLIP, TINY]) == set()


def test_model_cards_read_local_folders_and_give_hub_models_the_clip_card(tmp_path, monkeypatch):
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    mine = tmp_path / "mine"
    mine.mkdir()
    card = ModelCard(title="Mine", summary="my own student", domain="real", good_at=("cats",), weak_at=())
    write_card(mine, card)
    plain = tmp_path / "plain"
    plain.mkdir()
    cards = hub_models.model_cards([str(mine), str(plain)], [CLIP])
    assert cards[CLIP] == CLIP_CARD
    assert cards[str(mine)].summary == "my own student"
    assert cards[str(plain)] == UNKNOWN_CARD
    cached, listed = hub_models.list_models([CLIP], [str(mine)])
    assert cached == set() and listed == {CLIP: CLIP_CARD, str(mine): cards[str(mine)]}
