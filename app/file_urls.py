"""Local files as Qt URLs, also those whose names are not valid text (``core.filenames``): Qt
drops an undecodable byte of a name, so such a file is opened through a link kept in the cache."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from core.filenames import openable
from core.paths import cache_dir


def file_url(path: str) -> QUrl:
    """A ``file:`` URL Qt (the player, the desktop's opener) can open ``path`` by."""
    return QUrl.fromLocalFile(openable(str(path), cache_dir() / "links"))
