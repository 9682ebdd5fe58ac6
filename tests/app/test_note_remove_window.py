"""A note taken back in the window: a note written on the wrong clip or with a typo stayed for ever
(the window could add a note, never remove one). Now the captions panel's context menu says
"Remove note “…”" on the user's own note, and Delete on a selected one asks the same, naming the
note's words; the removal runs as a write beside the jobs (``core.note_removal.remove_clip_note``,
as `seekframe note FILE@TIME --remove`), the panel and the grid's search asked again (a search for
the note no longer finds the moment by it), and a read-only window says why it cannot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.search import NOTE_MATCH
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_note_added_again import ADDED, _add
from tests.app.test_session_search import BLUE_CAR

WRONG, KEPT = "grandpa's old car", "first day of school"


def _note_row(panel, text: str):
    own = panel._tree.topLevelItem(0)
    return next(own.child(j) for j in range(own.childCount()) if own.child(j).text(0) == text)


def _two_notes(qtbot, window, by_note: bool = True):
    """Two notes on the blue car's moment, that clip in hand; ``by_note``: found by the grid's search
    for the first note's words (its text's own vector: a score no clip's picture reaches)."""
    panel = window.captions_panel
    type_query(qtbot, window, BLUE_CAR.query)
    assert _add(qtbot, window, WRONG) == ADDED
    assert _add(qtbot, window, KEPT) == ADDED
    qtbot.waitUntil(lambda: sorted(c.text for c in panel.own()) == sorted([WRONG, KEPT]), timeout=SESSION_TIMEOUT_MS)
    if by_note:
        results = type_query(qtbot, window, WRONG)
        assert results and results[0].score >= NOTE_MATCH, [r.score for r in results[:3]]
    qtbot.waitUntil(lambda: window.results_view.current_result() is not None and not panel._busy
                    and sorted(c.text for c in panel.own()) == sorted([WRONG, KEPT]), timeout=SESSION_TIMEOUT_MS)
    return panel


@pytest.mark.slow
def test_delete_on_a_note_removes_that_one_and_a_search_no_longer_finds_it(qtbot, make_app_window, demo_library,
                                                                          no_real_dialogs):
    window = make_app_window(demo_library)
    panel = _two_notes(qtbot, window)
    asked = []
    panel.ask_remove_note = lambda text: asked.append(text) or True
    panel._tree.setCurrentItem(_note_row(panel, WRONG))
    panel._tree.setFocus()
    before = len(window.message_log)
    qtbot.keyClick(panel._tree, Qt.Key.Key_Delete)
    assert asked == [WRONG]  # the confirmation names the note's words
    qtbot.waitUntil(lambda: any(m[1].startswith("Note removed") for m in window.message_log[before:]),
                    timeout=SESSION_TIMEOUT_MS)
    said = next(m[1] for m in window.message_log[before:] if m[1].startswith("Note removed"))
    assert f"“{WRONG}”" in said or f'"{WRONG}"' in said, said
    assert said.startswith("Note removed from blue-car-street.mp4 at 0:00–0:04: "), said  # (its span; s60: "at 0:00")
    # the grid asked again: the moment is no longer found by the removed note's words
    qtbot.waitUntil(lambda: window.results_model.rowCount() > 0 and all(
        r.score < NOTE_MATCH for r in window.results_model.results()), timeout=SESSION_TIMEOUT_MS)
    assert all(r.score < NOTE_MATCH for r in type_query(qtbot, window, WRONG))
    type_query(qtbot, window, BLUE_CAR.query)  # the clip again: the other note stays
    qtbot.waitUntil(lambda: [c.text for c in panel.own()] == [KEPT], timeout=SESSION_TIMEOUT_MS)


@pytest.mark.slow
def test_a_note_removed_from_the_context_menu_stays_removed_when_the_library_opens_again(
        qtbot, make_app_window, demo_library, no_real_dialogs):
    window = make_app_window(demo_library)
    panel = _two_notes(qtbot, window, by_note=False)  # (the grid's search asked again keeps this clip first)
    panel.ask_remove_note = lambda text: True
    row = _note_row(panel, WRONG)
    menu = panel.note_menu(panel._tree.visualItemRect(row).center())
    assert menu is not None and [a.text() for a in menu.actions()] == [f"Remove note “{WRONG}”…"]
    # (an imported caption or another clip's note has no such menu: only the user's own notes here)
    assert panel.note_at(panel._tree.topLevelItem(1).child(0)) is None
    menu.actions()[0].trigger()

    def removed():
        assert [c.text for c in panel.own()] == [KEPT], window.message_log[-3:]
    qtbot.waitUntil(removed, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not panel._busy, timeout=SESSION_TIMEOUT_MS)
    window.close()

    again = make_app_window(demo_library)  # a writer's open (notes_journal.restore) puts nothing back
    type_query(qtbot, again, BLUE_CAR.query)
    qtbot.waitUntil(lambda: [c.text for c in again.captions_panel.own()] == [KEPT], timeout=SESSION_TIMEOUT_MS)
    assert all(r.score < NOTE_MATCH for r in type_query(qtbot, again, WRONG))


@pytest.mark.slow
def test_a_read_only_window_says_why_it_cannot_remove_a_note(qtbot, make_app_window, demo_library, no_real_dialogs):
    window = make_app_window(demo_library)
    panel = _two_notes(qtbot, window, by_note=False)
    panel.ask_remove_note = lambda text: pytest.fail("asked to confirm in a read-only window")
    window.session.read_only_reason = "the drive holding the library is read-only."
    window.session.status_changed.emit(window.session.status)
    panel._tree.setCurrentItem(_note_row(panel, WRONG))
    panel._tree.setFocus()
    before = len(window.message_log)
    qtbot.keyClick(panel._tree, Qt.Key.Key_Delete)
    assert window.message_log[before:] == [
        ("warning", f"Cannot remove the note “{WRONG}”: the drive holding the library is read-only.")]
    assert not panel._busy and sorted(c.text for c in panel.own()) == sorted([WRONG, KEPT])  # (no write started)


@pytest.mark.slow
def test_a_removal_waiting_for_another_process_when_the_window_closes_is_done_at_the_next_open(
        qtbot, loader, demo_library, tmp_path):
    """A removal asked while another process writes waits for it (``BesideWrites.held_writes``): the
    window closed meanwhile keeps it as a removal ("unnote"), never as another kind of write, and
    the next open removes the note."""
    from app.requests import SearchRequest
    from app.resume import UnfinishedRuns
    from app.settings import AppSettings
    from core.library.lock import writer_free
    from tests.app.test_session_search import search
    from tests.app.test_writer_turn import another_writer, open_session

    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))

    def opened():
        return open_session(qtbot, loader, demo_library, store)

    first = opened()
    result = search(qtbot, first, SearchRequest(BLUE_CAR.query, k=1))[0]
    first.add_note(result, WRONG)
    qtbot.waitUntil(lambda: any(t.startswith("Note added") for _, t in first.messages), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    with another_writer(demo_library):
        assert first.remove_note(result.video_id, WRONG, result.start, result.end, "blue-car-street.mp4 at 0:00") is not None
        qtbot.waitUntil(lambda: any("is writing this library now" in t for _, t in first.messages), timeout=10_000)
        assert first.close(timeout=30.0)
    assert [kind for kind, *_ in store.held(str(demo_library))] == ["unnote"]
    second = opened()
    try:
        qtbot.waitUntil(lambda: any(t.startswith("Note removed") for _, t in second.messages),
                        timeout=SESSION_TIMEOUT_MS)
        assert all(r.score < NOTE_MATCH for r in search(qtbot, second, SearchRequest(WRONG, k=5)))
    finally:
        assert second.close(timeout=30.0)
    assert store.held(str(demo_library)) == []  # (done: not again)


def test_the_panel_offers_removal_of_the_users_own_notes_only_and_asks_first(qtbot, show_view, no_real_dialogs):
    """The panel alone: the menu and Delete on the user's note on this clip (a note of several lines
    and an "&" named as written), none on an imported caption or another clip's note; declining
    the question removes nothing; read-only, no question, the reason said."""
    from app.captions_panel import CaptionsPanel
    from core.search import CaptionResult

    panel = show_view(CaptionsPanel())
    mine = CaptionResult("Rex & Bella\nat the beach", 0.52, "note", "c1", "v1", "/v/beach.mp4", 72.0, 76.0)
    panel.show_captions("Captions for beach.mp4 at 1:12", [
        CaptionResult("a dog on the sand", 0.61, "imported", "c2", "v1", "/v/beach.mp4", 70.0, 74.0), mine,
        CaptionResult("Bella asleep", 0.40, "note", "c4", "v2", "/v/sofa.mp4", 8.0, 12.0)], ("v1", 72.0, 76.0))
    own, others = panel._tree.topLevelItem(0), panel._tree.topLevelItem(1)
    assert [own.child(j).text(0) for j in range(2)] == ["a dog on the sand", mine.text]
    assert panel.note_menu(panel._tree.visualItemRect(own.child(0)).center()) is None  # imported: not removed so
    assert panel.note_menu(panel._tree.visualItemRect(others.child(0)).center()) is None  # another clip's note
    menu = panel.note_menu(panel._tree.visualItemRect(own.child(1)).center())
    assert [a.text() for a in menu.actions()] == ["Remove note “Rex && Bella at the beach”…"]

    asked, wanted, refused = [], [], []
    panel.note_removal_asked.connect(wanted.append)
    panel.removal_refused.connect(refused.append)
    panel.ask_remove_note = lambda text: asked.append(text) or False  # the user says no
    panel._tree.setCurrentItem(own.child(0))
    qtbot.keyClick(panel._tree, Qt.Key.Key_Delete)  # an imported caption: nothing asked
    panel._tree.setCurrentItem(own.child(1))
    qtbot.keyClick(panel._tree, Qt.Key.Key_Delete)
    assert (asked, wanted) == ([mine.text], [])
    panel.ask_remove_note = lambda text: asked.append(text) or True
    qtbot.keyClick(panel._tree, Qt.Key.Key_Backspace)
    assert wanted == [mine] and refused == []

    panel.set_read_only(True)  # (another writer: the panel's own words)
    menu.actions()[0].trigger()
    assert len(asked) == 2 and wanted == [mine]
    assert refused == [f"Cannot remove the note “{mine.text}”: The library is open read-only right now."]
