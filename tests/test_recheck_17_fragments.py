"""Reader 17's one-time check of a fragmented MP4 (a screen recorder's, OBS's "fragmented MP4", a DASH download's:
its index lists no samples, or only its first fragment's; the fragments' 'trun' boxes list the rest) reads the
fragments' sample durations and composition offsets as FFmpeg reads them (``core.mp4_fragments``): a steady
fragmented clip is kept without FFmpeg opening it (before, every one was opened), and a recording whose stills
come after its first fragment is opened (before, an index listing a steady first fragment kept it: 17 reads it
otherwise). Hand-made fragments check the defaults, the fragments' clock and the bounds of the walk."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import mp4_fragments, mp4_samples  # noqa: E402
from core.media import MOVED_S  # noqa: E402
from core.reader_recheck import steady_mp4  # noqa: E402
from core.sparse_rate import STILL_S  # noqa: E402
from tests.recheck_library import read_alike  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_reader_fragments import SEPARATE, joined_at, write_with_sound  # noqa: E402
from tests.test_tracks import write  # noqa: E402
from tests.test_vfr_mp4_end import TIMES, write_vfr  # noqa: E402
from tests.test_vfr_mp4_stills import TIMES as STILLS  # noqa: E402

FLAGS = ["frag_keyframe+empty_moov", "frag_keyframe+empty_moov+default_base_moof", "frag_keyframe",
         "frag_every_frame+empty_moov", "dash+empty_moov+frag_keyframe+global_sidx"]


@pytest.mark.parametrize("movflags", FLAGS)
def test_a_steady_fragmented_clip_is_kept_by_its_fragments_alone(tmp_path, movflags):
    src = write(tmp_path / "phone.mp4", 6.0, fps=30, options={"bf": "2", "g": "30"})
    path = remux(src, tmp_path / "frag.mp4", movflags=movflags)
    assert steady_mp4(str(path), 16) and read_alike(path, 16)  # (opened: read alike too)
    vfr = remux(write_vfr(tmp_path / "vfr.mp4", TIMES, 0), tmp_path / "vfr_frag.mp4", movflags=movflags)  # (frames in order)
    assert steady_mp4(str(vfr), 16) and read_alike(vfr, 16)


@pytest.mark.parametrize("movflags", FLAGS)
@pytest.mark.parametrize("times", [TIMES, STILLS], ids=["short", "stills"])
def test_a_fragmented_screen_recording_is_opened(tmp_path, movflags, times):
    """(``TIMES``' first second is steady, its first fragment with it: an index listing that fragment kept it. A
    segment index's fragments FFmpeg reads as it goes, its first one at open: 17 may read such a file as 16 did,
    but a check of its fragments cannot tell, and opens it.)"""
    path = remux(write_vfr(tmp_path / "screen.mp4", times), tmp_path / "frag.mp4", movflags=movflags)
    assert not steady_mp4(str(path), 16) and ("sidx" in movflags or not read_alike(path, 16))


@pytest.mark.parametrize("movflags", FLAGS[:4] + [SEPARATE])
def test_the_fragments_samples_are_read_as_ffmpeg_reads_them(tmp_path, movflags):
    path = remux(write_vfr(tmp_path / "stills.mp4", STILLS), tmp_path / "frag.mp4", movflags=movflags)
    if movflags == SEPARATE:  # (the sound's fragments beside the video's, track 1)
        path = write_with_sound(tmp_path / "sound.mp4", SEPARATE, bframes=2)
    video = next(t for t in mp4_samples._video_tables(path) if t["fragmented"])
    durations, offsets = mp4_samples._each(video["samples"])  # (one a sample)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        packets = [(p.pts, p.dts) for p in container.demux(stream) if p.dts is not None]
    dts = np.array([d for _, d in packets])
    assert len(durations) == len(dts) and durations[:-1].tolist() == np.diff(dts).tolist()
    shift = np.array([p - d for p, d in packets]) - offsets  # (the edit list's shift taken off: one value)
    assert len(set(shift.tolist())) == 1


def test_bytes_after_a_plain_index_are_no_fragments(tmp_path):
    """(A camera's padding after the index: the walk after it reads no box there, and the clip is still kept.)"""
    path = Path(write(tmp_path / "phone.mp4", 2.0, fps=30, options={"bf": "2"}))
    data = path.read_bytes()
    for tail in (bytes(64), b"\xff" * 64, struct.pack(">I4s", 4, b"moof")):
        path.write_bytes(data + tail)
        assert steady_mp4(str(path), 16), tail[:8]


def test_a_recording_joined_late_and_one_with_sound_are_kept(tmp_path):
    whole = write_with_sound(tmp_path / "rec.mp4", SEPARATE, bframes=2)
    for path in (whole, joined_at(whole, tmp_path / "late.mp4", 3)):
        assert steady_mp4(str(path), 16) and read_alike(path, 16), path.name


def _box(kind: bytes, *body: bytes) -> bytes:
    data = b"".join(body)
    return struct.pack(">I4s", 8 + len(data), kind) + data


def _moov(scale: int = 600, default: int = 20) -> bytes:
    """An index of one video track (id 1) listing no samples, its samples lasting ``default`` ticks by default."""
    stbl = _box(b"stbl", _box(b"stts", bytes(8)))
    mdia = _box(b"mdia", _box(b"mdhd", bytes(12), struct.pack(">II", scale, 0), bytes(4)),
                _box(b"hdlr", bytes(8), b"vide", bytes(13)), _box(b"minf", stbl))
    trak = _box(b"trak", _box(b"tkhd", bytes(12), struct.pack(">I", 1), bytes(68)), mdia)
    mvex = _box(b"mvex", _box(b"trex", bytes(4), struct.pack(">IIIII", 1, 1, default, 0, 0)))
    return _box(b"ftyp", b"isom", bytes(4)) + _box(b"moov", _box(b"mvhd", bytes(100)), trak, mvex)


def _fragment(offsets: list[int], tfdt: int | None, durations: list[int] | None = None, default: int | None = None) -> bytes:
    """A 'moof' of track 1's samples (their composition offsets; durations per sample, else ``default`` in its
    'tfhd', else the index's) and its 'mdat'."""
    tfhd = _box(b"tfhd", struct.pack(">II", 0x20000 | (0x8 if default is not None else 0), 1),
                struct.pack(">I", default) if default is not None else b"")
    per = [struct.pack(">Ii", d, o) for d, o in zip(durations, offsets)] if durations else [struct.pack(">i", o) for o in offsets]
    trun = _box(b"trun", struct.pack(">II", 0x01000800 | (0x100 if durations else 0), len(offsets)), *per)
    traf = _box(b"traf", tfhd, _box(b"tfdt", struct.pack(">II", 0, tfdt)) if tfdt is not None else b"", trun)
    return _box(b"moof", _box(b"mfhd", bytes(8)), traf) + _box(b"mdat", b"x")


def _steady(path: Path, data: bytes) -> bool:
    path.write_bytes(data)
    return mp4_samples.steady(path, STILL_S, MOVED_S)


def test_the_defaults_and_the_fragments_clock_are_read_as_ffmpeg_reads_them(tmp_path):
    path = tmp_path / "rec.mp4"
    frames = [_fragment([20, 40, 0], 60 * k) for k in range(4)]  # (30 a second, the index's default duration)
    assert _steady(path, _moov() + b"".join(frames))
    assert not _steady(path, _moov(default=300) + b"".join(frames))  # (half a second each: stills)
    assert _steady(path, _moov(default=300) + b"".join(_fragment([20, 40, 0], 60 * k, default=20) for k in range(4)))
    assert not _steady(path, _moov() + b"".join(_fragment([20, 40, 0], 60 * k, [20, 20, 300]) for k in range(4)))
    assert not _steady(path, _moov() + b"".join(_fragment([20, 40, 0], 60 * k + 600 * (k > 1)) for k in range(4)))
    # (a second between the second fragment and the third: its last frame shown for it)
    assert not _steady(path, _moov() + b"".join(_fragment([20, 40, 0], 60 * k - (k > 1)) for k in range(4)))
    # (a clock stepping back: not read here)
    assert _steady(path, _moov() + b"".join(_fragment([20, 40, 0], None if k else 6000) for k in range(4)))
    assert not _steady(path, _moov() + b"".join(_fragment([20, 4000, 0], 60 * k) for k in range(4)))  # (reordered 6 s)


def test_fragments_not_read_whole_or_past_the_bounds_are_opened(tmp_path, monkeypatch):
    path = tmp_path / "rec.mp4"
    whole = _moov() + b"".join(_fragment([20, 40, 0], 60 * k) for k in range(5))
    assert _steady(path, whole)
    assert not _steady(path, whole[:-12])  # (stopped inside its last fragment's header)
    assert _steady(path, whole[:-1])  # (inside its last media data: its samples read as FFmpeg lists them)
    assert not _steady(path, _moov()[:16] + _fragment([20, 40, 0], 0) + _moov()[16:])  # (a fragment before its index)
    assert not _steady(path, whole.replace(struct.pack(">II", 0x01000800, 3), struct.pack(">II", 0x01000800, 9), 1))
    # (a 'trun' listing more samples than it holds)
    bounds = (("MAX_TOP_BOXES", 9), ("MAX_BYTES", 3 * len(_fragment([20, 40, 0], 0))), ("MAX_SAMPLES", 14), ("MAX_S", -1.0))
    for name, bound in bounds:
        with monkeypatch.context() as m:
            m.setattr(mp4_fragments, name, bound)
            assert not _steady(path, whole), name
        assert _steady(path, whole), name
