"""Hardware video decoding where the machine offers it, software decoding everywhere else.

``SEEKFRAME_HWDECODE`` chooses, per process: ``auto`` (the default), the first of the platform's
usual devices this FFmpeg offers that can really be created (Linux: ``cuda``, then ``vaapi``;
macOS: ``videotoolbox``; Windows: ``cuda``, ``d3d11va``, ``dxva2``), else software, silently;
``off``; or a device type with an optional device (``cuda:1``, ``vaapi:/dev/dri/renderD129``):
that one, or software with one warning line per process when it cannot be created. A file never
fails for the device.

FFmpeg's own decoder parses, reorders and applies ``skip_frame`` as in software; the device only
decodes the pictures, and frames come back in system memory with the container's timestamps. On
a device, slice threads only: each frame thread would hold frames in flight on it (NVDEC sizes
its surface pool by them) for a small CPU share.

The choice is made at the first file opened, never at import: the decode pool's fork server
imports this module, and a CUDA context does not survive a fork. The checked device is kept for
the life of the process (CUDA: the retained primary context), so each file's device is cheap.
``python -m core.hwdecode`` says what this machine uses.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections import Counter

import av
from av.codec.hwaccel import HWAccel, HWDeviceType, hwdevices_available

ENV = "SEEKFRAME_HWDECODE"
OFF = ("off", "none", "no", "false", "0", "software", "sw")
AUTO_ORDER = {"darwin": ("videotoolbox",), "win32": ("cuda", "d3d11va", "dxva2")}.get(
    sys.platform, ("cuda", "vaapi"))
_PROBE_CODECS = ("h264", "hevc", "vp9", "av1", "mpeg2video", "mpeg4")  # one with a decoder for the device
# the pixel formats of frames held on a device: a decoder whose format is another fell back to software
_DEVICE_FORMATS = frozenset({"cuda", "vaapi", "vdpau", "videotoolbox_vld", "d3d11", "d3d11va_vld", "d3d12",
                             "dxva2_vld", "qsv", "vulkan", "drm_prime", "opencl", "mediacodec"})

# codecs whose standards define every decoded sample exactly (integer transforms): a device gives
# software's frames. MPEG-1/2, MPEG-4 part 2, H.263, MJPEG, VC-1 and the like let each decoder's
# IDCT differ within a tolerance, and the differences add up over a GOP: NVDEC's MPEG-4 part 2
# frames of a moving texture were a mean 4.9 levels (up to 128) off FFmpeg's on an H200
# (tests/test_hwdecode.py, 2026-12-04). Those decode in software: cheap, and the same vectors on
# every machine.
EXACT_CODECS = frozenset({"h264", "hevc", "vp8", "vp9", "av1"})

log = logging.getLogger("seekframe.decode")
stats: Counter = Counter()  # "<device>" / "software": files opened so; "device failed", "device cannot decode",
#                            "inexact codec": files on a device reopened in software (EXACT_CODECS)
_devices: dict[tuple[str, str | None], object] = {}  # (type, device) -> a live device, or the reason it failed
_decided: dict[str, tuple[str, str | None] | None] = {}  # setting -> (type, device), None: software
_own_context: set[tuple[str, str | None]] = set()  # (type, device) whose files each need a context of their own
_lock = threading.Lock()  # (threads reading videos at once decide, and say so, once)


class DeviceError(Exception):
    """The device failed to decode a packet: the reader goes on in software."""


def setting() -> str:
    return os.environ.get(ENV, "").strip().lower() or "auto"


def choice() -> tuple[str, str | None] | None:
    """``(device type, device)`` this process decodes on, or None for software."""
    value = setting()
    with _lock:
        if value not in _decided:
            _decided[value] = _decide(value)
        return _decided[value]


def describe() -> str:
    """The decoder in words: ``cuda``, ``vaapi:/dev/dri/renderD129``, ``software``."""
    chosen = choice()
    return "software" if chosen is None else ":".join(p for p in chosen if p)


def accel() -> HWAccel | None:
    """What ``av.open`` is given: a device that falls back to software for a stream it cannot decode."""
    chosen = choice()
    if chosen is None:
        return None
    kind, device = chosen
    return HWAccel(kind, device=device, allow_software_fallback=True, options=_options(kind, device))


def open_input(path: str, hw: bool = True, **options):
    """``av.open(path)`` for reading, on this process's device unless ``hw`` is false. A device
    that cannot be had for this file (its memory full, say) gives a software decoder instead."""
    hwaccel = accel() if hw else None
    if hwaccel is not None:
        try:
            return av.open(path, mode="r", hwaccel=hwaccel, **options)
        except (av.FFmpegError, RuntimeError) as e:  # (also a file that opens in no way: said below)
            log.debug("%s: cannot open it on %s (%s); in software", path, describe(), e)
    return av.open(path, mode="r", **options)


def on_device(stream) -> bool:
    """Whether ``stream`` was opened with a device decoder (it may yet fall back: :func:`guarded`)."""
    return bool(stream.codec_context.is_hwaccel)


def inexact(stream, path, counted: bool = True) -> bool:
    """Whether ``stream``, opened on a device, has a codec whose decoders may differ
    (not in :data:`EXACT_CODECS`): then the file is to be opened again in software."""
    if not on_device(stream) or stream.codec_context.name in EXACT_CODECS:
        return False
    if counted:
        stats["inexact codec"] += 1
    log.debug("%s: %s decoders may differ from software's; in software", path, stream.codec_context.name)
    return True


def adapt(stream, path, counted: bool = True) -> None:
    """A stream just opened: slice threads only on a device; counted in :data:`stats` unless
    the file was opened before."""
    name = describe() if on_device(stream) else "software"
    if name != "software":
        stream.thread_type = "SLICE"
    if counted:
        stats[name] += 1
    log.debug("%s: decoding in %s", path, name)


def check(stream, error: Exception) -> None:
    """A packet the decoder rejected: on a device, :class:`DeviceError` (software takes over)."""
    if on_device(stream):
        raise DeviceError(str(error) or type(error).__name__) from error


def guarded(reader, frames, start_pts: int | None = None):
    """``frames`` (``FrameReader._frames()`` of a ``core.av_reader`` reader, from the start of the
    stream or after a seek to ``start_pts``); on a device, they go on in software
    (``reader.in_software``) after the last frame given when it raises :class:`DeviceError`, or
    after the first frame when it cannot decode this stream (GIF, 10-bit H.264 on NVDEC)."""
    if not on_device(reader.stream):
        return frames
    return _guarded(reader, frames, start_pts)


def _guarded(reader, frames, start_pts):
    last_pts, given = None, 0
    try:
        for frame in frames:
            if given == 0 and reader.stream.codec_context.pix_fmt not in _DEVICE_FORMATS:
                stats["device cannot decode"] += 1
                log.debug("%s: %s cannot decode this stream; in software", reader.path, describe())
                break  # (then software with its own threads, from the start: nothing given yet)
            last_pts, given = frame.pts, given + 1
            yield frame
        else:
            return
    except DeviceError as e:
        stats["device failed"] += 1
        log.info("%s: the %s decoder failed (%s); the rest of the file in software",
                 reader.path, describe(), e)
    # after ``last_pts`` (sought to the keyframe before it), or, for frames without timestamps,
    # the same count on from where the device started
    skipped = 0
    for frame in reader.in_software(start_pts if last_pts is None else last_pts):
        if last_pts is not None:
            if frame.pts is not None and frame.pts <= last_pts:
                continue
        elif skipped < given:
            skipped += 1
            continue
        yield frame


def _options(kind: str, device: str | None = None) -> dict | None:
    # CUDA's primary context, retained by the check's device: a file's device costs no context
    # of its own (~100 ms and GPU memory), unless the check found it taken (_made)
    return {"primary_ctx": "1"} if kind == "cuda" and (kind, device) not in _own_context else None


def _decide(value: str) -> tuple[str, str | None] | None:
    if value in OFF:
        return None
    if value == "auto":
        built = set(hwdevices_available())
        for kind in AUTO_ORDER:
            if kind in built and _device(kind, None) is True:
                log.info("video decoding on %s (%s=auto)", kind, ENV)
                return kind, None
        log.debug("no hardware video decoder (tried %s): software", ", ".join(AUTO_ORDER))
        return None
    kind, _, device = value.partition(":")
    device = device or None
    if kind not in HWDeviceType.__members__ or kind == "none":
        why = f"unknown device type {kind!r} (off, auto or one of: {', '.join(hwdevices_available())})"
    elif kind not in hwdevices_available():
        why = f"this FFmpeg was built without {kind} (it has: {', '.join(hwdevices_available()) or 'none'})"
    elif (why := _device(kind, device)) is True:
        log.info("video decoding on %s (%s=%s)", kind, ENV, value)
        return kind, device
    log.warning("%s=%s: %s; decoding in software", ENV, value, why)
    return None


def _device(kind: str, device: str | None):
    """True when a ``kind`` device can be created (kept alive), else the reason (cached)."""
    key = (kind, device)
    if key not in _devices:
        _devices[key] = _create(kind, device)
    return True if isinstance(_devices[key], HWAccel) else _devices[key]


def _create(kind: str, device: str | None):
    for name in _PROBE_CODECS:
        try:
            codec = av.codec.Codec(name, "r")
        except (av.FFmpegError, ValueError):
            continue
        if not any(c.device_type.name == kind and c.is_supported for c in codec.hardware_configs):
            continue
        try:
            return _made(kind, device, codec)
        except (av.FFmpegError, RuntimeError, ValueError, OSError) as e:
            return f"no {kind} device could be created ({e})"
    return f"this FFmpeg has no {kind} decoder"


def _made(kind: str, device: str | None, codec) -> HWAccel:
    """A live ``kind`` device. CUDA's primary context, when another library made it first with
    other flags (torch, an encoder loaded on the GPU before the first video opened), is refused by
    FFmpeg ("Primary context already active with incompatible flags", errno 95): then each file's
    device has a context of its own."""
    try:
        return HWAccel(kind, device=device, options=_options(kind, device)).create(codec)
    except (av.FFmpegError, RuntimeError, ValueError, OSError) as e:
        if _options(kind, device) is None:
            raise
        log.debug("%s's primary context cannot be shared (%s): a context of its own for each file", kind, e)
        _own_context.add((kind, device))
        return HWAccel(kind, device=device).create(codec)


if __name__ == "__main__":  # python -m core.hwdecode: what this machine decodes on
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(f"{ENV}={setting()}: decoding in {describe()} (this FFmpeg has: "
          f"{', '.join(hwdevices_available()) or 'no hardware device types'})")
