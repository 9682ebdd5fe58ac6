"""Reader 20 reads an MP4/MOV whose index holds cover art before its tracks by its video's own track
(``core.mp4_header.cover_first``; 19 asked another track's header by FFmpeg's stream index, a screen recording 2.58 s of
3.77 s) and a fragmented screen recording of B-frames as long as its fragments' samples are shown
(``mp4_samples.shown_end``; 19: FFmpeg's length of their decoding times). A library of 19 or older checks its
MP4/MOV files once: those 17's check keeps by their index alone (``mp4_samples.steady``) still kept so, but
for cover art before the tracks; those opened embedded again where they hold such cover art or read longer
from their fragments by more than ``MOVED_S``, the others kept (a plain screen recording 17 read whole
already). Their thumbnails stand (``thumbs_since``)."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.reader_recheck import steady_mp4  # noqa: E402
from core.video_info import READER, SAME_FRAMES_SINCE, frames_since, thumbs_since  # noqa: E402
from tests.recheck_library import read_alike  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_mp4_cover_first import with_cover  # noqa: E402
from tests.test_vfr_mp4_end import END, TIMES, write_vfr  # noqa: E402

STEADY = [k / 30 for k in range(90)]


def test_mp4_and_mov_files_are_read_by_20_their_thumbnails_stand():
    assert READER >= 20
    for name in ("a.mp4", "A.MOV", "a.m4v", "a.3gp", "a.f4v"):
        assert frames_since(name) == 22 and thumbs_since(name) == SAME_FRAMES_SINCE, name  # (21: recheck_21)
    assert frames_since("a.mkv") == 18 and frames_since("a.ts") == 19


def test_a_tagged_or_fragmented_screen_recording_is_read_again_the_others_kept(tmp_path):
    screen = write_vfr(tmp_path / "screen.mp4", TIMES, 2)
    assert read_alike(screen, 19) and read_alike(screen, 17)  # (17 reads it whole)
    tagged = with_cover(screen, tmp_path / "tagged.mp4")
    assert not read_alike(tagged, 19) and read_alike(tagged, 20)
    for flags in ("frag_keyframe+empty_moov", "frag_keyframe"):
        fragmented = remux(screen, tmp_path / f"{flags}.mp4", movflags=flags)
        assert not read_alike(fragmented, 19) and read_alike(fragmented, 20), flags
        assert not steady_mp4(str(fragmented), 19)
    steady = remux(write_vfr(tmp_path / "steady.mp4", STEADY, 2), tmp_path / "steady_fragmented.mp4",
                   movflags="frag_keyframe+empty_moov")
    assert steady_mp4(str(steady), 19) and read_alike(steady, 19)


def test_cover_art_before_the_tracks_is_opened_though_its_samples_are_steady(tmp_path):
    plain = write_vfr(tmp_path / "plain.mp4", STEADY, 2)
    tagged = with_cover(plain, tmp_path / "tagged.mp4")
    assert steady_mp4(str(plain), 19) and not steady_mp4(str(tagged), 19)
    assert not steady_mp4(str(plain), 22)  # (nothing to check)


@pytest.mark.slow
def test_a_library_of_reader_19_reads_again_its_tagged_and_fragmented_recordings_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    screen = write_vfr(tmp_path / "screen.mp4", TIMES, 2)
    with_cover(screen, folder / "tagged.mp4")
    remux(screen, folder / "fragmented.mp4", movflags="frag_keyframe+empty_moov")
    screen.rename(folder / "screen.mp4")
    write_vfr(folder / "steady.mp4", STEADY, 2)
    left_by(tmp_path / "lib", folder, 19, {"tagged.mp4": 2.58, "fragmented.mp4": 2.58})  # (as 19 read them)
    before = {name: video(tmp_path / "lib", name) for name in ("screen.mp4", "steady.mp4")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 4
    assert sorted(Path(e.current).name for e in events if e.kind == "file_done") == ["fragmented.mp4", "tagged.mp4"]
    for name in ("fragmented.mp4", "tagged.mp4"):
        rec, moments = video(tmp_path / "lib", name)
        assert rec.reader == READER and rec.duration == pytest.approx(END, abs=0.002), name
        assert moments[-1].end == pytest.approx(END, abs=0.002), name
    assert_kept(tmp_path / "lib", before)  # (kept: moments, ids and length as 19 left them)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
