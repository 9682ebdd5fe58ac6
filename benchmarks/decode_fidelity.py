"""Decode fidelity: do the ways indexing saves decoding keep the vectors a model makes?

For each video, each decode variant cuts the file into moments in-process exactly as a decode
process does (``core.decode_pool.decode_file`` with a ``DecodeSpec`` at the model's size, frames
per moment and resize), the model embeds them, and each moment's vector is compared (cosine)
with that of decoding every frame (``skip="none"``, read straight through: the exact frames).
Reports per variant the min / median cosine, the largest frame-time offset from the exact frames
and the decoding CPU seconds (in-process, all threads).

A model's ``decode.skip_loop_filter_max_gop_s`` (``core.decode_modes``) is measured with the
``no-loop-filter`` variant (every H.264 file with a keyframe index decoded without the filter)
on videos of several group-of-pictures lengths, and checked with ``indexing`` (the model's own
tolerance, as indexing decodes):

    .venv/bin/python benchmarks/decode_fidelity.py                   # real model, ../shared/videos + 1080p clips
    .venv/bin/python benchmarks/decode_fidelity.py --model demo --videos DIR
    .venv/bin/python benchmarks/decode_fidelity.py --model demo --variants "nonref 1-thread,indexing,no-loop-filter"

Writes ``benchmarks/out/decode_fidelity.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))

VARIANTS = {  # name: DecodeSpec overrides (the reference is "exact")
    "exact": {"skip": "none", "threads": 0},
    "nonref": {"skip": "nonref", "threads": 0},
    "nonref 1-thread": {"skip": "nonref", "threads": 1},  # indexing's, 2 decode processes on 2 cores
    "indexing": {"skip": "nonref", "threads": 1, "loop_filter_gop_s": "model"},  # the model's tolerance
    "no-loop-filter": {"skip": "nonref", "threads": 1, "loop_filter_gop_s": 60.0},
    # "bidir" (no B-frame decoded) was measured with {"skip": "bidir"}: see core/decode_modes.py
}


def default_videos() -> list[Path]:
    found = []
    for folder in (ROOT.parent / "shared" / "videos", ROOT / "benchmarks" / "out" / "clips-1080p" / "full"):
        found += sorted(p for p in folder.glob("*") if p.suffix in (".mp4", ".mkv", ".mov"))
    return found


def moments_of(path: Path, spec, straight: bool = False) -> tuple[np.ndarray, np.ndarray, float]:
    """(frames [n, T, H, W, 3], frame times [n, T], CPU s) of one file decoded with ``spec``, as
    ``core.decode_pool.decode_file`` does; ``straight``: read straight through, never seeking."""
    cpu = time.process_time()
    sampler = spec.sampler()
    if straight:
        sampler._strategy = "sequential"
    reader = sampler.open(str(path))
    ms = list(spec.segmenter().segment(reader, sampler, reader.info))
    cpu = time.process_time() - cpu
    return np.stack([m.frames for m in ms]), np.stack([m.frame_times for m in ms]), cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="real", help="a shipped model (core/resources/models/NAME) or a folder")
    ap.add_argument("--videos", type=Path, action="append", help="a folder or file (repeatable)")
    ap.add_argument("--variants", default=",".join(v for v in VARIANTS if v != "exact"))
    ap.add_argument("--tag", default="")
    args = ap.parse_args()

    from core.decode_pool import DecodeSpec
    from core.encoders import Encoder

    source = ROOT / "core" / "resources" / "models" / args.model
    enc = Encoder.load(str(source if source.exists() else args.model))
    base = DecodeSpec(size=enc.image_size, resize=getattr(enc.model, "resize", None),
                      frames_per_moment=enc.frames_per_moment)
    tolerance = float(getattr(enc.model, "loop_filter_gop_s", 0.0))
    variant = lambda name: DecodeSpec(**{**base.__dict__, **{k: tolerance if v == "model" else v  # noqa: E731
                                                             for k, v in VARIANTS[name].items()}})
    videos = []
    for v in args.videos or default_videos():
        videos += sorted(p for p in v.glob("*") if p.is_file()) if v.is_dir() else [v]
    names = [n.strip() for n in args.variants.split(",") if n.strip()]
    rows, per_video = [], []
    for path in videos:
        ref_frames, ref_times, ref_cpu = moments_of(path, variant("exact"), True)
        ref = enc.encode_moments(ref_frames)
        entry = {"video": path.name, "moments": len(ref), "exact_cpu_s": round(ref_cpu, 2), "variants": {}}
        for name in names:
            frames, times, cpu = moments_of(path, variant(name))
            vec = enc.encode_moments(frames)
            cos = np.sum(vec * ref, axis=1) / (np.linalg.norm(vec, axis=1) * np.linalg.norm(ref, axis=1))
            entry["variants"][name] = {"cos": [round(float(c), 4) for c in cos], "cpu_s": round(cpu, 2),
                                       "max_offset_s": round(float(np.max(np.abs(times - ref_times))), 4)}
        per_video.append(entry)
        print(path.name, {n: (min(e["cos"]), e["cpu_s"], e["max_offset_s"]) for n, e in entry["variants"].items()},
              "exact cpu", entry["exact_cpu_s"], flush=True)
    for name in names:
        cos = [c for e in per_video for c in e["variants"][name]["cos"]]
        cpu = sum(e["variants"][name]["cpu_s"] for e in per_video)
        exact = sum(e["exact_cpu_s"] for e in per_video)
        rows.append({"variant": name, "moments": len(cos), "cos_min": min(cos), "cos_median": statistics.median(cos),
                     "max_offset_s": max(e["variants"][name]["max_offset_s"] for e in per_video),
                     "cpu_s": round(cpu, 2), "exact_cpu_s": round(exact, 2)})
    lines = [f"Decode fidelity, {args.model} model, {len(videos)} videos ({', '.join(p.name for p in videos)})", "",
             "| variant | moments | cosine min | cosine median | max frame offset s | CPU s (exact) |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['variant']} | {r['moments']} | {r['cos_min']:.4f} | {r['cos_median']:.4f} "
              f"| {r['max_offset_s']:.3f} | {r['cpu_s']} ({r['exact_cpu_s']}) |" for r in rows]
    print("\n".join(lines))
    OUT.mkdir(exist_ok=True)
    out = OUT / f"decode_fidelity{'-' + args.tag if args.tag else ''}.json"
    out.write_text(json.dumps({"model": args.model, "rows": rows, "videos": per_video}, indent=1))


if __name__ == "__main__":
    main()
