"""Does skipping H.264's loop filter cost a small model nothing? Pixel error at the model's size.

Skipping the deblocking filter (FFmpeg's ``skip_loop_filter=all``) saves 15-35% of decoding here,
but every later frame of the group of pictures is predicted from unfiltered pictures, so the
error drifts. If that drift were block-edge detail, a model that sees a heavy downscale (the demo
model's 32-64 px) could take the saving. This decodes each video with the filter on and off
(every frame, slice threads; then each way again without the RGB conversion, for its CPU time),
area-resizes each 5th frame pair to several short sides and reports the PSNR of the unfiltered
frames against the filtered ones (min / median over frames) and the decoding CPU of each. A min
that stays put as the size falls means the drift is low-frequency: no model size makes the
saving free everywhere, so ``core.decode_modes`` skips the filter only for a model whose vectors
were measured to tolerate it (``decode_fidelity.py``), on files with short groups of pictures.

    .venv/bin/python benchmarks/loop_filter.py                      # ../shared/videos + 1080p clips
    .venv/bin/python benchmarks/loop_filter.py VIDEO...

Writes ``benchmarks/out/loop_filter.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "out"
SIDES = (360, 224, 112, 64, 32)


def frames(path: Path, filtered: bool):
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        s.thread_type = "SLICE"
        if not filtered:
            s.codec_context.options = {"skip_loop_filter": "all"}
        yield from c.decode(s)


def decode_cpu(path: Path, filtered: bool) -> float:
    cpu = time.process_time()
    for _ in frames(path, filtered):
        pass
    return time.process_time() - cpu


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 10 * np.log10(255 ** 2 / max(mse, 1e-10))


def measure(path: Path, step: int = 5) -> dict:
    import cv2

    vals: dict[int, list[float]] = {}
    n = 0
    for i, (x, y) in enumerate(zip(frames(path, True), frames(path, False))):
        n += 1
        if i % step:
            continue
        x, y = x.to_ndarray(format="rgb24"), y.to_ndarray(format="rgb24")
        h, w = x.shape[:2]
        for side in (min(h, w),) + tuple(s for s in SIDES if s < min(h, w)):
            k = min(h, w) / side
            size = (max(1, round(w / k)), max(1, round(h / k)))
            vals.setdefault(side, []).append(psnr(cv2.resize(x, size, interpolation=cv2.INTER_AREA),
                                                  cv2.resize(y, size, interpolation=cv2.INTER_AREA)))
    if not vals:
        raise SystemExit(f"{path}: no video frame decoded")
    return {"video": path.name, "size": f"{w}x{h}", "frames": n, "cpu_s": round(decode_cpu(path, True), 2),
            "cpu_s_unfiltered": round(decode_cpu(path, False), 2),
            "psnr": {side: (round(min(v), 1), round(float(np.median(v)), 1)) for side, v in vals.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("videos", nargs="*", type=Path)
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    videos = args.videos or [p for folder in (root.parent / "shared" / "videos", OUT / "clips-1080p" / "full")
                             for p in sorted(folder.glob("*")) if p.suffix in (".mp4", ".mkv", ".mov")]
    if not videos:
        sys.exit("no videos: name some, or generate the 1080p clips (benchmarks/targets.py)")
    rows = [measure(p) for p in videos]
    lines = ["| video | size | CPU s filtered / unfiltered | PSNR min / median at short side: full, "
             + ", ".join(str(s) for s in SIDES) + " px |", "|---|---|---|---|"]
    for r in rows:
        cells = "; ".join(f"{side}: {lo} / {med}" for side, (lo, med) in r["psnr"].items())
        lines.append(f"| {r['video']} | {r['size']} | {r['cpu_s']} / {r['cpu_s_unfiltered']} | {cells} |")
    print("\n".join(lines))
    OUT.mkdir(exist_ok=True)
    (OUT / "loop_filter.json").write_text(json.dumps({"rows": rows}, indent=1))


if __name__ == "__main__":
    main()
