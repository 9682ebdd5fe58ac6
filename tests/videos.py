"""Generate small test videos with OpenCV, with known content at known seconds."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

COLORS = {  # RGB
    "red": (220, 30, 30),
    "green": (30, 200, 40),
    "blue": (30, 50, 220),
    "yellow": (235, 220, 30),
    "white": (240, 240, 240),
    "black": (15, 15, 15),
    "purple": (140, 40, 190),
    "orange": (245, 140, 20),
}


@dataclass(frozen=True)
class Segment:
    """``seconds`` of a background colour, optionally with a moving square of another colour."""

    seconds: float
    color: str
    square: str | None = None


# the bytes of each clip ``write_video`` wrote in this process, by everything that makes them (its
# container, by the name's suffix, included): OpenCV writes the same bytes for the same arguments, and
# the library and index tests write the same few clips thousands of times (40-90 ms each, a copy
# well under 1 ms); bounded, a clip over ``_WRITTEN_CLIP_MAX`` never kept
_written: dict[tuple, bytes] = {}
_WRITTEN_MAX, _WRITTEN_CLIP_MAX = 96 << 20, 4 << 20


def write_video(
    path: str | Path,
    segments: list[Segment],
    *,
    fps: float = 10.0,
    size: tuple[int, int] = (160, 120),
    fourcc: str = "mp4v",
    noise: int = 6,
    seed: int = 0,
) -> Path:
    """Write a video whose content per segment is known. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    segments = list(segments)
    key = (path.suffix, tuple(segments), float(fps), tuple(size), fourcc, noise, seed)
    data = _written.get(key)
    if data is not None:
        path.write_bytes(data)
        return path
    _write_video(path, segments, fps, size, fourcc, noise, seed)
    if path.is_file() and path.stat().st_size <= _WRITTEN_CLIP_MAX and \
            sum(map(len, _written.values())) < _WRITTEN_MAX:
        _written[key] = path.read_bytes()
    return path


def _write_video(path: Path, segments, fps, size, fourcc, noise, seed) -> None:
    w, h = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (w, h))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {fourcc} to {path}")
    rng = np.random.default_rng(seed)
    frame_no = 0
    for seg in segments:
        n = int(round(seg.seconds * fps))
        for i in range(n):
            rgb = np.empty((h, w, 3), np.uint8)
            rgb[:] = COLORS[seg.color]
            if seg.square:
                side = max(8, h // 3)
                x = int((w - side) * (i / max(1, n - 1)))
                y = (h - side) // 2
                rgb[y : y + side, x : x + side] = COLORS[seg.square]
            if noise:
                jitter = rng.integers(-noise, noise + 1, size=rgb.shape, dtype=np.int16)
                rgb = np.clip(rgb.astype(np.int16) + jitter, 0, 255).astype(np.uint8)
            writer.write(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
            frame_no += 1
    writer.release()


def make_library_folder(root):
    """The end-to-end library folder (test_end_to_end, test_two_pass, test_ann_*): five clips; only
    planted.mp4 has red, and only from 8 s to 12 s."""
    write_video(root / "planted.mp4", [Segment(8, "green"), Segment(4, "red"), Segment(4, "green")], seed=1)
    write_video(root / "blue.mp4", [Segment(6, "blue")], seed=2)
    write_video(root / "trip" / "yellow.mp4", [Segment(5, "yellow", square="black")], seed=3)
    write_video(root / "trip" / "white then purple.mp4", [Segment(4, "white"), Segment(4, "purple")], seed=4)
    write_video(root / "orange.avi", [Segment(4, "orange")], fourcc="MJPG", seed=5)
    return root


def write_zero_byte(path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(b"")
    return path


def write_truncated(src: str | Path, dst: str | Path, keep: float = 0.3) -> Path:
    """Copy the first ``keep`` fraction of a real video file: a download cut short."""
    data = Path(src).read_bytes()
    dst = Path(dst)
    dst.write_bytes(data[: max(1, int(len(data) * keep))])
    return dst


def write_broken_video(path: str | Path) -> Path:
    """A file named as a video that cannot be read: an MP4's first box, then text (a download cut short
    and filled in). Its index fails ("damaged or incomplete MP4/MOV file"). A text file alone is no broken
    video: it is skipped as not a video (core.unopenable.TEXT_FILE), as an audio file or a picture is."""
    path = Path(path)
    path.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
                     + b"this is not a video, just text after an MP4 header\n" * 50)
    return path


def write_text_as_video(path: str | Path) -> Path:
    """A text file named as a video (a note saved as clip.mp4): skipped as not a video."""
    path = Path(path)
    path.write_text("this is not a video, just text renamed to .mp4\n" * 50)
    return path


def write_pattern_video(
    path: str | Path,
    seconds: float,
    *,
    fps: float = 30.0,
    size: tuple[int, int] = (640, 360),
    fourcc: str = "mp4v",
    seed: int = 0,
) -> Path:
    """A longer video with camera-like texture that moves every frame (so the codec has real
    work), cheap to generate: a pre-computed noise texture scrolled, plus a moving square."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    w, h = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (w, h))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {fourcc} to {path}")
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, size=(h // 8 + 1, w // 8 + 1, 3), dtype=np.uint8)
    texture = cv2.resize(small, (w * 2, h), interpolation=cv2.INTER_CUBIC)
    side = max(8, h // 4)
    n = int(round(seconds * fps))
    for i in range(n):
        x0 = (i * 3) % w
        frame = texture[:, x0 : x0 + w].copy()
        sx = int((w - side) * (0.5 + 0.5 * np.sin(i / 15.0)))
        frame[(h - side) // 2 : (h + side) // 2, sx : sx + side] = (255 - 40 * (i % 5), 80, 40)
        writer.write(frame)
    writer.release()
    return path


def write_vfr_video(path: str | Path, pieces: list[tuple[float, float, str]], *,
                    size: tuple[int, int] = (160, 120), codec: str = "libx264", gop: int = 12) -> list[float]:
    """A variable-frame-rate video: ``pieces`` are ``(seconds, fps, colour)``, each a run of
    frames of one background colour at its own rate, stamped with exact presentation times
    (time base 1/90000, as phones write). H.264 with B-frames by default. Returns the true
    presentation time of every frame, in order."""
    import av
    from fractions import Fraction

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    w, h = size
    times: list[float] = []
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=30)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.time_base = Fraction(1, 90000)
        stream.codec_context.time_base = Fraction(1, 90000)
        if codec == "libx264":
            stream.options = {"bf": "2", "g": str(gop), "sc_threshold": "0", "preset": "ultrafast", "crf": "18"}
        t = 0.0
        for seconds, fps, colour in pieces:
            for i in range(int(round(seconds * fps))):
                rgb = np.empty((h, w, 3), np.uint8)
                rgb[:] = COLORS[colour]
                frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
                frame.pts = int(round(t * 90000))
                frame.time_base = Fraction(1, 90000)
                times.append(frame.pts / 90000)
                out.mux(stream.encode(frame))
                t += 1.0 / fps
        out.mux(stream.encode(None))
    return times


def write_as_shown(path: str | Path, frames, fps: int = 10, *, degrees: int = 0, hflip: bool = False,
                   aspect=1, transfer: str = "", lossless: bool = False) -> Path:
    """RGB ``frames`` (as they are to be shown; any iterable) written the way cameras store them: turned by
    ``degrees`` counter-clockwise (then mirrored when ``hflip``) with the display matrix that
    shows them upright (PyAV's ``set_display_rotation``), squeezed across for pixels ``aspect``
    (width over height) wide, or as 10-bit BT.2020 HEVC with ``transfer``'s curve (``"pq"``,
    ``"hlg"``: a phone's HDR). Returns the path."""
    from fractions import Fraction

    import av

    from core import hdr

    path = Path(path)
    aspect = Fraction(aspect)
    to_bt2020 = np.linalg.inv(hdr.BT2020_TO_BT709.astype(np.float64))

    def stored(rgb):
        out = np.rot90(rgb[:, ::-1] if hflip else rgb, -degrees // 90)
        if aspect != 1:
            h, w = out.shape[:2]
            out = cv2.resize(np.ascontiguousarray(out), (2 * round(w / aspect / 2), h), interpolation=cv2.INTER_NEAREST)
        h, w = out.shape[:2]
        return np.ascontiguousarray(out[: h - h % 2, : w - w % 2])  # 4:2:0 wants even sizes

    def frame(rgb):
        if not transfer:
            return av.VideoFrame.from_ndarray(stored(rgb), format="rgb24")
        light = hdr.srgb_decode(rgb / 255.0) @ to_bt2020.T
        light = np.maximum(light, 0.0)
        if transfer == "pq":
            signal = hdr.nits_to_pq(light * hdr.PQ_REFERENCE_WHITE)
        else:
            signal = hdr.scene_to_hlg(light * hdr.hlg_to_scene(np.float64(hdr.HLG_REFERENCE_SIGNAL)))
        rgb16 = stored(np.round(np.clip(signal, 0, 1) * 65535).astype(np.uint16))
        return av.VideoFrame.from_ndarray(rgb16, format="rgb48le").reformat(
            format="yuv420p10le", dst_colorspace="bt2020", dst_color_range="MPEG")

    frames = iter(frames)
    first = frame(next(frames))
    with av.open(str(path), "w") as out:
        if transfer:
            stream = out.add_stream("libx265", rate=fps)
            stream.pix_fmt = "yuv420p10le"
            cc = stream.codec_context
            cc.color_primaries, cc.colorspace, cc.color_range = hdr.PRIMARIES_BT2020, 9, 1
            cc.color_trc = hdr.TRC_PQ if transfer == "pq" else hdr.TRC_HLG
            stream.options = {"x265-params": "log-level=error" + (":lossless=1" if lossless else "")}
        else:
            stream = out.add_stream("libx264", rate=fps)
            stream.pix_fmt = "yuv420p"
            stream.options = {"g": "4", "bf": "2"}
        stream.width, stream.height = first.width, first.height
        stream.codec_context.sample_aspect_ratio = aspect
        stream.set_display_rotation(degrees, hflip=hflip)
        for video_frame in itertools.chain([first], map(frame, frames)):
            for packet in stream.encode(video_frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def write_interlaced(path: str | Path, pictures, fps: int = 10, *, interlaced: bool = True,
                     crf: int = 10) -> Path:
    """An interlaced H.264 video (top field first, as a 1080i camcorder records): each frame woven
    of two RGB ``pictures`` in turn (any iterable), the first's even lines and the second's odd
    ones (its two fields, a field's time apart). ``interlaced=False``: the same woven frames coded
    as progressive ones (a frame with combs, no flag). Returns the path."""
    import av

    path = Path(path)
    pictures = iter(pictures)
    first = next(pictures)
    h, w = first.shape[:2]
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"g": "4", "bf": "2", "crf": str(crf), **({"x264-params": "tff=1"} if interlaced else {})}
        for top, bottom in zip(itertools.chain([first], pictures), pictures):
            # each picture to 4:2:0 on its own, then lines woven, the chroma planes' too: a field's
            # colours are its own (an interlaced camera subsamples each field apart)
            a, b = (av.VideoFrame.from_ndarray(p, format="rgb24").reformat(format="yuv420p").to_ndarray()
                    for p in (top, bottom))
            woven = a.copy()  # I420: h lines of Y, then U and V, each h/4 lines of w (two chroma rows a line)
            woven[1:h:2] = b[1:h:2]
            chroma = woven[h:].reshape(-1, w // 2)  # chroma rows of w/2, U's then V's
            chroma[1::2] = b[h:].reshape(-1, w // 2)[1::2]
            for packet in stream.encode(av.VideoFrame.from_ndarray(woven, format="yuv420p")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path
