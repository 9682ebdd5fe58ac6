"""MP4/MOV edit lists with more than one entry, as editors write them: an empty edit (the video
starts after the movie does: after its sound, or a title's pause) and then a part of the media
(its start trimmed away). FFmpeg counts such a track's length from the movie's start, empty edit
included, and the reader took it for a length from the track's start: the video looked longer than
it plays by its empty edit, and one whose empty edit was more than a tenth of it was called cut short."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests.test_tracks import colour_at, nearest, write

MOVIE, MEDIA = 1000, 90000  # the time scales FFmpeg's muxer writes (mvhd's, the video's mdhd's)


def _boxes(data: bytes, start: int, end: int):
    while start + 8 <= end:
        size, kind = struct.unpack(">I4s", data[start:start + 8])
        yield kind, start, size
        start += size


def _sized(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def with_edits(path: Path, edits: list[tuple[float, float | None]]) -> Path:
    """``path`` (an MP4 whose index follows its media) with its video track's (the first track's)
    edit list made ``edits``: (seconds shown, from how far into the media; None: an empty edit)."""
    path = Path(path)
    data = path.read_bytes()
    _, at, size = next(b for b in _boxes(data, 0, len(data)) if b[0] == b"moov")
    moov = data[at:at + size]
    old = next(b for b in _boxes(moov, 8, size) if b[0] == b"trak")
    trak = moov[old[1]:old[1] + old[2]]
    shift = 0  # (the media time of the first frame shown: a B-frame delay the muxer's edit list skips)
    for kind, a, n in _boxes(trak, 8, len(trak)):
        if kind == b"edts":
            shift = struct.unpack(">i", trak[a + 8 + 16 + 4:a + 8 + 16 + 8])[0]
    elst = struct.pack(">II", 0, len(edits)) + b"".join(
        struct.pack(">IiHH", round(shown * MOVIE), -1 if media is None else shift + round(media * MEDIA), 1, 0)
        for shown, media in edits)
    parts = [trak[:8]]
    for kind, a, n in _boxes(trak, 8, len(trak)):
        if kind != b"edts":
            parts.append(trak[a:a + n])
        if kind == b"tkhd":
            parts.append(_sized(b"edts", _sized(b"elst", elst)))
    body = b"".join(parts)[8:]
    new_moov = moov[8:old[1]] + _sized(b"trak", body) + moov[old[1] + old[2]:]
    path.write_bytes(data[:at] + _sized(b"moov", new_moov) + data[at + size:])
    return path


def colours(frames) -> list:
    return [nearest(f.reshape(-1, 3).mean(0)) for f in frames]


@pytest.mark.parametrize("audio", [False, True])
def test_a_late_start_then_a_trimmed_start_is_as_long_as_it_plays(tmp_path, audio):
    """1 s of nothing, then 3 s of the media from 0.5 s into it (a 6 s recording): alone, the video
    plays from its first frame for 3 s; with sound from the movie's start, from 1 s to 4 s."""
    path = with_edits(write(tmp_path / "edited.mp4", 6.0, audio_s=6.0 if audio else 0.0),
                      [(1.0, None), (3.0, 0.5)])
    late = 1.0 if audio else 0.0
    info = probe(path)
    assert info.duration == pytest.approx(late + 3.0, abs=0.11) and info.cut_short == ""
    times = [late + t for t in (0.05, 0.45, 0.55, 1.55, 2.55, 2.95)]
    got = FrameSampler(size=16).frames_at(path, times)
    assert colours(got.frames) == [colour_at(0.5 + t - late) for t in times]
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(late + 3.0, abs=0.11)
    for m in moments:
        assert colours(m.frames) == [colour_at(0.5 + max(t, late) - late) for t in m.frame_times]


def test_a_late_start_of_the_whole_media_is_as_long_as_before(tmp_path):
    """An empty edit then the whole media (FFmpeg's own length here is the media's): unchanged."""
    path = with_edits(write(tmp_path / "late.mp4", 3.0, audio_s=4.0), [(1.0, None), (3.0, 0.0)])
    assert probe(path).duration == pytest.approx(4.0, abs=0.11)
    got = FrameSampler(size=16).frames_at(path, [1.05, 2.05, 3.95])
    assert colours(got.frames) == [colour_at(t - 1.0) for t in (1.05, 2.05, 3.95)]
