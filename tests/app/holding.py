"""An indexing run held mid-way, deterministically: some videos committed, the next batch of
moments being embedded, however fast this machine indexes."""

from __future__ import annotations

import dataclasses
import os
import threading
import time


class HoldingEncoder:
    """The real encoder, but moment encoding stops at the first batch after ``committed`` is set,
    until ``go`` is set. A hold that is never released fails the run (and so the test) instead
    of quietly going on after a while, which would let the test pass without a held run."""

    def __init__(self, encoder, committed: threading.Event, hold_s: float = 90.0):
        self._encoder, self.committed, self.hold_s = encoder, committed, hold_s
        self.go, self.paused = threading.Event(), threading.Event()

    def __getattr__(self, name):
        return getattr(self._encoder, name)

    def encode_moments(self, frames, **kw):
        if self.committed.is_set() and not self.go.is_set():
            self.paused.set()
            if not self.go.wait(self.hold_s):
                raise RuntimeError("the held indexing run was never released")
        return self._encoder.encode_moments(frames, **kw)


def commit_each_video(monkeypatch) -> threading.Event:
    """Index runs commit each finished video at once, as they do when every file takes longer
    than ``IndexOptions.commit_every_s`` (the demo clips are each done in a fraction of it, so by
    default they would be committed together at the end). Returns an event the first commit sets
    (on the indexing thread, before its next batch is embedded)."""
    from core import service
    from core.index_passes import CommitBatcher

    committed = threading.Event()
    real_options, real_commit = service.index_options, CommitBatcher.commit

    def options(library, **kw):
        return dataclasses.replace(real_options(library, **kw), commit_every_s=0.0)

    def commit(self):
        done = real_commit(self)
        if done:
            committed.set()
        return done

    monkeypatch.setattr(service, "index_options", options)
    monkeypatch.setattr(CommitBatcher, "commit", commit)
    return committed


def hang_stat(monkeypatch, path: str, hold_s: float = 5.0,
              answered: list | None = None) -> tuple[threading.Event, list[bool]]:
    """``os.stat`` of ``path`` hangs, as on a share whose server is gone, until the returned gate
    is set (``hold_s`` at most); the list says, of each such stat, whether it ran in the GUI thread.
    ``answered``, when given, gets True as each such stat returns: a test asks that nothing waited
    for the stat by its being empty, not by a time that a loaded machine may overrun."""
    real_stat, gate, in_gui = os.stat, threading.Event(), []

    def hung(p, *args, **kwargs):
        if p == path:
            in_gui.append(threading.current_thread() is threading.main_thread())
            gate.wait(hold_s)
            if answered is not None:
                answered.append(True)
        return real_stat(p, *args, **kwargs)

    monkeypatch.setattr(os, "stat", hung)
    return gate, in_gui


def beats(qtbot, count: int) -> list[float]:
    """Run the event loop until a 50 ms timer has fired ``count`` times (10 s at most): the times
    it fired. A GUI thread held by a hung look fires none until the look returns, so a test that
    holds its hang until it has heard them (and notes the hang's end: ``answered``) tells a free
    GUI thread from a held one by what happened first, never by how long anything took (a loaded
    machine's timers are late too)."""
    from PySide6.QtCore import QTimer

    fired: list[float] = []
    beat = QTimer(interval=50)
    beat.timeout.connect(lambda: fired.append(time.monotonic()))
    beat.start()
    try:
        qtbot.waitUntil(lambda: len(fired) >= count, timeout=10_000)
    finally:
        beat.stop()
    return fired
