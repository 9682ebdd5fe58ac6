"""An MP4 cut short inside its media data (its index first: a download that stopped) keeps its sound in Qt's player
(s59 fr_3's MEDIUMs 1 and 2): its timeline, and every seek, end where its frames stop, not at its header's length
(sought past the cut, Qt's player sat "playing" for ever with no frame), and the preview says "(cut short)" of
exactly the files ``seekframe index`` says are cut short (one rule: ``core.av_reader.cut_tolerance``). A player's
failure on it reads it through the engine to the same end (``core.play_timing.engine_reads``)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from app.file_reads import FileReads  # noqa: E402
from app.movie_source import VIDEO, look_at_file  # noqa: E402
from app.player import PreviewPlayer  # noqa: E402
from core import play_timing  # noqa: E402
from core.errors import CutShort  # noqa: E402
from core.media import FrameSampler  # noqa: E402
from core.mp4_cut import playable_s  # noqa: E402
from tests.test_mp4_cut_sound_rule import cut, lost_s, with_sound_mp4  # noqa: E402


def index_says_cut_short(path) -> bool:
    """Whether indexing ``path`` says it is cut short (the reader's ``CutShort`` at its end)."""
    try:
        for _ in FrameSampler(size=16).iter_at_rate(str(path), 2.0):
            pass
    except CutShort:
        return True
    return False


@pytest.fixture
def player(show_view):
    w = show_view(PreviewPlayer(reads=FileReads()), (480, 360))
    yield w
    w.clear()


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """A 10 s clip with sound, whole and cut short by ~2.5 s; a 160 s one (2 fps) cut short by 2-3 s."""
    folder = tmp_path_factory.mktemp("cut_sound")
    whole = with_sound_mp4(folder / "whole.mp4", 10, 10)
    late = cut(with_sound_mp4(folder / "long.mp4", 160, 2), 0.987, "late.mp4")
    return whole, cut(whole, 0.77, "short.mp4"), late


def settled(player) -> bool:
    """Loaded (Qt's player, or the engine's frames after Qt failed on the cut file: either ends at the cut)."""
    return player.is_loaded() and player._pending_seek is None


def test_a_clip_with_sound_cut_short_goes_to_qt_and_plays_to_where_it_stops(player, clips, qtbot):
    whole, short, late = clips
    assert 1.5 < lost_s(late) < 3.0  # (the parent left it to Qt's player with its header's timeline: under 3 s)
    end = playable_s(late)
    kind, cut_found = look_at_file(str(late))
    assert kind == VIDEO and cut_found.playable_s == pytest.approx(end)  # (Qt's player: its sound kept)
    errors = []
    player.error.connect(errors.append)
    player.show_moment(str(late), 159.0, 159.5)  # (past the cut)
    qtbot.waitUntil(lambda: settled(player) or bool(errors), timeout=10_000)
    assert not errors and player.timeline().duration() == pytest.approx(end, abs=0.01)  # (the parent: 160 s)
    assert player.position_s() <= end + 0.001
    player.seek(10.0)
    player.seek(159.8)
    qtbot.waitUntil(lambda: settled(player) and player.position_s() > 10.0, timeout=5_000)
    assert player.position_s() <= end + 0.001
    player.seek(end - 0.6)  # played into the cut: it stops there (the parent: "playing" past it for ever)
    player.play()
    qtbot.waitUntil(lambda: settled(player) and not player.is_playing(), timeout=5_000)
    assert end - 1.0 < player.position_s() <= end + 0.001 and not errors
    # Qt's demuxer, reading ahead, meets the sample the cut goes through ("Invalid data found", a FormatError):
    # the cut's end, not a failure (the parent: the engine's silent frames took over); Play plays it again, in Qt
    assert player.animation() is None
    player.play()
    qtbot.waitUntil(lambda: settled(player) and player.is_playing() and 0.0 < player.position_s() < 30.0,
                    timeout=5_000)
    assert player.animation() is None and not errors
    player.pause()
    assert player.timeline().duration() == pytest.approx(end, abs=0.01)
    # "(cut short)" where the index says so: not of 2-3 s of 160 (its 10 s), but of 2.5 s of a 10 s clip
    assert not index_says_cut_short(late)  # (the engine's frames, after Qt failed on it: "No sound" at most)
    assert not (player._note.isVisible() and "cut short" in player._note.text())
    player.show_moment(str(short), 9.5, 9.9)
    qtbot.waitUntil(lambda: settled(player) or bool(errors), timeout=10_000)
    assert not errors and index_says_cut_short(short)
    assert player.timeline().duration() == pytest.approx(playable_s(short), abs=0.01)
    assert player._note.isVisible() and "(cut short)" in player._note.text()
    player.show_moment(str(whole), 9.5, 9.9)  # a whole file: Qt's player, the header's length, no note
    qtbot.waitUntil(lambda: settled(player) and player.timeline().duration() > 9.9, timeout=10_000)
    assert not player._note.isVisible() and not index_says_cut_short(whole) and look_at_file(str(whole)) == (VIDEO, None)


def test_the_preview_says_cut_short_by_the_index_rule_and_a_failed_player_reads_to_the_cut(clips):
    whole, short, late = clips
    assert play_timing.engine_timed(whole) is None and not index_says_cut_short(whole)
    for clip in (short, late):
        found = play_timing.engine_timed(clip)  # (the parent: the engine's frames for short, nothing for late)
        assert isinstance(found, play_timing.Cut) and found.playable_s == pytest.approx(playable_s(clip))
        assert found.said == index_says_cut_short(clip)
    failed = play_timing.engine_reads(short)  # (Qt's player failed on it: the engine's frames, to the cut)
    assert failed is not None and failed.why == play_timing.CUT_SHORT
    assert failed.duration == pytest.approx(playable_s(short)) and failed.cut.said


def test_only_a_few_frames_before_the_cut_are_taken_for_it():
    """Qt's video decoder meets the part-written sample the cut goes through a few frames ahead of what plays (rv_6's
    finding 3: the parent took any FormatError in the 10 s before a cut, any at all in a clip cut before 10 s, for
    it); an error earlier is a failure, the engine's frames going on."""
    from PySide6.QtMultimedia import QMediaPlayer

    from app.cut_end import CutEnd

    bad = QMediaPlayer.Error.FormatError
    end = CutEnd(None)
    end.set(play_timing.Cut(100.0, 110.0, True, fps=30.0))  # (a second before the cut: 30 frames)
    assert end.read_to(bad, 99_200) and not end.read_to(bad, 95_000) and not end.read_to(bad, 0)
    assert not end.read_to(QMediaPlayer.Error.ResourceError, 99_900)
    end.set(play_timing.Cut(158.0, 160.0, True, fps=2.0))  # (2 fps: 10 frames, 5 s; measured 3.1 s ahead)
    assert end.read_to(bad, 154_880) and not end.read_to(bad, 150_000)
    end.set(None)
    assert not end.read_to(bad, 157_000)


def test_a_cut_file_loaded_after_one_sought_near_its_cut_is_not_judged_by_that_seek(player, clips, qtbot):
    """A FormatError while a cut file loads, before its own seek, was judged against the seek made in the file before
    (``_asked_at``, never reset: rv_6's finding 3): sought to 157 s of a file cut at 158 s, an error loading another
    cut file at its start was taken for that file's cut, and its failure hidden."""
    from PySide6.QtMultimedia import QMediaPlayer

    from app.file_urls import file_url

    _whole, short, late = clips
    errors, failed = [], []
    player.error.connect(errors.append)
    player.show_moment(str(late), 157.0, 157.5)
    qtbot.waitUntil(lambda: settled(player) or bool(errors), timeout=10_000)
    assert not errors and player.animation() is None

    def loading(url) -> None:  # (as Qt's player fails on the file it is given: before its seek is applied)
        if url == file_url(str(short)):
            player._player.errorOccurred.emit(QMediaPlayer.Error.FormatError, "Invalid data found")
            failed.append(player._failed)

    player._player.sourceChanged.connect(loading)
    try:
        player.show_moment(str(short), 0.5, 0.9)
        qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    finally:
        player._player.sourceChanged.disconnect(loading)
    assert failed == [True]  # (the parent: [False], the error taken for the cut of the file before's seek)
    qtbot.waitUntil(lambda: player.animation() is not None or bool(errors), timeout=10_000)  # (the engine's frames)
