"""The window's "Remove note" on a re-indexed library removed a note the user did not pick (s59 rv_7 #1):
it named the removal by the span of the clip in hand, not the note's own. Two same-worded notes written
at --window 4 on 0-4 s and 4-8 s, then `index --reindex --window 8` (one moment, 0-8 s): the clip lists
both, and removing either removed both ("2 notes removed"). It removes the one picked now, by its span."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.cli import main
from core.search import NOTE_MATCH
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.test_note_remove import _notes
from tests.videos import Segment, write_video

WORDS = "our red wall"  # (words the colour model knows: the grid finds the clip by them)


def test_delete_on_one_of_two_same_worded_notes_of_a_reindexed_clip_removes_that_one(
        qtbot, make_app_window, no_real_dialogs, tmp_path, colour_model):
    picked = 4.0  # (the newer note; the clip in hand is the 0-8 s moment)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    two = videos / "two.mp4"
    write_video(two, [Segment(4, "red"), Segment(4, "green")])
    index = ["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]
    assert main([*index, "--window", "4"]) == 0
    for at in ("1", "5"):
        assert main(["note", f"{two}@{at}", WORDS, "--library", str(lib)]) == 0
    assert main([*index, "--window", "8", "--reindex"]) == 0  # (one moment, 0-8 s, holds both)

    window = make_app_window(lib)
    panel = window.captions_panel
    type_query(qtbot, window, WORDS)
    qtbot.waitUntil(lambda: window.results_model.rowCount() > 0, timeout=SESSION_TIMEOUT_MS)
    results = window.results_model.results()
    assert results and results[0].score >= NOTE_MATCH and (results[0].start, results[0].end) == (0.0, 8.0)
    qtbot.waitUntil(lambda: window.results_view.current_result() is not None and not panel._busy
                    and sorted(c.start for c in panel.own()) == [0.0, 4.0], timeout=SESSION_TIMEOUT_MS)
    own = panel._tree.topLevelItem(0)
    row = next(own.child(j) for j in range(own.childCount()) if panel.note_at(own.child(j)).start == picked)
    panel.ask_remove_note = lambda text: True
    panel._tree.setCurrentItem(row)
    panel._tree.setFocus()
    before = len(window.message_log)
    qtbot.keyClick(panel._tree, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: any("removed" in m[1] for m in window.message_log[before:]), timeout=SESSION_TIMEOUT_MS)
    said = next(m[1] for m in window.message_log[before:] if "removed" in m[1])
    assert said.startswith("Note removed"), said  # (the parent: '2 notes removed … (@0:00), … (@0:04)')
    qtbot.waitUntil(lambda: not panel._busy, timeout=SESSION_TIMEOUT_MS)
    window.close()
    assert _notes(lib) == [(WORDS, 4.0 - picked)]  # (the other note stays)
