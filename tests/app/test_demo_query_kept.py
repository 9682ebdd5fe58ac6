"""File › Try the demo library from a window in use: the demo library opens at once, and its clips
are written (again) in a worker; when they are, the demo's query was typed into the search field,
over a search the user had typed in the demo library meanwhile (found driving the window for
hours, ``benchmarks/long_session.py``). Now the user's search stays; untouched, the field still
gets the demo's query."""

from __future__ import annotations

import threading

import pytest

from core.demo import DEMO_QUERIES
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle


@pytest.fixture
def held_demo(monkeypatch, tmp_path):
    """``app.demo_library.write_demo`` held until the test sets the event it returns; it writes
    nothing (an empty folder is added) and answers the first demo query."""
    from app import demo_library

    release = threading.Event()
    folder = tmp_path / "demo-videos"
    folder.mkdir()

    def write_demo_when_released(_folder=None):
        assert release.wait(30)
        return str(folder), DEMO_QUERIES[0].query

    monkeypatch.setattr(demo_library, "write_demo", write_demo_when_released)
    return release


def _demo_library_open(qtbot, window) -> None:
    session = window.session
    qtbot.waitUntil(lambda: session.is_ready and session.status.opened and session.status.demo_library,
                    timeout=SESSION_TIMEOUT_MS)


def test_a_search_typed_in_the_demo_library_is_not_replaced_by_the_demos(qtbot, make_app_window, demo_library,
                                                                          held_demo):
    window = make_app_window(demo_library)
    window.show_search()
    window.demo_action.trigger()
    _demo_library_open(qtbot, window)
    type_query(qtbot, window, "a blue square")
    with qtbot.waitSignal(window.session.demo_ready, timeout=SESSION_TIMEOUT_MS):
        held_demo.set()
    assert window.search_panel.field.text() == "a blue square"
    wait_idle(qtbot, window.session)
    assert window.results_model.request.query == "a blue square"


def test_untouched_the_field_gets_the_demos_query(qtbot, make_app_window, demo_library, held_demo):
    window = make_app_window(demo_library)
    window.show_search()
    window.demo_action.trigger()
    _demo_library_open(qtbot, window)
    with qtbot.waitSignal(window.session.demo_ready, timeout=SESSION_TIMEOUT_MS):
        held_demo.set()
    assert window.search_panel.field.text() == DEMO_QUERIES[0].query
    wait_idle(qtbot, window.session)
