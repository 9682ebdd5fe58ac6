"""Every strategy gives the sequential read's frames, in every container and codec PyAV writes here.

Three faults of one family were found one by one (a failed seek's walk, a failed seek ahead, an
FLV's end-of-sequence tag sought to: ``tests/test_seek_at_the_end.py``). This module asks
``FrameSampler(size=None)`` for frames at the times where seeks go wrong (the start, the first
frame's time, the middle, just before/at/after keyframes, just before the end, at the end and past
it), one at a time and as a sorted batch, with each strategy, and checks every answer is the
sequential read's: the same frame times and pixels, past the end the same last frame or the same
error (asked one at a time or in pairs, around one keyframe of each kind, not every keyframe:
``keys_of_each_kind``). Clips: short and long groups of pictures, B-frames where the codec has them, and a
variable-frame-rate clip; a container or codec this PyAV cannot write is skipped. The decoder's skip
modes (non-reference frames skipped, keyframes only) are asked the same, against the sequential
read skipping alike, whose frames must be true ones (``test_skipping_gives_true_frames_whatever_the_strategy``).
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core.media import FrameSampler

W, H, FPS, SECONDS = 64, 48, 10, 8
STRATEGIES = ("sequential", "seek", "auto")

# name: (format, codec, extension, options: the encoder's, "mux:..." the muxer's)
KINDS = {
    "mp4-h264": ("mp4", "libx264", "mp4", {"bf": "2"}),
    "mov-h264": ("mov", "libx264", "mov", {"bf": "2"}),
    # (no edit list: the first frame shown 2 frames after the file's start; fragments: moof boxes)
    "mp4-h264-noedit": ("mp4", "libx264", "mp4", {"bf": "2", "mux:use_editlist": "0"}),
    "mp4-h264-frag": ("mp4", "libx264", "mp4", {"bf": "2", "mux:movflags": "frag_keyframe+empty_moov"}),
    "mkv-h264": ("matroska", "libx264", "mkv", {"bf": "2"}),
    # (open groups of pictures: B-frames after a keyframe in the file shown before it, referring
    # to the group before; 3 B-frames in a pyramid)
    "mkv-h264-open": ("matroska", "libx264", "mkv", {"x264-params": "open-gop=1:bframes=3:b-pyramid=normal"}),
    "mp4-h264-open": ("mp4", "libx264", "mp4", {"x264-params": "open-gop=1:bframes=3:b-pyramid=normal"}),
    "ts-h264-open": ("mpegts", "libx264", "ts", {"x264-params": "open-gop=1:bframes=3:b-pyramid=normal"}),
    "mkv-hevc": ("matroska", "libx265", "mkv", {"x265-params": "log-level=error:bframes=2"}),
    "webm-vp9": ("webm", "libvpx-vp9", "webm", {"deadline": "realtime", "cpu-used": "8"}),
    "webm-vp8": ("webm", "libvpx", "webm", {"deadline": "realtime", "cpu-used": "8"}),
    "avi-mpeg4": ("avi", "mpeg4", "avi", {}),
    "avi-mpeg4-bf": ("avi", "mpeg4", "avi", {"bf": "2"}),
    "ts-h264": ("mpegts", "libx264", "ts", {"bf": "2"}),
    "flv-h264": ("flv", "libx264", "flv", {"bf": "2"}),
    "3gp-h264": ("3gp", "libx264", "3gp", {"bf": "2"}),
    "ps-mpeg2": ("vob", "mpeg2video", "mpg", {"bf": "2"}),
    "ogg-theora": ("ogg", "libtheora", "ogv", {}),
    "ogg-vp8": ("ogg", "libvpx", "ogv", {"deadline": "realtime", "cpu-used": "8"}),
}
# libvpx encodes on one thread in the tests: its VP8 encoder's threads wait for each other's rows by
# spinning (libvpx's ethreading), and on a loaded 2-core CI machine encoding one VP8 clip of 80 tiny
# frames ran past the test's 300 s timeout and another worker died while encoding one (CI at b6ecaec,
# 4,306 s in all; never seen on a quiet machine). One thread writes the same stream, in milliseconds.
VPX_THREADS = 1
RATES = {"mpeg2video": 25}  # (a codec's own frame rate, where 10 fps is none of its rates)
GOPS = {"short": 6, "long": 45}
# (MPEG-2's and MPEG-4's scene cuts put a keyframe every 1-3 frames of these pictures, "long" the same
# as "short": none for the long groups, which their long clips are for)
SCENE_CUTS = {"mpeg2video": {"sc_threshold": "1000000000"}, "mpeg4": {"sc_threshold": "1000000000"}}
# grain (larger frames) for the MPEG-PS clips (keyframes stamped otherwise in the 30 s one: below)
NOISY = ("ps-mpeg2",)


def picture(i: int, noise: bool = False) -> np.ndarray:
    """Frame ``i``: its own colour and a bar where its number puts it (no two frames alike);
    ``noise``: grain over it, as a camera's (larger frames)."""
    img = np.empty((H, W, 3), np.uint8)
    img[:] = ((37 * i) % 200 + 30, (91 * i) % 200 + 30, (13 * i) % 200 + 30)
    x = (i * 5) % (W - 8)
    img[8:40, x:x + 8] = 255 - img[0, 0]
    if noise:
        grain = np.random.default_rng(i).integers(-40, 41, img.shape)
        img = np.clip(img.astype(np.int16) + grain, 0, 255).astype(np.uint8)
    return img


def write_clip(path: Path, fmt: str, codec: str, options: dict, gop: int, times: list[float],
               noise: bool = False) -> Path:
    try:
        av.codec.Codec(codec, "w")
        av.format.ContainerFormat(fmt, "w")
    except Exception as e:  # (this FFmpeg build lacks it)
        pytest.skip(f"PyAV cannot write {fmt}/{codec} here: {e}")
    # (MPEG-4 Part 2 takes a time base up to 1/65535, MPEG-2 a standard frame rate's only)
    tb = Fraction(1, RATES[codec]) if codec in RATES else Fraction(1, 600)
    mux = {k[4:]: v for k, v in options.items() if k.startswith("mux:")}  # (the muxer's, not the codec's)
    with av.open(str(path), "w", format=fmt, options=mux) as out:
        s = out.add_stream(codec, rate=RATES.get(codec, FPS))
        s.width, s.height, s.pix_fmt = W, H, "yuv420p"
        s.codec_context.time_base = tb
        if codec.startswith("libvpx"):
            s.codec_context.thread_count = VPX_THREADS
        opts = {"g": str(gop), **{k: v for k, v in options.items() if not k.startswith("mux:")}}
        if codec in ("libx264", "libx265"):
            opts.setdefault("sc_threshold", "0")
        if codec == "libx265":
            opts["x265-params"] += f":keyint={gop}:min-keyint={gop}:scenecut=0"
        s.options = opts
        for i, t in enumerate(times):
            frame = av.VideoFrame.from_ndarray(picture(i, noise), format="rgb24")
            frame.pts, frame.time_base = int(round(t / tb)), tb
            for p in s.encode(frame):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    return path


def vfr_times() -> list[float]:
    """2 s at 10 fps, 2 s at 30 fps, 2 s at 5 fps, 2 s at 15 fps (a phone's rates)."""
    times, t = [], 0.0
    for seconds, fps in ((2, 10), (2, 30), (2, 5), (2, 15)):
        for _ in range(seconds * fps):
            times.append(round(t, 6))
            t += 1.0 / fps
    return times


# the default run (~10 s): every kind's long GOP as a sorted batch, and a few clips' times one at a
# time and in pairs; the rest is marked slow
FAST_BATCH = {(k, "long") for k in KINDS} | {("mp4-h264", "vfr")}
FAST_EACH = {("mp4-h264", "long"), ("flv-h264", "long"), ("ts-h264", "long"), ("mkv-h264", "vfr"),
             ("webm-vp9", "long"), ("mkv-h264-open", "long")}
ALL = ([(k, g) for k in KINDS for g in GOPS]
       + [(k, "vfr") for k in ("mp4-h264", "mkv-h264", "ts-h264", "webm-vp9", "flv-h264", "mp4-h264-frag")]
       + [(k, "30s") for k in ("ts-h264", "ps-mpeg2", "mp4-h264", "flv-h264")])
# FFmpeg's MPEG-PS muxer stamps a PES with the PTS of the first frame whose bytes begin in it (a
# keyframe's sequence header in the PES before), its demuxer gives that PTS to the first picture start
# code in it: a keyframe stamped with the frame after it, and FFmpeg's fill-in carried that on (frames
# 420-426 and 747-749 of this 30 s clip were stamped 418-424 and 745-747; a seek landed on the
# keyframe stamped 29.8 s, the sequential read showed the B-frame before it there). core.ps_clock
# times such packets as the muxer meant them: the 30 s clip (and TINY_PS, several frames a PES) asks
# it here, slow; tests/test_ps_clock.py in the default run. The 30 s clip has a keyframe every 10 frames
# (no scene cuts): the MPEG-2 encoder's scene cuts made one every 3 frames of grain (248 keyframes, 745
# times asked, each alone read from the start: 80 s of the module's 197); FFmpeg stamps three of these
# keyframes otherwise (frames 39-49, 516-527, 651-660, past 20 s the last two: found with core.ps_clock
# left out, which each of the clip's four tests then fails). The short and tiny PS clips keep scene cuts.
PS_30S, PS_30S_GOP = SCENE_CUTS["mpeg2video"], 10


def clips(fast: set) -> list:
    return [pytest.param(k, g, marks=() if (k, g) in fast else (pytest.mark.slow,)) for k, g in ALL]


# the same fault where the frames are tiny (~150 bytes, a flat picture's MPEG-2: several a PES)
TINY_PS = pytest.param("ps-mpeg2", "tiny", marks=[pytest.mark.slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix")


def written(kind: str, gop: str) -> list[float]:
    """The times the clip's frames were written at."""
    fps = RATES.get(KINDS[kind][1], FPS)
    seconds = 30 if gop == "30s" else SECONDS  # (an MPEG-TS/PS walks 20 s at most, further FFmpeg seeks)
    return vfr_times() if gop == "vfr" else [i / fps for i in range(seconds * fps)]


def make(folder: Path, kind: str, gop: str) -> Path:
    fmt, codec, ext, options = KINDS[kind]
    path = folder / f"{kind}-{gop}.{ext}"
    if not path.exists():
        gop_frames = {"vfr": 24, "tiny": 6, "30s": 45}.get(gop) or GOPS[gop]
        if gop == "long" and codec in SCENE_CUTS:
            options = {**options, **SCENE_CUTS[codec]}
        if (kind, gop) == ("ps-mpeg2", "30s"):
            options, gop_frames = {**options, **PS_30S}, PS_30S_GOP
        write_clip(path, fmt, codec, options, gop_frames, written(kind, gop), noise=kind in NOISY and gop != "tiny")
    return path


def frames_of(path: Path) -> tuple[list[float], list[float], float]:
    """The frame times the sequential read gives, the keyframes' among them, and the duration."""
    reader = FrameSampler(size=None, _strategy="sequential")._open(str(path))
    try:
        times, keys, got = [], [], reader.pending
        while got is not None:
            times.append(got[0])
            if got[1].key_frame:
                keys.append(got[0])
            got = reader._next()
        return times, keys, reader.info.duration
    finally:
        reader.close()


def wanted_times(path: Path, kinds: tuple[str, str] | None = None) -> list[float]:
    """The times where seeks go wrong: the start, the first frame's, the middle, just before the last
    frame, the last, the duration and past it, and just before, at and just after each keyframe but
    the first. With ``kinds`` (the clip's kind and group, for the checks that ask times one at a time
    or in pairs, each a read of its own): the same but only at the keyframes ``keys_of_each_kind``
    picks, one of each kind, not every keyframe."""
    times, keys, duration = frames_of(path)
    step = min(b - a for a, b in zip(times, times[1:]))
    eps = min(0.01, step / 4)
    out = {0.0, times[0], times[len(times) // 2], times[-1] - eps, times[-1], duration, duration + 0.5, duration + 5}
    for k in keys[1:] if kinds is None else keys_of_each_kind(path, *kinds, times, keys):
        out.update({k - eps, k, k + eps})
    return sorted(max(0.0, t) for t in out)


# Asked one at a time (or in pairs), each time is a read of its own; the sequential strategy's read
# goes from the file's start, so asking every keyframe's three times alone cost O(frames^2) decoding
# (the 30 s MPEG-PS: 254 times, 11 s of its test's 18 s). Those checks ask the three times around
# one keyframe of each KIND; the sorted batch (and each check's reference) still asks every keyframe.
# A seek lands alike at keyframes alike in where they are, so the kinds kept are:
#  - the first keyframe after the start and the last one (a seek to the start's group, the end's group);
#  - one of each (frames since the keyframe before, frames to the next, frame steps either side)
#    shape: short and long groups, groups cut short by scene cuts (MPEG-2/4 put one every 1-3
#    frames), a variable frame rate's sections, the group before the end;
#  - the clip's own edge cases: around each frame the container stamps otherwise than it was
#    written (PyAV's plain decode against ``written``, but for a shift all frames share): the
#    keyframe at or before it and the two after it (the 30 s MPEG-PS: FFmpeg's muxer stamps three
#    keyframes' runs of frames otherwise, core.ps_clock times them; an Ogg's first frame; found from
#    the written times, not from the product's, so a broken core.ps_clock cannot hide them: with it
#    left out, the clip's four tests below still fail);
#  - a keyframe every 4 s or so (how far a seek walks, or FFmpeg seeks, from where: 30 s clips walk
#    at most 20 s).
# Just before, at and just after each, the frame before the keyframe, the keyframe and the frame
# after (B-frames shown before it, open groups) are asked; the start, the middle, the last frame and
# past the end always.
SPREAD_S = 4.0


def keys_of_each_kind(path: Path, kind: str, gop: str, times: list[float], keys: list[float]) -> list[float]:
    """The keyframes (of ``keys``, the sequential read's) whose times are asked alone: comment above."""
    index = {round(t, 6): i for i, t in enumerate(times)}
    picked, shapes = {keys[1], keys[-1]} if len(keys) > 1 else set(), set()
    for a, k, b in zip(keys, keys[1:], [*keys[2:], None]):
        i = index[round(k, 6)]
        ia, ib = index[round(a, 6)], len(times) if b is None else index[round(b, 6)]
        step = (round(times[i] - times[i - 1], 4), round(times[i + 1] - times[i], 4) if i + 1 < len(times) else None)
        shape = (i - ia, ib - i, step)
        if shape not in shapes:
            shapes.add(shape)
            picked.add(k)
    wrote = written(kind, gop)
    with av.open(str(path)) as container:
        plain = [float(f.time) for f in container.decode(video=0)]
    off = Counter(round(p - w, 6) for p, w in zip(plain, wrote)).most_common(1)[0][0] if plain else 0.0  # (a start's)
    odd = [w for w, p in zip(wrote, plain) if abs(p - off - w) > 1e-6]
    for w in odd:
        before = [k for k in keys[1:] if k <= w]
        after = [k for k in keys[1:] if k > w]
        picked.update(before[-1:] + after[:2])
    last = None
    for k in keys[1:]:
        if last is None or k - last >= SPREAD_S:
            picked.add(k)
            last = k
    return sorted(picked)


def answer(strategy: str, path: Path, times: list[float]):
    """What ``frames_at`` gives: the frames' times and pixels, or the error it raised."""
    try:
        got = FrameSampler(size=None, _strategy=strategy).frames_at(str(path), times)
    except Exception as e:
        return ("error", type(e).__name__, str(e))
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


def disagreements(strategy: str, path: Path, times: list[float], reference) -> list[str]:
    got = answer(strategy, path, times)
    if got == reference:
        return []
    if reference and reference[0] == "error" or got and got[0] == "error":
        return [f"{strategy} {times}: {got if got and got[0] == 'error' else 'frames'} != "
                f"{reference if reference and reference[0] == 'error' else 'frames'}"]
    out = []
    for t, g, r in zip(times, got, reference):
        if g != r:
            out.append(f"{strategy} at {t:.4f}: frame {g[0]}{'' if g[0] != r[0] else ' (other pixels)'}, "
                       f"sequential {r[0]}")
    return out or [f"{strategy} {times}: {len(got)} frames, sequential {len(reference)}"]


@pytest.mark.parametrize("kind,gop", clips(FAST_BATCH))
def test_a_sorted_batch_gives_the_sequential_reads_frames(folder, kind, gop):
    path = make(folder, kind, gop)
    times = wanted_times(path)
    reference = answer("sequential", path, times)
    assert reference and reference[0] != "error", reference
    bad = [d for s in ("seek", "auto") for d in disagreements(s, path, times, reference)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("kind,gop", [*clips(FAST_EACH), TINY_PS])
def test_each_time_alone_gives_the_sequential_reads_frame(folder, kind, gop):
    path = make(folder, kind, gop)
    times = wanted_times(path)
    reference = answer("sequential", path, times)
    by_time = dict(zip(times, reference)) if reference[0] != "error" else None
    bad = []
    for t in wanted_times(path, (kind, gop)):  # (the keyframes of each kind: keys_of_each_kind)
        for s in STRATEGIES:
            bad += disagreements(s, path, [t], [by_time[t]] if by_time is not None else reference)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("kind,gop", clips(FAST_EACH))
def test_two_times_far_apart_give_the_sequential_reads_frames(folder, kind, gop):
    """An early time, then each later one (a seek, or a seek ahead to an indexed keyframe, from
    where the first left the decoder); and each time, then one past the end."""
    path = make(folder, kind, gop)
    times = wanted_times(path)
    reference = dict(zip(times, answer("sequential", path, times)))
    early = next(t for t in times if t >= 0.5)
    bad = []
    for t in wanted_times(path, (kind, gop)):  # (the keyframes of each kind: keys_of_each_kind)
        pairs = ([[early, t]] if t > early else []) + ([[t, times[-1]]] if t < times[-1] else [])
        for pair in pairs:
            for s in ("seek", "auto"):
                bad += disagreements(s, path, pair, [reference[u] for u in pair])
    assert not bad, "\n".join(bad)


# -- the decoder's skip modes ----------------------------------------------------------------------
# FrameSampler(skip=...): "nonref" (frames no other refers to never decoded: the nearest decoded frame
# at or before each time), "nonkey" (keyframes only: the last keyframe at or before the frame shown).
# Each strategy must give what the sequential read with the same skip mode gives, and that read must
# give true frames: each the frame every-frame decoding shows at its time (its pixels), never later
# than the frame shown at the wanted time, and with keyframes only the keyframe at or before it.
SKIPS = ("nonref", "nonkey")
FAST_SKIP = {("mp4-h264", "long"), ("mkv-h264-open", "long"), ("ts-h264", "long"), ("webm-vp9", "short")}
SKIP_CLIPS = [pytest.param(k, g, s, marks=() if (k, g) in FAST_SKIP else (pytest.mark.slow,))
              for k, g in ALL for s in SKIPS]


def every_frame(path: Path) -> dict[float, tuple[bytes, bool]]:
    """Every frame the sequential read decodes, by its time: its pixels, and whether it is a keyframe."""
    sampler = FrameSampler(size=None, _strategy="sequential")
    reader = sampler._open(str(path))
    try:
        out, got = {}, reader.pending
        while got is not None:
            out.setdefault(round(got[0], 6), (sampler._convert(got[1], reader.view).tobytes(), bool(got[1].key_frame)))
            got = reader._next()
        return out
    finally:
        reader.close()


def skipping(strategy: str, skip: str, path: Path, times: list[float]):
    try:
        got = FrameSampler(size=None, skip=skip, _strategy=strategy).frames_at(str(path), times)
    except Exception as e:
        return ("error", type(e).__name__, str(e))
    return [(round(float(t), 6), f.tobytes()) for t, f in zip(got.times, got.frames)]


def untrue(skip: str, path: Path, times: list[float], straight) -> list[str]:
    """What in the sequential read with ``skip`` is no true frame for its wanted time."""
    if straight and straight[0] == "error":
        return [f"sequential with {skip}: {straight}"]
    frames, shown = every_frame(path), answer("sequential", path, times)
    keys = sorted(t for t, (_, key) in frames.items() if key)
    out = []
    for t, (got, pixels), (at, _) in zip(times, straight, shown):
        if got not in frames or frames[got][0] != pixels:
            out.append(f"at {t:.4f}: frame stamped {got}, the pixels of {'no frame' if got not in frames else 'another'}")
        elif got > at:
            out.append(f"at {t:.4f}: frame {got}, after the frame shown ({at})")
        elif skip == "nonkey" and got != max((k for k in keys if k <= at), default=keys[0]):
            out.append(f"at {t:.4f}: frame {got} ({'a keyframe' if frames[got][1] else 'no keyframe'}), "
                       f"the keyframe at or before the frame shown ({at}) is {max((k for k in keys if k <= at), default=keys[0])}")
    return out


@pytest.mark.parametrize("kind,gop,skip", SKIP_CLIPS)
def test_skipping_gives_true_frames_whatever_the_strategy(folder, kind, gop, skip):
    """The sequential read with ``skip`` gives true frames; seek and auto give its frames, as a
    sorted batch, each time alone, and an early time then each later one."""
    path = make(folder, kind, gop)
    times = wanted_times(path)
    straight = skipping("sequential", skip, path, times)
    bad = untrue(skip, path, times, straight)
    by_time = dict(zip(times, straight))
    early = next(t for t in times if t >= 0.5)
    alone = wanted_times(path, (kind, gop))  # (the keyframes of each kind: keys_of_each_kind)
    asks = [times, *([t] for t in alone), *([early, t] for t in alone if t > early)]
    for s in ("seek", "auto"):
        for ask in asks:
            got = skipping(s, skip, path, ask)
            if got != [by_time[t] for t in ask]:
                bad += ([f"{s} {ask}: {got}"] if got and got[0] == "error" else
                        [f"{s} {skip} at {t:.4f} (of {len(ask)}): frame {g[0]}{' (other pixels)' if g[0] == by_time[t][0] else ''}, "
                         f"sequential {by_time[t][0]}" for t, g in zip(ask, got) if g != by_time[t]])
    assert not bad, "\n".join(bad[:40])
