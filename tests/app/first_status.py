"""Helpers of the tests of a folder added before a library's first status read came back
(test_add_before_first_status, test_add_resumed_asked)."""

from __future__ import annotations

import threading

from core.indexer import MomentIndexer
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader


def trip_library(tmp_path, demo_model):
    """A library whose one folder is Videos/trip (no videos yet), indexed with the demo model:
    (library folder, Videos, Videos/trip)."""
    trip = tmp_path / "Videos" / "trip"
    trip.mkdir(parents=True)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, cached_loader(demo_model)).run([str(trip)]))
    assert events[-1].kind == "finished" and events[-1].files_done == 0
    return tmp_path / "lib", tmp_path / "Videos", trip


def library_folders(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return list(library.meta.settings.folders or [])


def status_held(monkeypatch):
    """The library's status reads held (each waits for ``go``; ``reading``: one began)."""
    import app.engine

    real, reading, go = app.engine.session_status, threading.Event(), threading.Event()

    def held(*args, **kwargs):
        reading.set()
        go.wait(SESSION_TIMEOUT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(app.engine, "session_status", held)
    return reading, go
