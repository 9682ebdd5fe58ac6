"""Which model to use, in order: explicit choice, the library's recorded model, the newest
exported student in the models folder, the bundled real-footage model, the bundled demo model,
else a clear message. The demo library (``core.paths.demo_library_dir``) is bound to the demo
model: it holds the generated demo clips, which only that model knows."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ModelError
from .paths import bundled_models_dir, demo_library_dir, models_dir


def _model_folders(parent: Path) -> list[Path]:
    if not parent.is_dir():
        return []
    return [p for p in parent.iterdir() if p.is_dir() and (p / "config.json").is_file()]


def newest_exported_model() -> Path | None:
    folders = _model_folders(models_dir())
    return max(folders, key=lambda p: (p / "config.json").stat().st_mtime) if folders else None


def _bundled(name: str) -> Path | None:
    folder = bundled_models_dir() / name
    return folder if (folder / "config.json").is_file() else None


def bundled_real_model() -> Path | None:
    """The bundled real-footage model (``resources/models/real``), when it is there."""
    return _bundled("real")


def bundled_demo_model() -> Path | None:
    """The bundled demo model (``resources/models/demo``): it knows the generated demo world."""
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


def available_models() -> list[tuple[str, str]]:
    """(kind, source) of every model found locally, for listings and the GUI's model dialog:
    exported students, then the bundled real-footage model ("bundled"), then the demo ("demo")."""
    found = [("exported", str(p)) for p in sorted(_model_folders(models_dir()))]
    real = bundled_real_model()
    if real:
        found.append(("bundled", str(real)))
    demo = bundled_demo_model()
    if demo:
        found.append(("demo", str(demo)))
    return found


def default_model(library_dir: str | Path | None = None) -> Path | None:
    """The model a library with no recorded model gets: the demo model for the demo library;
    otherwise the newest exported student, the bundled real-footage model, the demo model."""
    order = [newest_exported_model(), bundled_real_model(), bundled_demo_model()]
    if is_demo_library(library_dir):
        order.insert(0, bundled_demo_model())
    return next((c for c in order if c is not None), None)


def choose_model(explicit: str | None = None, library_model_source: str = "",
                 library_dir: str | Path | None = None) -> str:
    """The model source to load (a folder or a hub id)."""
    if explicit:
        return explicit
    if library_model_source:
        return library_model_source
    candidate = default_model(library_dir)
    if candidate is not None:
        return str(candidate)
    raise ModelError(
        "No model found. Pass --model with a model folder or a Hugging Face id (for example "
        "--model openai/clip-vit-base-patch32, which needs the network once), or put an exported "
        f"model folder in {models_dir()}."
    )
