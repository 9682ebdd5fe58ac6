"""The preview of a video the engine times otherwise than Qt's player (``core.play_timing``) shows
the engine's frames at its times: sought to a result's moment, the frame indexed there. Measured
before: Qt's player showed joined camcorder clips as long as their first part (a moment in the
second showed the first part's last frame, or nothing), a raw H.264 stream not at all, an AVI
with B-frames one to three frames early, and refused a fragmented MP4 stopped inside a
fragment's header ("Cannot play")."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6.QtMultimedia")

from PySide6.QtGui import QImage  # noqa: E402

from app.engine_movie import NOTE, EngineMovie, frame_size  # noqa: E402
from app.file_reads import FileReads  # noqa: E402
from app.player import PreviewPlayer  # noqa: E402
from core.media import FrameSampler  # noqa: E402
from tests import test_avi_reorder as avi  # noqa: E402
from tests.test_fragmented_mp4 import top_boxes  # noqa: E402
from tests.test_timestamp_restarts import FPS, number, picture, write_ts  # noqa: E402


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    import av

    d = tmp_path_factory.mktemp("engine-timed")
    joined = d / "joined.ts"  # (5 s: frames 0-49, then 4 s: frames 100-139, joined byte for byte)
    joined.write_bytes(write_ts(d / "a.ts", range(50)).read_bytes() + write_ts(d / "b.ts", range(100, 140)).read_bytes())
    frag = d / "frag.mp4"  # (fragmented, one fragment a second)
    with av.open(str(frag), "w", format="mp4", options={"movflags": "frag_keyframe+empty_moov+default_base_moof"}) as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"g": "10", "keyint_min": "10", "sc_threshold": "0", "bf": "2"}
        for i in range(50):
            for p in s.encode(av.VideoFrame.from_ndarray(picture(i), format="rgb24")):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    whole = frag.read_bytes()
    fourth = [end for kind, _, end in top_boxes(whole) if kind == b"moof"][3]
    cut = d / "stopped.mp4"
    cut.write_bytes(whole[: fourth - 4])  # (stopped inside the fourth fragment's header: FFmpeg refuses it)
    return {"joined": joined, "raw": write_ts(d / "raw.h264", range(80), fmt="h264"), "cut": cut,
            "avi": avi.write_avi(d / "clip.avi", *avi.KINDS["x264 with B-frames"]),
            "plain": write_ts(d / "plain.mp4", range(80), fmt="mp4")}


@pytest.fixture
def player(show_view):
    w = show_view(PreviewPlayer(reads=FileReads()), (480, 360))
    yield w
    w.clear()


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 3 * image.width()].reshape(image.height(), image.width(), 3)


def shown(player, sink_frames) -> QImage:
    """The picture in the preview: the engine's frames' view, else the media player's last frame."""
    if player.animation() is not None:
        return player._frames.image()
    return sink_frames[-1].toImage() if sink_frames else QImage()


def told(image: QImage, kind: str) -> int | None:
    if image.isNull():
        return None
    rgb = pixels(image)
    return avi.index_of(rgb) if kind == "avi" else number(rgb)


def engine_frame(path, t: float, kind: str) -> int:
    rgb = FrameSampler(size=None).frame_at(path, t)
    return avi.index_of(rgb) if kind == "avi" else number(rgb)


@pytest.mark.parametrize("kind, t, frame", [("joined", 6.5, 115), ("raw", 2.0, None), ("cut", 2.5, 25),
                                            ("avi", 0.8, 20)])
def test_a_moment_of_a_video_the_engine_times_otherwise_shows_the_engines_frame(player, files, qtbot, kind, t, frame):
    path = files[kind]
    want = engine_frame(path, t, kind)
    assert frame is None or want == frame  # (the engine's frame there, as indexed)
    sink = []
    player.media_player().videoSink().videoFrameChanged.connect(lambda f: sink.append(f) if f.isValid() else None)
    errors = []
    player.error.connect(errors.append)
    player.show_moment(str(path), t, t + 1.0)
    qtbot.waitUntil(lambda: told(shown(player, sink), kind) == want or bool(errors), timeout=10_000)
    assert not errors
    assert told(shown(player, sink), kind) == want
    assert isinstance(player.animation(), EngineMovie)
    assert player.position_s() == pytest.approx(t, abs=0.01)
    assert player._note.isVisible() and "as Seekframe reads it" in player._note.toolTip()
    assert player._note.text() != NOTE and "without sound" not in player._note.toolTip()  # (a silent file: none lost)


def test_an_engine_timed_video_with_sound_is_noted_as_playing_without_it(player, tmp_path, qtbot):
    from tests.test_ogg_chain import chain

    path = chain(tmp_path, "loud.ogv", [range(30), range(100, 120)], sound=True)
    player.show_moment(str(path), 1.0, 2.0)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie), timeout=10_000)
    assert player._note.isVisible() and player._note.text() == NOTE
    assert "without sound" in player._note.toolTip()


def test_joined_clips_play_through_their_second_part_and_pause(player, files, qtbot):
    path = files["joined"]
    seen = []
    player.show_moment(str(path), 4.5, 5.5, autoplay=True)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie), timeout=10_000)
    player.animation().frame_changed.connect(lambda image: seen.append(told(image, "joined")))
    assert player.timeline().duration() == pytest.approx(9.0, abs=0.11)
    qtbot.waitUntil(lambda: player.position_s() >= 5.6, timeout=10_000)
    assert player.is_playing()
    player.pause()
    movie = player.animation()
    assert not player.is_playing()
    qtbot.waitUntil(lambda: not movie.reading(), timeout=10_000)
    at, image = player.position_s(), player._frames.image()
    qtbot.wait(200)
    assert player.position_s() == at and player._frames.image() == image  # (paused: nothing more shown)
    assert 5.6 <= at < 9.0
    assert seen and seen == sorted(seen) and any(n >= 105 for n in seen), seen  # (the second part's frames, in order)
    assert seen[-1] == pytest.approx(100 + (at - 5.0) * FPS, abs=3)  # (the frame at the clock's time)


def test_the_end_of_an_engine_timed_video_stops_on_its_last_frame(player, files, qtbot):
    player.show_moment(str(files["joined"]), 8.6, 9.0, autoplay=True)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie) and not player.is_playing(), timeout=10_000)
    assert player.position_s() == pytest.approx(9.0, abs=0.11)
    assert told(player._frames.image(), "joined") == 139


def test_a_plain_mp4_still_plays_in_the_media_player(player, files, qtbot):
    path = files["plain"]
    player.show_moment(str(path), 3.0, 4.0)
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    assert player.animation() is None
    assert player.media_player().source().toLocalFile() == str(path)
    assert not player._note.isVisible()


def test_a_plain_mp4_after_an_engine_timed_video_leaves_no_worker(player, files, qtbot):
    player.show_moment(str(files["joined"]), 6.0, 7.0, autoplay=True)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie), timeout=10_000)
    movie = player.animation()
    player.show_moment(str(files["plain"]), 1.0, 2.0)
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    qtbot.waitUntil(lambda: not movie.reading(), timeout=10_000)  # (a read in flight ends; no other asked)
    assert movie._frames._frames is None  # (the file let go)
    assert player.animation() is None and not player._note.isVisible()


def test_frames_are_read_at_the_previews_size_never_larger_than_the_video():
    assert frame_size(1920, 1080, 480, 360) == (480, 270)
    assert frame_size(64, 48, 480, 360) == (64, 48)
    assert frame_size(1080, 1920, 480, 360) == (202, 360)


def test_each_frame_is_shown_at_its_own_time_not_at_the_next_tick(player, files, qtbot):
    """Frames were shown at the clock's next 20 ms tick (a 30 fps video shown in steps of 20 and
    40 ms): each is now shown when its time comes."""
    late = []
    player.show_moment(str(files["joined"]), 1.013, 3.0, autoplay=True)  # (between ticks)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie), timeout=10_000)
    movie = player.animation()
    movie.frame_changed.connect(lambda image: late.append(movie.position() - 100 * told(image, "joined")))
    medians = []
    for _ in range(3):  # (a loaded machine's timers fire late too: at its time in one of three plays)
        qtbot.waitUntil(lambda: len(late) >= 12, timeout=10_000)
        player.pause()
        shown, late[:] = late[1:], []  # (the first: shown as soon as read)
        assert min(shown) >= -1, shown  # never before its time
        medians.append(sorted(shown)[len(shown) // 2])
        if medians[-1] <= 5:  # and at it (a tick's step: a 30 fps video's frames 0, 7 and 13 ms late)
            break
        player.play()  # (on from where it paused: its first frame again shown as soon as read)
    assert min(medians) <= 5, medians


def test_a_video_the_media_player_cannot_open_and_the_engine_reads_shows_the_engines_frames(player, files, qtbot,
                                                                                           monkeypatch):
    """One the engine's timing did not flag (the look says "a video"): the media player fails on it
    ("Cannot play"), and its frames are shown as the library indexed them in its place."""
    import core.play_timing

    monkeypatch.setattr(core.play_timing, "engine_timed", lambda path: None)
    path, errors = files["raw"], []
    player.error.connect(errors.append)
    want = engine_frame(path, 2.0, "raw")
    player.show_moment(str(path), 2.0, 3.0)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie) or bool(errors), timeout=10_000)
    assert not errors
    qtbot.waitUntil(lambda: told(player._frames.image(), "raw") == want, timeout=10_000)
    assert player.position_s() == pytest.approx(2.0, abs=0.01)
    assert "could not play it" in player._note.toolTip()


def test_a_file_neither_reads_is_still_said_so(player, tmp_path, qtbot):
    path = tmp_path / "notes.mp4"
    path.write_text("not a video")
    with qtbot.waitSignal(player.error, timeout=10_000) as said:
        player.show_moment(str(path), 1.0, 2.0)
    assert said.args[0].startswith(f"Cannot play {path}: ") and player.animation() is None


def test_the_clock_waits_for_frames_still_being_read_and_a_closed_movie_lets_its_file_go(files, qtbot):
    """Reads answered by hand (the worker pool's, slow): the position never runs ahead of the frames
    read, and a movie closed with a read in flight closes its file when the read answers."""
    from core.play_timing import engine_timed

    path, asked = files["joined"], []
    movie = EngineMovie(str(path), engine_timed(path), (64, 48), lambda fn, *args, then: asked.append((fn, args, then)))

    def answer():
        fn, args, then = asked.pop(0)
        then(fn(*args))

    movie.setPosition(2000)
    movie.play()
    assert len(asked) == 1 and movie.reading()  # (one read at a time: the play's waits for the seek's)
    qtbot.wait(150)
    assert movie.position() == 2000  # (nothing read yet: the clock stands)
    answer()  # (the seek's: dropped, the play's asked)
    assert len(asked) == 1 and movie.image().isNull()
    answer()  # (4 frames from 2 s)
    assert told(movie.image(), "joined") == 20
    qtbot.waitUntil(lambda: told(movie.image(), "joined") == 23, timeout=10_000)
    qtbot.wait(400)  # (the next frames are not read: the clock waits at the last one's time)
    assert 2300 <= movie.position() <= 2400 + 60 and len(asked) == 1
    movie.close()
    assert movie.reading()
    answer()
    assert not movie.reading() and movie._frames._frames is None


@pytest.mark.parametrize("then", ["deleted", "overwritten"])
def test_a_file_gone_or_changed_while_its_engine_frames_play_is_said_and_stops(player, files, tmp_path, qtbot, then):
    """A read of the engine's frames that failed (the file deleted or overwritten since its look)
    was dropped silently: the clock ran on to the end over the last frame. It is said now (a file
    gone as such, for the file notice), and the preview stops on the frame shown."""
    from app.play_words import missing_file_message

    path = tmp_path / "joined.ts"
    path.write_bytes(files["joined"].read_bytes())
    player.show_moment(str(path), 1.0, 2.0, autoplay=True)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie) and not player._frames.image().isNull(),
                    timeout=10_000)
    if then == "deleted":
        path.unlink()
    else:
        path.write_text("not a video any more")
    with qtbot.waitSignal(player.error, timeout=10_000) as said:
        player.seek(6.0)  # (the file read anew from there)
    text = said.args[0]
    assert text == missing_file_message(str(path)) if then == "deleted" else text.startswith(f"Cannot play {path}: ")
    assert not player.is_playing()


def test_a_preview_squeezed_flat_still_reads_the_frames_at_a_size_to_see(show_view, files, qtbot):
    """The frames were read at the preview's size as the video was shown: squeezed flat (a
    splitter), 2 x 2 pixels, kept as it was widened again."""
    from core.play_timing import engine_timed

    timed = engine_timed(files["joined"])
    player = show_view(PreviewPlayer(reads=FileReads()), (300, 30))
    try:
        player.show_moment(str(files["joined"]), 1.0, 2.0)
        qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie), timeout=10_000)
        want = (timed.width, timed.height)  # (a small video: its own size; was 2 x 2)
        assert player.animation()._frames.size == want
        qtbot.waitUntil(lambda: not player._frames.image().isNull(), timeout=10_000)
        assert (player._frames.image().width(), player._frames.image().height()) == want
    finally:
        player.clear()


def test_a_movie_let_go_as_the_window_closes_with_a_read_in_flight_lets_the_file_go(show_view, files, qtbot):
    """The preview moved on from a video shown through the engine's frames while a read of them
    was in flight, and the window closed before that read answered: its answer is dropped
    (``FileReads``), and the file was closed only by that answer, so it stayed open. The read's
    worker closes it now."""
    import threading

    from PySide6.QtWidgets import QWidget

    window = show_view(QWidget(), (480, 360))
    file_reads, gate = FileReads(window), threading.Event()
    gate.set()

    def reads(fn, *args, then):  # (the pool's, each read held while the gate is shut)
        file_reads(lambda *a: gate.wait(60) and fn(*a), *args, then=then)

    player = PreviewPlayer(window, reads=reads)
    player.resize(480, 360)
    player.show_moment(str(files["joined"]), 1.0, 2.0, autoplay=True)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie) and not player._frames.image().isNull(),
                    timeout=10_000)
    movie = player.animation()
    gate.clear()
    qtbot.waitUntil(lambda: movie.reading(), timeout=10_000)  # (the next frames' read, held)
    player.clear()  # (the preview moves on: the movie let go)
    window.close()  # (its reads' answers dropped from now)
    gate.set()
    qtbot.waitUntil(lambda: movie._frames._frames is None, timeout=10_000)  # the file let go
