"""Videos named as the recorders that write them name them: an HDV camcorder's .m2t, a DVD
recorder's or DVD camcorder's VIDEO_RM.VRO, an MPEG program stream's .m2p, a satellite or cable
box's .trp/.tp, Windows Media Center's .wtv and .dvr-ms, an Android phone's .3gpp, a 3D camera's
.mk3d. The scan left them out as "other files" (never indexed, never said); each is now found and
read at its times."""

from __future__ import annotations

from fractions import Fraction

import av
import pytest

from core.media import FrameSampler, probe
from core.scan import scan
from tests.test_tracks import colour_at, nearest, picture

KINDS = [  # (name, FFmpeg's format, codec)
    ("HDV0001.m2t", "mpegts", "mpeg2video"),
    ("VIDEO_RM.VRO", "vob", "mpeg2video"),
    ("program.m2p", "vob", "mpeg2video"),
    ("recording.trp", "mpegts", "libx264"),
    ("recording.tp", "mpegts", "mpeg2video"),
    ("show.wtv", "wtv", "mpeg2video"),
    ("show.dvr-ms", "asf", "wmv2"),
    ("clip.3gpp", "3gp", "h263"),
    ("scene.mk3d", "matroska", "libx264"),
]


def write(path, fmt: str, codec: str, seconds: float = 3.0, fps: int = 25):
    """A clip whose colour changes each second, in ``fmt`` whatever its name."""
    with av.open(str(path), "w", format=fmt) as out:
        video = out.add_stream(codec, rate=fps)
        (video.width, video.height), video.pix_fmt = (176, 144) if codec == "h263" else (64, 48), "yuv420p"
        video.options = {"g": "12", "bf": "0" if codec in ("h263", "wmv2") else "2"}
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(picture(i / fps, (video.width, video.height)), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode())
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("recorders")
    for name, fmt, codec in KINDS:
        write(folder / name, fmt, codec)
    return folder


def test_the_scan_finds_each_recorders_video(folder):
    found = scan([str(folder)])
    assert sorted(p.rsplit("/", 1)[-1] for p in found.files) == sorted(name for name, _, _ in KINDS)
    assert not found.skipped


@pytest.mark.parametrize("name", [name for name, _, _ in KINDS])
def test_each_is_read_at_its_times(folder, name):
    path = folder / name
    assert probe(path).codec  # (an MPEG program stream's length is an estimate: read on past it, below)
    got = list(FrameSampler(size=16, skip="nonref").iter_at_rate(path, 2.0))
    times = [t for t, _ in got]
    assert len(got) >= 6 and times == sorted(times) and times[-1] > 2.3  # (read to its end)
    assert [nearest(f.reshape(-1, 3).mean(0)) for _, f in got] == [colour_at(t) for t, _ in got]
