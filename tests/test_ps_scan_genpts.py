"""The timeline's scan of an MPEG-PS, and the reader of one with a timeline, read with FFmpeg's genpts off
and give the packets genpts's times themselves (``core.ps_genpts``): at a join of clips FFmpeg's genpts
held the rest of the file, comparing each packet read with all it held (two joined 20 min 64x48 MPEG-2
clips: 6.9 s at the join; three: over the scan's bound, the file failed; a read crossing a join stalled
alike). The times must be FFmpeg's own: ``core.ps_clock`` works on them."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from core import file_open, ps_genpts, timeline
from tests.test_ps_joined_seek import write_joined, write_ps


def read(path: Path, genpts: bool) -> list[tuple]:
    with av.open(str(path)) as c:
        if not genpts:
            ps_genpts.off(c)
        packets = c.demux(c.streams.video[0])
        got = ps_genpts.filled(packets) if not genpts else packets
        return [(p.pos, p.pts, p.dts, p.is_keyframe, int(p.duration or 0), p.size) for p in got]


def scanned_far(path: Path) -> dict:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        index, tb = s.index, float(s.time_base)
    return timeline._scan(str(path), index, tb, None).far


def unequal(folder: Path) -> Path:
    """Three MPEG-2 clips of 12, 4 and 9 s joined: a later part's clock runs past an earlier one's end."""
    path = folder / "unequal.vob"
    with open(path, "wb") as out:
        for k, seconds in enumerate((12, 4, 9)):
            out.write(write_ps(path.with_suffix(f".{k}.vob"), "mpeg2video", seconds, shade=40 * k).read_bytes())
    return path


MAKERS = [
    lambda d: write_joined(d / "m2.vob", "mpeg2video", seconds=8),
    lambda d: write_joined(d / "m2-3.vob", "mpeg2video", parts=3, seconds=6, bf=1),
    lambda d: write_joined(d / "std.vob", "standard", seconds=8),
    lambda d: write_joined(d / "h264.vob", "libx264", seconds=8),
    unequal,
    lambda d: write_ps(d / "one.vob", "mpeg2video", 8),
]
IDS = ["mpeg2", "mpeg2-3-parts-bf1", "mpeg2-standard", "h264", "mpeg2-unequal-parts", "mpeg2-one-clip"]


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_the_packets_have_the_times_ffmpegs_genpts_gives(tmp_path, make):
    path = make(tmp_path)
    want = read(path, genpts=True)
    assert not [p for p in read(path, genpts=False) if p[1] is None and p[2] is not None]  # (each filled)
    with av.open(str(path)) as c:
        ps_genpts.off(c)
        bare = [p.pts for p in c.demux(c.streams.video[0]) if p.size]
    if "h264" not in path.name:
        assert bare.count(None) > len(bare) // 4  # (genpts off: FFmpeg leaves the I/P-frames' times out)
    assert read(path, genpts=False) == want


def test_the_scan_reads_a_ps_with_genpts_off_and_times_it_as_before(tmp_path, monkeypatch):
    path = write_joined(tmp_path / "m2.vob", "mpeg2video", seconds=8)
    flags, real = [], file_open.open_file

    class Watched:
        def __init__(self, container):
            object.__setattr__(self, "container", container)

        def __setattr__(self, name, value):
            setattr(self.container, name, value)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.container.__exit__(*exc)

        def __getattr__(self, name):
            return getattr(self.container, name)

        def demux(self, *streams):
            for packet in self.container.demux(*streams):
                flags.append(int(self.container.flags) & ps_genpts.GENPTS)
                yield packet

    monkeypatch.setattr(file_open, "open_file", lambda *a, **k: Watched(real(*a, **k)))
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        index, tb = s.index, float(s.time_base)
    tl = timeline._scan(str(path), index, tb, None)
    assert flags and not any(flags)
    assert [round(s.at, 6) for s in tl.segments] == [0.0, 8.0]
    assert tl.duration == pytest.approx(16.0)


@pytest.mark.parametrize("make", MAKERS[:-1], ids=IDS[:-1])
def test_the_readers_packets_as_they_come_have_the_times_ffmpegs_genpts_gives(tmp_path, make):
    """As they come (``streamed``): past a join with the times the scan found there, a packet the scan
    did not find so held on to the end, as FFmpeg holds it (``far`` empty)."""
    path = make(tmp_path)
    want = read(path, genpts=True)
    far = scanned_far(path)
    if "one" not in path.name and "h264" not in path.name:
        assert far  # (the I/P-frames before each join: their time from the rest of the file)
    for known in (far, {}):
        with av.open(str(path)) as c:
            ps_genpts.off(c)
            got = ps_genpts.streamed(c.demux(c.streams.video[0]), known, timeline.BACK_S * 90000)
            assert [(p.pos, p.pts, p.dts, p.is_keyframe, int(p.duration or 0), p.size) for p in got] == want


def test_a_reader_crossing_a_join_reads_with_genpts_off_and_gives_the_frames_it_gave(tmp_path, monkeypatch):
    """Read straight through both joins of three clips, in the skip modes: the frames and times FFmpeg's
    genpts gave; the reader's demuxer with genpts off."""
    from core import reader_packets
    from core.media import FrameSampler

    path = write_joined(tmp_path / "m2-3.vob", "mpeg2video", parts=3, seconds=6)
    times = [round(0.3 * k, 3) for k in range(60)]
    flags = []

    def frames(skip):
        sampler = FrameSampler(size=None, skip=skip, _strategy="sequential")
        reader = sampler._open(str(path))
        try:
            got = [reader.at(t) for t in times]
            flags.append(int(reader.container.flags) & ps_genpts.GENPTS)
            return [(round(float(t), 6), sampler._convert(f, reader.view).tobytes()) for t, f in got]
        finally:
            reader.close()

    mine = {skip: frames(skip) for skip in ("none", "nonref", "nonkey")}
    assert not any(flags)
    monkeypatch.setattr(reader_packets.ps_genpts, "off", lambda container: None)
    monkeypatch.setattr(reader_packets.ps_genpts, "streamed", lambda packets, far, jump: packets)
    assert {skip: frames(skip) for skip in ("none", "nonref", "nonkey")} == mine
