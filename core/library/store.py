"""``VideoLibrary``: one folder holding ``library.json``, ``writer.lock`` and a LanceDB database.

Visibility rule: a moment is visible only when its video row is ``done`` with the same ``epoch``.
``commit_video`` (``commit.py``; ``commit_videos``: a batch, one write of each kind) (1) appends
the moments under a new epoch, (2) flips the video row, (3) deletes the video's moments of other
epochs, so a reader never sees half a video and a crash anywhere
leaves orphans that ``sweep_orphans()`` removes when the next writer opens the library.

Only validated internal ids (hex video/caption ids, integer epochs) ever go into a LanceDB filter;
anything given by a user (paths, texts, sources) is filtered in Python.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from core.errors import LibraryError, ModelMismatchError, ReadOnlyLibraryError
from core.library import meta as meta_io
from core.library import schema as S
from core.library.captions import MODEL_SWITCH, CaptionsMixin
from core.library.commit import CommitMixin
from core.library.lancedb_import import lancedb  # without its REST client's eager imports
from core.library.maintenance import MaintenanceMixin
from core.library.moments import MomentsMixin
from core.library.lock import WriterLock, lock_library
from core.library.records import DONE, PENDING, LibraryMeta, VideoCache, VideoRecord
from core.library.vector_search import ExactMatrix, SearchPolicy


class VideoLibrary(CommitMixin, MomentsMixin, CaptionsMixin, MaintenanceMixin):
    def __init__(self, root, *, read_only: bool = False, policy: SearchPolicy | None = None,
                 lock: WriterLock | None = None, repair: bool = False):
        """``lock``: this library's writer lock, already held (``lock.lock_library``); the
        library owns it from here on and releases it on close.

        ``library.json`` is checked against the tables (``meta.reconcile``): a missing one is
        rebuilt from them; a disagreement (``meta_problems``) refuses a writer with a message
        saying how to repair, unless ``repair`` (``index --reindex``: every vector is embedded
        again, ``reset_for_model``). A reader opens anyway and uses what the tables hold."""
        self.root = Path(root).expanduser().absolute()
        self.read_only = read_only
        self.policy = policy or SearchPolicy()
        self._mutex = threading.RLock()
        self._lock: WriterLock | None = None
        self._closed = False
        self._tables: dict[str, object] = {}
        self._videos_cache: VideoCache | None = None
        self._exact: ExactMatrix | None = None
        self._captions_cache = None
        self._ann_cache = None
        self._epochs_written: dict[str, int] = {}
        self._commits_since_opt = 0
        self._rows_since_opt = 0
        self.meta_notes: list[str] = []
        self.meta_problems: list[str] = []
        self.repairing = False
        if read_only:
            if not meta_io.is_library(self.root):
                raise LibraryError(f"{self.root} is not a Seekframe library (no library.json).")
            self._db = lancedb.connect(str(self.root / meta_io.DB_DIR))
            self._load_meta()
            return
        if lock is not None and not (lock.held and lock.path == self.root / meta_io.LOCK_FILE):
            raise ValueError(f"{lock.path} is not the held writer lock of {self.root}")
        self._lock = lock or lock_library(self.root)
        try:
            self._db = lancedb.connect(str(self.root / meta_io.DB_DIR))
            rebuilt = self._load_meta()
            if self.meta_problems:
                if not repair:
                    raise LibraryError(f"The library {self.root} is inconsistent: "
                                       + "; ".join(self.meta_problems) + ". " + meta_io.REPAIR)
                # re-indexing: reset_for_model binds the new model and drops the old vectors
                self.repairing = True
                self._meta = replace(self._meta, model_id="", model_source="", dim=0)
            elif rebuilt:
                meta_io.write_meta(self.root, self._meta)
            self._ensure_tables()
            stale = [replace(v, status=PENDING, n_moments=0, model_id="")
                     for v in self._videos_state().records if v.status == DONE and v.n_moments > 0]
            t = self._table(S.MOMENTS)
            if stale and (t is None or t.count_rows() == 0):
                self._merge_videos(stale)  # their moments are gone: embed them again
            self.sweep_orphans()
        except BaseException:
            self._lock.release()
            raise

    # ------------------------------------------------------------------ lifecycle / plumbing
    def __enter__(self) -> "VideoLibrary":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"VideoLibrary({str(self.root)!r}, read_only={self.read_only})"

    def close(self, optimize: bool | None = None) -> None:
        """Close; a writer optimizes first when ``optimize_needed()`` (``optimize=False`` skips)."""
        with self._mutex:
            if self._closed:
                return
            try:
                if self._lock is not None and (optimize or (optimize is None and self.optimize_needed())):
                    self.optimize(build_index=False)
            finally:
                self._closed = True
                self._tables.clear()
                self._exact = None
                self._captions_cache = None
                if self._lock is not None:
                    self._lock.release()

    def _check_open(self) -> None:
        if self._closed:
            raise LibraryError(f"The library {self.root} is closed.")

    def _check_writable(self) -> None:
        self._check_open()
        if self.read_only:
            raise ReadOnlyLibraryError(
                f"The library {self.root} is open read-only; it cannot be changed from here."
            )

    def _check_bound(self) -> None:
        if not self._meta.model_id or self._meta.dim <= 0:
            raise LibraryError("No model is bound to this library yet (call bind_model first).")

    def _table_names(self) -> set[str]:
        return set(self._db.list_tables().tables)

    def _table(self, name: str):
        """The table handle, or None when it does not exist (yet)."""
        t = self._tables.get(name)
        if t is None and name in self._table_names():
            t = self._tables[name] = self._db.open_table(name)
        return t

    def _create(self, name: str, schema: pa.Schema):
        self._tables[name] = self._db.create_table(name, schema=schema, exist_ok=True)
        return self._tables[name]

    def _drop(self, name: str) -> None:
        self._tables.pop(name, None)
        self._ann_cache = None
        if name in self._table_names():
            self._db.drop_table(name)

    def _load_meta(self) -> bool:
        """Read ``library.json`` and check it against the tables; True when it was rebuilt."""
        have = (self.root / meta_io.META_FILE).exists()
        t = self._table(S.MOMENTS)
        if t is not None and self.read_only:  # a reset may have re-created it since
            try:
                t = self._db.open_table(S.MOMENTS)
            except (OSError, RuntimeError, ValueError):  # dropped this instant: no vectors
                t = None
        videos = self._videos_state().records
        indexed = [v for v in videos if v.status == DONE and v.n_moments > 0]
        facts = meta_io.TableFacts(
            vector_dim=t.schema.field("vector").type.list_size if t is not None else 0,
            vectors=t.count_rows() if t is not None else 0, videos=len(videos), roots={v.root for v in videos},
            indexed=len(indexed), models={v.model_id for v in indexed if v.model_id})
        read = meta_io.read_meta(self.root) if have else None
        meta, self.meta_notes, self.meta_problems = meta_io.reconcile(read, facts)
        if self.read_only and self.meta_problems and facts.vector_dim:
            meta = replace(meta, dim=facts.vector_dim)  # read what the table holds
        self._meta = meta
        return not have or meta != read

    def _ensure_tables(self) -> None:
        videos = self._table(S.VIDEOS)
        videos = self._create(S.VIDEOS, S.VIDEOS_SCHEMA) if videos is None else videos
        if S.upgrade_videos(videos) or self._meta.schema_version < S.SCHEMA_VERSION:
            self._write_meta(schema_version=S.SCHEMA_VERSION)  # an older library, upgraded
        self._create(S.CAPTIONS, S.CAPTIONS_SCHEMA)
        if self._meta.dim > 0:
            t = self._table(S.MOMENTS)
            if t is not None and t.schema.field("vector").type.list_size != self._meta.dim:
                # only an interrupted reset_for_model leaves this: nothing in it is visible
                self._drop(S.MOMENTS)
            self._create(S.MOMENTS, S.moments_schema(self._meta.dim))

    def _read(self, fn):
        """Run a read; a long-lived reader whose snapshot was cleaned up re-checks-out once."""
        try:
            return fn()
        except (OSError, RuntimeError, ValueError):
            if not self.read_only:
                raise
            self.refresh()
            return fn()

    def refresh(self) -> None:
        """See what writers committed since this handle opened (or last refreshed)."""
        with self._mutex:
            self._check_open()
            # videos first, then moments: a block visible in the new videos snapshot is present
            for name in (S.VIDEOS, S.MOMENTS, S.CAPTIONS):
                t = self._tables.get(name)
                if t is not None:
                    try:
                        t.checkout_latest()
                    except Exception:  # dropped and re-created by a reset: reopen
                        self._tables.pop(name, None)
                        self._exact = None
            if self.read_only:  # the description after the tables: checked against them
                old_dim, old_model = self._meta.dim, self._meta.model_id
                self._load_meta()
                if (self._meta.dim, self._meta.model_id) != (old_dim, old_model):
                    self._exact = None  # a reset_for_model re-created the moments table
                    self._captions_cache = None
                    self._ann_cache = None
                    self._tables.clear()

    @property
    def meta(self) -> LibraryMeta:
        return replace(self._meta, extra=dict(self._meta.extra))

    @property
    def settings(self) -> dict:
        """User-level settings kept with the library: its folders, the moment window, …"""
        return dict(self._meta.extra.get("settings") or {})

    def update_settings(self, **values) -> None:
        with self._mutex:
            self._check_writable()
            extra = dict(self._meta.extra)
            extra["settings"] = {**(extra.get("settings") or {}), **values}
            self._write_meta(extra=extra)

    def _write_meta(self, **changes) -> None:
        self._meta = replace(self._meta, **changes)
        meta_io.write_meta(self.root, self._meta)

    # ------------------------------------------------------------------ model binding
    def _has_vectors(self) -> bool:
        t = self._table(S.MOMENTS)
        if t is not None and t.count_rows() > 0:
            return True
        return self._has_caption_vectors()

    def bind_model(self, model_id: str, model_source: str, dim: int) -> None:
        with self._mutex:
            self._check_writable()
            if not isinstance(model_id, str) or not model_id:
                raise ValueError("model_id must be a non-empty string")
            if not isinstance(dim, (int, np.integer)) or dim <= 0:
                raise ValueError(f"invalid embedding dimension {dim!r}")
            dim = int(dim)
            m = self._meta
            t = self._table(S.MOMENTS)
            if not m.model_id and t is not None and t.count_rows() and self._visible():
                raise LibraryError(  # only a repairing writer gets here: --reindex resets first
                    f"The library {self.root} holds vectors of an unknown model. " + meta_io.REPAIR)
            if m.model_id == model_id:
                if m.dim != dim:
                    raise ValueError(f"model {model_id} is bound with dim {m.dim}, got {dim}")
                if m.model_source != model_source:
                    self._write_meta(model_source=str(model_source))
                return
            if m.model_id and self._has_vectors():
                raise ModelMismatchError(
                    f"This library was indexed with the model {m.model_id}, not {model_id}; "
                    "vectors of different models cannot be searched together. Re-index it with "
                    f"the new model (`seekframe index --reindex`) or use {m.model_id} "
                    f"(from {m.model_source or 'its original folder'})."
                )
            self._drop(S.MOMENTS)
            self._exact = None
            self._write_meta(model_id=model_id, model_source=str(model_source), dim=dim,
                             extra={k: v for k, v in m.extra.items() if k != "ann_rows"})
            self._ensure_tables()

    def reset_for_model(self, model_id: str, model_source: str, dim: int):
        """Forget every vector (for re-indexing with another model); return captions to re-embed.

        Done videos go back to pending (nothing visible), the moments table is re-created for
        ``dim``, the new model is bound. The returned captions carry empty vectors: embed their
        texts with the new model and pass them to ``add_captions`` (their ids are kept). The
        switch is recorded in ``library.json`` first (``model_switch``) and stays there until
        ``end_model_switch``, so a writer after a crash knows to finish it.
        """
        with self._mutex:
            self._check_writable()
            if not isinstance(dim, (int, np.integer)) or dim <= 0 or not model_id:
                raise ValueError(f"invalid model {model_id!r} or dimension {dim!r}")
            kept = self.captions(with_vectors=False)
            switch = {"model_id": model_id, "model_source": str(model_source), "dim": int(dim),
                      "from": self._meta.model_id}
            self._write_meta(extra={**self._meta.extra, MODEL_SWITCH: switch})
            done = [replace(v, status=PENDING, n_moments=0, model_id="")
                    for v in self.videos() if v.status == DONE]
            if done:
                self._merge_videos(done)
            self._write_meta(model_id="", model_source="", dim=0,
                             extra={k: v for k, v in self._meta.extra.items() if k != "ann_rows"})
            self._drop(S.MOMENTS)
            self._exact = None
            self._captions_cache = None
            self.bind_model(model_id, model_source, dim)
            return kept

    # ------------------------------------------------------------------ videos
    def _videos_state(self) -> "VideoCache":
        t = self._table(S.VIDEOS)
        version = t.version if t is not None else -1
        if self._videos_cache is None or self._videos_cache.version != version:
            recs = S.videos_from_arrow(self._read(t.to_arrow)) if t is not None else []
            self._videos_cache = VideoCache(version, {r.video_id: r for r in recs})
        return self._videos_cache

    def videos(self) -> list[VideoRecord]:
        with self._mutex:
            self._check_open()
            return [replace(r) for r in self._videos_state().records]

    def videos_view(self) -> VideoCache:
        """The videos by id as they are now, uncopied (a search needs a few of 20,000): a read-only
        snapshot mapping, also ``done_key``; its records are shared with this handle, never change them."""
        with self._mutex:
            self._check_open()
            return self._videos_state()

    def video(self, video_id: str) -> VideoRecord | None:
        S.check_video_id(video_id)
        with self._mutex:
            self._check_open()
            r = self._videos_state().by_id.get(video_id)
            return replace(r) if r else None

    def video_by_path(self, path) -> VideoRecord | None:
        found = next((r for r in self.videos_view().values() if r.path == str(path)), None)
        return replace(found) if found else None

    def _merge_videos(self, records: list[VideoRecord]) -> None:
        for r in records:
            S.check_video_id(r.video_id)
            if r.status not in S.VIDEO_STATUSES:
                raise ValueError(f"invalid video status {r.status!r}")
        cache = self._videos_state()
        t = self._table(S.VIDEOS)
        (t.merge_insert("video_id").when_matched_update_all().when_not_matched_insert_all()
         .execute(S.videos_to_arrow(records)))
        self._commits_since_opt += 1
        # the writer is the only writer: patch its cache instead of re-reading the table
        by_id = dict(cache.by_id)
        by_id.update((r.video_id, replace(r)) for r in records)
        self._videos_cache = VideoCache(t.version, by_id)

    def upsert_video(self, record: VideoRecord) -> VideoRecord:
        """Insert or replace a video row. The epoch is the library's: a stored one is kept."""
        with self._mutex:
            self._check_writable()
            old = self._videos_state().by_id.get(S.check_video_id(record.video_id))
            rec = replace(record, epoch=max(old.epoch if old else 0,
                                            self._epochs_written.get(record.video_id, 0)))
            self._merge_videos([rec])
            return replace(rec)

    def delete_videos(self, video_ids) -> None:
        """Remove rows and their moments (the row first: its moments vanish at once)."""
        with self._mutex:
            self._check_writable()
            ids = S.check_video_ids(video_ids)
            self._videos_cache = None
            for i in range(0, len(ids), 500):
                where = S.sql_in("video_id", ids[i: i + 500])
                self._table(S.VIDEOS).delete(where)
                t = self._table(S.MOMENTS)
                if t is not None:
                    t.delete(where)
            if ids:
                self._commits_since_opt += 1

