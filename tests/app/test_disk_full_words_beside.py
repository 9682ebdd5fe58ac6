"""A note or a caption import that a full disk stopped in the window was said in an index run's
words: 'Indexing stopped: ... every video indexed before this is in it ... choose Re-scan in the
library panel to index the rest', nothing of the note or the captions. `seekframe note` and
`captions-import` say their own (f6d0c6f); the window now says the same, with its own way on. The
task names are the workers' (``app.beside_writes``: the service function's name)."""

from __future__ import annotations

import errno
import inspect

from app import beside_writes, worker_messages
from core import service


def _full() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


def _said(task: str) -> str:
    msg = worker_messages.user_message(_full(), task)
    assert "is full" in msg and "Indexing stopped" not in msg and "every video indexed" not in msg, msg
    assert "Re-scan" not in msg and "command" not in msg, msg  # (nothing to re-scan; no command line here)
    return msg


def test_the_workers_are_named_by_their_service_function():
    source = inspect.getsource(beside_writes)
    assert "name=fn.__name__" in source and "service.add_note" in source and "service.import_captions" in source


def test_a_note_a_full_disk_refused_is_said_as_a_note():
    msg = _said(service.add_note.__name__)
    assert msg.startswith("Could not add the note: the disk holding the library is full"), msg
    assert "The note is not in the library yet" in msg and msg.endswith("then add the note again."), msg


def test_a_caption_import_a_full_disk_refused_is_said_as_the_files_captions():
    msg = _said(service.import_captions.__name__)
    assert msg.startswith("Could not import the captions: the disk holding the library is full"), msg
    assert "The file's captions are not in the library yet" in msg, msg
    assert "then import the file again: no caption is added twice." in msg, msg


def test_an_index_runs_full_disk_is_said_as_before():
    msg = worker_messages.user_message(_full(), "index")
    assert msg.startswith("Indexing stopped: ") and "choose Re-scan in the library panel to index the rest" in msg


def test_a_note_removal_a_full_disk_refused_says_the_note_is_still_there():
    """The window's "Remove note" on a full disk said an index run's words ('Indexing stopped: … choose
    Re-scan …'), nothing of the note; now as `seekframe note --remove` says it, with the window's way on."""
    from core.note_removal import RemovalStopped, remove_clip_note

    assert "remove_clip_note" in inspect.getsource(beside_writes)  # (its worker's name: name=fn.__name__)
    msg = _said(remove_clip_note.__name__)  # (refused before its journal line: nothing written)
    assert msg.startswith("Could not remove the note: the disk holding the library is full"), msg
    assert "Nothing was removed: the note is still on the clip" in msg and msg.endswith("then remove the note again."), msg
    msg = worker_messages.user_message(RemovalStopped("recorded", _full()), remove_clip_note.__name__)
    assert "The note is not removed yet: its removal is recorded" in msg and "Re-scan" not in msg, msg
    assert msg.endswith("then remove the note again."), msg
