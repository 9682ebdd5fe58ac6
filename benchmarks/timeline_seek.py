"""Thumbnails from a long file read through a timeline: a results grid's ``--thumbs`` moments spread
over clips joined byte for byte (``cat`` of ``--clips`` MPEG-TS clips of ``--minutes`` each, their
clocks starting again at each), over a Dahua DVR file as long (64x48 frames at 10 fps, a keyframe
a second, the recording stopped half-way and resumed 10 min 0.5 s later: ``tests/test_dhav.write_dav``),
and over MPEG-PS clips joined alike (``--only ps``: DVD VOBs, camcorder .MPG/.MOD files; MPEG-2 with a
keyframe every 15 frames and H.264 every 12, 64x48 at 25 fps as ``tests/test_ps_joined_seek.write_ps``
writes them, small frames sharing a PES: most packets without a timestamp or a byte position),
each from a fresh reader as ``FrameSampler.frame_at`` makes a result's thumbnail. Two ways: ``walk`` (every seek walked from the file's start, as before
``core.timeline_seek``; an MPEG-PS's until ``core.ps_keys``) and ``bytes`` (to the keyframe by its byte
position; an MPEG-PS's to the PES before it). Counts the packets demuxed (every packet, with a
timestamp or not) and times each thumbnail (wall seconds; the scan, once per process, made before
both), and checks both give the same pixels.

    .venv/bin/python benchmarks/timeline_seek.py                   # 3 clips of 5 min, 10 thumbnails
    .venv/bin/python benchmarks/timeline_seek.py --only ps --minutes 20   # 3 VOBs of 20 min, each codec
    .venv/bin/python benchmarks/timeline_seek.py --only ogg        # a chained Ogg (VP8): walked both ways

Writes ``benchmarks/out/timeline_seek.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold_search import save  # noqa: E402

from core import reader_packets, timeline_seek  # noqa: E402
from core.media import FrameSampler  # noqa: E402

W, H, FPS, GOP = 320, 180, 25, 50


def write_clip(path: Path, seconds: int, seed: int) -> None:
    """``seconds`` of a moving gradient with grain, H.264 in MPEG-TS, a keyframe every 2 s."""
    rng = np.random.default_rng(seed)
    base = np.add.outer(np.arange(H), np.arange(W)).astype(np.int16)
    with av.open(str(path), "w", format="mpegts") as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = W, H, "yuv420p"
        s.options = {"g": str(GOP), "keyint_min": str(GOP), "sc_threshold": "0", "preset": "ultrafast"}
        for i in range(seconds * FPS):
            img = ((base + 3 * i + seed * 40) % 256).astype(np.uint8)
            img = np.clip(img + rng.integers(-6, 7, img.shape), 0, 255).astype(np.uint8)
            f = av.VideoFrame.from_ndarray(np.dstack([img, img[::-1], img[:, ::-1]]), format="rgb24")
            f.pts, f.time_base = i, Fraction(1, FPS)
            out.mux(s.encode(f))
        out.mux(s.encode())


def thumbs(path: Path, times: list[float]) -> list[dict]:
    count, demuxed = [0], reader_packets.demuxed

    def counted(reader):
        for packet in demuxed(reader):
            count[0] += 1
            yield packet

    reader_packets.demuxed = counted
    try:
        rows = []
        for t in times:
            count[0] = 0
            start = time.perf_counter()
            frame = FrameSampler(size=None).frame_at(str(path), t)
            rows.append({"t": round(t, 1), "packets": count[0], "seconds": round(time.perf_counter() - start, 3),
                         "pixels": hash(frame.tobytes())})
        return rows
    finally:
        reader_packets.demuxed = demuxed


def measure(path: Path, times: list[float]) -> tuple[list[dict], list[dict]]:
    FrameSampler(size=None).frame_at(str(path), 0.0)  # (the scan, once per process)
    jump = timeline_seek.jump
    timeline_seek.jump = lambda reader, t, start: None
    try:
        walk = thumbs(path, times)
    finally:
        timeline_seek.jump = jump
    return walk, thumbs(path, times)


def table(title: str, walk: list[dict], by_bytes: list[dict]) -> tuple[list[str], dict]:
    same = all(a["pixels"] == b["pixels"] for a, b in zip(walk, by_bytes))
    total = {k: {"packets": sum(r["packets"] for r in rows), "seconds": round(sum(r["seconds"] for r in rows), 2)}
             for k, rows in (("walk", walk), ("bytes", by_bytes))}
    lines = [f"{title}; the same pixels both ways: {same}.", "",
             "| moment (s) | packets, walk | packets, by bytes | s, walk | s, by bytes |", "|---:|---:|---:|---:|---:|"]
    lines += [f"| {a['t']} | {a['packets']} | {b['packets']} | {a['seconds']} | {b['seconds']} |" for a, b in zip(walk, by_bytes)]
    lines.append(f"| **all** | **{total['walk']['packets']}** | **{total['bytes']['packets']}** | "
                 f"**{total['walk']['seconds']}** | **{total['bytes']['seconds']}** |")
    return lines, {"same_pixels": same, "walk": walk, "bytes": by_bytes, "total": total}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clips", type=int, default=3)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--thumbs", type=int, default=10)
    ap.add_argument("--only", choices=["ts", "ps", "ogg"], default="ts", help="ts: the MPEG-TS clips and the DVR file")
    args = ap.parse_args()
    if args.only == "ps":
        return main_ps(args)
    if args.only == "ogg":
        return main_ogg(args)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "joined.ts"
        with open(path, "wb") as out:
            for k in range(args.clips):
                write_clip(Path(d) / f"{k}.ts", int(args.minutes * 60), k)
                out.write((Path(d) / f"{k}.ts").read_bytes())
        duration = args.clips * args.minutes * 60
        times = [duration * (k + 0.5) / args.thumbs for k in range(args.thumbs)]
        ts_rows = measure(path, times)
        size_mb = round(path.stat().st_size / 1e6, 1)
        from tests.test_dhav import write_dav
        from tests.test_timestamp_restarts import FPS as DAV_FPS

        frames = int(duration * DAV_FPS)
        dav = write_dav(Path(d) / "gap.dav", [i % 256 for i in range(frames)], jump_at=frames // 2, jump_s=600.5)
        dav_mb = round(dav.stat().st_size / 1e6, 1)
        dav_rows = measure(dav, times)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs"
    ts_lines, ts_result = table(f"{args.clips} MPEG-TS clips of {args.minutes:g} min joined byte for byte ({size_mb} MB, "
                                f"{W}x{H} H.264, {FPS} fps, a keyframe every {GOP // FPS} s): {args.thumbs} moments, "
                                f"a fresh reader each; {machine}", *ts_rows)
    dav_lines, dav_result = table(f"A Dahua DVR file of {duration / 60:g} min with a 10 min gap half-way ({dav_mb} MB, "
                                  f"64x48 H.264, {DAV_FPS} fps, a keyframe a second): the same moments", *dav_rows)
    lines = ts_lines + [""] + dav_lines
    result = {"clips": args.clips, "minutes": args.minutes, "size_mb": size_mb, "ts": ts_result,
              "dav": {"size_mb": dav_mb, **dav_result}}
    save("timeline_seek", "", result, "\n".join(lines) + "\n")


def main_ps(args) -> None:
    """``--only ps``: MPEG-2 and H.264 program streams, ``--clips`` of ``--minutes`` joined byte for byte."""
    from tests.test_ps_joined_seek import FPS as PS_FPS, GOPS, SIZE, positionless, write_ps

    duration = args.clips * args.minutes * 60
    times = [duration * (k + 0.5) / args.thumbs for k in range(args.thumbs)]
    lines, result = [], {"clips": args.clips, "minutes": args.minutes}
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs"
    with tempfile.TemporaryDirectory() as d:
        for codec, name in (("mpeg2video", "MPEG-2"), ("libx264", "H.264")):
            path = Path(d) / f"joined-{codec}.vob"
            with open(path, "wb") as out:
                for k in range(args.clips):
                    out.write(write_ps(Path(d) / f"{k}.vob", codec, args.minutes * 60, shade=40 * k).read_bytes())
            size_mb, bare = round(path.stat().st_size / 1e6, 1), positionless(path)
            rows = measure(path, times)
            part, part_result = table(
                f"{args.clips} MPEG-PS clips of {args.minutes:g} min joined byte for byte ({size_mb} MB, {SIZE[0]}x{SIZE[1]} "
                f"{name}, {PS_FPS} fps, a keyframe every {GOPS[codec]} frames, B-frames 2; {bare:.0%} of its packets "
                f"without a byte position): {args.thumbs} moments, a fresh reader each; {machine}", *rows)
            lines += part + [""]
            result[codec] = {"size_mb": size_mb, **part_result}
    save("timeline_seek", "ps", result, "\n".join(lines))


def main_ogg(args) -> None:
    """``--only ogg``: a chained Ogg, ``--clips`` VP8 Oggs of ``--minutes`` joined byte for byte (FFmpeg
    here encodes no Theora): not sought by its bytes (a later part's headers come first), both ways walked."""
    from tests.test_ogg_chain import write_ogg
    from tests.test_timestamp_restarts import FPS as OGG_FPS

    duration = args.clips * args.minutes * 60
    times = [duration * (k + 0.5) / args.thumbs for k in range(args.thumbs)]
    frames = int(args.minutes * 60 * OGG_FPS)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "chain.ogv"
        path.write_bytes(b"".join(write_ogg(Path(d) / f"{k}.ogv", [(k * 50 + i) % 256 for i in range(frames)], sound=False)
                                  .read_bytes() for k in range(args.clips)))
        size_mb = round(path.stat().st_size / 1e6, 2)
        rows = measure(path, times)
    lines, result = table(f"A chained Ogg: {args.clips} VP8 Oggs of {args.minutes:g} min joined byte for byte ({size_mb} MB, "
                          f"64x48, {OGG_FPS} fps, a keyframe every 10 frames): {args.thumbs} moments, a fresh reader each; "
                          f"{platform.machine()}, {os.cpu_count()} CPUs", *rows)
    save("timeline_seek", "ogg", {"clips": args.clips, "minutes": args.minutes, "size_mb": size_mb, **result},
         "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
