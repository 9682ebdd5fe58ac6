"""A library that starts refusing writers after it opened (a drive remounted read-only, its folder's
permission taken away while the window runs) whose moments data is gone: a search there fails. The
window's words were those of a writable library, "… Repair library (below) sets what cannot be read
aside …" in the messages' banner and the repair notice with its Repair library button, until the
damage look (``app.damage_look``) put Try again in its place a moment later. The worker whose work
failed now looks whether the library refuses writers (``core.library.lock.refuses_writers``, off
the GUI thread), so the first words are the true ones."""

from __future__ import annotations

from app.requests import SearchRequest
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_read_only_damage_words import assert_never_offered_repair, record_notice
from tests.app.test_session_search import RED_BALL
from tests.test_cut_moments_read_only import refuse_writers
from tests.test_damaged_gone_files import delete_data


def test_a_library_refusing_writers_after_it_opened_never_offers_the_repair(qtbot, make_app_window, demo_library,
                                                                           monkeypatch):
    window = make_app_window(demo_library)
    session, notice = window.session, window.repair_notice
    assert not session.read_only and not session.refuses_writers  # (opened to write)
    shown = record_notice(notice, monkeypatch)
    delete_data(demo_library, "moments")
    refuse_writers(monkeypatch)  # (the drive remounted read-only)

    session.search(SearchRequest(RED_BALL.query, k=1))  # (the moments read: they cannot be)
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in window.message_log), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(shown) and "Damaged" in shown[-1][0], timeout=SESSION_TIMEOUT_MS)  # (the look's words)
    errors = assert_never_offered_repair(window, shown)
    assert any("cannot be written here (a read-only drive or folder)" in t and "Try again" in t for t in errors), errors
