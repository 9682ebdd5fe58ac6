"""The captions panel chooses no caption for the user: each clip's list had its first caption
current and selected (highlighted as if picked) though the user had picked none. Now none is
current or selected until the user picks one; keyboard focus still enters the list, and "Find
similar captions" (asked by the user) still selects the best match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.captions_panel import CaptionsPanel, captions_title
from core.search import CaptionResult
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_session_search import RED_BALL

CLIP = ("v1", 72.0, 76.0)
CAPTIONS = ["a red ball bouncing on a sandy beach", "a blue car driving in the city"]


def caps():
    return [
        CaptionResult("Rex's first catch", 0.52, "note", "c1", "v1", "/v/beach.mp4", 72.0, 76.0),
        CaptionResult("Bella asleep", 0.40, "note", "c4", "v2", "/v/sofa.mp4", 8.0, 12.0),
        CaptionResult("waves at sunset", 0.12, "imported", "c3"),
    ]


def window_with_captions(qtbot, window, tmp_path, query: str, captions: list[str]):
    """``window`` once ``query`` is typed and the clip in hand's captions are shown, ``captions``
    then imported from a file (as the user does) and listed; returns it."""
    file = tmp_path / "captions.txt"
    file.write_text("\n".join(captions) + "\n")
    panel = window.captions_panel
    type_query(qtbot, window, query)
    qtbot.waitUntil(lambda: panel.title().startswith("Captions for ") and not panel._busy, timeout=10_000)
    panel.ask_caption_file = lambda: str(file)
    panel.request_import()
    qtbot.waitUntil(lambda: len(panel.captions()) == len(captions) and not panel._busy, timeout=SESSION_TIMEOUT_MS)
    return window


def chosen(panel) -> list:
    """The captions shown as chosen: the current one, and those selected."""
    tree = panel._tree
    current = [tree.currentItem()] if tree.currentItem() is not None else []
    return current + tree.selectedItems()


def test_no_caption_is_chosen_until_the_user_picks_one(show_view, qtbot, no_real_dialogs):
    host = show_view(QWidget(), (500, 500))
    panel = CaptionsPanel(host)
    panel.resize(480, 480)
    panel.show()
    host.setFocus()  # (focus starts outside the list)
    panel.show_captions("Captions for beach.mp4 at 1:12", caps(), clip=CLIP)
    assert panel._tree.isVisible() and panel._tree.topLevelItemCount() == 2
    assert chosen(panel) == []
    assert not panel._tree.selectionModel().hasSelection()
    # the next clip's captions: none chosen either
    panel.show_captions("Captions for sofa.mp4 at 0:08", caps(), clip=("v2", 8.0, 12.0))
    assert chosen(panel) == []
    # keyboard focus enters the list; nothing is selected by it
    panel._tree.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(panel._tree.hasFocus, timeout=10_000)
    assert panel._tree.selectedItems() == []
    # the user picks one: it is the chosen one
    first = panel._tree.topLevelItem(0).child(0)
    rect = panel._tree.visualItemRect(first)
    qtbot.mouseClick(panel._tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel._tree.currentItem() is first and panel._tree.selectedItems() == [first]
    # "Find similar captions": the user asked for the best match, selected
    panel.show_matches()
    assert panel._tree.currentItem() is panel._tree.topLevelItem(1).child(0)


def test_the_window_s_captions_panel_chooses_none_for_the_clip_in_hand(qtbot, make_app_window, demo_library,
                                                                       tmp_path, no_real_dialogs):
    window = window_with_captions(qtbot, make_app_window(demo_library), tmp_path, RED_BALL.query, CAPTIONS)
    panel = window.captions_panel
    assert chosen(panel) == []
    window.results_view.setCurrentIndex(window.results_model.index(1))
    other = window.results_view.current_result()
    qtbot.waitUntil(lambda: panel.title() == captions_title(other.path, other.start)
                    and len(panel.captions()) == 2 and not panel._busy, timeout=SESSION_TIMEOUT_MS)
    assert chosen(panel) == []
