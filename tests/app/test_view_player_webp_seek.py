"""A seek far from the frame shown in a long animated WebP: Qt's WebP plugin cannot jump to a
frame, and the preview stepped through every frame before it in the GUI thread (~1 ms each at
480 x 270: a seek back in a minute-long sticker froze the window for a second). The frames are now
decoded in the worker pool (``app.webp_resume``), the GUI thread decoding a few at most; the frame
shown is the one the movie shows there, and the resume points are kept for the next seek."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6.QtMultimedia")
Image = pytest.importorskip("PIL.Image")

from PIL import ImageDraw  # noqa: E402
from PySide6.QtGui import QMovie  # noqa: E402

import app.movie_source as movie_source  # noqa: E402
from app import workers  # noqa: E402
from tests.app.test_view_player import player  # noqa: E402,F401 - the same player fixture
from tests.app.test_webp_resume import canvas, stepped  # noqa: E402

FRAMES, MS = 400, 40  # 16 s
FEW = 25  # the most frames the GUI thread decodes for a seek (app.movie_source.STEP_FRAMES), and its first


@pytest.fixture(scope="module")
def long_webp(tmp_path_factory):
    """A 400-frame animation: a ball crossing a background whose colour changes every frame."""
    path = tmp_path_factory.mktemp("player-webp-seek") / "long.webp"
    frames = []
    for i in range(FRAMES):
        im = Image.new("RGB", (160, 120), ((i * 7) % 256, (255 - i * 3) % 256, (i * 13) % 256))
        x, y = (i * 3) % 120, (i * 2) % 80
        ImageDraw.Draw(im).ellipse((x, y, x + 40, y + 40), fill=(255, 255, 255))
        frames.append(im)
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=MS, loop=0, quality=70)
    return path, stepped(path.read_bytes())


def at(frame: int) -> float:
    """The time (s) within ``frame``."""
    return (frame * MS + MS / 2) / 1000.0


@pytest.fixture
def gui_decodes(monkeypatch):
    """The frames the QMovie was asked to read in the GUI thread (each jumpToFrame call)."""
    calls = []
    real = QMovie.jumpToFrame

    def jump(movie, n):
        if threading.current_thread() is threading.main_thread():
            calls.append(n)
        return real(movie, n)

    monkeypatch.setattr(QMovie, "jumpToFrame", jump)
    return calls


@pytest.fixture
def resumes(monkeypatch):
    """The resume points asked for (their frames), made as usual."""
    asked, real = [], movie_source.resume_at

    def resume_at(data, frame, start=None):
        asked.append(frame)
        return real(data, frame, start)

    monkeypatch.setattr(movie_source, "resume_at", resume_at)
    return asked


def shown(player, long_webp, frame: int, qtbot) -> None:
    """Waits until ``frame`` is shown; it is the frame the movie shows there, stepped to."""
    anim = player.animation()
    qtbot.waitUntil(lambda: anim.frame_number() == frame, timeout=10000)
    assert canvas(anim.image()) == long_webp[1][frame], f"frame {frame} as the movie shows it"
    assert canvas(player._frames.image()) == long_webp[1][frame], "on screen"


def test_a_far_seek_back_decodes_a_few_frames_at_most_in_the_gui_thread(player, long_webp, qtbot, gui_decodes):
    path, _ = long_webp
    player.show_moment(path, at(350), at(360))
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    shown(player, long_webp, 350, qtbot)
    assert len(gui_decodes) <= 2 * FEW, len(gui_decodes)  # (the file's first frame, then the resume point's)
    gui_decodes.clear()
    player.seek(at(100))  # 250 frames back: the movie read them all again, from the first
    assert player.position_s() == pytest.approx(at(100))  # said at once, its frame coming
    shown(player, long_webp, 100, qtbot)
    assert len(gui_decodes) <= FEW, len(gui_decodes)
    gui_decodes.clear()
    player.seek(at(105))  # near it: stepped to at once, here
    assert player.animation().frame_number() == 105 and len(gui_decodes) <= 5
    shown(player, long_webp, 105, qtbot)


def test_playing_waits_for_a_far_frame_then_plays_on_from_it(player, long_webp, qtbot):
    path, frames = long_webp
    player.show_moment(path, at(300), at(310), autoplay=True)
    qtbot.waitUntil(lambda: player.is_playing() and player.animation().frame_number() >= 300, timeout=10000)
    anim = player.animation()
    player.seek(at(60))
    assert anim.waiting() and player.is_playing() and anim.position() == int(at(60) * 1000)
    qtbot.waitUntil(lambda: anim.frame_number() >= 60 and not anim.waiting(), timeout=10000)
    qtbot.waitUntil(lambda: anim.frame_number() >= 66, timeout=10_000)  # played on from there
    assert anim.frame_number() < 300 and canvas(anim.image()) == frames[anim.frame_number()]
    assert player.is_playing()


def test_a_seek_back_to_where_it_was_uses_the_kept_resume_point(player, long_webp, qtbot, resumes, gui_decodes):
    path, _ = long_webp
    player.show_moment(path, at(200), at(210))
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    shown(player, long_webp, 200, qtbot)
    assert resumes == [200]
    player.seek(at(380))  # 180 on: from the resume point at 200, in a worker
    shown(player, long_webp, 380, qtbot)
    assert resumes == [200, 380]
    gui_decodes.clear()
    player.seek(at(200))  # the moment's start again: at once, from the one kept
    assert player.animation().frame_number() == 200 and not player.animation().waiting()
    shown(player, long_webp, 200, qtbot)
    assert resumes == [200, 380] and len(gui_decodes) <= 2


def test_the_newest_far_seek_wins_and_one_for_a_file_let_go_is_dropped(player, long_webp, qtbot, resumes):
    path, _ = long_webp
    player.show_moment(path, at(10), at(20))
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    shown(player, long_webp, 10, qtbot)
    player.seek(at(390))
    player.seek(at(150))  # before the first one's frames came
    shown(player, long_webp, 150, qtbot)
    assert resumes[0] == 390 and resumes[-1] == 150 and len(resumes) <= 2
    player.seek(at(300))  # far from both kept: made in a worker
    assert player.animation().waiting()
    player.clear()  # another file, or none: its late answer shows nothing
    qtbot.waitUntil(lambda: not workers.live_workers(), timeout=10_000)
    qtbot.wait(100)
    assert resumes[-1] == 300 and player.animation() is None and player._frames.image().isNull()
