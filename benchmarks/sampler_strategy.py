"""Sequential grab/retrieve vs seeking, at several sampling densities.

For each video and each gap g (frames between two wanted frames) it times FrameSampler with the
strategy forced to "sequential", "seek" and "auto", reading up to ``--samples`` frames spaced g
frames apart (after one warm-up call), and reports milliseconds per returned frame.

    .venv/bin/python benchmarks/sampler_strategy.py            # ~1 minute on 2 cores
    .venv/bin/python benchmarks/sampler_strategy.py --hwdecode off,cuda   # software vs NVDEC

``--hwdecode`` runs the whole table once per ``SEEKFRAME_HWDECODE`` mode (core.hwdecode: off,
auto, cuda, vaapi, videotoolbox, ...); each row says the decoder it really used (a device absent
here reads "software", a stream the device could not decode counts in ``fallbacks``).

Writes benchmarks/out/sampler_strategy.json and .md, and prints the markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import hwdecode  # noqa: E402
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
    ap.add_argument("--hwdecode", default=hwdecode.setting(), metavar="MODE[,MODE...]",
                    help="SEEKFRAME_HWDECODE mode(s), one table pass each (default: the environment's, else auto)")
    args = ap.parse_args()
    modes = [m.strip() for m in args.hwdecode.split(",") if m.strip()]
    args.out.mkdir(parents=True, exist_ok=True)

    videos: list[tuple[str, Path]] = []
    # ../shared/videos beside the checkout, else a copy inside it (benchmarks/gpu_checks.sh's, on a device)
    shared = next((d for d in (ROOT.parent / "shared" / "videos", ROOT / "shared" / "videos") if d.is_dir()),
                  ROOT.parent / "shared" / "videos")
    for name in ("bottle-detection.mp4", "car-detection.mp4", "again.mkv"):
        if (shared / name).is_file():
            videos.append((name, shared / name))
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-bench-"))
    print("generating test videos ...", flush=True)
    videos.append(("generated 640x360 mp4v", write_pattern_video(tmp / "g360.mp4", 60, size=(640, 360))))
    videos.append(("generated 1280x720 mp4v", write_pattern_video(tmp / "g720.mp4", 30, size=(1280, 720))))

    rows = []
    for mode in modes:
        os.environ[hwdecode.ENV] = mode  # (this process decodes: the setting is read per open)
        for name, path in videos:
            info = probe(path)
            FrameSampler(224).uniform(path, 2)  # warm the page cache (and the device)
            for gap in GAPS:
                row = {"video": name, "size": f"{info.width}x{info.height}", "codec": info.codec, "gap": gap,
                       "hwdecode": mode}
                before = hwdecode.stats.copy()
                for strategy in STRATEGIES:
                    row[strategy] = time_gap(path, gap, args.samples, strategy, info.fps, info.frame_count)
                if row["sequential"] is None:
                    continue
                opened = hwdecode.stats - before
                fallbacks = opened.pop("device failed", 0) + opened.pop("device cannot decode", 0)
                row["decoder"] = "+".join(sorted(opened)) or hwdecode.describe()
                row["fallbacks"] = fallbacks
                rows.append(row)
                print(f"{name:26s} gap {gap:4d} {row['decoder']:>8s}: seq {row['sequential']:7.2f}  "
                      f"seek {row['seek']:7.2f}  auto {row['auto']:7.2f} ms/frame", flush=True)

    def fmt(v):
        return "-" if v is None else f"{v:.1f}"

    lines = [f"Sampler strategy, ms per returned frame (224 px centre crop), SEEK_GAP = {SEEK_GAP}",
             f"({platform.processor() or platform.machine()}, {platform.python_version()})", "",
             "| video | size | codec | hwdecode: decoder | gap (frames) | sequential | seek | auto | winner |",
             "|---|---|---|---|---:|---:|---:|---:|---|"]
    for r in rows:
        win = "seek" if r["seek"] < r["sequential"] else "sequential"
        dec = f"{r['hwdecode']}: {r['decoder']}" + (f" ({r['fallbacks']} fallbacks)" if r["fallbacks"] else "")
        lines.append(f"| {r['video']} | {r['size']} | {r['codec']} | {dec} | {r['gap']} | {fmt(r['sequential'])} "
                     f"| {fmt(r['seek'])} | {fmt(r['auto'])} | {win} |")
    table = "\n".join(lines)
    (args.out / "sampler_strategy.md").write_text(table + "\n", encoding="utf-8")
    (args.out / "sampler_strategy.json").write_text(
        json.dumps({"seek_gap": SEEK_GAP, "samples": args.samples, "hwdecode": modes, "rows": rows}, indent=2),
        encoding="utf-8")
    for p in tmp.iterdir():
        p.unlink()
    tmp.rmdir()
    print()
    print(table)


if __name__ == "__main__":
    main()
