"""A `seekframe index --reindex A` that crashed part-way left A's videos half embedded anew, and the
window's library panel counted nothing in A nor offered Finish indexing (``core.reembed_record``).
Then those videos were counted with a stopped run's files (``SessionStatus.folder_stopped``): the
panel said "A · 1 still to index" and "1 file was still to index; Finish indexing indexes the rest",
though the video is indexed and found by searches through its earlier moments, as `seekframe status`
says (s55 app review). They are counted apart now (``SessionStatus.folder_reembed``): the row says
"1 to embed again", its tooltip status's words, and Finish indexing (a plain run of A) is offered
and embeds them again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app import engine
from app.library_panel import LibraryPanel
from core.filenames import shown
from core.library import VideoLibrary
from core.reembed_words import waiting_text
from tests.test_reindex_keeps_searchable import _two_folders
from tests.test_reindex_resumes import _crash_after_first_commit


def test_a_crashed_reindex_is_counted_for_finish_indexing(tmp_path, capsys, monkeypatch, qtbot):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    with VideoLibrary(lib, read_only=True) as library:
        st = engine.session_status(library, read_only=True)
        assert (st.folder_stopped, st.folder_reembed) == ((), ())
    _crash_after_first_commit(monkeypatch, lib, a)
    with VideoLibrary(lib, read_only=True) as library:
        st = engine.session_status(library, read_only=True)
    assert st.folder_reembed == ((str(a), 1),)
    assert st.folder_stopped == ()  # (no file left unindexed: old '((A, 1),)', said "1 still to index")

    panel = LibraryPanel()  # (as the window's LibraryController shows the status: app.wiring.library)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_folders(st.folders, counts=st.videos_per_folder, stopped=dict(st.folder_stopped),
                      reembed=dict(st.folder_reembed))
    row = panel._list.item(list(st.folders).index(str(a)))
    assert "still to index" not in row.text() and "1 to embed again" in row.text(), row.text()
    assert "still to index" not in row.toolTip()
    assert waiting_text(((str(a), 1),), shown, "Finish indexing") in row.toolTip()
    assert panel._finish.isVisible() and panel._finish.isEnabled()
    assert panel._finish.toolTip() == f"Embed again the 1 video an interrupted --reindex left in {shown(str(a))}"
    with qtbot.waitSignal(panel.finish_requested, timeout=10_000) as asked:
        qtbot.mouseClick(panel._finish, Qt.MouseButton.LeftButton)
    assert asked.args == [(str(a),)]
