"""The quick pass on footage whose keyframes are rare (``core.sparse_keys``): H.264 with intra refresh
(one IDR frame at the start) and a group of pictures longer than the clip gave one frame ([0.0]) for
the whole file in MP4, Matroska, MPEG-TS and NUT, so every quick moment showed the first frame until
the full pass. Now the quick pass decodes between keyframes more than ``QUICK_KEY_GAP_S`` apart:
frames spread over the clip, at their true times, the same pixels as a full decode; a file with
short groups of pictures decodes exactly the keyframes it decoded before."""

from __future__ import annotations

import numpy as np
import pytest

import core.sparse_keys as SK
import core.timeline as TL
from core.decode_pool import DecodeSpec, decode_file
from core.index_passes import QUICK_KEY_GAP_S, quick_spec
from core.media import FrameSampler
from tests.test_decode_modes import write_clip

FORMATS = {"mp4": None, "mkv": "matroska", "ts": "mpegts", "nut": "nut"}
SPARSE = {"intra-refresh": {"gop": 250, "bframes": 0, "x264_params": "intra-refresh=1"},
          "long-gop": {"gop": 600, "bframes": 3}}


def quick_moments(path):
    info, moments = decode_file(str(path), quick_spec(DecodeSpec(size=32, frames_per_moment=4)))
    return info, list(moments)


@pytest.fixture
def decoder_frames(monkeypatch):
    """Frames the decoder gave, counted."""
    n = [0]
    decoded = TL.decoded

    def counted(stream, packet):
        frames = decoded(stream, packet)
        n[0] += len(frames)
        return frames

    monkeypatch.setattr(TL, "decoded", counted)
    return n


def _full_and_quick_frames(path, moments, times):
    """A full (sequential) decode's frames at ``times``, and the quick pass's frames by their times."""
    exact = FrameSampler(32, _strategy="sequential").frames_at(path, times)
    return exact, {round(float(t), 6): f for m in moments for t, f in zip(m.frame_times, m.frames)}


@pytest.mark.parametrize("ext", list(FORMATS))
@pytest.mark.parametrize("kind", list(SPARSE))
def test_the_quick_pass_spreads_frames_over_a_clip_of_rare_keyframes(tmp_path, kind, ext):
    path = tmp_path / f"{kind}.{ext}"
    times = write_clip(path, seconds=30.0, fps=10.0, fmt=FORMATS[ext], **SPARSE[kind])
    info, moments = quick_moments(path)
    got = sorted({round(float(t), 6) for m in moments for t in m.frame_times})
    assert len(got) > 1, got  # (was [0.0]: every moment the first frame)
    assert got[-1] >= 30.0 - QUICK_KEY_GAP_S and max(np.diff([0.0] + got + [30.0])) <= QUICK_KEY_GAP_S
    assert all(min(abs(t - u) for u in times) < 1e-3 for t in got)  # the container's own times
    exact, quick = _full_and_quick_frames(path, moments, got)
    assert all(np.array_equal(quick[t], e) for t, e in zip(got, exact.frames))  # (no broken references)


@pytest.mark.parametrize("ext", ["mp4", "ts"])
def test_short_groups_of_pictures_decode_no_more_than_keyframes_only(tmp_path, ext, decoder_frames):
    path = tmp_path / f"short.{ext}"
    write_clip(path, seconds=30.0, fps=10.0, gop=20, bframes=3, fmt=FORMATS[ext])
    runs = []
    for spec in (DecodeSpec(size=32, frames_per_moment=4, skip="nonkey"), quick_spec(DecodeSpec(size=32, frames_per_moment=4))):
        decoder_frames[0] = 0
        _, moments = decode_file(str(path), spec)
        runs.append(([m.frame_times.tolist() for m in moments], decoder_frames[0]))
    assert runs[1] == runs[0] and runs[0][1] <= 16  # 15 keyframes (the probe's first frame again)


def test_decoding_between_keyframes_is_bounded_per_file(tmp_path, monkeypatch, decoder_frames):
    path = tmp_path / "intra-refresh.mkv"
    write_clip(path, seconds=40.0, fps=10.0, fmt="matroska", **SPARSE["intra-refresh"])
    monkeypatch.setattr(SK, "DENSE_MAX_FRAMES", 100)
    _, moments = quick_moments(path)
    got = sorted({float(t) for m in moments for t in m.frame_times})
    # past the budget, one hop from the one recovery point after it (25 s), at most a refresh's frames
    # (was keyframes only: nothing after 10 s)
    assert decoder_frames[0] <= 100 + 2 * SK.SETTLE_FRAMES + 250, decoder_frames[0]
    assert len(got) > 1 and got[-1] >= 100 / 10.0 + 10.0


def test_groups_a_little_longer_than_the_gap_are_decoded_between_each(tmp_path):
    """Groups of 25 s: each decoded between its keyframes (keyframes only again after each)."""
    assert 25.0 > QUICK_KEY_GAP_S
    path = tmp_path / "gop25.mp4"
    write_clip(path, seconds=60.0, fps=10.0, gop=250, bframes=0)
    _, moments = quick_moments(path)
    got = sorted({float(t) for m in moments for t in m.frame_times})
    assert max(np.diff(got + [60.0])) <= QUICK_KEY_GAP_S


def _forced_keys_clip(path, fmt, seconds=40, fps=10, keys=(0, 20, 40)):
    """Keyframes at 0, 2 and 4 s, then none (B-frames: the decoder shows a keyframe only later)."""
    from fractions import Fraction

    import av

    rng = np.random.default_rng(7)
    texture = rng.integers(0, 256, size=(64, 192, 3), dtype=np.uint8)
    with av.open(str(path), "w", format=fmt) as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 96, 64, "yuv420p"
        stream.options = {"bf": "3", "g": "100000", "keyint_min": "100000", "sc_threshold": "0",
                          "forced-idr": "1", "x264-params": "b-pyramid=normal"}
        for i in range(int(seconds * fps)):
            x0 = (i * 3) % 96
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(texture[:, x0:x0 + 96]), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            if i in keys:
                frame.pict_type = av.video.frame.PictureType.I
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


@pytest.mark.parametrize("ext", ["mp4", "mkv"])
def test_keyframes_the_decoder_still_holds_at_a_replay_are_given(tmp_path, ext):
    """The replay's flush dropped the keyframes a B-frame delay still held (2 s and 4 s here: the
    first moment showed 0.0 four times); they come out before it now, each given once."""
    path = tmp_path / f"keys-then-long.{ext}"
    _forced_keys_clip(path, FORMATS[ext])
    _, moments = quick_moments(path)
    assert 2.0 in [round(float(t), 6) for t in moments[0].frame_times]
    got = sorted({round(float(t), 6) for m in moments for t in m.frame_times})
    exact, quick = _full_and_quick_frames(path, moments, got)
    assert all(np.array_equal(quick[t], e) for t, e in zip(got, exact.frames))


def test_a_replay_gives_no_frame_twice(tmp_path, monkeypatch):
    """Groups of 25 s with B-frames: frames the dense decoding left in the decoder come out at the
    next replay's drain, and the replay gives none of them again."""
    assert 25.0 > QUICK_KEY_GAP_S
    path = tmp_path / "gop25.mkv"
    write_clip(path, seconds=60.0, fps=10.0, gop=250, bframes=3, x264_params="open-gop=1:b-pyramid=normal",
               fmt="matroska")
    seen, given = [], SK.given

    def recorded(reader, frames):
        out = given(reader, frames)
        seen.extend(f.pts for f in out if f.pts is not None)
        return out

    monkeypatch.setattr(SK, "given", recorded)
    quick_moments(path)
    assert len(seen) == len(set(seen)) and seen == sorted(seen)



def test_a_home_camera_s_groups_stay_keyframes_only(tmp_path, decoder_frames):
    """x264's default 250-frame groups at the 15 fps of many home cameras (16.7 s): the quick pass
    decodes their keyframes only; decoding between them cost ~0.9x the full pass (498 of 580)."""
    path = tmp_path / "cam15.mp4"
    write_clip(path, seconds=40.0, fps=15.0, gop=250, bframes=3)
    decoder_frames[0] = 0
    _, moments = quick_moments(path)
    assert decoder_frames[0] <= 6, decoder_frames[0]  # 3 keyframes (and the probe's first frame)
    assert {round(float(t), 3) for m in moments for t in m.frame_times} <= {0.0, 16.667, 33.333}


def test_dense_frames_out_after_the_switch_back_are_dropped(tmp_path, monkeypatch):
    """SETTLE_FRAMES: the I-frame that switches back to keyframes only reset it, so the dense
    frames a B-frame delay still held came out after the switch, and keyframes_kept dropped them
    and took H.264's decoder for one that ignores nonkey (``ignores_nonkey``: its packets withheld)."""
    import core.av_reader as AR

    path = tmp_path / "gop25.mkv"
    write_clip(path, seconds=60.0, fps=10.0, gop=250, bframes=3, x264_params="open-gop=1:b-pyramid=normal",
               fmt="matroska")
    handed, kept = [], AR.keyframes_kept

    def recorded(reader, frames):
        handed.extend((f.pts, f.key_frame) for f in frames
                      if str(reader.stream.codec_context.skip_frame) == "NONKEY")
        return kept(reader, frames)

    monkeypatch.setattr(AR, "keyframes_kept", recorded)
    sampler = FrameSampler(32, skip="nonkey", key_gap_s=QUICK_KEY_GAP_S)
    reader = sampler.open(str(path))
    got = sampler.frames_at(reader, np.arange(0.0, 60.0, 1.0))
    assert not reader.ignores_nonkey
    assert all(key for _, key in handed), handed  # (skipping nonkey: keyframes only handed on)
    assert max(np.diff(sorted(set(got.times.tolist())) + [60.0])) <= QUICK_KEY_GAP_S


def _quick_pass_of_refresh_every_10_s(tmp_path, monkeypatch, decoder_frames, ext: str, bframes: int):
    """A 240 s clip, 10 fps, intra refresh every 10 s, quick-passed with ``DENSE_MAX_FRAMES`` 300 (30 s
    of it), the decoder's frames counted from 0: its path, moments and their frames' times, sorted."""
    path = tmp_path / f"refresh10{'b' if bframes else ''}.{ext}"
    write_clip(path, seconds=240.0, fps=10.0, gop=100, bframes=bframes, x264_params="intra-refresh=1",
               size=(64, 48), fmt=FORMATS[ext], preset="veryfast")  # (2,400 frames: half medium's time)
    monkeypatch.setattr(SK, "DENSE_MAX_FRAMES", 300)  # (30 s of the 240)
    decoder_frames[0] = 0
    _, moments = quick_moments(path)
    return path, moments, sorted({round(float(t), 6) for m in moments for t in m.frame_times})


@pytest.mark.parametrize("ext", ["mkv", "ts"])
def test_intra_refresh_gets_frames_over_the_whole_file_past_the_dense_budget(tmp_path, monkeypatch, decoder_frames, ext):
    """Intra refresh every 10 s (x264's usual refresh at 25 fps, a CCTV or dashcam stream): the flagged
    recovery points gave no frame skipping nonkey but set the gap's start, so the whole file gave its
    first frame alone; and once DENSE_MAX_FRAMES were decoded the rest was keyframes only (a 20 min
    recording: quick frames for its first 10 min). Now the gap counts from the last frame given and,
    past the budget, each gap hops from the last recovery point: frames to the end, their pixels a
    full decode's, for a bounded cost."""
    path, moments, got = _quick_pass_of_refresh_every_10_s(tmp_path, monkeypatch, decoder_frames, ext, bframes=0)
    assert got[-1] >= 240.0 - QUICK_KEY_GAP_S - 10.0, got
    assert max(np.diff([0.0] + got + [240.0])) <= QUICK_KEY_GAP_S + 10.0  # (the gap and a refresh)
    assert decoder_frames[0] <= 300 + 2 * 10 * 10 * (240 // QUICK_KEY_GAP_S), decoder_frames[0]  # (a refresh a hop)
    exact, quick = _full_and_quick_frames(path, moments, got)
    assert all(np.array_equal(quick[t], e) for t, e in zip(got, exact.frames))


@pytest.mark.parametrize("ext", ["mkv", "ts"])
def test_intra_refresh_with_b_frames_gets_frames_over_the_file(tmp_path, monkeypatch, decoder_frames, ext):
    """Intra refresh with B-frames (x264's intra-refresh with its default B-frames, as cameras that
    stream it at higher latency write): skipping nonkey, the decoder holds the first IDR frame for
    its B-frame delay and the refreshes give none, so nothing was given and the gap counted from the
    newest flagged packet (``Sparse.anchor``): it never tripped, the whole file gave its first frame
    alone. Now it counts from the oldest flagged packet not given: frames from the fifth refresh on
    (the lie is known after ``REORDER_MAX`` flagged packets), past the budget too, a full decode's
    pixels."""
    path, moments, got = _quick_pass_of_refresh_every_10_s(tmp_path, monkeypatch, decoder_frames, ext, bframes=3)
    assert got[-1] >= 240.0 - QUICK_KEY_GAP_S - 10.0, got
    # (no frame before the lie is known: REORDER_MAX + 1 refreshes, then the gap and a refresh)
    after = [t for t in got if t >= 10.0 * (SK.REORDER_MAX + 2)]
    assert after and max(np.diff(after + [240.0])) <= QUICK_KEY_GAP_S + 10.0, got
    assert decoder_frames[0] <= 300 + 2 * 10 * 10 * (240 // QUICK_KEY_GAP_S), decoder_frames[0]
    exact, quick = _full_and_quick_frames(path, moments, got)
    assert np.allclose(exact.times, got, atol=1e-3)
    assert all(np.array_equal(quick[t], e) for t, e in zip(got, exact.frames))
