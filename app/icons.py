"""The app's icon, loaded from ``core/resources/icons`` (``core.paths.resources_dir()``)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QIcon

from core.paths import resources_dir

log = logging.getLogger("seekframe.app")


def icon_path() -> Path:
    return resources_dir() / "icons" / "seekframe.svg"


def app_icon() -> QIcon:
    """Seekframe's icon (a magnifier over a film frame), rendered sharp at every size from the
    SVG. An empty QIcon when the file is missing (a broken install still starts); either that or
    an icon Qt cannot draw (its SVG plugins missing from a build) is logged as a warning."""
    path = icon_path()
    if not path.is_file():
        log.warning("The app icon is missing: %s (a broken install?)", path)
        return QIcon()
    icon = QIcon(str(path))  # Qt's SVG icon engine renders each requested size
    if icon.pixmap(32, 32).isNull():
        log.warning("The app icon %s cannot be drawn (are Qt's SVG plugins missing?)", path)
    return icon
