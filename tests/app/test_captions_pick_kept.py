"""The caption the user picked in the captions panel stays picked when the same clip's captions come
again (a note added, captions imported, more asked): the list, filled anew, lost it, so after "Add
note…" nothing was picked (before 69aa0b5 the first caption was, whatever the user had picked).
Another clip's captions still pick none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.captions_panel import CaptionsPanel
from core.search import CaptionResult
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_captions_none_chosen import CAPTIONS, CLIP, caps, chosen, window_with_captions
from tests.app.test_session_search import BLUE_CAR

TITLE = "Captions for beach.mp4 at 1:12"


def _click(qtbot, panel, text: str):
    tree = panel._tree
    item = next(tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
                for j in range(tree.topLevelItem(i).childCount()) if tree.topLevelItem(i).child(j).text(0) == text)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert chosen(panel) == [item, item]
    return item


def test_the_picked_caption_stays_picked_when_the_clip_s_captions_come_again(show_view, qtbot, no_real_dialogs):
    host = show_view(QWidget(), (500, 500))
    panel = CaptionsPanel(host)
    panel.resize(480, 480)
    panel.show()
    panel.show_captions(TITLE, caps(), clip=CLIP)
    _click(qtbot, panel, "Bella asleep")
    # the same clip's again, a note added to it (a row above the one picked)
    noted = [*caps(), CaptionResult("the ball in the waves", 0.9, "note", "c9", "v1", "/v/beach.mp4", 72.0, 76.0)]
    panel.show_captions(TITLE, noted, clip=CLIP)
    picked = [i.text(0) for i in chosen(panel)]
    assert picked == ["Bella asleep", "Bella asleep"], picked
    # a caption the keyboard made current, none selected: current again, still none selected
    panel._tree.selectionModel().clearSelection()
    panel.show_captions(TITLE, noted, clip=CLIP)
    assert panel._tree.currentItem().text(0) == "Bella asleep" and panel._tree.selectedItems() == []
    # another clip (or the same title of another clip): none picked for the user
    _click(qtbot, panel, "Bella asleep")
    panel.show_captions(TITLE, noted, clip=("v7", 72.0, 76.0))
    assert chosen(panel) == []
    _click(qtbot, panel, "Bella asleep")
    panel.show_captions("Captions for sofa.mp4 at 0:08", noted, clip=CLIP)
    assert chosen(panel) == []


def test_the_window_keeps_the_picked_caption_after_a_note_is_added(qtbot, make_app_window, demo_library,
                                                                   tmp_path, no_real_dialogs):
    window = window_with_captions(qtbot, make_app_window(demo_library), tmp_path, BLUE_CAR.query, CAPTIONS)
    panel = window.captions_panel
    text = panel.others()[-1].text
    _click(qtbot, panel, text)
    panel.ask_note_text = lambda: "grandpa's old car"
    qtbot.mouseClick(panel._note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.captions()) == 3 and not panel._busy, timeout=SESSION_TIMEOUT_MS)
    picked = [i.text(0) for i in chosen(panel)]
    assert picked == [text, text], picked
