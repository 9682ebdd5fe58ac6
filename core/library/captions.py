"""``CaptionTable``: the captions of a library: imported captions, user notes, saved queries.

Caption vectors carry the ``model_id`` that made them; rows of another model count as "without
vector" (``reset_for_model`` therefore never has to drop user text). Caption search is always
exact (numpy): there are few captions compared to moments.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from core.errors import ModelMismatchError
from core.library import ids
from core.library import schema as S
from core.library.connection import Connection
from core.library.records import CaptionHit, CaptionRecord
from core.library.vector_search import normalise, top_k


def check_search_model(meta, model_id: str = "", dim: int | None = None) -> None:
    """``ModelMismatchError`` when the library (its description ``meta``, as last read) is no longer
    of the model a search began with (``model_id``, ``dim``: a re-index with another model under a
    reader, seen by a read that refreshed the description in the middle of the search)."""
    if meta.model_id and ((dim is not None and dim != meta.dim) or (model_id and model_id != meta.model_id)):
        raise ModelMismatchError(
            f"This library switched to model {meta.model_id} while the search ran (a re-index with "
            f"another model is under way; the search was of {model_id or f'a {dim}-dimension model'}). "
            "Search again; once the re-index is done, search with the library's model.")


class CaptionTable:
    def __init__(self, conn: Connection):
        self._conn = conn
        self._cache = None  # (key, records, matrix, sources, video ids) of the bound model's captions

    def forget(self) -> None:
        self._cache = None

    def has_vectors(self) -> bool:
        t = self._conn.table(S.CAPTIONS)
        if t is None or t.count_rows() == 0 or not self._conn.meta.model_id:
            return False
        models = t.search().select(["model_id"]).limit(None).to_arrow().column("model_id")
        return self._conn.meta.model_id in set(models.unique().to_pylist())

    def add(self, records: list[CaptionRecord]) -> list[str]:
        """Insert (or replace, by ``caption_id``) captions embedded with the bound model."""
        with self._conn.writing():
            self._conn.check_bound()
            ready = []
            now = time.time()
            for r in records:
                if r.source not in S.CAPTION_SOURCES:
                    raise ValueError(f"invalid caption source {r.source!r}; "
                                     f"expected one of {', '.join(S.CAPTION_SOURCES)}")
                if r.video_id:
                    ids.check_video_id(r.video_id)
                cid = ids.check_caption_id(r.caption_id) if r.caption_id else secrets.token_hex(12)
                ready.append(replace(
                    r, caption_id=cid, text=str(r.text),
                    created_at=r.created_at or now,
                    vector=normalise(r.vector, self._conn.meta.dim, f"caption {cid}"),
                ))
            if ready:
                given = [r.caption_id for r in ready]
                if len(set(given)) != len(given):
                    raise ValueError("duplicate caption ids in one add_captions call")
                (self._conn.table(S.CAPTIONS).merge_insert("caption_id").when_matched_update_all()
                 .when_not_matched_insert_all()
                 .execute(S.captions_to_arrow(ready, self._conn.meta.model_id)))
                self._conn.written_commits += 1
            return [r.caption_id for r in ready]

    def put_back(self, records: list[CaptionRecord], model_id: str) -> None:
        """Insert (or replace, by ``caption_id``) captions as they were stored, their vectors made
        by ``model_id`` (``notes_journal.restore``: of another model, they count as without vector)."""
        with self._conn.writing():
            if records:
                (self._conn.table(S.CAPTIONS).merge_insert("caption_id").when_matched_update_all()
                 .when_not_matched_insert_all().execute(S.captions_to_arrow(records, model_id)))
                self._conn.written_commits += 1

    def relink(self, moves: dict[str, str]) -> None:
        """Tie captions (caption id -> video id) to another video, their text and vectors kept."""
        ids.check_caption_ids(list(moves))
        for vid in moves.values():
            ids.check_video_id(vid)
        with self._conn.writing():
            t = self._conn.table(S.CAPTIONS)
            if t is None or not moves:
                return
            rows = [t.search().where(where).limit(None).to_arrow()
                    for where in ids.sql_in_chunks("caption_id", list(moves))]
            rows = pa.concat_tables(rows) if rows else None
            if rows is None or rows.num_rows == 0:
                return
            video = rows.schema.get_field_index("video_id")
            new = pa.array([moves[c] for c in rows.column("caption_id").to_pylist()], pa.string())
            t.merge_insert("caption_id").when_matched_update_all().when_not_matched_insert_all().execute(
                rows.set_column(video, "video_id", new))
            self._conn.written_commits += 1

    def caption_ids(self) -> set[str]:
        """The ids of every caption and note, read without their texts or vectors."""
        with self._conn.reading():
            t = self._conn.table(S.CAPTIONS)
            if t is None:
                return set()
            rows = self._conn.read_table(S.CAPTIONS, lambda t: t.search().select(["caption_id"]).limit(None).to_arrow(),
                                         lambda: pa.table({"caption_id": pa.array([], pa.string())}))
            return set(rows.column("caption_id").to_pylist())

    def ids_and_orphans(self, videos) -> tuple[set[str], dict[str, str]]:
        """The ids of every caption and note, and caption id -> video id of those tied to a video
        id not in ``videos`` (read without their texts or vectors, the orphans picked in Arrow)."""
        with self._conn.reading():
            rows = self._conn.read_table(
                S.CAPTIONS, lambda t: t.search().select(["caption_id", "video_id"]).limit(None).to_arrow(),
                lambda: pa.table({"caption_id": pa.array([], pa.string()), "video_id": pa.array([], pa.string())}))
        vid = rows.column("video_id")
        lost = pc.and_(pc.not_equal(vid, ""), pc.invert(pc.is_in(vid, value_set=pa.array(list(videos), pa.string()))))
        lost = rows.filter(pc.fill_null(lost, False))
        return (set(rows.column("caption_id").to_pylist()),
                dict(zip(lost.column("caption_id").to_pylist(), lost.column("video_id").to_pylist())))

    def count_stale(self, model_id: str) -> int:
        """How many captions hold no vector of ``model_id`` (put back from notes.jsonl with another's)."""
        with self._conn.reading():
            t = self._conn.table(S.CAPTIONS)
            quoted = model_id.replace("'", "''")
            return 0 if t is None else self._conn.read_table(S.CAPTIONS, lambda t: t.count_rows(f"model_id != '{quoted}'"), lambda: 0)

    def count(self, videos=None) -> int:
        """How many captions and notes, without reading them; with ``videos`` (the library's video ids),
        those of no video or of one of them: not those a removed video left (``ids_and_orphans``)."""
        if videos is not None:  # (each status read: the video ids alone read, counted in Arrow, no id listed)
            with self._conn.reading():
                rows = self._conn.read_table(
                    S.CAPTIONS, lambda t: t.search().select(["video_id"]).limit(None).to_arrow(),
                    lambda: pa.table({"video_id": pa.array([], pa.string())}))
            vid = rows.column("video_id")
            lost = pc.and_(pc.not_equal(vid, ""), pc.invert(pc.is_in(vid, value_set=pa.array(list(videos), pa.string()))))
            return rows.num_rows - pc.sum(pc.fill_null(lost, False)).as_py() if rows.num_rows else 0
        with self._conn.reading():
            t = self._conn.table(S.CAPTIONS)
            return 0 if t is None else self._conn.read_table(S.CAPTIONS, lambda t: t.count_rows(), lambda: 0)

    def read(self, video_id: str | None = None, *, with_vectors: bool = True) -> list[CaptionRecord]:
        """All captions, or those attached to ``video_id``; stale-model rows have empty vectors."""
        if video_id is not None:
            ids.check_video_id(video_id)
        with self._conn.reading():
            t = self._conn.table(S.CAPTIONS)
            if t is None:
                return []
            def query(t):
                q = t.search().limit(None)
                if video_id is not None:
                    q = q.where(f"video_id = '{video_id}'")
                return q.to_arrow()
            rows = self._conn.read_table(S.CAPTIONS, query, S.CAPTIONS_SCHEMA.empty_table)
            return S.captions_from_arrow(rows, self._conn.meta.model_id, with_vectors)

    def delete(self, caption_ids) -> None:
        caption_ids = ids.check_caption_ids(caption_ids)
        with self._conn.writing():
            for where in ids.sql_in_chunks("caption_id", caption_ids):
                self._conn.table(S.CAPTIONS).delete(where)
            if caption_ids:
                self._conn.written_commits += 1

    def _matrix(self):
        t = self._conn.table(S.CAPTIONS)
        if t is None or not self._conn.meta.model_id:
            return None
        key = (t.version, self._conn.meta.model_id, self._conn.meta.dim)
        if self._cache is None or self._cache[0] != key:
            recs = [r for r in S.captions_from_arrow(self._conn.read_table(S.CAPTIONS, lambda t: t.to_arrow(), S.CAPTIONS_SCHEMA.empty_table), self._conn.meta.model_id)
                    if r.vector.shape == (self._conn.meta.dim,)]
            mat = (np.stack([r.vector for r in recs]) if recs
                   else np.zeros((0, self._conn.meta.dim), np.float32))
            sources = np.array([r.source for r in recs], dtype=object)
            self._cache = (key, recs, mat, sources, np.array([r.video_id for r in recs], dtype=object))
        return self._cache

    def search(self, vector, k: int, sources=None, *, model_id: str = "", dim: int | None = None,
               videos=None) -> list[CaptionHit]:
        """Cosine top-k over captions of the bound model, optionally of some sources. ``model_id``,
        ``dim``: the model the query's vector is of (a searcher's, fixed when its search began): a
        library switched to another since (a re-index under this reader, seen by a read that
        refreshed its description) is said as such, ``ModelMismatchError``, never compared.
        ``videos``: the library's video ids, to leave out the captions a removed video left (kept in
        the table for its content's return, ``notes_journal.relink``); None: every caption."""
        if isinstance(sources, str):
            sources = [sources]
        with self._conn.reading():
            cache = self._matrix()
            if cache is None or k <= 0:
                return []
            check_search_model(self._conn.meta, model_id, dim)
            q = normalise(vector, self._conn.meta.dim, "query vector")
            _, recs, mat, srcs, vids = cache
            scores = mat @ q
            live = None  # (the rows still in play: all of them)
            if sources is not None:
                scores[~np.isin(srcs, list(sources))] = -np.inf
                live = np.flatnonzero(scores != -np.inf)  # (a text search's notes: the notes alone asked after)
            if videos is not None and len(vids):  # (each caption's video asked after: never the library's ids
                # listed, nor numpy's isin on strings, which compares them by pairs: 1.3 s for 100,000 videos)
                rows = vids if live is None else vids[live]
                gone = np.fromiter((v != "" and v not in videos for v in rows), bool, len(rows))
                scores[gone if live is None else live[gone]] = -np.inf
            best = top_k(scores, k)
            return [CaptionHit(caption_id=recs[i].caption_id, text=recs[i].text,
                               source=recs[i].source, video_id=recs[i].video_id,
                               start=recs[i].start, end=recs[i].end, score=float(scores[i]))
                    for i in best]
