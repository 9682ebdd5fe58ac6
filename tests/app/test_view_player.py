"""PreviewPlayer on real generated mp4 files: async load then seek, newest request wins, errors."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtMultimedia import QMediaPlayer  # noqa: E402

from app.file_reads import FileReads  # noqa: E402
from app.player import PreviewPlayer  # noqa: E402
from tests.videos import Segment, write_broken_video, write_video  # noqa: E402

FRAME = 0.1  # the test videos run at 10 fps
TOL = 2 * FRAME


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    d = tmp_path_factory.mktemp("player-videos")
    a = write_video(d / "beach.mp4", [Segment(2, "yellow"), Segment(2, "blue", "red"), Segment(2, "green")])
    b = write_video(d / "street.mp4", [Segment(3, "black"), Segment(3, "white", "blue")])
    return a, b


@pytest.fixture
def player(show_view):
    w = show_view(PreviewPlayer(reads=FileReads()), (480, 360))  # (its file read in workers, as in the window)
    yield w
    w.clear()


def _media_s(player):
    return player.media_player().position() / 1000.0


def test_show_moment_seeks_once_the_media_is_loaded(player, videos, qtbot):
    a, _ = videos
    player.show_moment(str(a), 2.0, 4.0, matches=[(0.0, 2.0, 0.1), (2.0, 4.0, 0.6)])
    assert player.current_path() == str(a)
    assert player.position_s() == 2.0, "the requested position is reported while loading"
    qtbot.waitUntil(player.is_loaded, timeout=10000)
    qtbot.waitUntil(lambda: abs(_media_s(player) - 2.0) <= TOL, timeout=10_000)
    assert player.timeline().current() == (2.0, 4.0)
    assert player.timeline().matches() == [(0.0, 2.0, 0.1), (2.0, 4.0, 0.6)]
    assert player.timeline().duration() == pytest.approx(6.0, abs=TOL)
    assert player.findChild(type(player._time)).text() == "0:02 / 0:06"


def test_autoplay_decodes_from_the_moment_start(player, videos, qtbot):
    _, b = videos
    frames = []
    player.media_player().videoSink().videoFrameChanged.connect(
        lambda f: frames.append(f.startTime() / 1e6) if f.isValid() and f.startTime() >= 0 else None)
    player.show_moment(str(b), 3.0, 5.0, autoplay=True)
    qtbot.waitUntil(lambda: len(frames) >= 3, timeout=10000)
    assert frames[0] == pytest.approx(3.0, abs=TOL), f"first decoded frame at {frames[0]} s"
    assert player.is_playing()
    assert player._button.accessibleName() == "Pause"


def test_a_newer_show_moment_wins_over_one_still_loading(player, videos, qtbot):
    a, b = videos
    frames = []
    player.media_player().videoSink().videoFrameChanged.connect(
        lambda f: frames.append(f.startTime() / 1e6) if f.isValid() and f.startTime() >= 0 else None)
    player.show_moment(str(a), 2.0, 4.0)
    player.show_moment(str(b), 3.0, 5.0)  # before the first file has loaded
    qtbot.waitUntil(player.is_loaded, timeout=10000)
    qtbot.waitUntil(lambda: abs(_media_s(player) - 3.0) <= TOL, timeout=10_000)
    # A late event of the first load must not move us. The player handles one source at a time,
    # in order: whatever the first load still sent came before the second file's frame at 3 s,
    # the last thing its paused seek produces; wait for that frame, then for what was posted.
    qtbot.waitUntil(lambda: bool(frames) and abs(frames[-1] - 3.0) <= TOL, timeout=10_000)
    QCoreApplication.processEvents()
    assert abs(frames[-1] - 3.0) <= TOL, f"the frame shown is at {frames[-1]} s"
    assert player.current_path() == str(b)
    assert player.media_player().source().toLocalFile() == str(b)
    assert abs(_media_s(player) - 3.0) <= TOL
    assert player.timeline().current() == (3.0, 5.0)


def test_same_file_seeks_at_once_without_reloading(player, videos, qtbot):
    a, _ = videos
    player.show_moment(str(a), 2.0, 4.0)
    qtbot.waitUntil(lambda: player.is_loaded() and abs(_media_s(player) - 2.0) <= TOL, timeout=10000)
    statuses = []
    player.media_player().mediaStatusChanged.connect(statuses.append)
    player.show_moment(str(a), 4.0, 6.0)
    qtbot.waitUntil(lambda: abs(_media_s(player) - 4.0) <= TOL, timeout=10_000)
    assert QMediaPlayer.MediaStatus.LoadingMedia not in statuses


def test_a_phones_portrait_video_is_shown_upright(player, tmp_path, qtbot):
    """Stored as landscape frames with a quarter turn in its header, as phones record portrait:
    the preview turns it as the index and the thumbnails do (``core.orientation``)."""
    import numpy as np

    from tests.test_orientation import assert_upright, write_turned

    path = tmp_path / "portrait.mp4"
    write_turned(path, -90, hflip=False)
    images = []
    player.media_player().videoSink().videoFrameChanged.connect(
        lambda f: images.append(f.toImage()) if f.isValid() else None)
    player.show_moment(str(path), 0.0, 1.0)
    qtbot.waitUntil(lambda: bool(images), timeout=10000)
    img = images[-1].convertToFormat(images[-1].Format.Format_RGB888)
    assert (img.width(), img.height()) == (48, 80)
    rows = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    assert_upright(rows[:, : img.width() * 3].reshape(img.height(), img.width(), 3))


def test_timeline_click_and_play_pause(player, videos, qtbot):
    a, _ = videos
    player.show_moment(str(a), 0.0, 2.0)
    qtbot.waitUntil(player.is_loaded, timeout=10000)
    player.timeline().seek_requested.emit(1.0)
    qtbot.waitUntil(lambda: abs(_media_s(player) - 1.0) <= TOL, timeout=10_000)
    with qtbot.waitSignal(player.position_changed, timeout=10_000):
        player.toggle_play()
    assert player.is_playing()
    player.toggle_play()
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=10_000)
    assert player._button.accessibleName() == "Play"


def test_missing_file_is_an_error_naming_it(player, tmp_path, qtbot):
    gone = tmp_path / "unplugged drive" / "holiday.mp4"
    with qtbot.waitSignal(player.error, timeout=10_000) as sig:
        player.show_moment(str(gone), 1.0, 2.0)
    assert str(gone) in sig.args[0] and "not there" in sig.args[0]
    assert player.current_path() is None


def test_unreadable_file_is_an_error_naming_it(player, tmp_path, qtbot):
    bad = write_broken_video(tmp_path / "notes.mp4")
    with qtbot.waitSignal(player.error, timeout=10000) as sig:
        player.show_moment(str(bad), 1.0, 2.0)
    assert str(bad) in sig.args[0] and "Cannot play" in sig.args[0]
    assert not player.is_loaded()


def test_clear_unloads(player, videos, qtbot):
    a, _ = videos
    player.show_moment(str(a), 2.0, 4.0)
    qtbot.waitUntil(player.is_loaded, timeout=10000)
    player.clear()
    assert player.current_path() is None and player.media_player().source().isEmpty()
    assert player.timeline().duration() == 0
    player.play()  # nothing to play: no error, no crash
    assert not player.is_playing()


def test_timeline_shows_each_files_duration(player, videos, qtbot, tmp_path):
    a, b = videos  # both 6 s long: the duration does not "change" between them
    player.show_moment(str(a), 2.0, 4.0)
    qtbot.waitUntil(lambda: player.is_loaded() and player.timeline().duration() > 5.5, timeout=10000)
    player.show_moment(str(b), 1.0, 2.0)
    qtbot.waitUntil(lambda: player.is_loaded() and player.current_path() == str(b), timeout=10000)
    qtbot.waitUntil(lambda: player.timeline().duration() == pytest.approx(6.0, abs=TOL), timeout=10_000)
    short = write_video(tmp_path / "short.mp4", [Segment(3, "red")])
    player.show_moment(str(short), 0.0, 1.0, duration=3.0)
    assert player.timeline().duration() == 3.0, "the caller's duration is shown while loading"
    qtbot.waitUntil(player.is_loaded, timeout=10000)
    assert player.timeline().duration() == pytest.approx(3.0, abs=TOL)


def test_a_moment_shown_without_autoplay_shows_its_frame_paused(player, videos, qtbot):
    _, b = videos
    frames = []
    player.media_player().videoSink().videoFrameChanged.connect(
        lambda f: frames.append(f.startTime() / 1e6) if f.isValid() and f.startTime() >= 0 else None)
    player.show_moment(str(b), 3.0, 5.0)
    qtbot.waitUntil(lambda: bool(frames), timeout=10000)  # a frame is decoded and shown, not a black box
    assert frames[-1] == pytest.approx(3.0, abs=TOL)
    assert player.media_player().playbackState() == QMediaPlayer.PlaybackState.PausedState
    # a playing video pauses when another moment of it is shown
    player.play()
    qtbot.waitUntil(player.is_playing, timeout=10_000)
    player.show_moment(str(b), 0.5, 2.0)
    qtbot.waitUntil(lambda: not player.is_playing() and abs(_media_s(player) - 0.5) <= TOL, timeout=10_000)
    qtbot.waitUntil(lambda: abs(frames[-1] - 0.5) <= TOL, timeout=10_000)


def test_a_new_file_shows_no_length_until_its_own_is_known(player, videos, qtbot, tmp_path, monkeypatch):
    """While the next file was read and loaded, the time label said the length of the video before
    it (the media player still had it, and reported it as it stopped): it says none until the new
    file's own is known. Nor is the new file's seek taken by the video let go (it was: the new file
    then showed its first frame, not its moment's)."""
    import threading

    import app.player

    a, _ = videos  # 6 s
    short = str(write_video(tmp_path / "short.mp4", [Segment(3, "red")]))
    player.show_moment(str(a), 2.0, 4.0)
    qtbot.waitUntil(lambda: player.is_loaded() and player._time.text() == "0:02 / 0:06", timeout=10000)
    said, real_set_text = [], player._time.setText
    monkeypatch.setattr(player._time, "setText", lambda text: (said.append(text), real_set_text(text)))
    gate, real_look = threading.Event(), app.player.look_at_file
    monkeypatch.setattr(app.player, "look_at_file", lambda path: (gate.wait(60), real_look(path))[1])
    try:
        player.show_moment(short, 1.0, 2.0)  # its look held: a share slow to answer
        qtbot.wait(200)
        assert not player.is_loaded() and player._time.text() == "0:01 / –:––", "no length: not the 6 s video's"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: player.is_loaded() and player.current_path() == short, timeout=10000)
    qtbot.waitUntil(lambda: player._time.text() == "0:01 / 0:03", timeout=10_000)
    assert not [text for text in said if text.endswith("0:06")], said  # never the 6 s video's
    qtbot.waitUntil(lambda: abs(_media_s(player) - 1.0) <= TOL, timeout=10_000)  # at its moment
