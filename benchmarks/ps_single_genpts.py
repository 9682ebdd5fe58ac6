"""Whether FFmpeg's genpts costs anything on a single MPEG-PS (no join, so no timeline: read with genpts
on, as PyAV opens every file). The reader of joined clips reads with it off (``core.ps_genpts.streamed``,
where genpts stalled at each join); here the same reader of a single ``--minutes`` clip (64x48 at 25 fps,
``tests/test_ps_joined_seek.write_ps``: small frames sharing a PES) is timed both ways, ``on`` as it is
and ``off`` with ``reader_packets.demuxed`` giving it genpts off and ``ps_genpts.streamed``'s times: the
file's probe, FFmpeg's demux of every packet, 10 thumbnails each from a fresh reader, 20 seeks back and
forth in one reader and indexing's read straight through (nonref, a frame every 2 s), and a hash of
every frame and time each gave (the same both ways: genpts's times are kept).

    .venv/bin/python benchmarks/ps_single_genpts.py --codec mpeg2video --minutes 20
"""

from __future__ import annotations

import argparse
import hashlib
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def genpts_off() -> None:
    """``reader_packets.demuxed`` with a single PS read as joined clips are: genpts off, times by
    ``ps_genpts.streamed`` (with no join, no time from past one)."""
    from core import reader_packets

    src = Path(reader_packets.__file__).read_text()
    for old, new in [("if reader.timeline is not None and reader.timeline.far is not None:",
                      "if reader.timeline is not None and reader.timeline.far is not None or reader.timeline is None "
                      "and __import__('core.ps_keys').ps_keys.is_ps(reader.container):"),
                     ("ps_genpts.streamed(packets, reader.timeline.far,",
                      "ps_genpts.streamed(packets, reader.timeline.far if reader.timeline else {},")]:
        assert old in src, old
        src = src.replace(old, new)
    exec(compile(src, reader_packets.__file__, "exec"), reader_packets.__dict__)


def measure(mode: str, path: str) -> dict:
    import av

    from core import ps_genpts
    from core.media import FrameSampler, probe

    if mode == "off":
        genpts_off()
    out, digest = {"mode": mode}, hashlib.sha1()
    t = time.perf_counter()
    info = probe(path)
    out["probe_s"] = round(time.perf_counter() - t, 3)
    with av.open(path) as c:
        if mode == "off":
            ps_genpts.off(c)
        t = time.perf_counter()
        out["packets"] = sum(1 for _ in c.demux(c.streams.video[0]))
        out["demux_s"] = round(time.perf_counter() - t, 3)
    times = sorted(random.Random(3).uniform(0, info.duration - 1) for _ in range(10))
    t = time.perf_counter()
    for x in times:
        got = FrameSampler(size=None, _strategy="seek").frames_at(path, [x])
        digest.update(repr(list(got.times)).encode() + got.frames[0].tobytes())
    out["thumbs_10_s"] = round(time.perf_counter() - t, 3)
    sampler = FrameSampler(size=None, _strategy="seek")
    reader = sampler._open(path)
    t = time.perf_counter()
    for x in times[::-1] + times:
        shown, frame = reader.at(x)
        digest.update(repr(round(float(shown), 6)).encode() + sampler._convert(frame, reader.view).tobytes())
    out["seeks_20_s"] = round(time.perf_counter() - t, 3)
    reader.close()
    t = time.perf_counter()
    got = FrameSampler(size=None, skip="nonref", _strategy="sequential").frames_at(
        path, [i * 2.0 for i in range(int(info.duration / 2))])
    out["sequential_s"] = round(time.perf_counter() - t, 3)
    digest.update(repr(list(got.times)).encode() + b"".join(f.tobytes() for f in got.frames))
    out["hash"] = digest.hexdigest()[:12]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--codec", choices=["mpeg2video", "libx264"], default="mpeg2video")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "seekframe-ps-scan-memory"))
    ap.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # (a child process: mode, file)
    args = ap.parse_args()
    if args.one:
        print(measure(*args.one))
        return
    from tests.test_ps_joined_seek import write_ps

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    clip = folder / f"{args.codec}-{args.minutes:g}min.vob"
    if not clip.exists():
        write_ps(clip.with_suffix(".tmp"), args.codec, args.minutes * 60).rename(clip)
    for _ in range(args.runs):  # (alternating: a loaded machine's noise falls on both)
        for mode in ("on", "off"):
            run = subprocess.run([sys.executable, __file__, "--one", mode, str(clip)], capture_output=True, text=True, check=True)
            print(run.stdout.strip())


if __name__ == "__main__":
    main()
