"""Typed errors of the engine. Every error a user can cause carries a message meant for them."""

from __future__ import annotations

from pathlib import Path


class SeekframeError(Exception):
    """Base class: the message is written for the person using Seekframe."""


class MediaError(SeekframeError):
    """A video could not be read. ``reason`` is a short human-readable cause."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DecodeTimeout(MediaError):
    """Decoding took longer than the allowed time (a hung or pathological file)."""


class ModelError(SeekframeError):
    """A model could not be loaded, or is not what we expected (pickle, shape mismatch, offline)."""


class LibraryError(SeekframeError):
    """Something is wrong with the library on disk."""


class LibraryLockedError(LibraryError):
    """Another process is writing to this library."""


class ReadOnlyLibraryError(LibraryError):
    """A write was attempted on a library opened read-only."""


class ModelMismatchError(LibraryError):
    """The library holds vectors of another model; mixing them would give meaningless results."""


class SchemaVersionError(LibraryError):
    """The library on disk was written by a newer (or unknown) Seekframe version."""
