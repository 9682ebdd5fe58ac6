"""The captions panel says why captions and notes cannot be added: in a window read-only because a
full disk keeps a stopped removal from finishing, its Import/Add note tooltips said the general
words (the session's reason was never passed, as it is to the library panel), and right after the
model loaded, until the first status read, 'The library is still opening.'"""

from __future__ import annotations

from app.captions_panel import READ_ONLY_TIP
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_stopped_app import stopped_removal


def test_the_captions_panel_says_the_full_disk_and_not_still_opening(qtbot, make_app_window, demo_library,
                                                                     demo_clips, monkeypatch):
    from app.wiring.library import OPENING_TIP

    window, _said, _freed = stopped_removal(qtbot, make_app_window, demo_library, str(demo_clips), monkeypatch)
    window.close()
    again = make_app_window(demo_library, ready=False)
    panel, at_ready = again.captions_panel, []
    again.session.ready.connect(lambda: at_ready.append(panel._import.toolTip()))
    qtbot.waitUntil(lambda: again.session.is_ready and again.session.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert at_ready and at_ready[0] != OPENING_TIP and "the disk holding it is full" in at_ready[0], at_ready
    assert "the disk holding it is full" in panel._import.toolTip()
    assert "the disk holding it is full" in panel._note.toolTip()
    assert not panel._import.isEnabled() and not panel._note.isEnabled()


def test_another_writer_keeps_the_panels_own_words_and_a_closed_library_is_opening():
    """Read-only while another process writes: '' (each panel's own sentence); still opening: so."""
    from types import SimpleNamespace as NS

    from app.requests import READ_ONLY_MESSAGE
    from app.wiring.library import OPENING_TIP, edits_off

    status = NS(opened=True, read_only=True)
    assert edits_off(NS(is_open=True, read_only=True, read_only_reason=READ_ONLY_MESSAGE), status) == (True, "")
    assert edits_off(NS(is_open=True, read_only=True, read_only_reason="full"), status) == (True, "full")
    assert edits_off(NS(is_open=True, read_only=False, read_only_reason=""), NS(opened=False, read_only=False)) == (False, "")
    assert edits_off(NS(is_open=False, read_only=False, read_only_reason=""),
                     NS(opened=False, read_only=False)) == (True, OPENING_TIP)
