"""A fake encoder for CLI and indexer tests: embeds a moment as its mean colour, fast and
deterministic, and counts what it embeds."""

from __future__ import annotations

import numpy as np


class ColourMeanEncoder:
    model_id = "fake-0123456789ab"
    source = "fake"
    name = "fake"
    embed_dim = 4
    image_size = 32
    frames_per_moment = 2
    device = None

    def __init__(self):
        self.embedded = 0

    def encode_moments(self, frames, batch_size=16):
        self.embedded += len(frames)
        v = frames.reshape(len(frames), -1, 3).mean(axis=1).astype(np.float32)
        v = np.concatenate([v, np.ones((len(v), 1), np.float32)], axis=1)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def cli_encoder(monkeypatch) -> ColourMeanEncoder:
    """The ``ColourMeanEncoder`` that the ``seekframe`` commands a test runs (``core.cli.main``) load
    in place of a model; returned, to count or check what it embeds."""
    import core.cli

    enc = ColourMeanEncoder()
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: enc)
    return enc


class NoteWords:
    """A text tower for a user's notes where any vector will do (a note's own, one per text)."""

    def encode_text(self, texts):
        return np.eye(len(texts), ColourMeanEncoder.embed_dim, dtype=np.float32)
