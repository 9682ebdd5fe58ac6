"""Removing the folder of the clip whose similar clips were shown said 'Removed 12 videos under … from the
library (the files are untouched).' in the status bar, and at once put over it 'The clip these were like is no
longer in the library (…): back to your search.' (the similar search asked again, its clip gone): the removal's
own word, the one the user waited for, was gone before it could be read. It is kept, the clip's word after it.
And the captions panel, asking again for the clip in hand whose video had just gone with the folder, put up a red
error banner: 'That moment is no longer in the library (…): search again.', an error of what the user did. Such
a clip has no captions to list now: none are, nothing is said (s58 E, walking the window: add a folder, search,
similar clips, remove the folder)."""

from __future__ import annotations

from dataclasses import replace

from app.requests import MOMENT_GONE
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle
from tests.app.test_failed_files_banner_goes import _remove


def test_the_removal_word_stays_when_the_similar_clips_clip_goes_with_it(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    session = window.session
    qtbot.waitUntil(lambda: len(session.status.folders) == 1 and session.status.videos == 12, timeout=10_000)
    assert type_query(qtbot, window, "a red ball")
    qtbot.waitUntil(lambda: window.results_view.current_result() is not None, timeout=10_000)
    with qtbot.waitSignal(session.search_results, timeout=SESSION_TIMEOUT_MS):
        window.wiring.clips.actions.find_similar_clips.trigger()
    assert session.last_request.kind == "similar"
    wait_idle(qtbot, session)
    bar = []
    window.statusBar().messageChanged.connect(bar.append)
    _remove(qtbot, window, session.status.folders[0])
    qtbot.waitUntil(lambda: session.last_request.kind == "text", timeout=SESSION_TIMEOUT_MS)  # (back to the search)
    removed = next(text for level, text in window.message_log if text.startswith("Removed 12 videos under "))
    assert window.statusBar().currentMessage() == f"{removed} {MOMENT_GONE}", (bar, window.message_log)
    assert not [text for level, text in window.message_log if level == "error"], window.message_log


def test_the_captions_of_a_clip_whose_video_left_the_library_are_none_not_an_error(demo_library, demo_model, loader):
    from app.engine import similar_captions
    from core.library import VideoLibrary
    from core.search import Searcher

    with VideoLibrary(demo_library) as library:
        searcher = Searcher(library, loader(demo_model))
        [shown] = searcher.text("a red ball", k=1)
        assert similar_captions(searcher, shown) is not None  # (its video there: asked as ever)
        gone = replace(shown, moment_id="0123456789abcdef:1:0")  # (a moment of a video the library no longer holds)
        assert similar_captions(searcher, gone) == []

