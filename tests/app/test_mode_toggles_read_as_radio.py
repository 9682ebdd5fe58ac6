"""The search's Moments / Videos toggles are one choice of two (an exclusive group), but Qt names
every checkable tool button a check box: a screen reader said "Videos, check box, not checked", as
if both could be on. They now read as radio buttons (``app.radio_role``), their words, checked state
and press action as before; Filters, an on/off, stays a check box; Ctrl+1 / Ctrl+2 still choose."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleActionInterface

from app.search_panel import SearchPanel


def _face(widget):
    return QAccessible.queryAccessibleInterface(widget)


def test_moments_and_videos_read_as_radio_buttons(qtbot):
    panel = SearchPanel()
    qtbot.addWidget(panel)
    moments, videos = _face(panel.moments_button), _face(panel.videos_button)
    assert moments.role() == videos.role() == QAccessible.Role.RadioButton  # (old: CheckBox)
    assert (moments.text(QAccessible.Text.Name), videos.text(QAccessible.Text.Name)) == ("Moments", "Videos")
    assert videos.text(QAccessible.Text.Description) == "The best moment of each video"
    assert moments.state().checked and moments.state().checkable and not videos.state().checked
    press = QAccessibleActionInterface.pressAction()
    assert press in videos.actionInterface().actionNames()
    videos.actionInterface().doAction(press)
    assert panel.per_video and videos.state().checked and not moments.state().checked
    assert _face(panel.filters_button).role() == QAccessible.Role.CheckBox


def test_the_keys_still_choose(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    panel = window.search_panel
    window.videos_action.trigger()  # (Ctrl+2)
    assert panel.per_video and _face(panel.videos_button).state().checked
    window.moments_action.trigger()  # (Ctrl+1)
    assert not panel.per_video and _face(panel.moments_button).state().checked
    assert window.moments_action.shortcut().toString() == "Ctrl+1"
    assert window.videos_action.shortcut().toString() == "Ctrl+2"
