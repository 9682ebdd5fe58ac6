"""The welcome page's words for a better model when the hub cannot be reached read as a sentence:
they said "… is CLIP ViT-B/32 (OpenAI) (open vocabulary). … then choose it in File › Model… ›
Browse…." (two brackets in a row, and a full stop after the ellipsis)."""

from __future__ import annotations

from types import SimpleNamespace

from app.model_dialog import known_hub_models
from app.welcome import offer_text
from core.hub_offer import how_to_get


def test_the_offline_offer_reads_as_a_sentence():
    hub = known_hub_models()[0]
    text = offer_text(SimpleNamespace(state="offline", size=0, how_to=how_to_get(hub.source)), hub.label)
    assert hub.label in text and "open vocabulary" in text
    assert ") (" not in text, text
    assert "…." not in text, text
    assert f"hf download {hub.source} --local-dir DIR" in text and "File › Model…" in text
