"""The preview area's split follows the video's 16:9 height exactly through resizes of the window
and a status message's rows coming and going: the split was computed from the panes' sizes before
the splitter laid them out at its new height, the splitter then shared the difference 3:2, so the
player was 20-40 px off what it needs and a different height after each resize (233 px needed at
1280x800: 240 at first, 214 while a long message showed and 254 once it was gone; 271 after the
window went to 700 px tall and back). The split that follows the video is not saved: the next
start follows it too; one the user dragged is kept."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.preview_split import video_height
from tests.app.conftest import type_query
from tests.app.test_captions_title_fits import settle
from tests.app.test_status_bar_fits import HUGE


def searched_window(qtbot, make_app_window, library, query: str):
    """The window over ``library`` showing the search, ``query`` typed once the library is read,
    then resized to 1280x800 and laid out."""
    window = make_app_window(library)
    window.show_search()
    qtbot.waitUntil(lambda: "videos" in window.status_widgets.library_label.text(), timeout=10_000)
    type_query(qtbot, window, query)
    window.resize(1280, 800)
    settle(qtbot)
    return window


def test_the_video_keeps_its_height_through_resizes_and_messages(qtbot, make_app_window, demo_library,
                                                                  no_real_dialogs):
    window = searched_window(qtbot, make_app_window, demo_library, "a red ball bouncing on the beach")
    area, player, bar = window.preview_area, window.preview, window.statusBar()

    def split_fits() -> bool:
        return abs(player.height() - video_height(area)) <= 1

    assert split_fits(), (player.height(), video_height(area), area.sizes())
    first, tall = player.height(), area.height()
    for _ in range(2):
        bar.showMessage(HUGE, 15_000)  # (once rows above the status bar's parts, the area shorter: now
        settle(qtbot)                  # one line in the room the bar keeps, test_message_bar_moves_nothing)
        assert bar.message_label.isVisible() and area.height() == tall
        assert split_fits(), ("message shown", player.height(), video_height(area), area.sizes())
        bar.clearMessage()
        settle(qtbot)
        assert player.height() == first, ("message gone", player.height(), first, area.sizes())
    for height in (780, 700, 760, 800):
        window.resize(1280, height)
        settle(qtbot)
        assert split_fits(), (height, player.height(), video_height(area), area.sizes())
    assert player.height() == first


def _drag_handle(qtbot, area, dy: int) -> None:
    handle = area.handle(1)
    at = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=at)
    for step in range(1, 5):
        qtbot.mouseMove(handle, at + QPoint(0, dy * step // 4))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=at + QPoint(0, dy))
    settle(qtbot)


def test_the_next_start_follows_the_video_unless_the_user_dragged(qtbot, make_app_window, demo_library,
                                                                   no_real_dialogs):
    """The window saved the split it had when closed, though it only followed the video: the next
    start restored it as the user's own, and the video no longer followed the window's size (the
    fix of fb51428 for the first start alone). A split the user dragged is still kept."""
    first = make_app_window(demo_library)
    first.resize(1280, 800)
    settle(qtbot)
    first.save_settings()

    second = make_app_window(demo_library)  # (the same settings: the next start)
    second.show_search()
    area, player = second.preview_area, second.preview
    for height in (800, 700):
        second.resize(1280, height)
        settle(qtbot)
        assert abs(player.height() - video_height(area)) <= 1, (height, player.height(), video_height(area))
    _drag_handle(qtbot, area, 100)
    dragged = area.sizes()
    assert dragged[0] >= video_height(area) + 80, dragged
    second.save_settings()

    third = make_app_window(demo_library)  # (the user's split restored and kept)
    third.show_search()
    third.resize(1280, 700)
    settle(qtbot)
    assert third.preview_area.sizes() == dragged, (third.preview_area.sizes(), dragged)
