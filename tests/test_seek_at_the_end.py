"""A seek near a clean file's end that decodes nothing: FFmpeg's FLV demuxer lists the H.264
end-of-sequence tag FFmpeg's muxer writes after the last frame as a keyframe,
so a seek past the last frame's decoding time landed there, no frame came, and the reader called
a clean 12 s clip 'truncated: decodes only 0.5 s of 12.2 s' (a frame asked for at 11.85 s or
later, the default and the seek strategies). It now seeks further back, as after landing past the
wanted time; a file truly cut short is still said to be."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from core.errors import CutShort
from core import media
from core.media import FrameSampler
from tests.test_stale_headers import clip as colour_clip
from tests.test_tracks import colour_at, nearest
from tests.videos import write_truncated

# (a last group of pictures, 7-12 s, longer than the 48 frames the default strategy decodes through)
KINDS = {"flv": ("flv", "libx264"), "mp4": ("mp4", "libx264"), "mkv": ("matroska", "libx264"),
         "avi": ("avi", "mpeg4"), "ts": ("mpegts", "libx264")}


def clip(path: Path, fmt: str, codec: str, seconds: int = 12, fps: int = 10, gop: int = 70) -> Path:
    colour_clip(path, fmt, codec, seconds, fps, gop)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ends")
    return {ext: clip(folder / f"clip.{ext}", fmt, codec) for ext, (fmt, codec) in KINDS.items()}


def shown(sampler: FrameSampler, path, times) -> list[tuple[float, tuple]]:
    got = sampler.frames_at(path, times)
    return [(round(float(t), 3), nearest(f.reshape(-1, 3).mean(0))) for t, f in zip(got.times, got.frames)]


@pytest.mark.parametrize("strategy", ["auto", "seek"])
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("times", [[11.85], [11.95], [3.0, 11.95], [12.1]])
def test_a_frame_asked_for_near_a_clean_files_end_is_its_last_frames(clips, kind, strategy, times):
    want = [(round(min(np.floor(t * 10 + 1e-6) / 10, 11.9), 3), colour_at(min(t, 11.9))) for t in times]
    assert shown(FrameSampler(size=None, _strategy="sequential"), str(clips[kind]), times) == want
    assert shown(FrameSampler(size=None, _strategy=strategy), str(clips[kind]), times) == want


def test_a_seek_ahead_to_an_index_entry_past_the_last_keyframe_seeks_the_sure_way(clips, monkeypatch):
    """FFmpeg's FLV index, once the file is read, lists the end-of-sequence tag as a keyframe:
    a seek ahead to it (from an index that lists it at open) decodes nothing either."""
    path = str(clips["flv"])
    with av.open(path) as c:
        s = c.streams.video[0]
        for _ in c.demux(s):
            pass
        listed = sorted(int(e.timestamp) for e in s.index_entries if e.is_keyframe)
    assert listed[-1] == 11900 and listed[-2] <= 8000  # (the tag's, after the last keyframe's)
    monkeypatch.setattr(media, "keyframe_index", lambda stream: listed)
    sampler = FrameSampler(size=None)
    # (8 s sought to; 11.95 s within the 48 frames read through: a seek ahead to the tag's entry)
    assert shown(sampler, path, [8.0, 11.95]) == [(8.0, colour_at(8.0)), (11.9, colour_at(11.9))]
    assert sampler.last_stats["seeks"] >= 2


@pytest.mark.parametrize("strategy", ["auto", "seek", "sequential"])
def test_an_flv_truly_cut_short_is_still_said_to_be(clips, tmp_path, strategy):
    cut = write_truncated(clips["flv"], tmp_path / "cut.flv", keep=0.5)
    with pytest.raises(CutShort, match="truncated: decodes only"):
        FrameSampler(size=None, _strategy=strategy).frames_at(str(cut), [11.95])


@pytest.mark.parametrize("times", [[100.0], [3.0, 100.0], [13.0]])
def test_a_time_past_a_clean_flv_s_end_seeks_back_from_its_end_not_from_the_time(clips, monkeypatch, times):
    """An FLV asked for 100 s of its 12 s: the seek there lands on the end-of-sequence tag and
    decodes nothing, and the steps back (1, 4, 16 s) from 100 s did too, so it was sought 5 times
    and read from its start (121 frames decoded). Now the steps go back from its known end."""
    from core import reader_seek

    seeks = []
    real = reader_seek.to_pts
    monkeypatch.setattr(reader_seek, "to_pts", lambda reader, pts: seeks.append(pts) or real(reader, pts))
    sampler = FrameSampler(size=None)
    want = [(round(min(t, 11.9), 3), colour_at(min(t, 11.9))) for t in times]
    assert shown(sampler, str(clips["flv"]), times) == want
    assert len(seeks) <= len(times) + 1  # (was 5, 6 and 3)
    assert sampler.last_stats["grabs"] <= 60  # (was 121, 133)


def test_a_time_past_the_end_of_a_file_whose_length_is_sure_takes_one_seek(clips, monkeypatch):
    from core import reader_seek

    seeks = []
    real = reader_seek.to_pts
    monkeypatch.setattr(reader_seek, "to_pts", lambda reader, pts: seeks.append(pts) or real(reader, pts))
    for kind in ("mp4", "mkv", "avi"):
        seeks.clear()
        assert shown(FrameSampler(size=None), str(clips[kind]), [100.0]) == [(11.9, colour_at(11.9))]
        assert len(seeks) == 1, kind


def test_a_stale_flv_header_is_still_sought_past_its_length(tmp_path):
    """An FLV whose metadata says 6 s of its 12: the times past 6 s still give their frames."""
    from tests.test_stale_headers import stale

    path = str(stale(tmp_path, "flv"))
    times = [3.0, 9.5, 11.5, 100.0]
    want = [(round(min(t, 11.9), 3), colour_at(min(t, 11.9))) for t in times]
    assert shown(FrameSampler(size=None, _strategy="sequential"), path, times) == want
    assert shown(FrameSampler(size=None, _strategy="seek"), path, times) == want
    assert shown(FrameSampler(size=None), path, [11.5]) == want[2:3]
