"""``core.mp4_cut.playable_s`` on the cut-short MP4s rv_6 found it wrong on (s59): one whose edit list starts after
its first frames (``ffmpeg -ss X -c copy``: the keyframe before X kept, the edit listed from X) had a timeline too
long by that start, the clock running on over a frozen picture; a bit flipped in a sample table's count made it
allocate hundreds of GB (MemoryError: the preview said "could not be read"); and a file missing only its last
fraction of a second went to the engine's frames, silent, where a plain player plays it with its sound."""

from __future__ import annotations

import struct
import tracemalloc

import pytest

av = pytest.importorskip("av")

from core import play_timing  # noqa: E402
from core.mp4_cut import playable_s  # noqa: E402
from core.play_timing import engine_timed  # noqa: E402
from tests.test_mp4_cut_short_play import decoded_to, index_first_mp4  # noqa: E402
from tests.test_timestamp_restarts import FPS  # noqa: E402


def _payload(data: bytes, kind: bytes) -> int:
    """Where the first ``kind`` box's payload starts (the video track's: it is the generated file's only track)."""
    return data.index(kind) + 4


def _cut(data: bytes, keep: float) -> bytes:
    media = data.index(b"mdat") + 4
    return data[:media + int(keep * (len(data) - media))]


def test_an_edit_list_starting_later_shortens_the_timeline_by_its_start(tmp_path):
    data = bytearray(index_first_mp4(tmp_path / "whole.mp4", frames=150).read_bytes())
    scale = struct.unpack_from(">I", data, _payload(data, b"mdhd") + 12)[0]
    at = _payload(data, b"elst") + 8 + 4  # (version/flags, count, then the first edit's duration, media time)
    struct.pack_into(">i", data, at, struct.unpack_from(">i", data, at)[0] + 3 * scale)  # (3 s in, as -ss 3 -c copy)
    plain = tmp_path / "plain.mp4"
    plain.write_bytes(_cut(bytes(index_first_mp4(tmp_path / "w2.mp4", frames=150).read_bytes()), 0.6))
    trimmed = tmp_path / "trimmed.mp4"
    trimmed.write_bytes(_cut(bytes(data), 0.6))
    got = playable_s(trimmed)
    assert got is not None and got == pytest.approx(playable_s(plain) - 3.0, abs=0.01)
    # (FFmpeg drops the frames before the edit: as far as it decodes from the edit's start, a few reordered more)
    assert decoded_to(trimmed) - 0.01 <= got <= decoded_to(trimmed) + 3.01 / FPS
    timed = engine_timed(trimmed)
    assert timed is not None and timed.why == play_timing.CUT_SHORT and timed.duration == pytest.approx(got)


@pytest.mark.parametrize("keep", [1.0, 0.5])
def test_a_bit_flipped_in_samples_a_chunk_is_damage_read_in_little_memory_and_left_to_the_plain_player(tmp_path, keep):
    data = bytearray(index_first_mp4(tmp_path / "whole.mp4", frames=40).read_bytes())
    struct.pack_into(">I", data, _payload(data, b"stsc") + 8 + 4, 0x7FFFFFFF)  # (the first entry's samples a chunk)
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(_cut(bytes(data), keep))
    tracemalloc.start()
    try:
        got = playable_s(damaged)  # (the parent allocated 16 GB a chunk listed here: MemoryError)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got is None and peak < 20 << 20
    assert engine_timed(damaged) is None  # (Qt's player tries it, as before the cut-short check)


def test_a_file_missing_only_part_of_a_second_plays_in_the_plain_player_with_its_sound(tmp_path, shared_videos):
    data = (shared_videos / "car-detection.mp4").read_bytes()
    end = tmp_path / "end.mp4"
    end.write_bytes(_cut(data, 0.99))  # (29.6 s of its 30.16 s)
    assert playable_s(end) == pytest.approx(29.6, abs=0.1)
    timed = engine_timed(end)  # (Qt's player with its sound, held to 29.6 s; not said cut short, as the index)
    assert isinstance(timed, play_timing.Cut) and timed.playable_s == pytest.approx(29.6, abs=0.1) and not timed.said
