"""Sequential grab/retrieve vs seeking, at several sampling densities.

For each video and each gap g (frames between two wanted frames) it times FrameSampler with the
strategy forced to "sequential", "seek" and "auto", reading up to ``--samples`` frames spaced g
frames apart (after one warm-up call), and reports milliseconds per returned frame.

    .venv/bin/python benchmarks/sampler_strategy.py            # ~1 minute on 2 cores

Writes benchmarks/out/sampler_strategy.json and .md, and prints the markdown table.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.media import SEEK_GAP, FrameSampler, probe  # noqa: E402
from tests.videos import write_pattern_video  # noqa: E402

GAPS = [1, 2, 4, 8, 16, 32, 64, 128, 256]
STRATEGIES = ["sequential", "seek", "auto"]


def time_gap(path: Path, gap: int, samples: int, strategy: str, fps: float, frames: int) -> float | None:
    """ms per returned frame, the cost of opening + probing (one frame) subtracted; best of 2."""
    n = min(samples, (frames - 2) // gap)
    if n < 4:
        return None
    times = (gap + np.arange(n) * gap + 0.5) / fps  # from the start, as an indexer does
    sampler = FrameSampler(224, _strategy=strategy)
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        sampler.frame_at(path, 0.0)
        t1 = time.perf_counter()
        out = sampler.frames_at(path, times)
        t2 = time.perf_counter()
        assert len(out.frames) == n
        best = min(best, (t2 - t1) - (t1 - t0))
    return 1000.0 * max(best, 0.0) / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    videos: list[tuple[str, Path]] = []
    shared = ROOT.parent / "shared" / "videos"
    for name in ("bottle-detection.mp4", "car-detection.mp4", "again.mkv"):
        if (shared / name).is_file():
            videos.append((name, shared / name))
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-bench-"))
    print("generating test videos ...", flush=True)
    videos.append(("generated 640x360 mp4v", write_pattern_video(tmp / "g360.mp4", 60, size=(640, 360))))
    videos.append(("generated 1280x720 mp4v", write_pattern_video(tmp / "g720.mp4", 30, size=(1280, 720))))

    rows = []
    for name, path in videos:
        info = probe(path)
        FrameSampler(224).uniform(path, 2)  # warm the page cache
        for gap in GAPS:
            row = {"video": name, "size": f"{info.width}x{info.height}", "codec": info.codec, "gap": gap}
            for strategy in STRATEGIES:
                row[strategy] = time_gap(path, gap, args.samples, strategy, info.fps, info.frame_count)
            if row["sequential"] is None:
                continue
            rows.append(row)
            print(f"{name:26s} gap {gap:4d}: seq {row['sequential']:7.2f}  seek {row['seek']:7.2f}  "
                  f"auto {row['auto']:7.2f} ms/frame", flush=True)

    def fmt(v):
        return "-" if v is None else f"{v:.1f}"

    lines = [f"Sampler strategy, ms per returned frame (224 px centre crop), SEEK_GAP = {SEEK_GAP}",
             f"({platform.processor() or platform.machine()}, {platform.python_version()})", "",
             "| video | size | codec | gap (frames) | sequential | seek | auto | winner |",
             "|---|---|---|---:|---:|---:|---:|---|"]
    for r in rows:
        win = "seek" if r["seek"] < r["sequential"] else "sequential"
        lines.append(f"| {r['video']} | {r['size']} | {r['codec']} | {r['gap']} | {fmt(r['sequential'])} "
                     f"| {fmt(r['seek'])} | {fmt(r['auto'])} | {win} |")
    table = "\n".join(lines)
    (args.out / "sampler_strategy.md").write_text(table + "\n", encoding="utf-8")
    (args.out / "sampler_strategy.json").write_text(
        json.dumps({"seek_gap": SEEK_GAP, "samples": args.samples, "rows": rows}, indent=2), encoding="utf-8")
    for p in tmp.iterdir():
        p.unlink()
    tmp.rmdir()
    print()
    print(table)


if __name__ == "__main__":
    main()
