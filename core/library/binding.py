"""``ModelBinding``: which model a library's vectors are of (``library.json``'s ``model_id``,
``model_source``, ``dim``), bound once and switched only whole. A part of ``VideoLibrary``
(``store.py``), which answers ``bind_model``, ``reset_for_model``, ``model_switch`` and
``end_model_switch`` through it.

A switch is recorded first (``model_switch``), then every done video goes back to pending and the
moments table is made again for the new width: a switch killed half-way is finished by the next
writer (``core.captions.finish_model_switch``), never left as vectors of two models."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from core.errors import LibraryError, ModelMismatchError
from core.library import schema as S
from core.library.captions import CaptionTable
from core.library.connection import Connection
from core.library.moment_search import MomentSearch
from core.library.reconcile import REPAIR
from core.library.records import DONE, PENDING, CaptionRecord
from core.library.videos import VideoTable


class ModelBinding:
    def __init__(self, conn: Connection, videos: VideoTable, moment_search: MomentSearch,
                 captions: CaptionTable):
        self.conn = conn
        self.video_table = videos
        self.moment_search = moment_search
        self.caption_table = captions

    @property
    def switch(self) -> dict | None:
        """The model switch in progress (``LibraryMeta.model_switch``), None when there is none: a
        switch killed half-way is finished by the next writer (``core.captions.finish_model_switch``)."""
        switch = self.conn.meta.model_switch
        return dict(switch) if switch else None

    def end_switch(self) -> None:
        """Every caption and note is on the bound model: the switch is complete."""
        with self.conn.writing():
            if self.conn.meta.model_switch is not None:
                self.conn.write_meta(model_switch=None)

    def bind(self, model_id: str, model_source: str, dim: int) -> None:
        """Bind ``model_id`` to a library bound to none (or to it: its source updated); one bound
        to another with vectors is a ``ModelMismatchError`` (``reset`` first)."""
        from core.earlier_builds import recorded_source

        model_source = recorded_source(str(model_source))  # (an earlier build of a bundled model: its folder)
        with self.conn.writing():
            dim = _checked_dim(model_id, dim)
            m = self.conn.meta
            t = self.conn.table(S.MOMENTS)
            if not m.model_id and t is not None and t.count_rows() and self.video_table.state().visible:
                raise LibraryError(  # only a repairing writer gets here: --reindex resets first
                    f"The library {self.conn.root} holds vectors of an unknown model. " + REPAIR)
            if m.model_id == model_id:
                if m.dim != dim:
                    raise ValueError(f"model {model_id} is bound with dim {m.dim}, got {dim}")
                if m.model_source != model_source:
                    self.conn.write_meta(model_source=str(model_source))
                return
            if m.model_id and ((t is not None and t.count_rows() > 0) or self.caption_table.has_vectors()):
                raise ModelMismatchError(mismatch_text(m, model_id))
            self.conn.drop(S.MOMENTS)
            self.moment_search.forget()  # (what was derived from the vectors)
            self.caption_table.forget()
            self.conn.write_meta(model_id=model_id, model_source=str(model_source), dim=dim, ann_rows=0)
            self.conn.create_tables()

    def reset(self, model_id: str, model_source: str, dim: int) -> list[CaptionRecord]:
        """Forget every vector (for re-indexing with another model); return captions to re-embed.

        Done videos go back to pending, the moments table is re-created for ``dim``, the new model
        is bound, the switch recorded first (``model_switch``). The returned captions carry empty
        vectors: embed their texts with the new model and pass them to ``caption_table.add``."""
        with self.conn.writing():
            dim = _checked_dim(model_id, dim)
            kept = self.caption_table.read(with_vectors=False)
            self.conn.write_meta(model_switch={"model_id": model_id, "model_source": str(model_source),
                                               "dim": dim, "from": self.conn.meta.model_id})
            done = [replace(v, status=PENDING, n_moments=0, model_id="")
                    for v in self.video_table.state().records if v.status == DONE]
            if done:
                self.video_table.merge(done)
            self.conn.write_meta(model_id="", model_source="", dim=0, ann_rows=0)
            self.bind(model_id, model_source, dim)
            return kept


def mismatch_text(meta, model_id: str) -> str:
    """Why a library bound to ``meta.model_id`` refuses vectors of ``model_id``, and the ways out that
    are true: its own model named only where it is still found (``core.earlier_builds.still_at``: a
    bundled model an upgrade rebuilt holds another build now, kept or not)."""
    from core.earlier_builds import library_text, still_at

    if bundled := library_text(meta.model_source, meta.model_id):
        return bundled
    said = f"This library was indexed with the model {meta.model_id}, not {model_id}; "
    said += "vectors of different models cannot be searched together. Re-index it with the new model (`seekframe index --reindex`)"
    if where := still_at(meta.model_source, meta.model_id):
        return said + f" or use {meta.model_id} (from {where})."
    return said + f"; its own model is no longer at {meta.model_source or 'the folder it was indexed from'}."


def _checked_dim(model_id, dim) -> int:
    if not isinstance(model_id, str) or not model_id:
        raise ValueError("model_id must be a non-empty string")
    if not isinstance(dim, (int, np.integer)) or dim <= 0:
        raise ValueError(f"invalid embedding dimension {dim!r}")
    return int(dim)
