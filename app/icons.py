"""The app's icon, loaded from ``core/resources/icons`` (``core.paths.resources_dir()``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from core.paths import resources_dir


def icon_path(name: str = "seekframe") -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def app_icon() -> QIcon:
    """Seekframe's icon (a magnifier over a film frame), rendered sharp at every size from the
    SVG. An empty QIcon when the file is missing (a broken install still starts)."""
    path = icon_path()
    if not path.is_file():
        return QIcon()
    return QIcon(str(path))  # Qt's SVG icon engine renders each requested size
