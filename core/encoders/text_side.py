"""The text side of a model alone (a text search, a note, a caption import): ``load_text_encoder``.
How it gets the model's id and which towers run in numpy: docs/architecture.md, ``core.encoders``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

import numpy as np

from core.encoders import model_ids
from core.encoders.card import read_card
from core.errors import ModelError

_SURROGATES = re.compile("[\ud800-\udfff]")


def encode_in_batches(texts: Sequence[str], batch_size: int, embed_dim: int,
                      encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """``encode_text`` of both encoders: float32 [n, embed_dim], L2-normalised, ``encode`` called on
    batches of at most ``batch_size`` texts; an empty list gives shape (0, embed_dim)."""
    if isinstance(texts, str):
        raise TypeError("encode_text takes a list of strings, not one string")
    # a lone surrogate (an undecodable byte, PEP 383) is no text a tokenizer takes: U+FFFD instead
    texts = [no_surrogates(t) for t in map(str, texts)]
    if not texts:
        return np.zeros((0, embed_dim), np.float32)
    step = max(1, batch_size)
    # shortest first: a batch pads to its longest text, and in the caller's order (a label bank's
    # prompts, a library's captions) that nearly doubled the tokens run; the vectors are the same
    # (padding is masked), put back in the caller's order
    order = sorted(range(len(texts)), key=lambda i: len(texts[i])) if len(texts) > step else range(len(texts))
    ordered = [texts[i] for i in order]
    out = np.concatenate([encode(ordered[i:i + step]) for i in range(0, len(texts), step)], axis=0)
    emb = np.empty_like(out, dtype=np.float32)
    emb[list(order)] = out
    return emb


def reads_any(ids: Sequence[int], special: Collection[int]) -> bool:
    """Whether a text's token ``ids`` hold any word the model knows: a token that is not one of
    the ``special`` ones (padding, start and end, and the unknown token a WordPiece vocabulary
    gives an emoji or a symbol it lacks). A query of none embeds as the same vector as any other
    such query, so its results mean nothing."""
    return any(i not in special for i in ids)


def unread_tail(text: str, encoding) -> str:
    """What of ``text`` a tokenizer's truncated ``encoding`` (``tokenizers.Encoding``) left out,
    stripped: the words past the model's text length, a word cut there whole ("tokenization", not
    its unread "ization"); "" when it read all of ``text``."""
    if not encoding.overflowing:
        return ""
    read = [(word, span) for word, span, special in zip(encoding.word_ids, encoding.offsets,
                                                         encoding.special_tokens_mask) if not special]
    if not read:
        return text.strip()
    word, (_, cut) = read[-1]
    rest = encoding.overflowing[0]
    first = next((w for w, special in zip(rest.word_ids, rest.special_tokens_mask) if not special), None)
    if word is not None and first == word:  # (the cut fell inside a word: from its start)
        cut = min(start for w, (start, _) in read if w == word)
    return text[cut:].strip()


def no_surrogates(text: str) -> str:
    """``text`` as ``encode_in_batches`` hands it to a tokenizer: a lone surrogate as U+FFFD."""
    return text if text.isascii() else _SURROGATES.sub("\ufffd", text)


class TextEncoder:
    """Texts → L2-normalised float32 vectors in a model's joint space; no video side."""

    backend = "numpy"  # a text tower built alone in torch is an ``Encoder`` of a ``TextOnlyModel``

    def __init__(self, encode: Callable[[list[str]], np.ndarray], *, model_id: str, source: str, name: str,
                 embed_dim: int, card, reads: Callable[[str], bool] | None = None,
                 unread: Callable[[str], str] | None = None):
        self._encode = encode
        self._reads = reads
        self._unread = unread
        self.model_id = model_id
        self.source = str(source)
        self.name = name
        self.embed_dim = int(embed_dim)
        self.card = card

    def __repr__(self) -> str:
        return f"TextEncoder({self.model_id!r}, source={self.source!r}, backend={self.backend})"

    def encode_text(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        return encode_in_batches(texts, batch_size, self.embed_dim, self._encode)

    def reads(self, text: str) -> bool:
        """Whether ``text`` holds a word this model knows (``reads_any``)."""
        return True if self._reads is None else self._reads(text)

    def unread(self, text: str) -> str:
        """The end of ``text`` past the model's text length, not read ("" when it reads it all)."""
        return "" if self._unread is None else self._unread(no_surrogates(text))

    def encode_moments(self, *args, **kwargs):
        raise ModelError(f"{self.source}: only the text side of this model is loaded")


def load_text_encoder(source: str | Path, device: str | None = None):
    """The text side of the model at ``source`` (a folder or hub id): a ``TextEncoder``, or the
    full ``Encoder`` when the model's id is not known without loading it (``model_ids.known``:
    remembered, or read off a Seekframe folder's files). ``device`` other than the CPU builds
    the torch text tower on that device."""
    from core.encoders.sources import read_json_object, resolve_source

    folder = resolve_source(source)
    model_id = model_ids.known(source, folder)
    if model_id is None:  # only a load tells it (a CLIP model's first use): the full load records it
        from core.encoders.encoder import Encoder

        return Encoder.load(source, device=device)
    raw = read_json_object(folder / "config.json")
    card = read_card(folder)
    if device in (None, "", "auto") or str(device).startswith("cpu"):
        from core.encoders import numpy_bert

        try:
            encode = numpy_bert.load(folder, raw)
        except numpy_bert.Unsupported:
            pass
        else:
            return TextEncoder(encode, model_id=model_id, source=str(source), name=str(raw.get("name") or "model"),
                               embed_dim=int(raw["embed_dim"]), card=card, reads=getattr(encode, "reads", None),
                               unread=getattr(encode, "unread", None))
    from core.encoders.encoder import Encoder
    from core.encoders.folder import load_model

    model, tokenizer, _ = load_model(source, text_only=True)
    enc = Encoder(model, tokenizer, source=str(source), device=device, card=card)
    enc._model_id = model_id
    return enc
