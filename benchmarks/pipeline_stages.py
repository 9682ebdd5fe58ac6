"""Frames per second at each stage of the decode → embed pipeline, on the CPU or a GPU.

Issue 12 asks, where a GPU is lent, for "the decode→embed pipeline on CUDA (pinned memory,
batched transfers, bf16), frames/s per stage". Each stage is timed alone, on the same moments:

- ``decode``: the files cut into moments as a decode process does (``core.decode_pool.decode_file``
  with the indexer's ``DecodeSpec`` for the model), in this process, one file after another; the
  decoder the files really used (``core.hwdecode``: ``SEEKFRAME_HWDECODE=cuda`` for NVDEC).
- ``transfer``: each batch of uint8 moments to the device, ``pageable`` (what ``Encoder`` does)
  and ``pinned`` (copied into page-locked memory first, then ``non_blocking``); CUDA only.
- ``embed``: preprocessing and the towers on batches already on the device, per precision
  (``fp32``, ``fp16``, ``bf16``: autocast, as ``Encoder`` runs them).
- ``encode_moments``: the whole call indexing makes, from host arrays to vectors on the host.

Frames/s counts a moment's frames (``frames_per_moment`` each); a stage's figure is the best of
``--repeat`` after a warm-up. The CPU row is what a laptop without a GPU gets.

    .venv/bin/python benchmarks/pipeline_stages.py                        # demo model, cpu
    .venv/bin/python benchmarks/pipeline_stages.py --models demo,real --device cuda --precisions fp32,fp16,bf16
    SEEKFRAME_HWDECODE=cuda .venv/bin/python benchmarks/pipeline_stages.py --device cuda --tag nvdec

Videos: ``--videos DIR`` (default the 1080p clips ``targets.py`` generates, else ../shared/videos).
``--random-weights``: each model's video side built from its config with random weights, for
timing only (the vectors mean nothing), where its pretrained packages cannot be installed (a
device machine that reaches no package registry: the MiniLM package alone is 88 MB).
Writes ``benchmarks/out/pipeline_stages[-TAG].json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))

from core.errors import ModelError  # noqa: E402

VIDEO_SUFFIXES = (".mp4", ".mkv", ".mov", ".webm", ".avi")


def default_videos() -> Path:
    clips = OUT / "clips-1080p" / "full"
    return clips if any(clips.glob("*.mp4")) else ROOT.parent / "shared" / "videos"


def model_source(name: str) -> str:
    shipped = ROOT / "core" / "resources" / "models" / name
    return str(shipped if shipped.exists() else name)


def load(name: str, device: str, random_weights: bool):
    """The model's Encoder, or with ``random_weights`` its video side of random weights (timing)."""
    from core.encoders import Encoder

    if not random_weights:
        return Encoder.load(model_source(name), device=device)
    from core.encoders.model import build_model

    config = json.loads((Path(model_source(name)) / "config.json").read_text())
    return Encoder(build_model(config, load_pretrained=False, vision_only=True).eval(), None, device=device)


def decode_stage(enc, videos: list[Path]) -> tuple[dict, list[np.ndarray]]:
    """The moments of ``videos`` as indexing cuts them for ``enc``, and the stage's figures."""
    from core import hwdecode
    from core.decode_pool import decode_file
    from core.indexer import IndexOptions, decode_spec

    spec = decode_spec(enc, IndexOptions())
    before = hwdecode.stats.copy()
    moments, cpu, t = [], time.process_time(), time.perf_counter()
    for path in videos:
        _, ms = decode_file(str(path), spec)
        moments += [m.frames for m in ms]
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    frames = sum(len(m) for m in moments)
    opened = dict(hwdecode.stats - before)
    return {"stage": "decode", "variant": ", ".join(f"{k} {v}" for k, v in sorted(opened.items())) or "software",
            "frames": frames, "seconds": round(wall, 3), "frames_per_s": round(frames / max(wall, 1e-9), 1),
            "cpu_s": round(cpu, 2)}, moments


def batches(moments: list[np.ndarray], size: int) -> list[np.ndarray]:
    """Stacks of up to ``size`` consecutive moments of one shape (as ``Encoder`` batches them)."""
    out, i = [], 0
    while i < len(moments):
        j = i + 1
        while j < len(moments) and j - i < size and moments[j].shape == moments[i].shape:
            j += 1
        out.append(np.ascontiguousarray(np.stack(moments[i:j])))
        i = j
    return out


def best_of(repeat: int, run, sync) -> float:
    run()
    sync()  # (a warm-up: kernels chosen, allocator filled)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        sync()
        times.append(time.perf_counter() - t)
    return min(times)


def row(stage: str, variant: str, frames: int, seconds: float) -> dict:
    return {"stage": stage, "variant": variant, "frames": frames, "seconds": round(seconds, 4),
            "frames_per_s": round(frames / max(seconds, 1e-9), 1)}


def device_stages(enc, moments: list[np.ndarray], batch: int, precisions: list[str], repeat: int) -> list[dict]:
    import torch

    from core.encoders import Encoder

    dev = enc.device
    sync = (lambda: torch.cuda.synchronize(dev)) if dev.type == "cuda" else (lambda: None)
    host = batches(moments, batch)
    frames = sum(b.shape[0] * b.shape[1] for b in host)
    rows = []
    if dev.type == "cuda":
        rows.append(row("transfer", "pageable", frames, best_of(
            repeat, lambda: [torch.from_numpy(b).to(dev) for b in host], sync)))
        rows.append(row("transfer", "pinned, non_blocking", frames, best_of(
            repeat, lambda: [torch.from_numpy(b).pin_memory().to(dev, non_blocking=True) for b in host], sync)))
    on_device = [torch.from_numpy(b).to(dev) for b in host]
    for precision in precisions:
        e = Encoder(enc.model, enc.tokenizer, device=dev, precision=precision)

        def embed(e=e):
            with e._running():  # (eval mode, inference mode, autocast at e.dtype: as encode_moments)
                return [e.model.encode_video(e.model.preprocess(x)) for x in on_device]

        rows.append(row("embed", f"{precision}, batch {batch}", frames, best_of(repeat, embed, sync)))
        rows.append(row("encode_moments", f"{precision}, batch {batch}, from host", frames,
                        best_of(repeat, lambda e=e: e.encode_moments(moments, batch_size=batch), sync)))
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| model | device | stage | variant | frames | s | frames/s |", "|---|---|---|---|---:|---:|---:|"]
    lines += [f"| {r['model']} | {r['device']} | {r['stage']} | {r['variant']} | {r['frames']} | {r['seconds']} "
              f"| {r['frames_per_s']} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", default="demo", help="comma list: shipped model names (demo, real) or folders")
    ap.add_argument("--videos", type=Path, default=None)
    ap.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N, mps (Encoder's)")
    ap.add_argument("--precisions", default=None, help="comma list of fp32, fp16, bf16 (default: fp32 on a "
                    "CPU, fp32,fp16,bf16 on a GPU)")
    ap.add_argument("--batch", type=int, default=16, help="moments a batch (Encoder.encode_moments' default)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--random-weights", action="store_true", help="video sides of random weights (timing only)")
    ap.add_argument("--tag", default="")
    args = ap.parse_args(argv)

    import torch

    folder = args.videos or default_videos()
    videos = sorted(p for p in (folder.iterdir() if folder.is_dir() else [folder]) if p.suffix.lower() in VIDEO_SUFFIXES)
    if not videos:
        sys.exit(f"no videos in {folder}: generate the 1080p clips (benchmarks/targets.py) or pass --videos")
    precisions = [p.strip() for p in (args.precisions or ("fp32" if args.device == "cpu" else "fp32,fp16,bf16")).split(",")]
    rows = []
    for name in [m.strip() for m in args.models.split(",") if m.strip()]:
        try:
            enc = load(name, args.device, args.random_weights)
        except ModelError as e:  # (one model this machine cannot run: the others are still timed)
            print(f"{name}: not timed: {e}", file=sys.stderr)
            rows.append({"model": name, "device": args.device, "stage": "load", "variant": f"not timed: {e}",
                         "frames": 0, "seconds": None, "frames_per_s": None})
            continue
        decoded, moments = decode_stage(enc, videos)
        found = [decoded] + device_stages(enc, moments, args.batch, precisions, args.repeat)
        rows += [{"model": name, "device": str(enc.device), **r} for r in found]
    meta = {"videos": [p.name for p in videos], "folder": str(folder), "cpus": os.cpu_count(),
            "torch": torch.__version__, "platform": platform.platform(),
            "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
            "hwdecode": os.environ.get("SEEKFRAME_HWDECODE", "auto"), "load": list(os.getloadavg()),
            "batch": args.batch, "repeat": args.repeat, "random_weights": args.random_weights}
    result = {"meta": meta, "rows": rows}
    md = table(rows)
    print(md)
    OUT.mkdir(exist_ok=True)
    stem = OUT / f"pipeline_stages{'-' + args.tag if args.tag else ''}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1))
    stem.with_suffix(".md").write_text(md + "\n")
    return result


if __name__ == "__main__":
    main()
