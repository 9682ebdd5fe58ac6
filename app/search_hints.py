"""The example query the search field and the empty results suggest: one the loaded model can find,
by its card. The demo model knows only the generated shapes: a demo clip's query. A model of real
footage gets a still scene, no action: the bundled one judges still frames (its card: weak at
actions and motion)."""

from __future__ import annotations

GENERATED_EXAMPLE = "a red ball bouncing on the beach"  # core.demo.DEMO_QUERIES[0] (core.demo imports cv2)
REAL_EXAMPLE = "a dog on the beach"


def example_query(card=None) -> str:
    """An example for the model of ``card`` (a core.encoders.card.ModelCard; None: no model yet)."""
    return GENERATED_EXAMPLE if getattr(card, "domain", "") == "generated" else REAL_EXAMPLE


def search_hint(card=None) -> str:
    """What the empty results say before a search."""
    return f"Type what you are looking for, e.g. “{example_query(card)}”."


def field_placeholder(card=None) -> str:
    return f"Describe a moment, e.g. {example_query(card)}"
