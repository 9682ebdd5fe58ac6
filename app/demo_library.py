"""The demo library: the generated demo clips in a library of their own, bound to the demo model.

The demo model knows only the generated world, and one library holds one model's vectors, so the
demo clips never go into the user's library (which gets the real-footage model). Plain functions
over a :class:`~app.session.Session`.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer

from core.paths import default_library_dir, demo_library_dir

from .workers import Task


def on_demo_library(session) -> bool:
    """Whether the session's library is the demo library: as its opening worker found it (links
    resolved), never looked at in the GUI thread, whose look at a hung share would freeze it."""
    return session.on_demo


def named_demo(library_dir: str) -> bool:
    """Whether ``library_dir`` names the demo library's folder as written (no look at the disk)."""
    return bool(library_dir) and os.path.abspath(library_dir) == os.path.abspath(demo_library_dir())


def write_demo(folder: str | None = None) -> tuple[str, str]:
    """Write the demo clips (default: ``<data home>/demo-videos``); (folder, a query to try)."""
    from core.demo import DEMO_QUERIES
    from core.demo import write_demo as write

    return str(write(folder)), DEMO_QUERIES[0].query


def try_demo(session, folder: str | None = None, then=None):
    """Open the demo library (if another one is open), write the demo clips (default: into the
    data home) and index them there. Returns the worker writing them (None when refused);
    ``then()`` once it has ended."""
    from core.model_choice import bundled_demo_model

    if not on_demo_library(session):
        demo_model = bundled_demo_model()
        session.open(str(demo_library_dir()), str(demo_model) if demo_model else None)
    elif not session.writable("add the demo clips"):
        return None

    def done(value) -> None:
        where, query = value
        session.say("info", f"Wrote the demo clips to {where}; indexing them now in the demo library "
                             f"(the demo model knows only these generated shapes). Try searching “{query}”.")
        session.demo_ready.emit(where, query)
        add_once_open(session, where)  # (the demo library may still be opening)

    return session.start_worker(Task(write_demo, folder, name="write-demo"), then=then, done=done)


def add_once_open(session, folder: str) -> None:
    """Add ``folder`` to the session's library now, or once the library being opened is open: after
    its open has been taken in wholly (the runs a closed window left read for it, ``app.resume``), not
    inside ``opened``, where the add's record of what is on the way would be written under it first."""
    if session.is_open:
        session.add_folder(folder)
        return

    def opened(library_dir: str, _read_only: bool) -> None:
        QTimer.singleShot(0, session, lambda: session.library_dir == library_dir and session.add_folder(folder))

    session.opened.connect(opened, Qt.ConnectionType.SingleShotConnection)


def open_own_library(session, library_dir: str = "", preferred_model: str | None = None) -> None:
    """Back from the demo library to the user's library (``library_dir``, default the data home's)."""
    session.open(library_dir or str(default_library_dir()), None, preferred_model)
