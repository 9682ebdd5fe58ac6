"""A chained Ogg (recordings joined one after another, ``cat a.ogv b.ogv``) is read through all
its parts. With sound, FFmpeg stopped at the second part ("not yet implemented in FFmpeg") and the
probe failed with that error; video alone was read whole, but each later part's two header packets
were taken for frames: rejected, the file was said to be damaged there, and its later parts played
0.2 s late."""

from __future__ import annotations

import re
from pathlib import Path

import av
import numpy as np
import pytest

from core import ogg_chain, timeline
from core.decode_pool import DecodeSpec, decode_file
from core.media import FrameSampler, probe
from tests.test_timestamp_restarts import FPS, number, picture


def write_ogg(path, numbers, sound: bool | str = True, bitexact: bool = False):
    """VP8 in Ogg (FFmpeg encodes no Theora here) showing ``numbers`` at FPS; with Opus sound (or
    ``sound="vorbis"``: FFmpeg's own encoder, stereo only). ``bitexact``: as ``-fflags bitexact``
    writes it, each stream's serial its index (0 for the video), in every file alike."""
    vorbis = sound == "vorbis"
    with av.open(str(path), "w", format="ogg", options={"fflags": "bitexact"} if bitexact else {}) as out:
        video = out.add_stream("libvpx", rate=FPS)
        video.codec_context.thread_count = 1  # (tests.test_seek_matrix.VPX_THREADS)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        video.options = {"g": "10", "deadline": "realtime"}
        audio = (out.add_stream("vorbis" if vorbis else "libopus", rate=48000, options={"strict": "experimental"})
                 if sound else None)
        if audio is not None:
            audio.layout = "stereo" if vorbis else "mono"
        for k, n in enumerate(numbers):
            for p in video.encode(av.VideoFrame.from_ndarray(picture(n), format="rgb24")):
                out.mux(p)
            if audio is not None:
                tone = av.AudioFrame.from_ndarray(np.zeros((2, 4800), np.float32), format="fltp", layout="stereo") \
                    if vorbis else av.AudioFrame.from_ndarray(np.zeros((1, 4800), np.int16), format="s16", layout="mono")
                tone.sample_rate, tone.pts = 48000, k * 4800
                for p in audio.encode(tone):
                    out.mux(p)
        for stream in (video, audio) if audio is not None else (video,):
            for p in stream.encode():
                out.mux(p)
    return path


def chain(tmp_path, name, parts, sound=True, bitexact=False):
    path = tmp_path / name
    path.write_bytes(b"".join(write_ogg(tmp_path / f"{name}-{k}.ogv", numbers, sound, bitexact).read_bytes()
                              for k, numbers in enumerate(parts)))
    return path


@pytest.mark.parametrize("sound", [True, False], ids=["with sound", "video only"])
def test_every_part_of_a_chained_ogg_is_read_at_its_own_time(tmp_path, sound):
    path = chain(tmp_path, "joined.ogv", [range(60), range(100, 140), range(200, 220)], sound)
    assert probe(path).duration == pytest.approx(12.0, abs=0.11)

    def shown(t):  # (each part's frames on from where the one before ends)
        return round(t * FPS) if t < 6 else 100 + round((t - 6) * FPS) if t < 10 else 200 + round((t - 10) * FPS)

    for skip in ("none", "nonref"):
        sampler = FrameSampler(size=None, skip=skip)
        reader = sampler.open(path)
        got = list(sampler.iter_at_rate(reader, 2.0))
        assert [t for t, _ in got] == pytest.approx([k / 2 for k in range(24)]), skip
        assert [number(f) for _, f in got] == [shown(t) for t, _ in got], skip
        assert reader.damaged() is None, skip  # (no header packet taken for a damaged frame)
    out = FrameSampler(size=None).frames_at(path, [11.0, 8.0, 1.0])
    assert [number(f) for f in out.frames] == [210, 120, 10] and out.times.tolist() == pytest.approx([11.0, 8.0, 1.0])
    info, moments = decode_file(str(path), DecodeSpec(size=16, timeout_s=20.0))
    assert list(moments)[-1].end == pytest.approx(12.0, abs=0.11)  # (and no Damaged raised after them)


@pytest.mark.parametrize("sound", [False, True, "vorbis"], ids=["video only", "with Opus", "with Vorbis"])
def test_a_chain_whose_parts_reuse_their_serials_is_read_through_its_parts(tmp_path, sound):
    """``cat`` of files FFmpeg wrote bitexact (each stream's serial its index: 0 for the video) is a
    chain of one serial (or one per stream), told by its beginning-of-stream pages coming again
    after data pages. It was told by its serials only: parts under a second long, whose clock goes
    back less than ``steady`` notices, were read as one steady clock, the file as long as its first part."""
    path = chain(tmp_path, "joined.ogv", [range(40 * k, 40 * k + 9) for k in range(6)], sound, bitexact=True)
    with open(path, "rb") as f:
        pages = list(ogg_chain._pages(f))
    assert {serial for *_, serial, _ in pages} == ({b"\0\0\0\0", b"\1\0\0\0"} if sound else {b"\0\0\0\0"})
    assert sum(1 for _, _, kind, _, first in pages if kind & 2 and first.startswith(ogg_chain.VIDEO)) == 6
    assert probe(path).duration == pytest.approx(5.4, abs=0.11)
    assert not timeline.steady(path) and timeline.steady(write_ogg(tmp_path / "one.ogv", range(30), sound, True))
    assert (ogg_chain.video_pages(path) is not None) == bool(sound)  # (as a chain of distinct serials)

    def shown(t):  # (each part's 9 frames on from where the one before ends)
        return 40 * (round(t * FPS) // 9) + round(t * FPS) % 9

    for skip in ("none", "nonref"):
        sampler = FrameSampler(size=None, skip=skip)
        reader = sampler.open(path)
        got = list(sampler.iter_at_rate(reader, 5.0))
        assert [t for t, _ in got] == pytest.approx([k / 5 for k in range(27)]), skip
        assert [number(f) for _, f in got] == [shown(t) for t, _ in got], skip
        assert reader.damaged() is None, skip
    out = FrameSampler(size=None).frames_at(path, [5.0, 2.0, 0.5])
    assert [number(f) for f in out.frames] == [205, 82, 5] and out.times.tolist() == pytest.approx([5.0, 2.0, 0.5])


def test_only_a_chained_ogg_with_sound_is_opened_as_its_video_pages(tmp_path):
    one = write_ogg(tmp_path / "one.ogv", range(30))
    assert ogg_chain.source(one) == str(one)  # (one part: FFmpeg reads it as it is)
    assert ogg_chain.source(chain(tmp_path, "video.ogv", [range(30), range(100, 110)], sound=False)) == \
        str(tmp_path / "video.ogv")  # (FFmpeg follows a chain of one stream)
    joined = chain(tmp_path, "joined.ogv", [range(30), range(100, 110)])
    with ogg_chain.source(joined) as view:
        data = view.read()
        view.seek(-100, 2)
        assert view.tell() == len(data) - 100 and view.read() == data[-100:]
    with av.open(ogg_chain.VideoPages(joined, ogg_chain.video_pages(joined))) as c:
        assert [s.type for s in c.streams] == ["video"]
    assert len(data) < joined.stat().st_size and data.startswith(b"OggS")


def test_chained_oggs_the_seventh_reader_indexed_or_failed_are_read_again_whole(tmp_path):
    """Libraries indexed by reader 7 hold a chained Ogg with sound as failed, one without as 0.2 s
    late and damaged: the next index reads both whole, and leaves other videos as they are."""
    from dataclasses import replace

    from core.library import VideoLibrary
    from core.library.records import DONE, FAILED
    from core.video_info import READER
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    chain(folder, "sound.ogv", [range(30), range(100, 120)])
    chain(folder, "video.ogv", [range(30), range(100, 120)], sound=False)
    write(folder / "clip.mp4", 3.0)
    for f in folder.glob("*-*.ogv"):
        f.unlink()
    run(tmp_path / "lib", folder)
    with VideoLibrary(tmp_path / "lib") as library:  # as the seventh reader left them
        for rec in library.video_table.all():
            if rec.path.endswith("sound.ogv"):
                library.video_table.record_failure(replace(rec, reader=7), "unexpected error: PatchWelcomeError")
            else:
                library.video_table.merge([replace(rec, reader=7, error="damaged: 2 packets could not be decoded (at 0:03)"
                                                   if rec.path.endswith("video.ogv") else rec.error)])
    assert video(tmp_path / "lib", "sound.ogv")[0].status == FAILED
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 2  # (video.ogv, and clip.mp4 by its index alone: reader 17's)
    assert sorted(Path(e.current).name for e in events if e.kind == "file_done") == ["sound.ogv", "video.ogv"]
    for name in ("sound.ogv", "video.ogv"):
        rec, moments = video(tmp_path / "lib", name)
        assert (rec.status, rec.reader, rec.error) == (DONE, READER, "")
        assert rec.duration == pytest.approx(5.0, abs=0.11) and moments[-1].end == pytest.approx(rec.duration)
    assert video(tmp_path / "lib", "clip.mp4")[0].reader == READER  # (checked by its index alone, kept)


def test_bytes_that_only_look_like_pages_are_passed_over_at_once(tmp_path):
    """Damaged (or forged) bytes between two parts, "OggS" every 5 bytes but no page: the pages are
    found past them with each block read once (each "OggS" read a 64 KB block again: 2 s a MB, and
    a large such file held the probe, unbounded, for minutes)."""
    io_stats = Path("/proc/self/io")
    if not io_stats.exists():
        pytest.skip("no /proc/self/io to count the bytes read")
    parts = [write_ogg(tmp_path / f"{k}.ogv", range(k * 100, k * 100 + 40)).read_bytes() for k in range(2)]
    path = tmp_path / "joined.ogv"
    path.write_bytes(parts[0] + b"OggS\x09" * 40_000 + parts[1])
    read = lambda: int(re.search(r"rchar: (\d+)", io_stats.read_text())[1])  # noqa: E731
    before = read()
    pages = ogg_chain.video_pages(path)
    assert read() - before < 4 * path.stat().st_size
    assert pages is not None and probe(path).duration == pytest.approx(8.0, abs=0.11)


def test_a_chain_of_countless_tiny_pages_is_read_within_a_time_bound(tmp_path, monkeypatch):
    """Each page header costs a read: a file's whole is given the time ``timeline.scan`` is given
    for it, then says it took too long (``DecodeTimeout``, a reason), never holds its worker on."""
    from core import timeline
    from core.errors import DecodeTimeout
    from core.video_open import Budget

    parts = [write_ogg(tmp_path / f"{k}.ogv", range(40)).read_bytes() for k in range(2)]
    path = tmp_path / "joined.ogv"
    path.write_bytes(parts[0] + parts[1])
    monkeypatch.setattr(timeline, "scan_budget", lambda p: Budget(p, -1.0).check)  # (its time already spent)
    with pytest.raises(DecodeTimeout):
        ogg_chain.video_pages(path)
    with pytest.raises(DecodeTimeout):
        probe(path)
