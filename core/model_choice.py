"""Which model to use (``choose_model``): an explicit choice, the library's, else a local default.
The demo library is bound to the demo model: it holds the generated demo clips, which only that
model knows."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .errors import ModelError, SeekframeError
from .paths import bundled_models_dir, demo_library_dir, models_dir


def _exported_models() -> list[Path]:
    """The model folders in the models folder, newest first."""
    from .atomic import folder_at

    parent = models_dir()
    if not parent.is_dir():
        return []
    # (a save stopped between its swap's two renames left the model before as .NAME.old: under its name;
    # ``core.atomic.replacing_folder``'s .NAME.part and .NAME.old are never models of their own)
    folders = {folder_at(parent / p.name[1:-4]) for p in parent.iterdir() if _swap_leftover(p.name, ".old")}
    folders |= {p for p in parent.iterdir() if not _swap_leftover(p.name)}
    folders = [p for p in folders if p.is_dir() and (p / "config.json").is_file()]
    return sorted(folders, key=lambda p: (p / "config.json").stat().st_mtime, reverse=True)


def _swap_leftover(name: str, ends=(".part", ".old")) -> bool:
    return name.startswith(".") and name.endswith(ends)


def _bundled(name: str) -> Path | None:
    folder = bundled_models_dir() / name
    return folder if (folder / "config.json").is_file() else None


def bundled_real_model() -> Path | None:
    """The bundled real-footage model (``core/resources/models/real``), when it is there."""
    return _bundled("real")


def bundled_demo_model() -> Path | None:
    """The bundled demo model (``core/resources/models/demo``): it knows the generated demo world."""
    return _bundled("demo")


def _same_path(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.realpath(os.path.expanduser(str(a))) == os.path.realpath(os.path.expanduser(str(b)))
    except (OSError, ValueError):
        return False


def is_demo_library(library_dir: str | Path | None) -> bool:
    """The demo library (``<data home>/demo-library``, or ``SEEKFRAME_DEMO_LIBRARY``)?"""
    return bool(library_dir) and _same_path(library_dir, demo_library_dir())


def is_demo_model(source: str | Path | None) -> bool:
    """The bundled demo model's folder?"""
    demo = bundled_demo_model()
    return bool(source) and demo is not None and _same_path(source, demo)


def generated_model_named(card, source: str | Path | None) -> str:
    """How a hint names a model whose card says it knows the generated world alone (``domain``
    "generated"): the bundled demo model as "the demo model", another (a student a run trained on
    the generated world, ``training.export``) by its card's title, never as the demo model. Kept by
    source, title and bundled models' folder (the window's status asks it at every read, on its GUI
    thread: the demo model's folder looked for and both paths resolved once, not each time)."""
    return _named(str(source or ""), getattr(card, "title", "") or "", str(bundled_models_dir()))


@functools.lru_cache(maxsize=16)
def _named(source: str, title: str, _bundled: str) -> str:
    if is_demo_model(source):
        return "the demo model"
    return f"“{title or Path(source or 'this model').name}”, a model of the generated world"


def available_models() -> list[tuple[str, str]]:
    """(kind, source) of every model found locally, for listings and the GUI's model dialog:
    exported students, then the bundled real-footage model ("bundled"), then the demo ("demo")."""
    found = [("exported", p) for p in sorted(_exported_models())]
    found += [("bundled", bundled_real_model()), ("demo", bundled_demo_model())]
    return [(kind, str(p)) for kind, p in found if p]


def default_model(library_dir: str | Path | None = None) -> Path | None:
    """The model a library with no recorded model gets: the demo model for the demo library;
    otherwise the newest exported student, the bundled real-footage model, the demo model."""
    order = _exported_models()[:1] + [bundled_real_model(), bundled_demo_model()]
    if is_demo_library(library_dir):
        order.insert(0, bundled_demo_model())
    return next((c for c in order if c is not None), None)


def _cached_hub_models() -> list[tuple[str, Path]]:
    """(repo id, newest snapshot folder) of each model in the Hugging Face cache; never online."""
    try:
        from huggingface_hub import constants, scan_cache_dir

        repos = scan_cache_dir(constants.HF_HUB_CACHE).repos  # where snapshot_download looks
    except Exception:  # no cache yet, or one it cannot read: nothing cached to offer
        return []
    out = []
    for repo in sorted(repos, key=lambda r: r.repo_id):
        revisions = sorted(repo.revisions, key=lambda r: r.last_modified, reverse=True)
        if repo.repo_type == "model" and revisions:
            out.append((repo.repo_id, Path(revisions[0].snapshot_path)))
    return out


def _model_name(source: str, folder: Path) -> str:
    """The name a model loaded from ``source`` would get (its id's first part), from its config
    alone, without loading weights; "" when the folder is no model."""
    from .encoders.folder import clip_model_name
    from .encoders.sources import read_json_object

    try:
        raw = read_json_object(folder / "config.json")
    except ModelError:
        return ""
    if "seekframe_model" in raw:
        return str(raw.get("name") or "model")
    return clip_model_name(source) if raw.get("model_type") == "clip" else ""


def find_model(model_id: str, library_dir=None) -> str | None:
    """The local model whose weights have ``model_id`` (``<name>-<12 hex>``), for a library whose
    ``library.json`` was lost: an exported student, a bundled model or a hub model in the Hugging
    Face cache, as the source to load (a folder, or the hub id); only models of that name are
    looked at, by the id remembered or read off their files (``model_ids.known``), else loaded to
    check (``library_dir``: the library asking, recorded as using an earlier build). None if none is."""
    from .earlier_builds import earlier_build
    from .encoders import model_ids

    if (kept := earlier_build(model_id, library_dir)) is not None:  # (an earlier build of a bundled model)
        return str(kept)
    name = model_id.rsplit("-", 1)[0]
    candidates = [(str(p), p) for p in _exported_models() + [bundled_real_model(), bundled_demo_model()] if p]
    for source, folder in candidates + _cached_hub_models():
        if _model_name(source, folder) != name:
            continue
        known = model_ids.known(source, folder)
        if known is not None:
            if known == model_id:
                return source
            continue
        from .encoders.encoder import compute_model_id
        from .encoders.folder import load_model

        try:
            model, _, _ = load_model(source)
        except SeekframeError:
            continue
        if compute_model_id(model) == model_id:
            return source
    return None


def choose_model(explicit: str | None = None, library_model_source: str = "",
                 library_dir: str | Path | None = None, library_model_id: str = "") -> str:
    """The model source to load (a folder or a hub id). ``library_model_id``: the library's
    model when its source is not known (library.json was lost and rebuilt from the tables), and
    which build of a bundled model it was indexed with (``core.earlier_builds``)."""
    if explicit:
        return explicit
    if library_model_source:
        # a bundled model rebuilt by an upgrade since the library was indexed: the build it was indexed with
        from .earlier_builds import for_library

        return for_library(library_model_source, library_model_id, library_dir) or library_model_source
    if library_model_id:
        found = find_model(library_model_id, library_dir)
        if found is None:
            raise ModelError(
                f"This library was indexed with the model {library_model_id}, but library.json, which "
                "said where that model is, was lost, and none of the local models is that model (looked "
                f"in {models_dir()}, at the bundled models and in the Hugging Face cache). Pass it once "
                "with --model, the folder or hub id the library was indexed with: seekframe index "
                "--model DIR|HUB_ID. Or embed everything again with another model: seekframe index "
                "--reindex --model DIR|HUB_ID.")
        return found
    candidate = default_model(library_dir)
    if candidate is not None:
        return str(candidate)
    raise ModelError(
        "No model found. Pass --model with a model folder or a Hugging Face id (for example "
        "--model openai/clip-vit-base-patch32, which needs the network once), or put an exported "
        f"model folder in {models_dir()}."
    )
