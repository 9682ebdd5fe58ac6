"""``library.json`` checked against the tables (``reconcile``): a lost one rebuilt from them, a
disagreement that would drop or mix vectors said as a problem with how to repair it (``REPAIR``)."""

from __future__ import annotations

import time
from dataclasses import replace

from core.library.meta import META_FILE, LibraryMeta, LibrarySettings
from core.library.records import DONE, SCHEMA_VERSION, VideoRecord

REPAIR = ("To repair it, restore library.json from a backup, or re-index with the model you want: "
          "seekframe index --reindex --model DIR (every video is embedded again; captions and "
          "notes are kept).")


def vector_width(moments) -> int:
    """The vector width of the moments table ``moments`` (0 when there is none)."""
    return moments.schema.field("vector").type.list_size if moments is not None else 0


def reconcile(meta: LibraryMeta | None, videos: list[VideoRecord], moments) -> tuple[LibraryMeta, list, list]:
    """``library.json`` (None when missing) checked against the videos' rows and the moments
    table (None: there is none).

    Returns the description to use, notes (what was rebuilt from the tables) and problems
    (disagreements that must block writing: a writer would drop or mix vectors)."""
    notes: list[str] = []
    problems: list[str] = []
    indexed = [v for v in videos if v.status == DONE and v.n_moments > 0]  # their vectors are visible
    models = {v.model_id for v in indexed if v.model_id}
    width, vectors = vector_width(moments), moments.count_rows() if moments is not None else 0
    missing = meta is None
    if missing:
        folders = sorted({v.root for v in videos if v.root})
        meta = LibraryMeta(schema_version=SCHEMA_VERSION, created_at=time.time(),
                           settings=LibrarySettings(folders=folders or None))
        if videos:
            notes.append(f"{META_FILE} was missing and is rebuilt from the tables: its folders "
                         "from the videos' rows (give a folder that held no video again: "
                         "seekframe index FOLDER)")
    if not (indexed and vectors):
        return meta, notes, problems  # no visible vector depends on the description
    said = "is missing" if missing else "names no model"
    if not meta.model_id:
        if len(models) == 1 and width > 0:
            model = next(iter(models))
            meta = replace(meta, model_id=model, model_source="", dim=width)
            notes.append(f"{META_FILE} {said}: its model {model} ({width} dimensions) "
                         "was recovered from the tables; the next run finds it among the local "
                         "models (or give its folder once with --model)")
        else:
            problems.append(f"{META_FILE} {said}, and which model made the {vectors} stored "
                            "vectors cannot be told from the tables")
    elif meta.dim != width:
        problems.append(f"{META_FILE} says the model's vectors have {meta.dim} dimensions, but the "
                        f"moments table holds vectors of {width}")
    elif models - {meta.model_id}:
        others = ", ".join(sorted(models - {meta.model_id}))
        problems.append(f"{META_FILE} names the model {meta.model_id}, but indexed videos were "
                        f"embedded with {others}")
    return meta, notes, problems
