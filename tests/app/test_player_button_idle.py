"""The preview's Play button is off while there is nothing to play: before a clip is chosen (and
after Clear, a search that found nothing, another library) it was enabled and a click did nothing."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from PySide6.QtCore import Qt  # noqa: E402

from app.file_reads import FileReads  # noqa: E402
from app.player import PreviewPlayer  # noqa: E402
from tests.videos import Segment, write_video  # noqa: E402


def test_play_is_off_with_no_clip_and_on_with_one(show_view, qtbot, tmp_path):
    video = write_video(tmp_path / "beach.mp4", [Segment(2, "yellow"), Segment(2, "blue", "red")])
    player = show_view(PreviewPlayer(reads=FileReads()), (480, 360))
    button = player._button
    assert not button.isEnabled(), "Play is offered with no clip to play"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not player.is_playing()
    player.show_moment(str(video), 2.0, 4.0)
    assert button.isEnabled()  # (at once: a click while it loads plays it once loaded)
    qtbot.waitUntil(player.is_loaded, timeout=10000)
    assert button.isEnabled()
    player.clear()
    assert not button.isEnabled()
