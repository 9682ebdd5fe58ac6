"""The banner of an index a full disk stopped names the panel's action (Finish indexing or Re-scan) and
says whether the library holds any indexed video (b3ba36e, 0f4fa0d): both read the library's rows, each
all of them again on the failure's way to the banner. ``app.full_disk_marks.mark`` reads them once."""

from __future__ import annotations

import errno
from contextlib import nullcontext
from types import SimpleNamespace

import pytest

from app import engine


class _Rows:
    def __init__(self, rows, fails=False):
        self.rows, self.fails, self.reads = rows, fails, 0

    def all(self):
        self.reads += 1
        if self.fails:
            raise OSError(errno.EIO, "Input/output error")
        return self.rows


def _library(rows, switch=None):
    settings = SimpleNamespace(folders=["/videos"], other={})
    return SimpleNamespace(video_table=rows, meta=SimpleNamespace(settings=settings), write_lease=nullcontext,
                           model_switch=switch)


def _stopped_by_full_disk(library) -> OSError:
    def events():
        yield "started"
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as raised:
        list(engine.events_as_writer(library, events))
    return raised.value


def test_a_full_disk_reads_the_librarys_rows_once():
    rows = _Rows([SimpleNamespace(status="pending", path="/videos/a.mp4")])
    exc = _stopped_by_full_disk(_library(rows))
    assert rows.reads == 1
    assert exc.none_indexed is True and exc.finish_offered is False


def test_a_library_holding_an_indexed_video_is_not_said_empty():
    rows = _Rows([SimpleNamespace(status="done", path="/videos/a.mp4")])
    exc = _stopped_by_full_disk(_library(rows))
    assert exc.none_indexed is False and rows.reads == 1


def test_rows_not_read_give_the_usual_words():
    exc = _stopped_by_full_disk(_library(_Rows([], fails=True)))
    assert exc.none_indexed is False and exc.finish_offered is False


def test_another_failure_is_not_marked():
    def events():
        raise ValueError("not a disk")
        yield

    rows = _Rows([])
    with pytest.raises(ValueError) as raised:
        list(engine.events_as_writer(_library(rows), events))
    assert not hasattr(raised.value, "none_indexed") and rows.reads == 0


def test_a_library_switching_models_is_not_said_to_hold_none():
    """A model switch puts every video back to pending, to be embedded with the new model: a full disk before
    the first was done said 'No video was indexed yet: the library is consistent but holds none' of a library
    holding all of them (0f4fa0d's rule); the usual words instead."""
    rows = _Rows([SimpleNamespace(status="pending", path=f"/videos/{i}.mp4") for i in range(3)])
    exc = _stopped_by_full_disk(_library(rows, switch={"model_id": "new", "model_source": "/models/new"}))
    assert exc.none_indexed is False
    from app import worker_messages

    said = worker_messages.user_message(exc, "index")
    assert "holds none" not in said and "every video indexed before this is in it" in said, said
