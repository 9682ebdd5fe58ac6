"""The preview area's split follows the video's 16:9 height exactly through resizes of the window
and a status message's rows coming and going: the split was computed from the panes' sizes before
the splitter laid them out at its new height, the splitter then shared the difference 3:2, so the
player was 20-40 px off what it needs and a different height after each resize (233 px needed at
1280x800: 240 at first, 214 while a long message showed and 254 once it was gone; 271 after the
window went to 700 px tall and back)."""

from __future__ import annotations

from app.preview_split import video_height
from tests.app.conftest import type_query
from tests.app.test_captions_title_fits import settle
from tests.app.test_status_bar_fits import HUGE


def test_the_video_keeps_its_height_through_resizes_and_messages(qtbot, make_app_window, demo_library,
                                                                  no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    qtbot.waitUntil(lambda: "videos" in window.status_widgets.library_label.text(), timeout=10_000)
    type_query(qtbot, window, "a red ball bouncing on the beach")
    window.resize(1280, 800)
    settle(qtbot)
    area, player, bar = window.preview_area, window.preview, window.statusBar()

    def split_fits() -> bool:
        return abs(player.height() - video_height(area)) <= 1

    assert split_fits(), (player.height(), video_height(area), area.sizes())
    first = player.height()
    for _ in range(2):
        bar.showMessage(HUGE, 15_000)  # (rows above the status bar's parts: the area shorter)
        settle(qtbot)
        assert bar.message_label.isVisible() and area.height() < 700
        assert split_fits(), ("message shown", player.height(), video_height(area), area.sizes())
        bar.clearMessage()
        settle(qtbot)
        assert player.height() == first, ("message gone", player.height(), first, area.sizes())
    for height in (780, 700, 760, 800):
        window.resize(1280, height)
        settle(qtbot)
        assert split_fits(), (height, player.height(), video_height(area), area.sizes())
    assert player.height() == first
