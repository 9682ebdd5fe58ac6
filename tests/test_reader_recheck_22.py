"""Reader 22 reads an MP4/MOV whose video's edit list has no entries to its frames' own end (``core.mp4_end``: a
screen recording 3.77 s long, where 21 took FFmpeg's length of its decoding times, 2.58 s, and the preview now shows
it to 3.77 s) and says an MP4 cut short inside its media data cut short on the preview's numbers. A library of 21
checks its MP4/MOV files once (rv_6's finding 2: else the index kept 2.58 s of a file the preview plays to 3.77 s):
those whose index says none of that can be kept from it alone, never opened; such a file opened and embedded again
where its length is not the one 21 recorded, its last frames then indexed."""

from __future__ import annotations

import struct

import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler, reads_as_by  # noqa: E402
from core.reader_recheck import ends_otherwise_by_21, steady_mp4  # noqa: E402
from core.video_info import READER, SAME_FRAMES_SINCE, frames_since, thumbs_since  # noqa: E402
from tests.test_vfr_mp4_end import END, TIMES, write_vfr  # noqa: E402

OLD_S = 2.583  # (what 21 indexed of the file with no entries: FFmpeg's length)


def no_entries(folder, name: str = "empty_list.mp4"):
    """The screen recording (``TIMES``) whose video's edit list has no entries, and the same with its edit list."""
    listed = write_vfr(folder / "listed.mp4", TIMES, 2, True)
    data = bytearray(listed.read_bytes())
    struct.pack_into(">I", data, data.index(b"elst") + 8, 0)
    path = folder / name
    path.write_bytes(bytes(data))
    return path, listed


def alike(path, old: int, recorded_s: float) -> bool:
    reader = FrameSampler(size=None, skip="nonref")._open(str(path))
    try:
        return reads_as_by(reader, old, recorded_s)
    finally:
        reader.close()


def test_mp4_and_mov_files_are_read_by_22_their_thumbnails_stand():
    assert READER >= 22
    for name in ("a.mp4", "A.MOV", "a.m4v", "a.3gp", "a.f4v"):
        assert frames_since(name) == 22 and thumbs_since(name) == SAME_FRAMES_SINCE, name
    assert frames_since("a.mkv") == 18 and frames_since("a.ts") == 19


def test_a_library_of_21_opens_only_the_files_it_may_have_ended_elsewhere(tmp_path):
    path, listed = no_entries(tmp_path)
    assert ends_otherwise_by_21(str(path)) and not steady_mp4(str(path), 21)  # (opened)
    assert not alike(path, 21, OLD_S)  # (21's 2.58 s: embedded again)
    assert alike(path, 21, FrameSampler(size=None).open(str(path)).info.duration)  # (the same length: kept)
    assert not ends_otherwise_by_21(str(listed)) and steady_mp4(str(listed), 21)  # (its edit list: kept unopened)
    assert not steady_mp4(str(listed), 22)  # (nothing to check)


def test_a_cut_mp4_of_a_library_of_21_is_read_again(tmp_path):
    from tests.test_mp4_cut_sound_rule import cut, with_sound_mp4

    cut_file = cut(with_sound_mp4(tmp_path / "whole.mp4", 4, 10), 0.7, "cut.mp4")
    assert ends_otherwise_by_21(str(cut_file)) and not steady_mp4(str(cut_file), 21)
    assert not ends_otherwise_by_21(str(tmp_path / "whole.mp4")) and steady_mp4(str(tmp_path / "whole.mp4"), 21)


@pytest.mark.slow  # (two indexing runs and a recheck: ~6 s)
def test_a_library_of_21_gets_the_new_end_of_a_file_with_no_entries_and_keeps_the_rest(tmp_path):
    from pathlib import Path

    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    no_entries(folder)
    left_by(tmp_path / "lib", folder, 21, durations={"empty_list.mp4": OLD_S})
    before = {"listed.mp4": video(tmp_path / "lib", "listed.mp4")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 2
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["empty_list.mp4"]
    rec, moments = video(tmp_path / "lib", "empty_list.mp4")
    assert rec.reader == READER and rec.duration == pytest.approx(END, abs=0.002)
    assert moments[-1].end == pytest.approx(END, abs=0.002)  # (its last frames indexed)
    assert_kept(tmp_path / "lib", before)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
