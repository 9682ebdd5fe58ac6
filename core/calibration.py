"""Per-library score calibration: how high a query about nothing scores in *this* library.

A model card's thresholds (``core.encoders.card.Calibration``) are measured once per model on a
reference set. A library of one kind of footage, or of frames the model is unsure of, gives every
query a higher floor, so the first labelled search of a library asks a few content-free queries
(``NULL_QUERIES``) and raises the thresholds above their top scores (:func:`calibrate`);
recomputed when the library's set of indexed videos changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from core.encoders.card import Calibration

# Strings that describe nothing a video shows: gibberish, function words, abstractions.
# (None of them is among the real-footage benchmark's nonsense queries, which test this.)
NULL_QUERIES = (
    "lorem ipsum dolor sit amet", "asdf qwerty uiop", "grbl fnord quux", "hmm ok so then",
    "an abstract idea", "the meaning of the word", "a theorem about prime numbers",
    "xkcd ftw lol",
)
MARGIN = 0.02


def calibrate(card: Calibration, null_tops: list[float]) -> Calibration:
    """The card's thresholds, raised for a library whose null queries score high: weak above
    three in four null queries' top scores, strong above every one."""
    if not null_tops:
        return card
    tops = np.asarray(null_tops, dtype=np.float64)
    strong = max(card.strong, float(tops.max()) + MARGIN)
    weak = min(max(card.weak, float(np.percentile(tops, 75)) + MARGIN), strong)
    return Calibration(weak=weak, strong=strong)


class LibraryCalibration:
    """Thread-safe cache of one library's calibration for one model."""

    def __init__(self, card: Calibration | None):
        self.card = card
        self._lock = threading.Lock()
        self._key: object = None
        self._value: Calibration | None = card
        self._null_vectors = None  # NULL_QUERIES embedded once: they depend on the model only

    def get(self, key: object, encode: Callable[[list[str]], np.ndarray],
            top_score: Callable[[np.ndarray], float | None]) -> Calibration | None:
        """``key`` identifies the library's content (it changes when videos are indexed);
        ``top_score(vector)`` is the library's best moment score for a query vector."""
        if self.card is None:
            return None
        with self._lock:
            if key != self._key:
                if self._null_vectors is None:
                    self._null_vectors = encode(list(NULL_QUERIES))
                tops = [t for t in (top_score(v) for v in self._null_vectors) if t is not None]
                self._value, self._key = calibrate(self.card, tops), key
            return self._value
