"""The window's library panel after an index run stopped in its full pass: a folder whose videos
keep only their quick pass's moments (keyframes; ``VideoRecord.quick``) says how many beside its
count, and its tooltip what completes them (Re-scan), as `seekframe status` does. Before, the panel
counted them as indexed videos like any other, with no word that their full moments were to come."""

from __future__ import annotations

from dataclasses import replace

from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS


def _rows(panel) -> list[tuple[str, str]]:
    return [(panel._list.item(i).text(), panel._list.item(i).toolTip()) for i in range(panel._list.count())]


def test_the_library_panel_counts_the_videos_with_quick_moments_only(qtbot, make_app_window, demo_library, demo_clips):
    with VideoLibrary(demo_library) as library:  # as a run cut short in its full pass leaves them
        videos = sorted(library.video_table.all(), key=lambda v: v.path)
        library.video_table.merge([replace(v, quick=True) for v in videos[:5]])
    window = make_app_window(demo_library)
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel._list.count() == 1 and "12 videos" in panel._list.item(0).text(),
                    timeout=SESSION_TIMEOUT_MS)
    (text, tip), = _rows(panel)
    assert text.endswith("  ·  12 videos (5 with quick moments only)"), text
    assert ("5 videos are searchable through their quick pass's moments only (keyframes): their full moments "
            "are still to come; Re-scan completes them.") in tip, tip
    assert window.session.status.quick_per_folder == {str(demo_clips): 5}


def test_a_folder_with_no_quick_videos_is_counted_as_before(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel._list.count() == 1 and "12 videos" in panel._list.item(0).text(),
                    timeout=SESSION_TIMEOUT_MS)
    (text, tip), = _rows(panel)
    assert text.endswith("  ·  12 videos") and "quick" not in tip, (text, tip)


def test_while_another_process_indexes_the_library_the_tooltip_says_so(qtbot, make_app_window, demo_library,
                                                                       demo_clips):
    """Its run completes them: the tooltip said 'Re-scan completes them', a Re-scan the window cannot
    start then (read-only), where `seekframe status` says '(another seekframe is indexing this library
    now)'; once that run is done, Re-scan again."""
    with VideoLibrary(demo_library) as library:
        videos = sorted(library.video_table.all(), key=lambda v: v.path)
        library.video_table.merge([replace(v, quick=True) for v in videos[:5]])
    with VideoLibrary(demo_library):  # (another process's run under way: it holds the writer lock)
        window = make_app_window(demo_library)
        panel = window.library_panel
        qtbot.waitUntil(lambda: window.session.status.written_elsewhere and panel._list.count() == 1
                        and "5 with quick moments only" in panel._list.item(0).text(), timeout=SESSION_TIMEOUT_MS)
        (_text, tip), = _rows(panel)
        assert ("5 videos are searchable through their quick pass's moments only (keyframes): their full moments "
                "are still to come (another seekframe is indexing this library now).") in tip, tip
        assert "Re-scan" not in tip, tip
    window.session.refresh_status()
    qtbot.waitUntil(lambda: not window.session.status.written_elsewhere, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any("Re-scan completes them." in tip for _text, tip in _rows(panel)),
                    timeout=SESSION_TIMEOUT_MS)  # (its run done: the window's Re-scan completes them)
