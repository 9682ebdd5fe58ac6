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
