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


def told_apart(source: str, other: str) -> str:
    """``listed_title`` of the model at ``source``, with its path where that title is also ``other``'s (another
    model, the library's: a retrained copy of one card switched to), so the two read apart; its path where no
    card names it."""
    title = listed_title(source)
    if not title:
        return source
    return (f"{title} ({source})" if other and local_spelling(other, [source]) is None and listed_title(other) == title
            else title)


def folder_name(source: str) -> str:
    """A model folder's own name ("run-2" of "/m/run-2/"), its whole path where it has none."""
    import os

    return os.path.basename(source.rstrip("/\\")) or source


def told_apart_labels(entries: list[tuple[str, str, str]]) -> list[str]:
    """The one rule that tells models of one name apart, the model dialog's, `seekframe status`'s and the
    window's: of ``entries`` ((kind, source, label): "exported" for a trained student), each exported student
    whose label another entry has too is named with its folder, "Trained student s (run-2)", or with its whole
    path where a student of that label's folder is named so too; the others as they are."""
    labels = [label for _, _, label in entries]
    out = []
    for kind, source, label in entries:
        if kind == "exported" and labels.count(label) > 1:
            folder = folder_name(source)
            twins = [s for k, s, lab in entries if k == "exported" and lab == label and folder_name(s) == folder]
            label = f"{label} ({folder if len(twins) == 1 else source})"
        out.append(label)
    return out


def listed_title(source: str, card=None, name: str = "") -> str:
    """The model at ``source`` as File › Model… lists it among this install's models (``told_apart_labels``
    over ``core.model_choice.available_models``, each named by ``model_title`` of its card, a student of no
    card by its folder): a student whose card's title another local model has too with its folder; else
    ``model_title`` of ``card`` (read off the disk where not given), ``name`` where nothing names it. Reads the
    local models' cards: a worker's, never the GUI thread."""
    from .model_choice import available_models

    own = model_title(card if card is not None else card_or_none(source), name, source)
    local = available_models()
    mine = local_spelling(source, [s for kind, s in local if kind == "exported"])
    if mine is None:
        return own
    entries = [(kind, s, own if s == mine else model_title(card_or_none(s), folder_name(s), s)) for kind, s in local]
    entries += [("hub", rid, named) for rid, named, _ in KNOWN_HUB_MODELS]
    return told_apart_labels(entries)[[s for _, s, _ in entries].index(mine)]


def local_spelling(source: str, sources) -> str | None:
    """The one of ``sources`` (local model folders as ``core.model_choice.available_models`` lists them) that
    is the model folder ``source`` names, however it was typed (``--model models/run-2/``: a trailing separator,
    a relative path, a path through a link); None where none is. Its spelling first, then the folders resolved
    (``os.path.realpath``: a look at the local models' folders and ``source``'s, which ``card_or_none`` makes
    already)."""
    import os

    sources = list(sources)
    if source in sources:
        return source
    if not source:
        return None

    def real(path: str) -> str:
        try:
            return os.path.normcase(os.path.realpath(os.path.expanduser(path.rstrip("/\\") or path)))
        except (OSError, ValueError):
            return path

    wanted = real(source)
    return next((s for s in sources if real(s) == wanted), None)
