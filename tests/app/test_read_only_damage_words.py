"""A library on a read-only drive or folder (it refuses writers) whose moments data is gone: a
search there fails. The window first said "… Repair library (below) sets what cannot be read
aside …" in the messages' banner and showed the repair notice with its Repair library button,
which can only be refused there; a moment later the damage look (``app.damage_look``) put Try
again in its place and the banner's word went. Now the window says from the start that the library
cannot be written here and what to do first, and never offers the repair, even for a moment."""

from __future__ import annotations

from app.requests import SearchRequest
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_session_search import RED_BALL
from tests.test_cut_moments_read_only import refuse_writers
from tests.test_damaged_gone_files import delete_data

OFFERS_REPAIR = ("Repair library (below)", "sets what cannot be read aside")


def record_notice(notice, monkeypatch) -> list:
    """Every text the repair ``notice`` shows from now on, with whether it offered Repair library."""
    shown = []
    real_show = notice._show
    monkeypatch.setattr(notice, "_show", lambda text, repair: (shown.append((text, repair)), real_show(text, repair)))
    return shown


def assert_never_offered_repair(window, shown: list) -> list[str]:
    """Neither the window's error messages nor any text its repair notice ``shown`` offered Repair
    library, and the notice shows Try again in its place; returns the error messages."""
    errors = [t for level, t in window.message_log if level == "error"]
    assert all(w not in t for t in errors for w in OFFERS_REPAIR), errors
    assert shown and not any(repair for _text, repair in shown), shown
    assert all(w not in text for text, _repair in shown for w in OFFERS_REPAIR), shown
    notice = window.repair_notice
    assert notice.again_button.isVisible() and not notice.button.isVisible()
    return errors


def test_a_failed_search_in_a_read_only_library_never_offers_the_repair(qtbot, make_app_window, demo_library,
                                                                       monkeypatch):
    delete_data(demo_library, "moments")
    refuse_writers(monkeypatch)
    window = make_app_window(demo_library, ready=False)
    session, notice = window.session, window.repair_notice
    shown = record_notice(notice, monkeypatch)
    qtbot.waitUntil(lambda: session.is_ready and session.read_only, timeout=SESSION_TIMEOUT_MS)

    session.search(SearchRequest(RED_BALL.query, k=1))  # (the moments read: they cannot be)
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in window.message_log), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(shown) and "Damaged" in shown[-1][0], timeout=SESSION_TIMEOUT_MS)  # (the look's words)
    errors = assert_never_offered_repair(window, shown)
    assert any("cannot be written here (a read-only drive or folder)" in t and "Try again" in t for t in errors), errors
    assert "cannot be written here" in notice.text, notice.text
