"""A file cut short (a download or copy that did not finish, a camera that lost power) is indexed
as far as it plays, as players play it, and says so: its moments end where it stops, its row keeps
the note (``core.errors.CutShort``), the run, ``seekframe status`` and the app list it. A file of
which nothing plays still fails, with the reason."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from core.decode_pool import DecodePool, DecodeSpec
from core.errors import CutShort
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE, FAILED
from core.media import FrameSampler
from core.moments import MomentSegmenter
from core.progress import Tally
from core.service import library_status
from core.video_info import READER
from tests.fakes import ColourMeanEncoder
from tests.test_tracks import colour_at, nearest, write
from tests.videos import write_truncated


def cut_clip(folder: Path, name: str = "cut.mkv", seconds: float = 10.0, keep: float = 0.5) -> Path:
    """A ``seconds`` clip whose colour changes each second, of which the first ``keep`` of its
    bytes are left; its header still claims the whole length."""
    whole = write(folder / f"whole-{name}", seconds)
    cut = write_truncated(whole, folder / name, keep=keep)
    Path(whole).unlink()
    return cut


def folder_of(tmp_path, whole: bool = False, whole_name: str = "whole.mkv", **cut) -> tuple[Path, Path]:
    """(a folder holding ``cut.mkv``, cut short, and with ``whole`` a 3 s ``whole_name``; a library path)."""
    folder = tmp_path / "videos"
    folder.mkdir()
    cut_clip(folder, **cut)
    if whole:
        write(folder / whole_name, 3.0)
    return folder, tmp_path / "lib"


def run(lib_path, folder, **options) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(**{"two_pass": False, **options}))
                    .run([str(folder)]))


def video(lib_path, name: str):
    with VideoLibrary(lib_path, read_only=True) as lib:
        rec = next(v for v in lib.video_table.all() if Path(v.path).name == name)
        return rec, sorted(lib.moment_table.of(rec.video_id), key=lambda m: m.start)


def test_the_segmenter_gives_the_moments_of_what_plays_then_says_the_file_is_cut_short(tmp_path):
    path = cut_clip(tmp_path, seconds=10.0)
    sampler, got = FrameSampler(size=16), []
    with pytest.raises(CutShort) as cut:
        for m in MomentSegmenter(window_s=2.0, frames_per_moment=2).segment(str(path), sampler):
            got.append(m)
    plays = cut.value.plays_s
    assert 2.0 < plays < 8.0 and cut.value.claimed_s == pytest.approx(10.0, abs=0.2)
    assert got and got[0].start == 0.0 and got[-1].end == pytest.approx(plays)
    assert all(a.end == b.start for a, b in zip(got, got[1:]))  # they tile what plays
    for m in got:  # the right frames, at their own times, none past the cut
        assert all(t < plays for t in m.frame_times)
        assert [nearest(f.reshape(-1, 3).mean(0)) for f in m.frames] == [colour_at(t) for t in m.frame_times]


def test_a_cut_short_file_is_indexed_as_far_as_it_plays_and_the_run_says_so(tmp_path):
    folder, lib = folder_of(tmp_path, whole=True)
    events = run(lib, folder)
    done = {Path(e.current).name: e.error for e in events if e.kind == "file_done"}
    assert done["whole.mkv"] == "" and done["cut.mkv"].startswith("cut short: plays")
    assert not any(e.kind == "file_failed" for e in events)
    tally = Tally()
    for e in events:
        tally.add(e)
    assert list(tally.cut_short) == [str(folder / "cut.mkv")]
    assert tally.cut_text().startswith("1 file is cut short")

    rec, moments = video(lib, "cut.mkv")
    assert rec.status == DONE and rec.reader == READER and rec.error == done["cut.mkv"]
    assert 2.0 < rec.duration < 8.0 and moments[-1].end == pytest.approx(rec.duration)
    assert video(lib, "whole.mkv")[0].error == ""
    with VideoLibrary(lib, read_only=True) as library:
        st = library_status(library)
    assert st.cut_short == ((str(folder / "cut.mkv"), rec.error),) and not st.failed and st.videos == 2
    assert [e.kind for e in run(lib, folder)] == ["scanned", "finished"]  # done: not read again


def test_a_quick_pass_then_the_full_one_say_it_once(tmp_path):
    folder, lib = folder_of(tmp_path)
    events = run(lib, folder, two_pass=True)
    assert [e.phase for e in events if e.kind == "file_done"] == ["quick", "full"]
    tally = Tally()
    for e in events:
        tally.add(e)
    assert len(tally.cut_short) == 1 and tally.indexed == 1
    rec, moments = video(lib, "cut.mkv")
    assert not rec.quick and rec.error.startswith("cut short") and moments[-1].end == pytest.approx(rec.duration)


def test_a_file_of_which_nothing_plays_fails_with_the_reason(tmp_path):
    folder, lib = folder_of(tmp_path, keep=0.05)
    events = run(lib, folder)
    failed = [e for e in events if e.kind == "file_failed"]
    assert len(failed) == 1, [(e.kind, e.error) for e in events]
    rec, moments = video(lib, "cut.mkv")
    assert rec.status == FAILED and not moments and rec.error == failed[0].error


def test_a_copy_of_a_cut_short_file_says_it_too(tmp_path):
    folder, lib = folder_of(tmp_path)
    path = folder / "cut.mkv"
    run(lib, folder)
    (folder / "copy.mkv").write_bytes(path.read_bytes())
    events = run(lib, folder)
    assert events[0].summary["to_index"] == 0  # (a copy: its vectors are the original's)
    original, copy = video(lib, "cut.mkv")[0], video(lib, "copy.mkv")[0]
    assert copy.status == DONE and copy.error == original.error != ""


def test_a_file_the_fourth_reader_failed_as_truncated_is_indexed_and_no_other_video_is_read(tmp_path):
    folder, lib = folder_of(tmp_path, whole=True, whole_name="whole.mp4")  # (an MKV is checked by 13: sparse_rate)
    run(lib, folder)
    with VideoLibrary(lib) as library:  # as the fourth reader left it
        for rec in library.video_table.all():
            library.video_table.merge([replace(rec, reader=4)])
        cut = library.video_table.by_path(folder / "cut.mkv")
        library.video_table.record_failure(replace(cut, reader=4), "truncated: decodes only 5.0 s of 10.0 s")
    events = run(lib, folder)
    assert events[0].summary["retry"] == 1 and events[0].summary.get("recheck", 0) == 1  # (the MP4: reader 17's)
    assert sorted((Path(e.current).name, e.kind) for e in events if e.kind.startswith("file_") and e.kind != "file_started") == [
        ("cut.mkv", "file_done"), ("whole.mp4", "file_checked")]
    rec, moments = video(lib, "cut.mkv")
    assert rec.status == DONE and rec.error.startswith("cut short") and moments
    assert video(lib, "whole.mp4")[0].reader == READER  # (checked by its index alone, kept: reader 17)


def test_the_decode_process_keeps_what_was_sent_before_a_cut_and_fails_a_file_cut_before_any(tmp_path):
    from tests.decode_faults import cut_after

    spec = DecodeSpec(size=16, timeout_s=20.0)
    pool = DecodePool()
    try:
        got = list(pool.decode(str(tmp_path / "two.mkv"), spec, timeout_s=20.0, fn=cut_after))
        assert [k for k, _ in got] == ["length", "moment", "moment", "done"] and got[0][1] == 10.0  # (the header's)
        info = got[-1][1]
        assert info.duration == 3.5 and info.cut_short.startswith("cut short: plays 3.5 s of the 10.0 s")
        got = list(pool.decode(str(tmp_path / "zero.mkv"), spec, timeout_s=20.0, fn=cut_after))
        assert got == [("length", 10.0), ("failed", "truncated: decodes only 3.5 s of 10.0 s")]
    finally:
        pool.close()


def test_an_mp4_cut_inside_its_media_data_is_diagnosed_so_and_indexed_as_far_as_it_plays(tmp_path, shared_videos):
    """A camera's MP4 with its index first (QuickTime-style: a data handler box after the media's
    own), cut short: the header's diagnosis names the cut, never 'no video track'."""
    from core.mp4_header import diagnose

    src = shared_videos / "car-detection.mp4"
    folder = tmp_path / "videos"
    folder.mkdir()
    cut = write_truncated(src, folder / "cut.mp4", keep=0.5)
    assert diagnose(src) is None
    assert "ends inside its media data" in diagnose(cut)
    run(tmp_path / "lib", folder)
    rec, moments = video(tmp_path / "lib", "cut.mp4")
    assert rec.status == DONE and rec.error.startswith("cut short") and np.isclose(moments[-1].end, rec.duration)


def test_the_cli_lists_files_cut_short_in_the_run_and_in_status(tmp_path, capsys, colour_model):
    import json

    from tests.cli_run import run_cli

    folder, lib = folder_of(tmp_path)
    code, _, err = run_cli(capsys, "index", folder, "--library", lib, "--model", colour_model)
    assert code == 0  # (nothing failed)
    lines = err.splitlines()
    at = lines.index("1 file is cut short (a download or copy that did not finish?): the part that plays is indexed.")
    assert lines[at + 1].startswith(f"  {folder / 'cut.mkv'}: cut short: plays ")
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0
    lines = out.splitlines()
    at = lines.index("Cut short (a download or copy that did not finish?), indexed as far as they play:")
    assert lines[at + 1].startswith(f"  {folder / 'cut.mkv'}: cut short: plays ")
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    (entry,) = json.loads(out)["cut_short"]
    assert entry["path"] == str(folder / "cut.mkv") and entry["note"].startswith("cut short: plays")


def test_a_file_cut_short_before_the_first_frame_wanted_is_indexed_by_the_frames_it_has(tmp_path):
    """A clip cut after a few frames (0.3 s of 10): the model's first sample lies past its end,
    yet what plays is a moment."""
    folder, lib = tmp_path / "videos", tmp_path / "lib"
    folder.mkdir()
    whole = write(tmp_path / "whole.avi", 10.0, fps=10, codec="mjpeg", options={"strict": "-1"})
    data = open(whole, "rb").read()
    frames = [i for i in range(len(data)) if data[i:i + 4] == b"00dc"]  # (each frame's chunk)
    (folder / "cut.avi").write_bytes(data[:frames[4]])  # three frames, and a little of the fourth
    events = run(lib, folder, window_s=8.0)  # (its first sample a second or more in: past the cut)
    assert not [e for e in events if e.kind == "file_failed"], [(e.kind, e.error) for e in events]
    rec, moments = video(lib, "cut.avi")
    assert rec.status == DONE and rec.error.startswith("cut short") and rec.duration < 0.6
    assert [(m.start, m.end) for m in moments] == [(0.0, pytest.approx(rec.duration))]


def test_a_stream_a_little_short_of_its_header_ends_its_moments_where_it_stops(tmp_path):
    """Within the tolerance no file is called cut short (0.6 s of 9.6 here), yet no moment claims
    the seconds after the last frame."""
    from tests.test_tracks import _claiming

    path = write(tmp_path / "short.mkv", 9.0)
    data = bytearray(open(path, "rb").read())
    at = data.find(b"00:00:09.000000000")
    data[at:at + 18] = b"\x00" * 18  # (its track's own length gone: the file's is the one left)
    open(path, "wb").write(bytes(data))
    _claiming(path, 9.6)
    moments = list(MomentSegmenter(window_s=2.0, frames_per_moment=2).segment(path, FrameSampler(size=16)))
    assert moments[-1].end == pytest.approx(9.0, abs=0.15) and moments[-1].end < 9.5


def test_a_file_of_which_one_frame_plays_says_how_long_not_0_0_s(tmp_path, shared_videos):
    """A real clip cut to its first tenth (one frame of 30 fps plays) is indexed as far as it
    plays, and its note says how far: it said "plays 0.0 s", as if nothing played."""
    assert CutShort("x.mkv", "truncated", 0.0333, 2.6).note().startswith("cut short: plays 0.03 s of the 2.6 s")
    assert CutShort("x.mkv", "truncated", 3.54, 10.0).note().startswith("cut short: plays 3.5 s of the 10.0 s")
    folder, lib = tmp_path / "videos", tmp_path / "lib"
    folder.mkdir()
    write_truncated(shared_videos / "again.mkv", folder / "cut.mkv", keep=0.1)
    run(lib, folder)
    rec, moments = video(lib, "cut.mkv")
    assert rec.status == DONE and moments and 0 < rec.duration < 0.095, (rec.status, rec.duration)
    assert rec.error.startswith(f"cut short: plays {rec.duration:.2f} s of the 2.6 s"), rec.error
