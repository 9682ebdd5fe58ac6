"""A lone long file gets the quick pass too. A run of fewer than 8 files and under 1 GiB ran one
pass (``wants_two_passes`` counted files and bytes), so a lone 2-hour lecture of 700 MB, or an hour's
recording with a few clips, was not searchable until its whole full pass ended: many minutes. The
rule weighs what the full pass costs, the files' length by their headers: ``TWO_PASS_MIN_S`` of
video or more together gets a quick pass first; a few short clips keep one pass (their full pass
is their first look, no slower than a quick one)."""

from __future__ import annotations

import os
import threading

import pytest

from core.encoders import Encoder
from core.index_passes import QUICK_MAX_MOMENTS, TWO_PASS_MIN_S, header_seconds, wants_two_passes
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary, VideoRecord
from tests.test_quick_pass_cap import write_long_clip
from tests.videos import Segment, write_video

LONG_S = 1000.0  # past TWO_PASS_MIN_S (600 s): 250 full moments of 4 s


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory):  # (LONG_S: this file's, the same 1000 s)
    return write_long_clip(tmp_path_factory.mktemp("lone") / "videos" / "lecture.mp4", LONG_S)


def _clips(folder, n: int = 3):
    for i, colour in enumerate(("red", "blue", "yellow", "green")[:n]):
        write_video(folder / f"clip_{colour}.mp4", [Segment(6, colour)], size=(64, 48), seed=i)
    return folder


def _record(path, duration: float = 0.0, size: int = 1000) -> VideoRecord:
    return VideoRecord(f"{abs(hash(str(path))):016x}", str(path), "/v", size, 0.0, "h", duration=duration)


def _index(folder, lib_path, colour_model) -> tuple[list, list]:
    """The run's events, and the long file's (quick, moments) at each of its commits."""
    events, commits = [], []
    with VideoLibrary(lib_path) as lib:
        for ev in MomentIndexer(lib, Encoder.load(colour_model), IndexOptions()).run([str(folder)]):
            events.append(ev)
            if ev.kind == "file_done" and ev.current and ev.current.endswith("lecture.mp4"):
                v = next(v for v in lib.video_table.all() if v.path == ev.current)
                commits.append((ev.phase, v.quick, v.n_moments))
    return events, commits


def test_the_length_is_read_off_the_header(long_clip, tmp_path):
    assert header_seconds(_record(long_clip)) == pytest.approx(LONG_S, abs=1.0)
    assert header_seconds(_record(tmp_path / "gone.mp4")) == 0.0  # (its decode says why)
    assert header_seconds(_record(tmp_path / "gone.mp4", duration=1800.0)) == 1800.0  # (a changed file's record)


def test_the_rule_weighs_the_files_length():
    assert wants_two_passes(None, [_record("/v/a.mp4")], length=lambda r: 3600.0)
    assert not wants_two_passes(None, [_record(f"/v/{i}.mp4") for i in range(3)], length=lambda r: 90.0)
    seven = [_record(f"/v/{i}.mp4") for i in range(7)]  # 7 x 90 s: the length, not one file, is long
    assert wants_two_passes(None, seven, length=lambda r: TWO_PASS_MIN_S / 6)
    assert not wants_two_passes(False, [_record("/v/a.mp4")], length=lambda r: 3600.0)  # (the option rules)


@pytest.mark.slow  # (an index run of a 1000 s clip: ~5 s)
def test_a_lone_long_file_is_searchable_through_a_quick_pass_first(long_clip, tmp_path, colour_model):
    events, commits = _index(long_clip.parent, tmp_path / "lib", colour_model)
    scanned = events[0]
    assert scanned.kind == "scanned" and scanned.summary["two_pass"] and scanned.phase == "quick"  # (was one pass)
    assert [p for p, _, _ in commits] == ["quick", "full"], commits
    (_, quick, n_quick), (_, full_quick, n_full) = commits
    assert quick and 0 < n_quick <= QUICK_MAX_MOMENTS
    assert not full_quick and n_full == 250
    assert events[-1].kind == "finished"


@pytest.mark.slow  # (an index run of a 1000 s clip: ~5 s)
def test_a_long_file_with_a_few_clips_gets_the_quick_pass(long_clip, tmp_path, colour_model):
    folder = _clips(tmp_path / "videos")
    (folder / long_clip.name).write_bytes(long_clip.read_bytes())
    events, commits = _index(folder, tmp_path / "lib", colour_model)
    assert events[0].summary["two_pass"] and [p for p, _, _ in commits] == ["quick", "full"]


def test_a_few_short_clips_keep_one_pass(tmp_path, colour_model):
    events, _ = _index(_clips(tmp_path / "videos", 4), tmp_path / "lib", colour_model)
    assert not events[0].summary["two_pass"] and events[0].phase == "full"
    assert {ev.phase for ev in events if ev.kind == "file_done"} == {"full"}
    assert not any(ev.kind == "pass_started" for ev in events)



HELD_S = 4.0  # how long the held open waits for its release (the old code waited it out, then read the header)


@pytest.mark.slow  # (the look waits its bound, 1 s; the old code the held open, HELD_S)
def test_a_header_whose_open_hangs_counts_as_its_record(long_clip, monkeypatch):
    """An open of a file on a share that stopped answering blocks in the system, where FFmpeg's
    interrupt callback cannot stop it: the look (``HEADER_LOOK_S``) held the run's start for as long,
    then read the header. It is one bounded call now: no answer within the bound, the record's length."""
    from core import bounded_meta, hwdecode, index_passes, mp4_header

    gate, held = threading.Event(), []

    def holding(real):  # (an MP4's length is read from its index, others' through FFmpeg's open: both held)
        def hung(src, *args, **kw):
            if isinstance(src, (str, os.PathLike)) and os.fspath(src) == str(long_clip):
                held.append(src)
                gate.wait(HELD_S)
            return real(src, *args, **kw)
        return hung

    monkeypatch.setattr(hwdecode, "open_input", holding(hwdecode.open_input))
    monkeypatch.setattr(mp4_header, "video_seconds", holding(mp4_header.video_seconds))
    try:  # (the old code: 1000 s, the header read once the open answered)
        assert header_seconds(_record(long_clip, duration=1800.0), timeout_s=0.5) == 1800.0
        assert held, "the open was not held"
    finally:
        gate.set()
        while bounded_meta.stuck(index_passes.header_key(str(long_clip))):  # (the read's key: its file)
            threading.Event().wait(0.05)
