"""Peak memory of the timeline scan of a long MPEG-PS of clips joined byte for byte (``core.timeline.scan``:
``--clips`` copies of a ``--minutes`` clip written as ``tests/test_ps_joined_seek.write_ps`` writes one,
64x48 at 25 fps, small frames sharing a PES; MPEG-2 and H.264), measured with ``tracemalloc`` (Python's
allocations: the scan's records of the packets; FFmpeg's own buffers are not counted) and the process's
peak RSS after one scan (``ru_maxrss``, each codec in a process of its own, PyAV and numpy imported), with
the wall time of that scan (untraced: tracemalloc slows every allocation) and what it found
(parts, keyframes, the genpts times kept from past a join), so that runs of two versions can be compared.

    .venv/bin/python benchmarks/ps_scan_memory.py                       # 3 clips of 20 min, both codecs
    .venv/bin/python benchmarks/ps_scan_memory.py --clips 3 --minutes 20 --codec mpeg2video

Clips are written once to ``--dir`` (default: a folder under the system's temporary folder) and reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def joined(folder: Path, codec: str, clips: int, minutes: float) -> Path:
    from tests.test_ps_joined_seek import write_ps

    clip = folder / f"{codec}-{minutes:g}min.vob"
    if not clip.exists():
        write_ps(clip.with_suffix(".tmp"), codec, minutes * 60).rename(clip)
    path = folder / f"{codec}-{clips}x{minutes:g}min.vob"
    if not path.exists():
        data = clip.read_bytes()
        path.write_bytes(data * clips)
    return path


def measure(path: Path) -> dict:
    import av

    from core import timeline

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        index, tb, origin = s.index, float(s.time_base), s.start_time
    t = time.perf_counter()
    tl = timeline._scan(str(path), index, tb, origin)
    wall = time.perf_counter() - t  # (untraced: tracemalloc slows every allocation)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    timeline._scan(str(path), index, tb, origin)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"file": path.name, "MB": round(path.stat().st_size / 1e6, 1), "scan_s": round(wall, 2),
            "traced_peak_MB": round(peak / 1e6, 1), "rss_peak_MB": round(rss, 1),
            "parts": len(tl.segments), "keys": len(tl.keys), "far": len(tl.far or {}),
            "ats": [round(seg.at, 3) for seg in tl.segments]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clips", type=int, default=3)
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--codec", choices=["mpeg2video", "libx264"], action="append")
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "seekframe-ps-scan-memory"))
    ap.add_argument("--one", help=argparse.SUPPRESS)  # (a child process: measure this file)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one))))
        return
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    for codec in args.codec or ["mpeg2video", "libx264"]:
        path = joined(folder, codec, args.clips, args.minutes)
        out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, check=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
