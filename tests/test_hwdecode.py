"""Hardware decoding (core.hwdecode): the setting, the software fallbacks, the same frames.

Without a device every hardware attempt must fall back to software: a device that fails is
played by a PyAV container whose decoder "is on a device" (``is_hwaccel``, a device pixel format)
and rejects every packet from the N-th on. The real-device test runs only where a CUDA device
can really be created.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import av
import numpy as np
import pytest
from av.codec.hwaccel import HWAccel

from core import hwdecode
from core.av_reader import open_video
from core.decode_pool import DecodeSpec, decode_file
from core.media import FrameSampler
from tests import videos as V

REAL_OPEN = av.open
# a device type no machine of this platform has
ABSENT = "d3d11va" if sys.platform == "darwin" else "videotoolbox"


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Each test decides anew, with its own counts."""
    monkeypatch.setattr(hwdecode, "_decided", {})
    monkeypatch.setattr(hwdecode, "_devices", {})
    monkeypatch.setattr(hwdecode, "_own_context", set())
    monkeypatch.setattr(hwdecode, "stats", Counter())
    monkeypatch.delenv(hwdecode.ENV, raising=False)


@pytest.fixture(scope="module")
def h264(tmp_path_factory):
    """Variable frame rate H.264 with B-frames (frames no other refers to, for "nonref")."""
    path = tmp_path_factory.mktemp("hw") / "vfr.mp4"
    V.write_vfr_video(path, [(2.0, 30, "red"), (1.5, 12, "blue"), (2.5, 24, "green")], size=(320, 240))
    return path


@pytest.fixture(scope="module")
def pattern(tmp_path_factory):
    """Texture that moves every frame (MPEG-4 part 2), 8 s at 30 fps."""
    return V.write_pattern_video(tmp_path_factory.mktemp("hw") / "pattern.mp4", 8, size=(320, 180))


@pytest.fixture(scope="module")
def raw_h264(h264):
    """The same H.264 as an elementary stream: no timestamps, no seeking."""
    path = h264.with_suffix(".h264")
    with REAL_OPEN(str(h264)) as src, REAL_OPEN(str(path), "w", format="h264") as dst:
        out = dst.add_stream_from_template(src.streams.video[0])
        for packet in src.demux(src.streams.video[0]):
            if packet.dts is not None:
                packet.stream = out
                dst.mux(packet)
    return path


def cuda_works() -> bool:
    return hwdecode._device("cuda", None) is True


def same_frames(got, want) -> None:
    """``np.testing.assert_array_equal`` of frames (the same shape, every pixel equal) at ``np.array_equal``'s
    cost: its element-wise report took ~1.5 s for 240 frames of 320x180 that were equal."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    if not np.array_equal(got, want):
        bad = [i for i in range(len(want)) if not np.array_equal(got[i], want[i])]
        raise AssertionError(f"{len(bad)} of {len(want)} frames differ, the first {bad[:5]}")


def plain_decode(path):
    """Every frame and its time, straight from PyAV (the decoding before core.hwdecode)."""
    with REAL_OPEN(str(path)) as c:
        s = c.streams.video[0]
        origin = s.start_time or 0
        out = [((f.pts - origin) * float(s.time_base), f.to_ndarray(format="rgb24")) for f in c.decode(s)]
    return np.array([t for t, _ in out]), np.stack([f for _, f in out])


def read(path, skip="none", strategy="auto"):
    """Frames at 7 fps (decoding through) and at a few far-apart times (seeking), native size."""
    sampler = FrameSampler(None, skip=skip, _strategy=strategy)
    a = sampler.at_rate(path, 7.0)
    b = sampler.frames_at(path, [5.5, 0.3, 3.1, 6.8])
    return np.concatenate([a.times, b.times]), np.concatenate([a.frames, b.frames])


def drain(path):
    """The reader's info and the time of every frame it decodes, in order (every frame decoded)."""
    reader = FrameSampler(None).open(path)
    try:
        times = [reader.pending[0]]
        while (nxt := reader._next()) is not None:
            times.append(nxt[0])
        return reader.info, times
    finally:
        reader.close()


def a_device_exists(monkeypatch):
    """As if a CUDA device could be created (nothing is created: av.open is faked where used)."""
    monkeypatch.setattr(hwdecode, "_create", lambda kind, device: HWAccel(kind, device=device))
    monkeypatch.setattr(hwdecode, "_devices", {})  # (a check made before said no)
    monkeypatch.setattr(hwdecode, "_decided", {})
    monkeypatch.setattr(hwdecode, "hwdevices_available", lambda: ["cuda"])


# -- a fake device: PyAV's software decoder dressed as a device's --------------------------------
class Proxy:
    def __init__(self, real):
        object.__setattr__(self, "_real", real)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __setattr__(self, name, value):  # the real object's, unless the proxy has its own
        if name in self.__dict__:
            object.__setattr__(self, name, value)
        else:
            setattr(self._real, name, value)


class DeviceContext(Proxy):
    is_hwaccel = True
    pix_fmt = "cuda"  # frames held on the device: it decodes this stream


class SoftwareInside(DeviceContext):
    pix_fmt = "yuv420p"  # FFmpeg fell back to software inside the decoder (a profile it lacks)


class DeviceStream(Proxy):
    def __init__(self, real, context_type, container=None):
        super().__init__(real)
        object.__setattr__(self, "codec_context", context_type(real.codec_context))
        object.__setattr__(self, "_container", container)

    def __getattr__(self, name):
        # PyAV would read freed memory (a crash, now and then): make it fail every time
        assert not getattr(self._container, "closed", False), f"stream.{name} read after its container was closed"
        return super().__getattr__(name)


class Packet(Proxy):
    def __init__(self, real, device):
        super().__init__(real)
        object.__setattr__(self, "device", device)

    def decode(self):
        self.device.packets += 1
        if self.device.fail_at is not None and self.device.packets >= self.device.fail_at:
            raise av.error.ExternalError(-542398533, "the device is gone")
        return self._real.decode()


class Counting(Proxy):
    """A software container that counts the packets read from it."""

    def __init__(self, real):
        super().__init__(real)
        object.__setattr__(self, "packets", 0)

    def demux(self, stream):
        for packet in self._real.demux(stream):
            self.packets += 1
            yield packet


class Device(Proxy):
    """A container opened "on a device" that fails from its ``fail_at``-th packet decoded."""

    def __init__(self, real, fail_at=None, context_type=DeviceContext):
        super().__init__(real)
        stream = DeviceStream(real.streams.video[0], context_type, self)
        for name, value in (("fail_at", fail_at), ("packets", 0), ("stream", stream), ("closed", False),
                            ("streams", SimpleNamespace(video=[stream], audio=real.streams.audio))):
            object.__setattr__(self, name, value)

    def demux(self, stream):
        for packet in self._real.demux(stream._real):
            yield Packet(packet, self)

    def seek(self, offset, stream=None, **kw):
        self._real.seek(offset, stream=stream._real if stream is not None else None, **kw)

    def close(self):
        object.__setattr__(self, "closed", True)
        self._real.close()


def fake_device(monkeypatch, fail_at=None, context_type=DeviceContext, every_codec=True):
    """av.open asked for a device gives a Device; the containers opened so are listed.
    ``fail_at``: for every device container, or a list: one for each in turn. ``every_codec``:
    the device kept for MPEG-4 part 2 too (the pattern clips' codec; its real decoders may differ
    from software's, so only a device test of that rule leaves it false)."""
    opened = {"device": [], "software": []}
    if every_codec:
        monkeypatch.setattr(hwdecode, "EXACT_CODECS", hwdecode.EXACT_CODECS | {"mpeg4"})

    def fake_open(path, *args, hwaccel=None, **kw):
        container = REAL_OPEN(path, *args, **kw)
        if hwaccel is None:
            opened["software"].append(Counting(container))
        else:
            at = fail_at[len(opened["device"])] if isinstance(fail_at, list) else fail_at
            opened["device"].append(Device(container, at, context_type))
        return opened["device" if hwaccel is not None else "software"][-1]

    a_device_exists(monkeypatch)
    monkeypatch.setenv(hwdecode.ENV, "cuda")
    monkeypatch.setattr(av, "open", fake_open)
    return opened


# -- the setting ---------------------------------------------------------------------------------
def test_off_asks_for_no_device_and_reads_the_frames_pyav_decodes(monkeypatch, pattern):
    opened = fake_device(monkeypatch)
    monkeypatch.setenv(hwdecode.ENV, "off")
    times, frames = plain_decode(pattern)
    out = FrameSampler(None, _strategy="sequential").frames_at(pattern, times)
    np.testing.assert_array_equal(out.times, times)
    same_frames(out.frames, frames)
    assert opened["device"] == [] and opened["software"]
    assert hwdecode.describe() == "software" and set(hwdecode.stats) == {"software"}


@pytest.mark.skipif(cuda_works(), reason="a CUDA device exists here: auto uses it")
def test_auto_without_a_device_decodes_in_software_silently(h264, caplog):
    caplog.set_level(logging.DEBUG, "seekframe.decode")
    times, frames = plain_decode(h264)
    out = FrameSampler(None).frames_at(h264, times)
    np.testing.assert_array_equal(out.times, times)
    same_frames(out.frames, frames)
    assert hwdecode.describe() == "software"
    assert set(hwdecode.stats) == {"software"}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_auto_takes_the_first_device_that_can_be_created(monkeypatch):
    tried = []

    def create(kind, device):
        tried.append(kind)
        return HWAccel(kind) if kind == "vaapi" else "no such device"

    monkeypatch.setattr(hwdecode, "_create", create)
    monkeypatch.setattr(hwdecode, "AUTO_ORDER", ("cuda", "vaapi"))
    monkeypatch.setattr(hwdecode, "hwdevices_available", lambda: ["cuda", "vaapi", "drm"])
    assert hwdecode.describe() == "vaapi"
    assert hwdecode.describe() == "vaapi" and tried == ["cuda", "vaapi"]  # checked once per process
    assert isinstance(hwdecode.accel(), HWAccel) and hwdecode.accel().allow_software_fallback
    monkeypatch.setenv(hwdecode.ENV, "off")
    assert hwdecode.accel() is None


@pytest.mark.parametrize("value", [ABSENT, "nosuchdevice", "cuda"])
def test_an_absent_device_falls_back_to_software_with_one_line(monkeypatch, value, pattern, caplog):
    if value == "cuda" and cuda_works():
        pytest.skip("a CUDA device exists here")
    monkeypatch.setenv(hwdecode.ENV, value)
    caplog.set_level(logging.DEBUG, "seekframe.decode")
    base_times, base_frames = read(pattern)  # (decided now)
    monkeypatch.setenv(hwdecode.ENV, "off")
    same_frames(read(pattern)[1], base_frames)
    monkeypatch.setenv(hwdecode.ENV, value)
    times, frames = read(pattern)  # a second time: no second line
    np.testing.assert_array_equal(times, base_times)
    same_frames(frames, base_frames)
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and value in lines[0] and "software" in lines[0], lines


def test_threads_opening_videos_at_once_check_the_device_once(monkeypatch, caplog):
    created = []

    def slow_absent(kind, device):
        created.append(kind)
        time.sleep(0.05)
        return "no such device"

    monkeypatch.setattr(hwdecode, "_create", slow_absent)
    monkeypatch.setattr(hwdecode, "hwdevices_available", lambda: ["cuda"])
    monkeypatch.setenv(hwdecode.ENV, "cuda")
    caplog.set_level(logging.WARNING, "seekframe.decode")
    threads = [threading.Thread(target=hwdecode.accel) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert created == ["cuda"] and len(caplog.records) == 1


def test_on_a_device_frame_threads_are_off(monkeypatch, pattern):
    fake_device(monkeypatch)
    container, stream = open_video(pattern, 10.0)
    try:
        assert stream.codec_context.is_hwaccel and stream.thread_type.name == "SLICE"
    finally:
        container.close()
    container, stream = open_video(pattern, 10.0, hw=False)
    try:
        assert not stream.codec_context.is_hwaccel and stream.thread_type.name == "AUTO"
    finally:
        container.close()
    assert hwdecode.stats == {"cuda": 1, "software": 1}


# -- failures ------------------------------------------------------------------------------------
@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
@pytest.mark.parametrize("strategy", ["sequential", "seek"])
def test_a_device_failing_mid_file_hands_the_rest_to_software(monkeypatch, h264, pattern, skip, strategy):
    expected = {v: read(v, skip, strategy) for v in (h264, pattern)}
    opened = fake_device(monkeypatch, fail_at=25)
    for video, (times, frames) in expected.items():
        got_times, got_frames = read(video, skip, strategy)
        np.testing.assert_array_equal(got_times, times)
        same_frames(got_frames, frames)
    assert opened["device"] and opened["software"]
    assert max(d.packets for d in opened["device"]) >= 25  # it did fail, in the middle
    assert hwdecode.stats["device failed"] >= 1


def test_software_goes_on_from_the_keyframe_before_the_last_frame_given(monkeypatch, h264, pattern):
    expected = {video: drain(video) for video in (h264, pattern)}
    for video, (info, times) in expected.items():
        opened = fake_device(monkeypatch, fail_at=60)
        assert drain(video) == (info, times)  # every frame once, in order
        # the software decoder read from the keyframe before (GOPs of 12), not from the start
        assert opened["software"][-1].packets < len(times) - 30
        assert hwdecode.stats["device failed"] == 1
        monkeypatch.setattr(hwdecode, "stats", Counter())


def test_frames_without_timestamps_go_on_after_as_many_as_the_device_gave(monkeypatch, raw_h264):
    info, times = drain(raw_h264)
    # the probe decodes it to the end on the device, which fails after the reopen (no seeking back)
    opened = fake_device(monkeypatch, fail_at=[None, 20])
    assert drain(raw_h264) == (info, times) and len(times) > 40
    assert len(opened["device"]) == 2 and hwdecode.stats["device failed"] == 1
    monkeypatch.setattr(hwdecode, "stats", Counter())
    fake_device(monkeypatch, fail_at=20)  # failing in the probe: its duration is still right
    assert drain(raw_h264) == (info, times) and hwdecode.stats["device failed"] == 1


def test_a_file_whose_device_fails_is_indexed_as_in_software(monkeypatch, h264):
    spec = DecodeSpec(size=64, window_s=1.0, frames_per_moment=4)
    info, moments = decode_file(str(h264), spec)
    moments = list(moments)
    opened = fake_device(monkeypatch, fail_at=40)
    info2, moments2 = decode_file(str(h264), spec)
    moments2 = list(moments2)
    assert info2 == info and len(moments2) == len(moments) > 3
    for a, b in zip(moments, moments2):
        np.testing.assert_array_equal(b.frame_times, a.frame_times)
        same_frames(b.frames, a.frames)
    assert hwdecode.stats["device failed"] == 1 and opened["device"]


def test_a_device_failing_at_once_fails_no_file(monkeypatch, pattern):
    times, frames = read(pattern)
    fake_device(monkeypatch, fail_at=1)  # every packet rejected: more than the damaged-stream limit
    got_times, got_frames = read(pattern)
    np.testing.assert_array_equal(got_times, times)
    same_frames(got_frames, frames)


def test_a_stream_the_device_cannot_decode_gets_software_with_frame_threads(monkeypatch, h264):
    times, frames = read(h264)
    opened = fake_device(monkeypatch, context_type=SoftwareInside)
    reader = FrameSampler(None).open(h264)
    try:
        assert not reader.stream.codec_context.is_hwaccel and reader.stream.thread_type.name == "AUTO"
    finally:
        reader.close()
    got_times, got_frames = read(h264)
    np.testing.assert_array_equal(got_times, times)
    same_frames(got_frames, frames)
    assert opened["device"] and hwdecode.stats["device cannot decode"] >= 1
    assert hwdecode.stats["device failed"] == 0


@pytest.mark.parametrize("skip, threads", [("none", 1), ("nonkey", 0)])
def test_software_taking_over_keeps_the_skip_mode_and_threads(monkeypatch, h264, skip, threads):
    # (a pool's decode process on slice threads only, and keyframes-only decoding, stay so)
    fake_device(monkeypatch, context_type=SoftwareInside)
    reader = FrameSampler(None, skip=skip, threads=threads).open(h264)
    try:
        cc = reader.stream.codec_context
        assert not cc.is_hwaccel and reader.stream.thread_type.name == "SLICE"
        assert cc.skip_frame == {"none": "DEFAULT", "nonkey": "NONKEY"}[skip]
    finally:
        reader.close()
    assert hwdecode.stats["device cannot decode"] >= 1


def test_a_device_that_cannot_be_had_for_one_file_opens_it_in_software(monkeypatch, pattern):
    times, frames = read(pattern)
    a_device_exists(monkeypatch)
    monkeypatch.setenv(hwdecode.ENV, "cuda")

    def device_full(path, *args, hwaccel=None, **kw):
        if hwaccel is not None:
            raise av.error.MemoryError(12, "Cannot allocate memory")
        return REAL_OPEN(path, *args, **kw)

    monkeypatch.setattr(av, "open", device_full)
    got_times, got_frames = read(pattern)
    np.testing.assert_array_equal(got_times, times)
    same_frames(got_frames, frames)
    assert set(hwdecode.stats) == {"software"}


def test_a_codec_whose_decoders_may_differ_is_decoded_in_software(monkeypatch, pattern, h264):
    # MPEG-4 part 2's IDCT is exact only within a tolerance: a device's frames drift from FFmpeg's
    # (NVDEC: a mean 4.9 levels off), so the same file would give other vectors on a GPU machine
    times, frames = read(pattern)
    opened = fake_device(monkeypatch, every_codec=False)
    got_times, got_frames = read(pattern)
    np.testing.assert_array_equal(got_times, times)
    same_frames(got_frames, frames)
    assert opened["device"] and all(c.closed for c in opened["device"])
    assert hwdecode.stats["inexact codec"] == len(opened["device"]) and "cuda" not in hwdecode.stats
    container, stream = open_video(pattern, 10.0)
    try:
        assert not stream.codec_context.is_hwaccel and stream.thread_type.name != "SLICE"
    finally:
        container.close()
    container, stream = open_video(h264, 10.0)  # (H.264 is exact: kept on the device)
    try:
        assert stream.codec_context.is_hwaccel and stream.thread_type.name == "SLICE"
    finally:
        container.close()
    assert hwdecode.stats["cuda"] == 1


def test_a_cuda_primary_context_taken_with_other_flags_gives_each_file_a_context_of_its_own(monkeypatch):
    # torch made the primary context first (a model loaded on the GPU before the first video):
    # FFmpeg refuses to share it (errno 95), so the device is made, and files opened, without it
    made = []

    class Accel:
        def __init__(self, kind, device=None, allow_software_fallback=False, options=None):
            self.kind, self.device, self.options = kind, device, options

        def create(self, codec):
            made.append(self.options)
            if self.options and self.options.get("primary_ctx") == "1":
                raise OSError(95, "Operation not supported")
            return self

    monkeypatch.setattr(hwdecode, "HWAccel", Accel)
    monkeypatch.setattr(hwdecode, "hwdevices_available", lambda: ["cuda"])
    monkeypatch.setattr(hwdecode, "_create", lambda kind, device: hwdecode._made(kind, device, None))
    monkeypatch.setenv(hwdecode.ENV, "cuda")
    assert hwdecode.choice() == ("cuda", None)
    assert made == [{"primary_ctx": "1"}, None]
    assert hwdecode.accel().options is None  # (each file: FFmpeg's own context)


def test_a_shared_cuda_primary_context_is_kept_for_every_file(monkeypatch):
    class Accel:
        def __init__(self, kind, device=None, allow_software_fallback=False, options=None):
            self.options = options

        def create(self, codec):
            return self

    monkeypatch.setattr(hwdecode, "HWAccel", Accel)
    monkeypatch.setattr(hwdecode, "hwdevices_available", lambda: ["cuda"])
    monkeypatch.setattr(hwdecode, "_create", lambda kind, device: hwdecode._made(kind, device, None))
    monkeypatch.setenv(hwdecode.ENV, "cuda")
    assert hwdecode.choice() == ("cuda", None) and hwdecode.accel().options == {"primary_ctx": "1"}


# -- a real device -------------------------------------------------------------------------------
@pytest.mark.gpu
@pytest.mark.skipif(not cuda_works(), reason="no CUDA device can be created here")
@pytest.mark.parametrize("skip", ["none", "nonref", "nonkey"])
def test_cuda_frames_are_close_to_software_with_the_same_times(monkeypatch, h264, pattern, skip):
    for video in (h264, pattern):
        monkeypatch.setenv(hwdecode.ENV, "off")
        times, frames = read(video, skip)
        monkeypatch.setenv(hwdecode.ENV, "cuda")
        got_times, got_frames = read(video, skip)
        np.testing.assert_array_equal(got_times, times)
        diff = np.abs(got_frames.astype(np.int16) - frames.astype(np.int16))
        assert diff.mean() < 1.0 and np.percentile(diff, 99.9) <= 8, (diff.mean(), diff.max())
    assert hwdecode.stats["cuda"] > 0 and hwdecode.stats["inexact codec"] > 0  # (the pattern's MPEG-4)
    assert hwdecode.stats["device failed"] == 0 and hwdecode.stats["device cannot decode"] == 0


@pytest.mark.gpu
@pytest.mark.skipif(not cuda_works(), reason="no CUDA device can be created here")
def test_nvdec_decodes_after_torch_made_the_primary_context(h264):
    # in a fresh process (this one's primary context was made by the check above, FFmpeg's way):
    # torch first, as when a model is loaded on the GPU before the first video opens
    code = (
        "import os, sys, torch\n"
        "torch.zeros(1, device='cuda')\n"
        "from core import hwdecode\n"
        "from core.media import FrameSampler\n"
        "os.environ[hwdecode.ENV] = 'cuda'\n"
        "got = FrameSampler(None).at_rate(sys.argv[1], 7.0)\n"
        "s = hwdecode.stats\n"
        "print(hwdecode.describe(), len(got.frames), s['cuda'], s['device failed'] + s['device cannot decode'])\n")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, "-c", code, str(h264)], cwd=root, capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    name, frames, on_device, fell_back = out.stdout.split()
    assert name == "cuda" and int(frames) > 10 and int(on_device) >= 1 and int(fell_back) == 0, out.stdout
