"""The generated world of ``core.demo_world`` as a training data set, in the MSR-VTT layout.

``generate(out_dir)`` writes it once: a manifest (``seekframe_world.json``) records the
parameters, and a second call with the same parameters returns at once. ``load(root, split)``
reads it through the MSR-VTT loader (multi-event videos carry ``VideoEntry.events``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from core.demo_world import WORLD_VERSION, write_world

MANIFEST = "seekframe_world.json"
_WRITTEN = ("MSRVTT_data.json", "MSRVTT_train.9k.csv", "MSRVTT_train.7k.csv",
            "MSRVTT_JSFUSION_test.csv", "seekframe_events.json")


def _params(n_videos: int, seed: int, kw: dict) -> dict:
    kw = {k: v for k, v in kw.items() if k != "workers"}  # how it is written, not what
    return json.loads(json.dumps({"world_version": WORLD_VERSION, "n_videos": n_videos, "seed": seed, **kw}))


def is_written(root: str | Path, n_videos: int = 300, seed: int = 0, **kw) -> bool:
    root = Path(root)
    try:
        manifest = json.loads((root / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    return (manifest == _params(n_videos, seed, kw) and all((root / n).is_file() for n in _WRITTEN)
            and all((root / "videos" / f"video{i}.mp4").is_file() for i in range(n_videos)))


def generate(out_dir: str | Path, n_videos: int = 300, seed: int = 0, **kw) -> Path:
    """Write the world (``core.demo_world.write_world`` keywords: size, fps, seconds,
    multi_event_fraction, splits, captions_per_video, workers) unless it is already there."""
    root = Path(out_dir)
    if is_written(root, n_videos, seed, **kw):
        return root
    manifest = root / MANIFEST
    if manifest.exists():  # another world was here: drop its files so no stale video remains
        manifest.unlink()
        for name in _WRITTEN:
            (root / name).unlink(missing_ok=True)
        for old in (root / "videos").glob("video*.mp4"):
            old.unlink()
    write_world(root, n_videos, seed, **kw)
    tmp = root / f".{MANIFEST}.part"
    tmp.write_text(json.dumps(_params(n_videos, seed, kw), indent=1))
    os.replace(tmp, manifest)  # last: a cut-short run is redone
    return root


def load(root: str | Path, split: str = "train", **kw):
    """A :class:`training.data.base.Split` of the written world (``msrvtt.load`` keywords)."""
    from training.data import msrvtt

    return msrvtt.load(root, split, **kw)
