"""Captions of a ``VideoLibrary``: imported captions, user notes, saved queries.

Caption vectors carry the ``model_id`` that made them; rows of another model count as "without
vector" (``reset_for_model`` therefore never has to drop user text). Caption search is always
exact (numpy): there are few captions compared to moments.

A model switch is recorded in ``library.json`` (``MODEL_SWITCH``) by ``reset_for_model`` and
dropped by ``end_model_switch`` once every caption is on the new model, so a switch killed half-way
is finished by the next writer (``core.captions.finish_model_switch``).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import replace

import numpy as np

from core.library import schema as S
from core.library.records import CaptionHit, CaptionRecord
from core.library.vector_search import normalise, top_k

MODEL_SWITCH = "model_switch"  # library.json extra: a model switch in progress


class CaptionsMixin:
    @property
    def model_switch(self) -> dict | None:
        """The model switch in progress: {"model_id", "model_source", "dim", "from"} of
        ``reset_for_model``, until ``end_model_switch``; None when there is none."""
        sw = self._meta.extra.get(MODEL_SWITCH)
        return dict(sw) if isinstance(sw, dict) and sw.get("model_id") else None

    def end_model_switch(self) -> None:
        """Every caption and note is on the bound model: the switch is complete."""
        with self._mutex:
            self._check_writable()
            if MODEL_SWITCH in self._meta.extra:
                self._write_meta(extra={k: v for k, v in self._meta.extra.items() if k != MODEL_SWITCH})

    def _has_caption_vectors(self) -> bool:
        t = self._table(S.CAPTIONS)
        if t is None or t.count_rows() == 0 or not self._meta.model_id:
            return False
        models = t.search().select(["model_id"]).limit(None).to_arrow().column("model_id")
        return self._meta.model_id in set(models.unique().to_pylist())

    def add_captions(self, records: list[CaptionRecord]) -> list[str]:
        """Insert (or replace, by ``caption_id``) captions embedded with the bound model."""
        with self._mutex:
            self._check_writable()
            self._check_bound()
            ready = []
            now = time.time()
            for r in records:
                if r.source not in S.CAPTION_SOURCES:
                    raise ValueError(f"invalid caption source {r.source!r}; "
                                     f"expected one of {', '.join(S.CAPTION_SOURCES)}")
                if r.video_id:
                    S.check_video_id(r.video_id)
                cid = S.check_caption_id(r.caption_id) if r.caption_id else secrets.token_hex(12)
                ready.append(replace(
                    r, caption_id=cid, text=str(r.text),
                    created_at=r.created_at or now,
                    vector=normalise(r.vector, self._meta.dim, f"caption {cid}"),
                ))
            if ready:
                ids = [r.caption_id for r in ready]
                if len(set(ids)) != len(ids):
                    raise ValueError("duplicate caption ids in one add_captions call")
                (self._table(S.CAPTIONS).merge_insert("caption_id").when_matched_update_all()
                 .when_not_matched_insert_all()
                 .execute(S.captions_to_arrow(ready, self._meta.model_id)))
                self._commits_since_opt += 1
            return [r.caption_id for r in ready]

    def captions(self, video_id: str | None = None, *, with_vectors: bool = True) -> list[CaptionRecord]:
        """All captions, or those attached to ``video_id``; stale-model rows have empty vectors."""
        if video_id is not None:
            S.check_video_id(video_id)
        with self._mutex:
            self._check_open()
            t = self._table(S.CAPTIONS)
            if t is None:
                return []
            q = t.search().limit(None)
            if video_id is not None:
                q = q.where(f"video_id = '{video_id}'")
            rows = self._read(q.to_arrow)
            return S.captions_from_arrow(rows, self._meta.model_id, with_vectors)

    def delete_captions(self, ids) -> None:
        if isinstance(ids, str):
            raise ValueError("expected a list of caption ids, got a single string")
        ids = list(dict.fromkeys(S.check_caption_id(c) for c in ids))
        with self._mutex:
            self._check_writable()
            for i in range(0, len(ids), 500):
                self._table(S.CAPTIONS).delete(S.sql_in("caption_id", ids[i: i + 500]))
            if ids:
                self._commits_since_opt += 1

    def _caption_matrix(self):
        t = self._table(S.CAPTIONS)
        if t is None or not self._meta.model_id:
            return None
        key = (t.version, self._meta.model_id, self._meta.dim)
        if self._captions_cache is None or self._captions_cache[0] != key:
            recs = [r for r in S.captions_from_arrow(self._read(t.to_arrow), self._meta.model_id)
                    if r.vector.shape == (self._meta.dim,)]
            mat = (np.stack([r.vector for r in recs]) if recs
                   else np.zeros((0, self._meta.dim), np.float32))
            sources = np.array([r.source for r in recs], dtype=object)
            self._captions_cache = (key, recs, mat, sources)
        return self._captions_cache

    def search_captions(self, vector, k: int, sources=None, video_id: str | None = None) -> list[CaptionHit]:
        """Cosine top-k over captions of the bound model, optionally of some sources / a video."""
        if isinstance(sources, str):
            sources = [sources]
        if video_id is not None:
            S.check_video_id(video_id)
        with self._mutex:
            self._check_open()
            cache = self._caption_matrix()
            if cache is None or k <= 0:
                return []
            q = normalise(vector, self._meta.dim, "query vector")
            _, recs, mat, srcs = cache
            scores = mat @ q
            if sources is not None:
                scores[~np.isin(srcs, list(sources))] = -np.inf
            if video_id is not None:
                scores[np.array([r.video_id != video_id for r in recs], bool)] = -np.inf
            best = top_k(scores, k)
            return [CaptionHit(caption_id=recs[i].caption_id, text=recs[i].text,
                               source=recs[i].source, video_id=recs[i].video_id,
                               start=recs[i].start, end=recs[i].end, score=float(scores[i]))
                    for i in best]
