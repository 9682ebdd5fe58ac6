"""How Seekframe names a model to a user, the CLI and the window alike: by its card's title ("Seekframe
everyday scenes (bundled)", not its config's name "seekframe-everyday" nor its folder "real"), a known hub
model by the name the welcome page and the model dialog give it. Light: nothing is imported at import time
(``app.requests`` takes these as plain values); a card is read off the disk only by ``card_or_none``.
"""

from __future__ import annotations

# The hub models Seekframe offers beside the local ones (CLIP family: they load as they are):
# (hub id, name, what to expect). The one list the session, the model dialog and the CLI's words use.
KNOWN_HUB_MODELS: tuple[tuple[str, str, str], ...] = (
    ("openai/clip-vit-base-patch32", "CLIP ViT-B/32 (OpenAI)",
     "a good general model for real footage; about 600 MB to download"),
    ("openai/clip-vit-base-patch16", "CLIP ViT-B/16 (OpenAI)",
     "finer detail than B/32, about twice as slow; about 600 MB to download"),
    ("wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M", "TinyCLIP 8M",
     "very small and fast, less accurate; a small download"),
)


def model_title(card, name: str, source: str = "") -> str:
    """A model as Seekframe names it to a user, loading or loaded, in the status bar, in what a switch
    says and in the CLI's "Loading model …": its card's title ("Seekframe everyday scenes (bundled)", not its
    config's name "seekframe-everyday" nor its folder "real"); a known hub model (``KNOWN_HUB_MODELS``) by the
    name the welcome page and the model dialog give it ("CLIP ViT-B/32 (OpenAI)", its card the CLIP family's
    shared one); else ``name``."""
    title = getattr(card, "title", "") if getattr(card, "domain", "unknown") not in ("unknown", "open") else ""
    return title or next((named for rid, named, _ in KNOWN_HUB_MODELS if rid == str(source)), "") or name


def card_or_none(source: str):
    """``source``'s card (``core.encoders.card.card_of_source``: read off its folder or the local hub cache,
    never the network), None where it cannot be read. A look at the disk: a GUI thread never calls it."""
    from core.encoders.card import card_of_source

    try:
        return card_of_source(source)
    except (OSError, ValueError):
        return None


def source_title(source: str, name: str = "") -> str:
    """The model at ``source`` named so (``model_title`` of its card, read off the disk by ``card_or_none``);
    ``name`` where neither its card nor the known hub models name it."""
    return model_title(card_or_none(source), name, source)


def told_apart(source: str, other: str) -> str:
    """``source_title`` of the model at ``source``, with its path where that title is also ``other``'s (another
    model, the library's: a retrained copy of one card switched to), so the two read apart; its path where no
    card names it."""
    title = source_title(source, "")
    if not title:
        return source
    return f"{title} ({source})" if other and other != source and source_title(other, "") == title else title
