"""The engine side of choosing a model: what the model dialog and the first run ask of core, as
plain functions for worker threads. Each imports its part of core inside it: the Hugging Face
client and the encoders package (torch included) must not be imported on the GUI thread.
"""

from __future__ import annotations


def cached_hub_models(repo_ids) -> set[str]:
    """Those of ``repo_ids`` complete in the local Hugging Face cache (never online)."""
    from core.model_fetch import cached_model

    return {rid for rid in repo_ids if cached_model(rid) is not None}


def model_cards(sources, hub_ids=()) -> dict:
    """{source: ModelCard}: the cards of local model ``sources`` (read without loading the
    models), and the CLIP card for each of ``hub_ids`` (the offered hub models are CLIP-family;
    TinyCLIP's its own, ``clip_card``)."""
    from core.encoders.card import card_of_source, clip_card

    cards = {rid: clip_card(rid) for rid in hub_ids}
    cards.update({s: card_of_source(s) for s in sources})
    return cards


def list_models(hub_ids, sources) -> tuple[set[str], dict]:
    """What the model dialog needs before it opens: which ``hub_ids`` are cached, and the cards
    of ``hub_ids`` and ``sources`` (``model_cards``)."""
    return cached_hub_models(hub_ids), model_cards(sources, hub_ids)


def fetch(repo_id: str, progress=None, cancelled=None) -> str:
    """Download ``repo_id`` into the Hugging Face cache (``core.model_fetch.fetch_model``: byte
    progress, cancel rolls back); the local folder."""
    from core.model_fetch import fetch_model

    return str(fetch_model(repo_id, progress, cancelled))


def check_offer(repo_ids):
    """The first run's offer (``core.hub_offer.check_offer``: cache, hub, size; no download)."""
    from core.hub_offer import check_offer as check

    return check(repo_ids)
