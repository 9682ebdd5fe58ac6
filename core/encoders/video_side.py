"""The video side of a model alone, for indexing: ``load_video_encoder``.

Indexing embeds moments; its only texts are a library's captions and notes, re-embedded when the
library changes model. So it loads the vision tower, the temporal pooler and the vision
projection, and no text tower: the real-footage model's MiniLM and the transformers import are
~230 MB of an indexing process's memory. The text side comes on first use of ``encode_text``
(``core.encoders.text_side``). A half of the model cannot compute its id, so this needs the id
``core.encoders.model_ids.known`` gives without loading (remembered from a full load of the same
files, or read off a Seekframe folder's files); without it, or for a CLIP model, the full
``Encoder`` loads.

The app, which both searches and indexes, holds the two sides the same way (``text=True``): a
``bert_mean`` text tower then runs in numpy (``core.encoders.numpy_bert``), so neither side
imports transformers.
"""

from __future__ import annotations

from pathlib import Path

from core.encoders import model_ids
from core.encoders.card import read_card


def load_video_encoder(source: str | Path, device: str | None = None, text: bool = False):
    """An ``Encoder`` of the model at ``source`` holding its video side only (``encode_text``
    loads the text side when called; ``text``: now), or the full ``Encoder`` (see the module doc)."""
    from core.encoders.encoder import Encoder, pick_device
    from core.encoders.folder import load_model
    from core.encoders.sources import read_json_object, resolve_source

    folder = resolve_source(source)
    dev = pick_device(device)  # (fails fast on a bad device, as Encoder.load does)
    model_id = model_ids.known(source, folder)
    if model_id is None or "seekframe_model" not in read_json_object(folder / "config.json"):
        return Encoder.load(source, device=device)
    model, _, _ = load_model(source, vision_only=True)
    enc = Encoder(model, None, source=str(source), device=dev, card=read_card(folder))
    enc._model_id = model_id
    if text:
        enc._text_side()
    return enc
