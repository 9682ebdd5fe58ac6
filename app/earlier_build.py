"""The engine side of the window's notice for a library on an earlier build of a bundled model
(``core.earlier_builds``: after an upgrade rebuilt the bundled model, a library indexed with the
build before searches and indexes with that build, kept). ``look``, in the status reader's worker
(never the GUI thread: it reads the model folders), is what ``SessionStatus.earlier_build`` holds;
the notice (``app.model_notice.EarlierBuildNotice``) offers the move, File › Model… on this
version's build (``app.wiring.models``), the switch that re-indexes the library keeping its notes."""

from __future__ import annotations


def look(library) -> tuple[str, str, str]:
    """(the earlier build's id, this version's id, this version's folder: where a move takes it) for
    a library bound to a kept earlier build of a bundled model; () for any other (a library of the
    current build, a user's own model, a build not kept: its searches are refused with the way out,
    ``app.engine.make_searcher``)."""
    meta = getattr(library, "meta", None)
    source, model_id = getattr(meta, "model_source", None) or "", getattr(meta, "model_id", None) or ""
    return _look(str(source), str(model_id)) if source and model_id else ()


def _look(source: str, model_id: str) -> tuple[str, str, str]:
    """(at every status read, every few seconds: a few stats and small reads, only for a library
    whose model is a bundled one; its id remembered by ``core.encoders.model_ids``)"""
    from core import earlier_builds

    name = earlier_builds.bundled_name(source)
    now = earlier_builds.current_id(name) if name else None
    if now is None or now == model_id or model_id not in earlier_builds.kept_ids(name):
        return ()
    return model_id, now, earlier_builds.current_build(source) or ""
