"""A widget a test gives ``qtbot.addWidget`` (``show_view``) is held until pytest-qt's teardown has closed
and deleted it (``tests/app/conftest.py``: ``_added_widgets_held``). pytest-qt keeps a weak reference
only: a widget kept alive by a reference cycle alone (``IndexPanel``) was freed by whichever collection
came first, one inside a Python ``eventFilter`` its ``DeferredDelete`` went through among them, and Qt's
next filter of that event read the freed widget: a segfault at the end of
``test_kept_by_content_window`` one run in three after other app tests."""

from __future__ import annotations

import gc
import weakref

from app.index_panel import IndexPanel


def test_a_widget_kept_only_by_a_cycle_stays_until_the_test_ends(show_view):
    held = weakref.ref(show_view(IndexPanel(), (600, 300)))
    gc.collect()
    assert held() is not None and held().isVisible()

