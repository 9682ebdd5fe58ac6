"""CaptionsPanel: this clip's notes and captions, then the others that match (ranked, saying where
each is from); empty states, import/note dialogs and signals, busy and read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.captions_panel import (EMPTY_TEXT, NO_CLIP_TEXT, OWN_EMPTY, OWN_HEADER, CaptionsPanel, captions_title,
                                section_header)
from core.search import CaptionResult


@pytest.fixture
def panel(show_view, no_real_dialogs):
    return show_view(CaptionsPanel())


CLIP = ("v1", 72.0, 76.0)  # beach.mp4 at 1:12–1:16


def caps():
    return [
        CaptionResult("a dog on the sand", 0.31, "imported", "c2", "v1", "/v/beach.mp4", 70.0, 74.0),
        CaptionResult("Rex's first catch", 0.52, "note", "c1", "v1", "/v/beach.mp4", 72.0, 76.0),
        CaptionResult("waves at sunset", 0.12, "imported", "c3"),
        CaptionResult("Bella asleep", 0.40, "note", "c4", "v2", "/v/sofa.mp4", 8.0, 12.0),
        CaptionResult("the beach at noon", 0.20, "imported", "c5", "v1", "/v/beach.mp4", 0.0, 4.0),
    ]


def rows(panel):
    """[(section header, [[caption, score, source], …]), …] as shown."""
    t = panel._tree
    out = []
    for i in range(t.topLevelItemCount()):
        section = t.topLevelItem(i)
        out.append((section.text(0), [[section.child(j).text(c) for c in range(3)]
                                      for j in range(section.childCount())]))
    return out


def item(panel, section: int, row: int):
    return panel._tree.topLevelItem(section).child(row)


def test_section_headers_say_what_is_listed():
    assert section_header(True, 0) == OWN_HEADER == "On this clip" and section_header(True, 2) == "On this clip (2)"
    # one caption is in no order ("1 other caption, closest first" said one), as the status bar says it
    # since 93913f3; never "that match": they are listed however far
    assert section_header(False, 1) == "1 other caption"
    assert section_header(False, 19) == "19 other captions, closest first"
    assert section_header(False, 0) == "Other captions, closest first"


def test_title_helper():
    assert captions_title("/home/me/Videos/beach.mp4", 72.4) == "Captions for beach.mp4 at 1:12"
    assert captions_title("/home/me/Videos/beach.mp4") == "Captions for beach.mp4"


def test_this_clips_notes_first_then_the_other_captions_that_match_saying_where_from(panel):
    panel.show_captions("Captions for beach.mp4 at 1:12", caps(), clip=CLIP)
    assert panel.title() == "Captions for beach.mp4 at 1:12"
    assert rows(panel) == [
        ("On this clip (2)", [["Rex's first catch", "0.52", "your note"],
                              ["a dog on the sand", "0.31", "imported"]]),
        ("3 other captions, closest first", [
            ["Bella asleep", "0.40", "your note on sofa.mp4 at 0:08"],
            ["the beach at noon", "0.20", "imported on beach.mp4 at 0:00"],
            ["waves at sunset", "0.12", "imported"]]),
    ]
    assert item(panel, 0, 0).font(0).bold() and not item(panel, 0, 1).font(0).bold()  # the own note stands out
    assert not item(panel, 1, 0).font(0).bold()  # a note on another clip does not
    assert not panel._tree.topLevelItem(0).flags() & Qt.ItemFlag.ItemIsSelectable  # headers are not captions
    assert panel._stack.currentWidget() is panel._tree
    assert [c.caption_id for c in panel.captions()] == ["c1", "c2", "c4", "c5", "c3"]
    assert [c.caption_id for c in panel.own()] == ["c1", "c2"]
    assert panel._tree.currentItem() is None and panel._tree.selectedItems() == []  # none chosen for the user
    panel.show_matches()  # "Find similar captions": the best other caption, in the focused list
    assert panel._tree.currentItem() is item(panel, 1, 0)


def test_a_clip_without_notes_says_so_above_the_matches(panel):
    panel.show_captions("Captions for sofa.mp4 at 0:00", caps(), clip=("v2", 0.0, 4.0))
    (own, own_rows), (others, other_rows) = rows(panel)
    assert own == OWN_HEADER and own_rows == [[OWN_EMPTY, "", ""]]
    assert others == section_header(False, 5) and [r[0] for r in other_rows][:2] == ["Rex's first catch", "Bella asleep"]
    assert not item(panel, 0, 0).flags() & Qt.ItemFlag.ItemIsEnabled  # greyed


def test_empty_library_tells_the_user_what_to_do(panel):
    assert panel._empty.text() == NO_CLIP_TEXT and not panel._note.isEnabled()
    panel.show_captions("Captions for beach.mp4 at 1:12", [])
    assert panel._stack.currentWidget() is panel._empty
    assert panel._empty.text() == EMPTY_TEXT
    assert "import a file of captions (.txt, .csv, .json)" in EMPTY_TEXT
    assert panel._note.isEnabled() and panel._import.isEnabled()


def test_activating_a_caption_emits_its_text(panel, qtbot):
    panel.show_captions("t", caps(), clip=CLIP)
    with qtbot.waitSignal(panel.caption_activated) as sig:
        panel._tree.itemActivated.emit(item(panel, 0, 1), 0)
    assert sig.args == ["a dog on the sand"]
    with qtbot.assertNotEmitted(panel.caption_activated):
        panel._tree.itemActivated.emit(panel._tree.topLevelItem(1), 0)  # a section header
    panel._tree.setCurrentItem(item(panel, 1, 2))
    panel._tree.setFocus()
    with qtbot.waitSignal(panel.caption_activated) as sig:
        qtbot.keyClick(panel._tree, Qt.Key.Key_Return)
    assert sig.args == ["waves at sunset"]


def test_import_asks_for_a_caption_file(panel, qtbot, monkeypatch):
    asked = {}

    def fake(parent, title, folder, filters):
        asked["filters"] = filters
        return "/home/me/caps.csv", filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    with qtbot.waitSignal(panel.import_requested) as sig:
        qtbot.mouseClick(panel._import, Qt.MouseButton.LeftButton)
    assert sig.args == ["/home/me/caps.csv"]
    assert "*.txt" in asked["filters"] and "*.csv" in asked["filters"] and "*.json" in asked["filters"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    with qtbot.assertNotEmitted(panel.import_requested):
        qtbot.mouseClick(panel._import, Qt.MouseButton.LeftButton)


def test_note_asks_for_text_and_ignores_empty(panel, qtbot, monkeypatch):
    panel.show_captions("t", caps())
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("  Rex's first catch \n", True))
    with qtbot.waitSignal(panel.note_requested) as sig:
        qtbot.mouseClick(panel._note, Qt.MouseButton.LeftButton)
    assert sig.args == ["Rex's first catch"]
    for answer in (("   \n", True), ("typed but cancelled", False)):
        monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, _r=answer, **k: _r)
        with qtbot.assertNotEmitted(panel.note_requested):
            qtbot.mouseClick(panel._note, Qt.MouseButton.LeftButton)


def test_busy_and_read_only_disable_editing(panel):
    panel.show_captions("t", caps())
    panel.set_busy(True)
    assert panel._busy_bar.isVisible()
    assert not panel._import.isEnabled() and not panel._note.isEnabled()
    panel.set_busy(False)
    assert not panel._busy_bar.isVisible() and panel._import.isEnabled() and panel._note.isEnabled()
    panel.set_read_only(True, "Another Seekframe is indexing this library.")
    assert not panel._import.isEnabled() and not panel._note.isEnabled()
    assert panel._import.toolTip() == "Another Seekframe is indexing this library."
    panel.set_read_only(False)
    assert panel._import.isEnabled() and panel._note.isEnabled()


def test_clear_forgets_the_clip(panel):
    panel.show_captions("Captions for beach.mp4 at 1:12", caps())
    panel.clear()
    assert rows(panel) == [] and panel.captions() == []
    assert panel.title() == "Captions" and not panel._note.isEnabled()
