"""PreviewPlayer on an animated WebP, which Qt's FFmpeg backend cannot decode: it plays from its
frames (``app.movie_source``) on the indexer's timeline, and a video after it plays as before."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtMultimedia")
Image = pytest.importorskip("PIL.Image")

from PySide6.QtMultimedia import QMediaPlayer  # noqa: E402

from app.file_urls import file_url  # noqa: E402
from tests.app.test_view_player import player  # noqa: E402,F401 - the same player fixture
from tests.videos import Segment, write_video  # noqa: E402

COLOURS = [(i * 25, 255 - i * 25, (i * 70) % 256) for i in range(10)]  # 10 frames, 100 ms each


@pytest.fixture(scope="module")
def webp_clip(tmp_path_factory):
    path = tmp_path_factory.mktemp("player-webp") / "sticker.webp"
    frames = [Image.new("RGB", (64, 48), c) for c in COLOURS]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0, lossless=True)
    return path


def _shown_colour(player):
    """The colour at the centre of the picture on screen (the widget grabbed, not the decoder)."""
    view = player._frames
    assert player._screen.currentWidget() is view, "the animation is shown where the video was"
    img = view.grab().toImage()
    return img.pixelColor(img.width() // 2, img.height() // 2).getRgb()[:3]


def _near(colour, expected, tol=3):
    return all(abs(a - b) <= tol for a, b in zip(colour, expected))


def test_an_animated_webp_shows_the_frame_of_its_moment(player, webp_clip, qtbot):
    player.show_moment(webp_clip, 0.5, 0.8, matches=[(0.5, 0.8, 0.7)])
    qtbot.waitUntil(player.is_loaded, timeout=10_000)  # (its file read in a worker)
    assert player.is_loaded() and player.current_path() == str(webp_clip)
    assert player.media_player().source().isEmpty(), "FFmpeg is not asked to decode it"
    assert player.timeline().duration() == pytest.approx(1.0)
    assert player.position_s() == pytest.approx(0.5)
    assert _near(_shown_colour(player), COLOURS[5]), "the 6th frame is shown at 0.5 s"
    assert not player.is_playing()
    assert player._time.text() == "0:00 / 0:01"
    player.show_moment(webp_clip, 0.25, 0.4)  # another moment of it: a frame back
    assert _near(_shown_colour(player), COLOURS[2])
    assert player.timeline().current() == (0.25, 0.4)


def test_it_plays_pauses_seeks_and_stops_at_its_end(player, webp_clip, qtbot):
    player.show_moment(webp_clip, 0.0, 0.5)
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    reported = []
    player.position_changed.connect(reported.append)
    with qtbot.waitSignal(player.position_changed, timeout=10_000):
        player.toggle_play()
    assert player.is_playing() and player._button.accessibleName() == "Pause"
    qtbot.waitUntil(lambda: player.position_s() >= 0.35, timeout=10_000)
    # (reported at the next tick: on a loaded machine it may come a little after the clock is there)
    qtbot.waitUntil(lambda: reported[-1] >= 0.3, timeout=10_000)  # the position is reported as it plays
    assert reported == sorted(reported)
    player.pause()
    assert not player.is_playing() and player._button.accessibleName() == "Play"
    paused_at = player.position_s()
    qtbot.wait(300)
    assert player.position_s() == paused_at, "paused, it stays"
    player.seek(0.75)
    assert player.position_s() == pytest.approx(0.75)
    assert _near(_shown_colour(player), COLOURS[7])
    player.play()
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=10_000)  # it stops at its end, as a video
    assert player.position_s() == pytest.approx(1.0)
    assert _near(_shown_colour(player), COLOURS[9]), "its last frame stays"
    player.play()  # from its end: from the start again
    assert player.is_playing() and player.position_s() < 0.2


def test_autoplay_plays_from_the_moment(player, webp_clip, qtbot):
    player.show_moment(webp_clip, 0.3, 0.6, autoplay=True)
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    assert player.is_playing()
    assert _near(_shown_colour(player), COLOURS[3])
    qtbot.waitUntil(lambda: player.animation().frame_number() >= 5, timeout=10_000)
    assert _near(_shown_colour(player), COLOURS[player.animation().frame_number()])


def test_clear_empties_it_and_a_video_after_it_plays(player, webp_clip, qtbot, tmp_path):
    player.show_moment(webp_clip, 0.5, 1.0, autoplay=True)
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    player.clear()
    assert player.current_path() is None and player.animation() is None
    assert player.timeline().duration() == 0 and not player.is_playing()
    player.play()  # nothing to play
    assert not player.is_playing()

    video = write_video(tmp_path / "beach.mp4", [Segment(2, "yellow"), Segment(2, "blue")])
    player.show_moment(webp_clip, 0.5, 1.0)
    player.show_moment(str(video), 2.0, 3.0, autoplay=True)
    assert player.animation() is None and player._screen.currentWidget() is player._video
    qtbot.waitUntil(player.is_loaded, timeout=10000)
    assert player.media_player().source() == file_url(str(video))
    qtbot.waitUntil(lambda: player.media_player().position() > 2100, timeout=10_000)
    assert player.media_player().playbackState() == QMediaPlayer.PlaybackState.PlayingState
    assert player.timeline().duration() == pytest.approx(4.0, abs=0.2)


def test_a_still_webp_is_left_to_the_media_player(player, tmp_path, qtbot):
    still = tmp_path / "photo.webp"
    Image.new("RGB", (64, 48), "red").save(still)
    player.show_moment(still, 0.0, 0.0)
    qtbot.waitUntil(lambda: not player.media_player().source().isEmpty(), timeout=10_000)
    assert player.animation() is None
    assert player.media_player().source() == file_url(str(still))


def test_it_is_told_by_its_bytes_not_its_name(player, webp_clip, tmp_path, qtbot):
    renamed = tmp_path / "clip.mp4"
    renamed.write_bytes(webp_clip.read_bytes())
    player.show_moment(renamed, 0.5, 1.0)
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    assert player.animation() is not None and player.media_player().source().isEmpty()
    assert _near(_shown_colour(player), COLOURS[5])


def test_one_qt_cannot_read_is_an_error_naming_it(player, webp_clip, qtbot, monkeypatch):
    import app.player

    monkeypatch.setattr(app.player, "open_animation", lambda path, parent: "its format is not supported here")
    with qtbot.waitSignal(player.error, timeout=10_000) as sig:
        player.show_moment(webp_clip, 0.5, 1.0)
    assert str(webp_clip) in sig.args[0] and "Cannot play" in sig.args[0]
    assert player.current_path() is None and not player.is_loaded()


def _hang_reads(monkeypatch):
    """The WebP's file read held (a share whose server does not answer) until the gate opens, at
    most 60 s (a bound a loaded machine's steps never reach: a test that waited for the read
    finds it answered); each read says whether it ran in the GUI thread, and is noted once answered."""
    import threading

    import app.movie_source as movie_source

    gate, reads, answered, real = threading.Event(), [], [], movie_source.read_animation

    def hung(path):
        reads.append(threading.current_thread() is threading.main_thread())
        gate.wait(60)
        answered.append(path)
        return real(path)

    monkeypatch.setattr(movie_source, "read_animation", hung)
    return gate, reads, answered


def test_its_file_is_read_off_the_gui_thread_which_goes_on_meanwhile(player, webp_clip, qtbot, monkeypatch):
    from tests.app.holding import beats

    gate, reads, answered = _hang_reads(monkeypatch)
    try:
        player.show_moment(webp_clip, 0.5, 0.8)
        assert not answered  # it returned without waiting for the read
        assert not player.is_loaded() and player.animation() is None  # reading: nothing shown yet
        beats(qtbot, 20)  # the GUI thread went on (its timer fired 20 times)...
        assert not answered  # ...while the read hung (a minute: a GUI thread held by it fires none)
        qtbot.waitUntil(lambda: bool(reads), timeout=10_000)  # (the worker's read, however late it starts)
        assert reads == [False] and not answered  # read in a worker, still held
        assert not player.is_loaded() and player.current_path() == str(webp_clip)
    finally:
        gate.set()
    qtbot.waitUntil(player.is_loaded, timeout=10_000)  # answered: the animation, at its moment's frame
    assert player.animation() is not None and player.position_s() == pytest.approx(0.5)
    assert _near(_shown_colour(player), COLOURS[5]) and not player.is_playing()


def test_a_video_chosen_while_the_webp_is_still_read_wins(player, webp_clip, qtbot, monkeypatch, tmp_path):
    from app import workers

    video = str(write_video(tmp_path / "beach.mp4", [Segment(2, "yellow"), Segment(2, "blue")]))
    gate, reads, answered = _hang_reads(monkeypatch)
    try:
        player.show_moment(webp_clip, 0.5, 0.8)
        qtbot.waitUntil(lambda: bool(reads), timeout=10_000)  # its read hangs
        player.show_moment(video, 2.0, 3.0)
        qtbot.waitUntil(player.is_loaded, timeout=10000)
        assert player.current_path() == video and player.media_player().source() == file_url(video)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: bool(answered) and not workers.live_workers(), timeout=10_000)  # its late answer came
    assert player.animation() is None and player._screen.currentWidget() is player._video, "dropped"
    assert player.current_path() == video and player.media_player().source() == file_url(video)
    assert player.is_loaded() and player.timeline().duration() == pytest.approx(4.0, abs=0.2)
