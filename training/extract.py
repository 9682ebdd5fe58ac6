"""``python -m training.extract --config CONFIG --model MODEL --out DIR``: pre-extract frame features.

For every video of the config's train and test splits, samples ``--frames`` frames uniformly with
the core frame sampler (the same positions the pixel datasets use), runs MODEL's vision tower on
them and writes ``DIR/<video_id>.npy`` (float32 [frames, width]). ``DIR/extractor.json`` records
the model, so a run with ``data.features: DIR`` knows which vision tower to export its student
with. Files already written are kept (re-running resumes); each is written atomically; a video
that cannot be decoded is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import numpy as np

from core.atomic import replacing
from core.encoders import Encoder
from core.errors import MediaError, SeekframeError
from core.media import FrameSampler
from training.config import load_config
from training.data.features import MANIFEST, read_manifest

log = logging.getLogger("training")


def extract(entries, encoder: Encoder, out: Path, n_frames: int) -> dict:
    """Write ``out/<video_id>.npy`` for each entry; returns counts and the failures."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"model": encoder.source, "model_id": encoder.model_id, "frames": n_frames}
    old = read_manifest(out)
    if old and old.get("model_id") != encoder.model_id:
        raise SeekframeError(f"{out} holds features of another model ({old.get('model')}); "
                             "choose an empty folder")
    sampler = FrameSampler(size=encoder.image_size)
    written, kept, failed = 0, 0, []
    for entry in entries:
        target = out / f"{entry.video_id}.npy"
        if target.is_file():
            kept += 1
            continue
        try:
            frames = sampler.uniform(entry.path, n_frames, entry.start, entry.end).frames
        except (MediaError, ValueError) as e:
            failed.append((entry.video_id, getattr(e, "reason", str(e))))
            log.warning("skipped %s: %s", entry.video_id, failed[-1][1])
            continue
        feats = encoder.frame_features(frames[None])[0]
        with replacing(target) as tmp, open(tmp, "wb") as f:
            np.save(f, feats.astype(np.float32))
        written += 1
        manifest["dim"] = int(feats.shape[-1])
    if "dim" not in manifest and old.get("dim"):
        manifest["dim"] = old["dim"]
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return {"written": written, "kept": kept, "failed": failed}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.extract", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", required=True, help="a run config: its data section names the videos")
    p.add_argument("--model", required=True, help="the model whose vision tower extracts (hub id or folder)")
    p.add_argument("--out", required=True, help="folder for <video_id>.npy files")
    p.add_argument("--frames", type=int, default=None, help="frames per video (default: data.n_frames)")
    p.add_argument("--device", default=None)
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        from training.data.splits import load_splits

        cfg = load_config(args.config, args.set)
        cfg["data"]["features"] = None  # the videos themselves are read here
        train, val, test = load_splits(cfg)
        encoder = Encoder.load(args.model, device=args.device)
        n = int(args.frames or cfg["data"]["n_frames"])
        result = extract(train.entries + val.entries + test.entries, encoder, Path(args.out), n)
    except SeekframeError as exc:
        print(f"training.extract: {exc}", file=sys.stderr)
        return 2
    print(f"{result['written']} written, {result['kept']} already there, {len(result['failed'])} failed")
    for vid, reason in result["failed"]:
        print(f"  {vid}: {reason}")
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
