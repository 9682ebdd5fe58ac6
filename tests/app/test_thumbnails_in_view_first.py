"""The grid's thumbnails were made in the order they were asked: scrolled fast through a big
library's 600 results (the scroll bar dragged to the end), every card painted on the way asked its
picture, and the cards then in view waited behind all of them (20,000 videos: ~580 pictures made
first, 2 at a time). The newest ask is now made first (the cards in view), those asked on the way
after it; each picture is still made once."""

from __future__ import annotations

import threading

from PySide6.QtGui import QImage

import app.thumbnails as thumbnails
from app.thumbnails import ThumbnailLoader


def test_the_newest_ask_is_made_first(qtbot, monkeypatch, tmp_path):
    started, gate = [], threading.Event()

    def load(loaded, key, max_width, cache_dir):  # (a picture made: the first one held until all are asked)
        started.append(key[1])
        if len(started) == 1:
            gate.wait(10)
        image = QImage(8, 8, QImage.Format.Format_RGB32)
        loaded.emit(key, (image, None), "")

    monkeypatch.setattr(thumbnails, "_load", load)
    loader = ThumbnailLoader(max_width=8, cache_dir=tmp_path)
    loader._pool.setMaxThreadCount(1)
    path = str(tmp_path / "a.mp4")
    assert loader.image(path, 0.0) is None  # (its load starts at once and waits on the gate)
    qtbot.waitUntil(lambda: started == [0.0])
    for t in range(1, 11):  # cards painted while the user scrolls past them ...
        assert loader.image(path, float(t)) is None
    assert loader.image(path, 5.0) is None  # (asked again: not twice)
    gate.set()
    qtbot.waitUntil(lambda: not loader._pending)
    # ... the last asked, the card in view, first (5, asked again last, before it)
    assert started == [0.0, 5.0] + [float(t) for t in range(10, 0, -1) if t != 5]
    assert all(loader.image(path, float(t)) is not None for t in range(11))
    loader.wait()


def test_a_card_asked_again_while_it_waits_is_made_first(qtbot, monkeypatch, tmp_path):
    """The user drags down past a card, then back up to it: its load, still waiting behind those
    asked on the way, is made next (it stayed at its first, low priority: made last)."""
    started, gate = [], threading.Event()

    def load(loaded, key, max_width, cache_dir):
        started.append(key[1])
        if len(started) == 1:
            gate.wait(10)
        loaded.emit(key, (QImage(8, 8, QImage.Format.Format_RGB32), None), "")

    monkeypatch.setattr(thumbnails, "_load", load)
    loader = ThumbnailLoader(max_width=8, cache_dir=tmp_path)
    loader._pool.setMaxThreadCount(1)
    path = str(tmp_path / "a.mp4")
    loader.image(path, 99.0)  # (a picture being made: the others wait)
    qtbot.waitUntil(lambda: started == [99.0])
    assert loader.image(path, 0.0) is None  # A
    for t in range(1, 11):
        assert loader.image(path, float(t)) is None
    assert loader.image(path, 0.0) is None  # A again: back in view
    gate.set()
    qtbot.waitUntil(lambda: not loader._pending)
    assert started[1] == 0.0, started
    assert sorted(started) == [float(t) for t in range(11)] + [99.0]  # (each made once)
    loader.wait()
