"""A widget that follows its window's palette (``app.level_colours.follow_palette``: the yellow notes, the
banners, the index strip's bar) or lets go of a file as its window closes (``app.window_close``: the
preview) was kept alive by a reference cycle: the helper, a child the widget owns, held the widget and its
method. Made without a parent (or taken out of its window), such a widget
was freed by whichever garbage collection came first, not when its last reference went; one run inside
a Python ``eventFilter`` of its ``DeferredDelete`` freed it while Qt still delivered that event to it
(a segfault, 9f4801de). The helpers now hold the widget's method weakly (``app.weak_calls``): the widget
goes with its last reference, and a palette change still restyles it, a window's close still calls it,
while it lives."""

from __future__ import annotations

import gc
import weakref
from contextlib import contextmanager

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from app.index_panel import IndexPanel
from app.level_colours import follow_palette
from app.note_label import NoteLabel
from app.player import PreviewPlayer
from app.status_widgets import ActionBanner, MessageBanner
from app.window_close import when_window_closes
from tests.app.palettes import dark_palette


@contextmanager
def no_collection():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("make", [lambda: NoteLabel("A note."), MessageBanner, lambda: ActionBanner("Do", "Act"),
                                  IndexPanel, PreviewPlayer],
                         ids=["note", "banner", "action-banner", "index-panel", "preview"])
def test_a_following_widget_goes_with_its_last_reference(qapp, make):
    with no_collection():
        widget = make()
        gone = weakref.ref(widget)
        del widget
        assert gone() is None  # (the parent's: alive until a collection)


def test_a_palette_change_still_restyles_the_widget_and_a_plain_function(qapp, qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    note = NoteLabel("A note.", window)
    light_sheet = note.styleSheet()
    calls: list[int] = []
    follow_palette(QLabel(window), lambda: calls.append(1))  # (a function, not a method: held as given)
    window.setPalette(dark_palette())
    qtbot.waitUntil(lambda: note.styleSheet() != light_sheet and bool(calls), timeout=5_000)



def test_a_window_closed_still_calls_what_a_widget_in_it_asked(qapp, qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    inside, closed = QLabel(window), []

    class Lets(QLabel):
        def go(self):
            closed.append(self)

    lets = Lets(window)
    when_window_closes(inside, lambda: closed.append(inside))  # (a function: held as given)
    when_window_closes(lets, lets.go)  # (a method: weakly)
    window.show()
    window.close()
    assert closed == [inside, lets] or closed == [lets, inside]
