"""A library given by URI (only ever read: a writer needs the lock only a folder gives) whose moments
data is gone: a search there failed with "… Repair library (below) sets what cannot be read aside
…" and the repair notice offered Repair library, which can never run on a URI (no damage look ever
replaced it: a URI's files are not read here). The window now says that the library is only read
here and where it can be repaired (its folder, uploaded again after), with Try again, from the
start; every text shown is recorded."""

from __future__ import annotations

from app.requests import SearchRequest
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_read_only_damage_words import OFFERS_REPAIR, assert_never_offered_repair, record_notice
from tests.app.test_session_search import RED_BALL
from tests.test_damaged_gone_files import delete_data

URI_WORDS = ("given as a URI, so it is only read here", "open the library's folder itself",
             "then upload the folder again and Try again")


def test_a_failed_search_in_a_uri_library_says_where_it_can_be_repaired(qtbot, make_app_window, demo_library,
                                                                        monkeypatch):
    delete_data(demo_library, "moments")
    window = make_app_window(f"file://{demo_library}", ready=False)
    session, notice = window.session, window.repair_notice
    shown = record_notice(notice, monkeypatch)
    qtbot.waitUntil(lambda: session.is_ready and session.read_only, timeout=SESSION_TIMEOUT_MS)

    session.search(SearchRequest(RED_BALL.query, k=1))  # (the moments read: they cannot be)
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in window.message_log), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(shown), timeout=SESSION_TIMEOUT_MS)
    errors = assert_never_offered_repair(window, shown)
    assert any(all(w in t for w in URI_WORDS) for t in errors), errors
    assert "given as a URI, so it is only read here" in notice.text, notice.text


def test_a_uri_library_that_cannot_be_opened_says_where_it_can_be_repaired(qtbot, make_app_window, demo_library,
                                                                           monkeypatch):
    """Its videos data gone, its open fails (the opening worker's failure said, the notice shown)."""
    delete_data(demo_library, "videos")
    window = make_app_window(f"file://{demo_library}", ready=False)
    notice = window.repair_notice
    qtbot.waitUntil(lambda: notice.isVisible(), timeout=SESSION_TIMEOUT_MS)
    errors = [t for level, t in window.message_log if level == "error"]
    assert errors and all(w not in t for t in errors for w in OFFERS_REPAIR), errors
    assert any(all(w in t for w in URI_WORDS) for t in errors), errors
    assert notice.again_button.isVisible() and not notice.button.isVisible()
    assert "given as a URI, so it is only read here" in notice.text, notice.text
