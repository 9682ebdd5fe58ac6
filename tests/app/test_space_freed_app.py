"""A window opened read-only because a full disk kept a stopped folder removal from finishing
(5e60975) takes the write role by itself once space is freed: before, it stayed read-only (Re-scan
and Add folder off, File › Re-scan silent) and nothing in it opened the library again, though the
reason said "then open the library again" (reviewer's D4 a). Now its status read tries the
writer's open, which finishes the removal, and the window says so."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_stopped_app import stopped_removal, texts


def test_the_read_only_window_takes_the_write_role_once_space_is_freed(qtbot, make_app_window, demo_library,
                                                                      demo_clips, monkeypatch):
    folder = str(demo_clips)
    window, _said, freed = stopped_removal(qtbot, make_app_window, demo_library, folder, monkeypatch)
    window.close()
    again = make_app_window(demo_library, ready=False)
    s = again.session
    said = []
    s.message.connect(lambda level, text: said.append((level, text)))
    qtbot.waitUntil(lambda: s.is_ready and s.status.forgetting == folder, timeout=SESSION_TIMEOUT_MS)
    assert s.read_only and "the disk holding it is full" in s.read_only_reason
    s.refresh_status()  # (a status read with the disk still full: it stays read-only, saying nothing new)
    qtbot.waitUntil(lambda: not s._reader.runner.busy, timeout=SESSION_TIMEOUT_MS)
    qtbot.wait(100)
    assert s.read_only and s.status.forgetting == folder and not s.status.writer_free
    said.clear()
    freed()
    s.refresh_status()  # (the next periodic read, sooner)
    qtbot.waitUntil(lambda: not s.read_only and s.status.opened and s.status.forgetting == "", timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any("the removal of" in t and "is finished" in t for _l, t in said),
                    timeout=SESSION_TIMEOUT_MS)
    assert texts(again.library_panel) == [] and again.rescan_action.isEnabled() and again.add_folder_action.isEnabled()
    assert not [t for level, t in said if level in ("error", "warning")], said


def test_the_panel_says_why_it_is_read_only_and_not_still_opening_once_open(qtbot, make_app_window, demo_library,
                                                                            demo_clips, monkeypatch):
    """The panel's Re-scan/Remove tooltips said 'another Seekframe may be indexing it' in a window
    read-only for a full disk (the reason was never passed: reviewer's D4 b), and right after the
    model was loaded 'The library is still opening.' until the first status read (D4 c)."""
    from app.wiring.library import OPENING_TIP

    folder = str(demo_clips)
    window, _said, _freed = stopped_removal(qtbot, make_app_window, demo_library, folder, monkeypatch)
    window.close()
    again = make_app_window(demo_library, ready=False)
    panel, at_ready = again.library_panel, []
    again.session.ready.connect(lambda: at_ready.append(panel._add.toolTip()))
    qtbot.waitUntil(lambda: again.session.is_ready and again.session.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert at_ready and at_ready[0] != OPENING_TIP and "the disk holding it is full" in at_ready[0], at_ready
    assert "the disk holding it is full" in panel._rescan.toolTip()
    assert "the disk holding it is full" in panel._remove.toolTip()
    assert not panel._rescan.isEnabled() and not panel._add.isEnabled()
