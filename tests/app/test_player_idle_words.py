"""The preview with no clip says how to get one: it was an empty black box (the video widget with
nothing to show) above a greyed bar and "0:00 / 0:00", no words (seen in screenshots of the search
page before any search). The words go as soon as a clip is asked for, and come back when the
preview is cleared."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.player import PreviewPlayer
from tests.videos import Segment, write_video


def shown_words(player) -> str:
    page = player._screen.currentWidget()
    return page.text() if isinstance(page, QLabel) and page.isVisible() else ""


def test_the_preview_says_what_to_do_while_it_has_no_clip(qtbot, show_view, tmp_path):
    player = show_view(PreviewPlayer(), (480, 360))
    assert "Select a clip" in shown_words(player)
    clip = write_video(tmp_path / "beach.mp4", [Segment(2, "yellow"), Segment(2, "blue")])
    player.show_moment(str(clip), 2.0, 3.0)
    assert shown_words(player) == "" and player._screen.currentWidget() is player._video
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    assert shown_words(player) == ""
    player.clear()
    assert "Select a clip" in shown_words(player)
