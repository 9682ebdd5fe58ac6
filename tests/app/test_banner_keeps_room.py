"""At its minimum size, a window whose banner wrapped onto more lines than one (a warning at the
window's minimum width, 1.0 or 1.5x font) squeezed the results, preview and captions below their own
minimum to make room for it: the captions panel got 213 of its 227 px and "Import captions…" was cut
at its bottom edge. The window's minimum counted the banner's one-line height, never the lines it
takes at the window's width. Now the banner's minimum height is the height its text takes at its
width, so the window's minimum holds it and the pages under it; also with a run's summary on two
lines in the index strip and the font made larger while the window is open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton

from app.captions_panel import captions_title
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_sizes_follow_a_font_change import grow_font  # noqa: F401
from tests.videos import write_truncated

WARNING = ("1 file could not be indexed (corrupt.mp4: damaged or incomplete MP4/MOV file (cannot read its "
           "header; a download cut short?)). It is retried when it changes, or now with Try again.")
REAL = Path(__file__).resolve().parents[2] / "shared" / "videos" / "car-detection.mp4"


def at_minimum_the_pages_keep_their_room(qtbot, window) -> None:
    """``window`` at its minimum size: the pages at least their own minimum height (once its layout
    has settled), the captions' buttons ("Add note…", "Import captions…") whole inside their panel."""
    window.resize(1, 1)
    settle(qtbot)
    stack = window.stack
    qtbot.waitUntil(lambda: stack.height() >= stack.minimumSizeHint().height(), timeout=10_000)
    panel = window.captions_panel
    for button in panel.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            assert panel.rect().contains(QRect(button.mapTo(panel, QPoint(0, 0)), button.size())), button.text()


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_window_at_its_minimum_holds_a_wrapped_banner(qtbot, make_app_window, demo_library, scaled_font,
                                                          no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    window.captions_panel.show_captions(captions_title("/videos/red-ball-beach.mp4", 12.0), [], ("v", 12.0, 16.0))
    window.show_message("warning", WARNING)
    at_minimum_the_pages_keep_their_room(qtbot, window)
    banner = window.banner
    assert banner.isVisible() and banner.height() >= banner.heightForWidth(banner.width())


def test_the_window_at_its_minimum_holds_a_run_summary_on_two_lines(qtbot, make_app_window, tmp_path, demo_clips,
                                                                    grow_font, no_real_dialogs):
    """A real folder's run: its summary on two lines in the index strip, its warning in the banner, a
    result in hand; the font then made 1.5x larger (as a user's setting changed while it is open)."""
    if not REAL.is_file():
        pytest.skip("no shared real video (shared/videos/car-detection.mp4)")
    folder = tmp_path / "videos"
    folder.mkdir()
    for name in ("red-ball-beach.mp4", "blue-car-street.mp4", "orange-person-snow.mp4"):
        shutil.copy(demo_clips / name, folder / name)
    write_truncated(REAL, folder / "broken-download.mp4", keep=0.02)  # (its index first: cut short, it plays)
    (folder / "corrupt.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    window = make_app_window(tmp_path / "lib")
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    window.library_panel.ask_folder = lambda: str(folder)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: "could not be indexed" in window.banner.text, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    assert type_query(qtbot, window, "a red ball bouncing on the beach")
    grow_font()
    at_minimum_the_pages_keep_their_room(qtbot, window)
    assert window.index_strip.isVisible() and "cut short" in window.index_panel.summary_text()
