"""A plain MP4 cut short inside its media data (a download that stopped; s59 H's walk: car-detection.mp4 cut at half)
played in the preview with its header's length, 0:30 of a file that plays to 0:13, and sought past the cut then
played sat at 0:20 "playing" (Pause button, no frame, no word) for ever. Its timeline ends where its frames stop now,
whichever player shows it (Qt's, its sound kept, held there: s59 X15; the engine's frames where Qt fails on it), a
moment past it shows the end and stops there, and the note says where the file ends and that it is cut short."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from app.engine_movie import EngineMovie  # noqa: E402
from app.file_reads import FileReads  # noqa: E402
from app.player import PreviewPlayer  # noqa: E402
from tests.videos import write_truncated  # noqa: E402


@pytest.fixture
def player(show_view):
    w = show_view(PreviewPlayer(reads=FileReads()), (480, 360))
    yield w
    w.clear()


def test_a_cut_short_mp4_ends_where_its_frames_stop_past_its_cut_too_and_says_so(player, tmp_path, qtbot,
                                                                                 shared_videos):
    cut = write_truncated(shared_videos / "car-detection.mp4", tmp_path / "truncated.mp4", keep=0.5)
    errors = []
    player.error.connect(errors.append)
    player.show_moment(str(cut), 20.0, 21.0)  # (past the cut: 0:20 of the header's 0:30)
    qtbot.waitUntil(lambda: (player.is_loaded() and player._pending_seek is None) or bool(errors), timeout=10_000)
    assert not errors and player.timeline().duration() == pytest.approx(13.6, abs=0.1)  # (not 30.16)
    qtbot.waitUntil(lambda: _frame_shown(player), timeout=10_000)  # (its last frame, whichever player shows it)
    assert 13.5 <= player.position_s() <= 13.61  # (at its end: not before it, not past it)
    text, tip = player._note.text(), player._note.toolTip()
    assert player._note.isVisible() and "ends at 0:13 (cut short)" in text and "cut short" in tip
    if isinstance(player.animation(), EngineMovie):  # (Qt failed on it: the engine's frames, said without sound)
        assert "no sound" in text and "without sound" in tip
    player.show_moment(str(cut), 13.0, 13.6, autoplay=True)  # (played into its cut: it stops there)
    qtbot.waitUntil(lambda: player.position_s() > 13.0, timeout=10_000)
    qtbot.waitUntil(lambda: not player.is_playing() and player._pending_seek is None, timeout=10_000)
    assert player.position_s() == pytest.approx(13.6, abs=0.1) and not errors


def _frame_shown(player) -> bool:
    """Whether a frame is on screen: the engine's frames', or Qt's player's sink's."""
    if isinstance(player.animation(), EngineMovie):
        return not player._frames.image().isNull()
    return player._video.videoSink().videoFrame().isValid()
