"""The app's icon, loaded from ``core/resources/icons`` (``core.paths.resources_dir()``), and
``tinted``: a monochrome icon drawn in a palette's colour."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

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


def tinted(icon: QIcon, colour: QColor, sides=(16, 20, 24, 32, 48, 64)) -> QIcon:
    """``icon``'s shapes (a style's media icons: Qt's own are black pixmaps, whatever the palette) in
    ``colour``, at each of ``sides`` px (device pixels follow the screen's ratio); its disabled look is
    drawn from them by the style as for any icon."""
    out = QIcon()
    for side in sides:
        picture = icon.pixmap(side, side)
        if picture.isNull():
            continue
        picture = QPixmap(picture)  # (a copy: the style's cached one is never painted over)
        painter = QPainter(picture)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(picture.rect(), colour)
        painter.end()
        out.addPixmap(picture)
    return out
