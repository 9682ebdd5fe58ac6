"""Seed videos and their mutants for ``benchmarks/corrupt_fuzz.py``: small clips PyAV writes in
every container Seekframe reads (MP4, MOV, fragmented MP4, Matroska, WebM, MPEG-TS, MPEG-PS, AVI,
FLV, a bare H.264 stream, GIF, animated WebP) and the real clips of ``/work/shared/videos``; each
mutant a seed's bytes damaged by one seeded recipe (``mutate``), which ``apply`` repeats from the
recipe alone, so a test can write the same bytes."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import numpy as np

# name: (file name, codec, pixel format, muxer options)
SEEDS = {
    "mp4": ("seed.mp4", "libx264", "yuv420p", {}),
    "mov": ("seed.mov", "libx264", "yuv420p", {}),
    "fmp4": ("seed_frag.mp4", "libx264", "yuv420p", {"movflags": "frag_keyframe+empty_moov+default_base_moof"}),
    "mkv": ("seed.mkv", "libx264", "yuv420p", {}),
    "webm": ("seed.webm", "libvpx-vp9", "yuv420p", {}),
    "ts": ("seed.ts", "libx264", "yuv420p", {}),
    "mpg": ("seed.mpg", "mpeg2video", "yuv420p", {}),
    "avi": ("seed.avi", "mpeg4", "yuv420p", {}),
    "flv": ("seed.flv", "flv", "yuv420p", {}),
    "h264": ("seed.h264", "libx264", "yuv420p", {}),
    "gif": ("seed.gif", "gif", "rgb8", {}),
    "webp": ("seed.webp", "libwebp_anim", "yuv420p", {"loop": "0"}),
}
REAL = Path("/work/shared/videos")
REAL_CLIPS = ("again.mkv", "bird.mkv", "bottle-detection.mp4", "car-detection.mp4")
KINDS = ("flip", "zero", "random", "truncate", "tail", "dup", "swap", "size")
MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"moof", b"traf", b"mvex", b"edts",
                  b"dinf", b"udta", b"mfra"}


def write_seed(path: Path, codec: str, pix_fmt: str, options: dict, seconds: float = 3.0, fps: int = 10) -> Path:
    """A ``seconds`` clip of a square moving over a changing background, 128x96, keyframes every
    10 frames (so the damage lands in more than one group of pictures)."""
    import av

    fmt = {"seed.h264": "h264"}.get(path.name)
    with av.open(str(path), "w", format=fmt, options=options) as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = 128, 96, pix_fmt
        if codec not in ("gif", "libwebp_anim"):
            stream.gop_size = 10
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "bf": "2"}
        for i in range(int(seconds * fps)):
            rgb = np.zeros((96, 128, 3), np.uint8)
            rgb[:] = (20 + 20 * (i // 10), 60, 200 - 15 * (i // 10))
            x = (i * 7) % 100
            rgb[30:60, x:x + 28] = (240, 220, 30)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            for packet in stream.encode(frame.reformat(format=pix_fmt)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def write_seeds(folder: Path, real: bool = True) -> dict[str, Path]:
    """Every seed into ``folder`` (the real clips where ``/work/shared/videos`` is there)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = {name: write_seed(folder / file, codec, pix, opts) for name, (file, codec, pix, opts) in SEEDS.items()}
    if real and REAL.is_dir():
        for clip in REAL_CLIPS:
            if (REAL / clip).is_file():
                seeds[f"real:{clip}"] = REAL / clip
    return seeds


def mp4_boxes(data: bytes, start: int = 0, end: int | None = None, depth: int = 0) -> list[tuple[int, int, bytes]]:
    """(offset, size, type) of each box, container boxes' children too."""
    end = len(data) if end is None else end
    boxes, at = [], start
    while at + 8 <= end and depth < 8:
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        if size == 1 and at + 16 <= end:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
        if size < 8 or at + size > end:
            break
        boxes.append((at, size, kind))
        if kind in MP4_CONTAINERS:
            boxes += mp4_boxes(data, at + 8, at + size, depth + 1)
        at += size
    return boxes


def riff_chunks(data: bytes) -> list[int]:
    """Offsets of an AVI's chunk size fields (RIFF, LIST and their children)."""
    out, at = [], 12
    while at + 8 <= len(data):
        out.append(at + 4)
        size = struct.unpack("<I", data[at + 4:at + 8])[0]
        if data[at:at + 4] == b"LIST":
            at += 12
        else:
            at += 8 + size + (size & 1)
    return out


def mutate(data: bytes, rng: random.Random, kind: str) -> dict:
    """A recipe (a dict ``apply`` reads) of one mutation of ``kind`` for ``data``."""
    n = len(data)
    head = rng.random() < 0.5  # the first 4 KiB (headers) or anywhere
    where = lambda: rng.randrange(min(n, 4096)) if head else rng.randrange(n)  # noqa: E731
    if kind == "flip":
        return {"kind": kind, "bits": [[where(), rng.randrange(8)] for _ in range(rng.choice((1, 2, 8, 64)))]}
    if kind in ("zero", "random"):
        at = where()
        return {"kind": kind, "at": at, "length": rng.choice((4, 64, 512, 4096, n // 4)), "seed": rng.randrange(1 << 30)}
    if kind == "truncate":
        return {"kind": kind, "keep": min(n - 1, rng.choice((1, 8, 16, 64, 188, 512, 4096, rng.randrange(n), n // 2)))}
    if kind == "tail":
        return {"kind": kind, "cut": rng.choice((1, 2, 4, 8, 16, 100, 188, 1000, 4096, n // 10))}
    if kind in ("dup", "swap"):
        length = rng.choice((188, 1024, 8192, n // 8))
        return {"kind": kind, "a": rng.randrange(n), "b": rng.randrange(n), "length": length}
    boxes = mp4_boxes(data) if data[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide") else []
    fields = [at for at, _, _ in boxes] if boxes else riff_chunks(data) if data[:4] == b"RIFF" else []
    if not fields:  # (no size fields known: one header byte set)
        return {"kind": "set", "at": rng.randrange(min(n, 256)), "value": rng.randrange(256)}
    at = rng.choice(fields)
    little = data[:4] == b"RIFF"
    old = struct.unpack("<I" if little else ">I", data[at:at + 4])[0]
    value = rng.choice((0, 1, 7, 8, old - 1, old + 1, old * 2, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32)))
    return {"kind": "size", "at": at, "value": value % (1 << 32), "little": little}


def apply(data: bytes, recipe: dict) -> bytes:
    """``data`` damaged as ``recipe`` says."""
    b, kind = bytearray(data), recipe["kind"]
    if kind == "flip":
        for at, bit in recipe["bits"]:
            b[at] ^= 1 << bit
    elif kind in ("zero", "random"):
        at = recipe["at"]
        length = min(recipe["length"], len(b) - at)
        fill = bytes(length) if kind == "zero" else random.Random(recipe["seed"]).randbytes(length)
        b[at:at + length] = fill
    elif kind == "truncate":
        del b[recipe["keep"]:]
    elif kind == "tail":
        del b[max(0, len(b) - recipe["cut"]):]
    elif kind == "dup":
        chunk = bytes(b[recipe["a"]:recipe["a"] + recipe["length"]])
        b[recipe["b"]:recipe["b"]] = chunk
    elif kind == "swap":
        a, c = sorted((recipe["a"], recipe["b"]))
        length = min(recipe["length"], c - a, len(b) - c)
        if length > 0:
            first, second = bytes(b[a:a + length]), bytes(b[c:c + length])
            b[a:a + length], b[c:c + length] = second, first
    elif kind == "size":
        b[recipe["at"]:recipe["at"] + 4] = struct.pack("<I" if recipe["little"] else ">I", recipe["value"])
    elif kind == "set":
        b[recipe["at"]] = recipe["value"]
    return bytes(b)


def mutants(seed_bytes: bytes, count: int, rng: random.Random) -> list[tuple[dict, bytes]]:
    """``count`` mutants of one seed, the recipes spread over ``KINDS``."""
    out = []
    for i in range(count):
        recipe = mutate(seed_bytes, rng, KINDS[i % len(KINDS)] if i < len(KINDS) else rng.choice(KINDS))
        out.append((recipe, apply(seed_bytes, recipe)))
    return out
