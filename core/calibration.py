"""Per-library score calibration: how high a query about nothing scores in *this* library.

A model card's thresholds (``core.encoders.card.Calibration``) are measured once per model on a
reference set. A library of one kind of footage, or of frames the model is unsure of, gives every
query a higher floor, so the first labelled search of a library asks a few content-free queries
(``NULL_QUERIES``) and raises the thresholds above their top scores (:func:`calibrate`);
recomputed when the library's set of indexed videos changes. Their vectors depend on the model
alone: kept in the user's cache by model id (:func:`keep_null_vectors`), so ``seekframe captions``, whose
captions' and moments' vectors are stored, labels them without loading the model's text side.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable
from pathlib import Path

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


def _cached_file(model_id: str) -> Path:
    from core.paths import cache_dir

    key = hashlib.sha256("\n".join((model_id, *NULL_QUERIES)).encode()).hexdigest()[:32]
    return cache_dir() / "null-queries" / f"{key}.npy"


def cached_null_vectors(model_id: str | None) -> np.ndarray | None:
    """``NULL_QUERIES`` as the model ``model_id`` embedded them in a run before (None: not kept,
    or a file that is not their vectors)."""
    if not model_id or not isinstance(model_id, str):
        return None
    try:
        vectors = np.load(_cached_file(model_id), allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    ok = vectors.dtype == np.float32 and vectors.ndim == 2 and len(vectors) == len(NULL_QUERIES)
    return vectors if ok and np.isfinite(vectors).all() else None


def keep_null_vectors(model_id: str | None, vectors) -> None:
    """Keep ``NULL_QUERIES``' ``vectors`` as the model ``model_id`` embedded them, for a run that has
    not loaded it (best effort: a cache that cannot be written is skipped; one that holds them, left)."""
    vectors = np.asarray(vectors, np.float32)
    if not isinstance(model_id, str) or not model_id or vectors.ndim != 2 or len(vectors) != len(NULL_QUERIES):
        return
    kept = cached_null_vectors(model_id)
    if kept is not None and kept.shape == vectors.shape and np.array_equal(kept, vectors):
        return
    from core.atomic import write_bytes

    out = io.BytesIO()
    np.save(out, vectors, allow_pickle=False)
    try:
        write_bytes(_cached_file(model_id), out.getvalue())
    except OSError:
        pass


class LibraryCalibration:
    """Thread-safe cache of one library's calibration for one model (``model_id``: its null
    queries' vectors kept for a run that does not load it, :func:`keep_null_vectors`)."""

    def __init__(self, card: Calibration | None, model_id: str | None = None):
        self.card = card
        self.model_id = model_id
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
                    keep_null_vectors(self.model_id, self._null_vectors)
                tops = [t for t in (top_score(v) for v in self._null_vectors) if t is not None]
                self._value, self._key = calibrate(self.card, tops), key
            return self._value
