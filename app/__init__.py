"""Seekframe desktop app (PySide6). All Qt code lives in this package."""

from app._pyside_guard import protect as _protect_from_pyside_refcount_bug

_protect_from_pyside_refcount_bug()
