"""The window's "Repair library" opens the library as its writer (``core.library.repair.repair``), and
that open, as every writer's, finishes a stopped `seekframe forget`: the removal under way and the rest
of a forget of several. Since f26eb22 the repair's answer says it (``found["forgot"]``, which `seekframe
repair` prints), but the window left that entry out: the folders went from the library panel and the
window said only 'Every table of the library reads through: nothing was set aside.' Now it says what
went in its own words, as it says an open's removals (``app.forget_news``, ``app.open_notes``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.forget_news import finished_text, resumed_text
from app.library_repair import NOTHING_TEXT
from core.library import forget_request
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_request_repair_words import _damaged, _stopped_request
from tests.app.test_remove_killed_keeps_runs import heard_window


def test_the_window_says_the_rest_its_repair_removed(qtbot, make_app_window, demo_library, demo_clips):
    folder = str(demo_clips)
    _stopped_request(demo_library, folder)
    with pytest.MonkeyPatch.context() as m:  # (the open refused: a table read as damaged, the repair offered)
        _damaged(m)
        window = make_app_window(demo_library, build=heard_window)
        session, notice = window.session, window.repair_notice
        qtbot.waitUntil(lambda: notice.isVisibleTo(window) and notice.button.isVisibleTo(notice),
                        timeout=SESSION_TIMEOUT_MS)
        assert session.read_only and read_meta(demo_library).forget_request == [folder]
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(NOTHING_TEXT in t for _l, t in session.messages), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.status.opened and not session.read_only and session.status.folders == (),
                    timeout=SESSION_TIMEOUT_MS)
    said = [t for _l, t in session.messages if f"Removed {folder} from the library (12 videos)" in t]
    assert len(said) == 1 and "the rest of it is done now" in said[0] and NOTHING_TEXT in said[0], session.messages
    assert read_meta(demo_library).forget_request is None and session.status.videos == 0


def test_each_part_in_the_window_s_words():
    from app.library_repair import forgot_text

    unread = forget_request.unread_text({"x": 1}, None, aside=True)
    said = forgot_text({"finished": ("/v/a", 2), "resumed": [("/v/b", 1)], "unread": unread})
    assert said.startswith(finished_text("/v/a", 2)) and resumed_text([("/v/b", 1)]) in said, said
    assert "`seekframe status`" not in said and "remove those the library panel still lists again." in said, said
    assert forgot_text({}) == "" and forgot_text({"resumed": [("/v/b", 1)]}) == resumed_text([("/v/b", 1)])
