"""The first warning shown in the banner made the window taller, for good: 900 px to 1142 px at a
1.5x font ("1 file could not be indexed (bad.mp4: …)"). The banner held its minimum height at the
height its text takes at its width (test_banner_keeps_room), but it was asked while the banner was
still hidden, never laid out, at Qt's default 100 px width: its text there took 700 px, and the
window grew to hold that before the banner got its real width. Now only a banner laid out holds its
lines; once laid out (its resize), it holds them at its real width, as before."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401


WARNING = ("1 file could not be indexed (bad.mp4: the file holds only zero bytes: its data was never written (a "
           "recording or a copy stopped by a crash or a power loss); a copy from elsewhere is needed). It is "
           "retried when it changes, or now with Try again.")


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_first_warning_leaves_the_window_its_size(qtbot, make_app_window, demo_library, scaled_font,
                                                      no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    window.resize(1400, 900)
    settle(qtbot)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1400, 900), timeout=10_000)
    window.show_message("warning", WARNING)
    banner = window.banner
    qtbot.waitUntil(lambda: banner.isVisible() and banner.width() > 200, timeout=10_000)
    settle(qtbot)
    QApplication.processEvents()
    assert window.size().toTuple() == (1400, 900)
    assert banner.minimumHeight() == banner.heightForWidth(banner.width())  # (its lines held at its width)
    assert banner.height() >= banner.heightForWidth(banner.width())

    # shown again after the window changed width while it was dismissed: held at its width now
    for width in (1, 1400):  # (its narrowest, then wide again: a stale narrow width held many lines)
        banner.dismiss()
        window.resize(width, 900)
        settle(qtbot)
        window.show_message("warning", WARNING)
        qtbot.waitUntil(lambda: banner.isVisible() and banner.minimumHeight() == banner.heightForWidth(banner.width()),
                        timeout=10_000)
        settle(qtbot)
        assert window.height() == 900, width
        assert banner.minimumHeight() == banner.heightForWidth(banner.width()), width
