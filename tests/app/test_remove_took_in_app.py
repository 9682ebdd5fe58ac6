"""Removing a folder that took library folders in when it was added (a home folder added while its
Videos folder was listed: Videos's videos are counted under it since). The question said only
"Remove ~ from the library?", and yes removed Videos's videos too, with no way to keep them. Now
it names the folders taken in with their videos, and offers Remove all, Keep the folders it took
in (the default: they are listed on their own again, their videos kept, not indexed again), or
Cancel, as ``seekframe forget ~ --keep-inside`` does."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.library_panel import KEEP_TOOK_IN, REMOVE_ALL, LibraryPanel
from tests.app.conftest import SESSION_TIMEOUT_MS


def answering(monkeypatch, button_text: str | None, seen: list):
    """The question box answers with the button of that text (None: Cancel); ``seen``: its texts."""

    def exec_(box):
        seen.append((box.text(), [b.text() for b in box.buttons()], box.defaultButton().text()))
        (next(b for b in box.buttons() if b.text() == button_text) if button_text else
         box.button(QMessageBox.StandardButton.Cancel)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


@pytest.fixture
def panel(show_view, no_real_dialogs):
    panel = show_view(LibraryPanel())
    panel.set_folders(["/home/u", "/media/b"], counts={"/home/u": 4, "/media/b": 1},
                      took_in=[("/home/u", (("/home/u/Videos", 2), ("/home/u/Phone", 1)))])
    return panel


@pytest.mark.parametrize("button, signal", [(KEEP_TOOK_IN, "remove_keeping_requested"),
                                            (REMOVE_ALL, "remove_requested"), (None, None)])
def test_the_question_names_what_it_took_in_and_offers_to_keep_them(panel, qtbot, monkeypatch, button, signal):
    seen = []
    answering(monkeypatch, button, seen)
    panel._list.setCurrentRow(0)
    others = {"remove_keeping_requested", "remove_requested"} - {signal}
    with qtbot.assertNotEmitted(getattr(panel, others.pop())):
        if signal is None:
            with qtbot.assertNotEmitted(panel.remove_requested):
                panel._remove.click()
        else:
            with qtbot.waitSignal(getattr(panel, signal)) as sig:
                panel._remove.click()
            assert sig.args == ["/home/u"]
    text, buttons, default = seen[-1]
    assert ("When it was added, it took in the library folders /home/u/Videos (2 videos); /home/u/Phone (1 video): "
            "their videos are counted under it and go too. Keep the folders it took in to remove only its own "
            "videos: those folders are listed on their own again, their videos kept (not indexed again).") in text
    assert set(buttons) == {REMOVE_ALL, KEEP_TOOK_IN, "Cancel"} and default == KEEP_TOOK_IN


def test_a_folder_that_took_none_in_is_asked_as_before(panel, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    panel._list.setCurrentRow(1)
    with qtbot.waitSignal(panel.remove_requested):
        panel._remove.click()
    assert asked == ["Remove /media/b from the library? Its videos leave the search results; the files themselves "
                     "are not touched."]


def test_the_window_keeps_the_folders_it_took_in(qtbot, make_app_window, demo_library, demo_clips, monkeypatch):
    """The demo library as a folder above the demo clips' leaves it once it took them in; removed
    keeping them: the clips' folder listed again with its 12 videos, none indexed again."""
    from core.library import VideoLibrary

    clips, parent = str(demo_clips), str(demo_clips.parent)
    with VideoLibrary(demo_library) as library:
        ids = {v.video_id for v in library.video_table.all()}
        library.video_table.reroot({v: parent for v in ids})
        library.update_settings(folders=[parent], took_in={parent: [clips]})
    window = make_app_window(demo_library)
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.status.opened and session.status.folders == (parent,), timeout=SESSION_TIMEOUT_MS)
    assert session.status.took_in == ((parent, ((clips, 12),)),)
    said, seen = [], []
    session.message.connect(lambda _level, text: said.append(text))
    answering(monkeypatch, KEEP_TOOK_IN, seen)
    panel._list.setCurrentRow(0)
    panel._remove.click()
    assert f"took in the library folder {clips} (12 videos)" in seen[-1][0]
    qtbot.waitUntil(lambda: session.status.folders == (clips,), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any(t.startswith("Removed 0 videos") for t in said), timeout=10_000)
    assert any("The folders it took in stay in the library" in t for t in said), said
    assert session.status.videos == 12 and session.status.took_in == ()
    with VideoLibrary(demo_library, read_only=True) as library:
        assert {v.video_id for v in library.video_table.all()} == ids
        assert {v.root for v in library.video_table.all()} == {clips}
        assert not library.meta.settings.took_in
