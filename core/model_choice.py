"""Which model to use, in order: explicit choice, the library's recorded model, the newest
exported student in the models folder, the bundled demo model, else a clear message."""

from __future__ import annotations

from pathlib import Path

from .errors import ModelError
from .paths import bundled_models_dir, models_dir


def _model_folders(parent: Path) -> list[Path]:
    if not parent.is_dir():
        return []
    return [p for p in parent.iterdir() if p.is_dir() and (p / "config.json").is_file()]


def newest_exported_model() -> Path | None:
    folders = _model_folders(models_dir())
    return max(folders, key=lambda p: (p / "config.json").stat().st_mtime) if folders else None


def bundled_demo_model() -> Path | None:
    demo = bundled_models_dir() / "demo"
    return demo if (demo / "config.json").is_file() else None


def available_models() -> list[tuple[str, str]]:
    """(kind, source) of every model found locally, for listings and the GUI's model dialog."""
    found = [("exported", str(p)) for p in sorted(_model_folders(models_dir()))]
    demo = bundled_demo_model()
    if demo:
        found.append(("bundled", str(demo)))
    return found


def choose_model(explicit: str | None = None, library_model_source: str = "") -> str:
    """The model source to load (a folder or a hub id)."""
    if explicit:
        return explicit
    if library_model_source:
        return library_model_source
    for candidate in (newest_exported_model(), bundled_demo_model()):
        if candidate is not None:
            return str(candidate)
    raise ModelError(
        "No model found. Pass --model with a model folder or a Hugging Face id (for example "
        "--model openai/clip-vit-base-patch32, which needs the network once), or put an exported "
        f"model folder in {models_dir()}."
    )
