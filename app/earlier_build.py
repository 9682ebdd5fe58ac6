"""The engine side of the window's notice for a library on an earlier build of a bundled model
(``core.earlier_builds``: after an upgrade rebuilt the bundled model, a library indexed with the
build before searches and indexes with that build, kept). ``look``, in the status reader's worker
(never the GUI thread: it reads the model folders), is what ``SessionStatus.earlier_build`` holds;
the notice (``app.model_notice.EarlierBuildNotice``) offers the move, File › Model… on this
version's build (``app.wiring.models``), the switch that re-indexes the library keeping its notes."""

from __future__ import annotations

import threading
from pathlib import Path

_seen: dict[tuple[str, str], tuple[tuple, tuple]] = {}  # (source, model id) -> (_stamp, the answer)
_lock = threading.Lock()


def look(library) -> tuple[str, str, str]:
    """(the earlier build's id, this version's id, this version's folder: where a move takes it) for
    a library bound to an earlier build of a bundled model this install serves (the package's, or
    the cache's copy kept for it: ``core.earlier_builds.serves``); () for any other (a library of the
    current build, a user's own model, a build not kept: its searches are refused with the way out,
    ``app.engine.make_searcher``)."""
    meta = getattr(library, "meta", None)
    source, model_id = getattr(meta, "model_source", None) or "", getattr(meta, "model_id", None) or ""
    return _look(str(source), str(model_id)) if source and model_id else ()


def _look(source: str, model_id: str) -> tuple[str, str, str]:
    """``look``'s answer, worked out once per (source, model id) while the bundled models stay as
    they are (``_stamp``): it is asked at every status read (every 5 s, every 0.7 s during a run),
    and each answer took two path resolutions, a stat, and on an earlier build a listing of the
    kept builds and their build.json reads. A switch binds the library to another (source, id)."""
    from core.earlier_builds import EARLIER, made_copy
    from core.paths import bundled_models_dir

    stamp = _stamp(bundled_models_dir(), EARLIER, made_copy(model_id))
    with _lock:
        seen = _seen.get((source, model_id))
    if seen is not None and seen[0] == stamp:
        return seen[1]
    answer = _worked_out(source, model_id)
    with _lock:
        if len(_seen) >= 8:  # (a few libraries and models in one process: never a growing list)
            _seen.clear()
        _seen[(source, model_id)] = (stamp, answer)
    return answer


def _stamp(models: Path, earlier: str, made: Path) -> tuple:
    """What an upgrade changes under the bundled models (a build rebuilt in place: its config.json;
    an earlier build kept or removed: the earlier builds' folder), and the cache's copy of the
    library's build (``made``: made, or pruned), in four stats."""
    out = []
    for path in (models / "real" / "config.json", models / "demo" / "config.json", models / earlier, made):
        try:
            st = path.stat()
        except OSError:
            out.append(None)
        else:
            out.append((st.st_mtime_ns, st.st_ino, st.st_size))
    return tuple(out)


def _worked_out(source: str, model_id: str) -> tuple[str, str, str]:
    from core import earlier_builds

    name = earlier_builds.bundled_name(source)
    now = earlier_builds.current_id(name) if name else None
    if now is None or now == model_id or not earlier_builds.serves(name, model_id):
        return ()  # (the same rule as `seekframe status`'s words: earlier_builds.library_text)
    return model_id, now, earlier_builds.current_build(source) or ""
