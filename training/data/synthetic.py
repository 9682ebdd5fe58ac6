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
from core.errors import SeekframeError

MANIFEST = "seekframe_world.json"
WRITING = f".{MANIFEST}.writing"  # while a world is written (its manifest comes last)
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
    multi_event_fraction, splits, captions_per_video, workers) unless it is already there.
    Only into a folder that is empty or holds a world written here before: the world's files
    are MSR-VTT's names (``MSRVTT_data.json``, ``videos/video0.mp4``, …), and a ``data.root``
    holding a real download (``data.format`` left at synthetic) had its videos overwritten."""
    root = Path(out_dir)
    if is_written(root, n_videos, seed, **kw):
        return root
    manifest, writing = root / MANIFEST, root / WRITING
    if not manifest.exists() and not writing.exists():
        theirs = (next((p for p in root.rglob("*") if p.is_file()), None) if root.is_dir()
                  else root if root.exists() else None)
        if theirs is not None:
            raise SeekframeError(
                f"data.root {root} holds {'files' if root.is_dir() else 'a file'} that no generated world wrote "
                f"(e.g. {theirs}): the synthetic format writes its world (MSR-VTT's file names, "
                "videos/video<N>.mp4) only into an empty folder or one it wrote before. Set data.format to "
                "the format of the data there (msrvtt, msvd, vatex, tgif), or data.root to another folder")
    root.mkdir(parents=True, exist_ok=True)
    writing.write_text(json.dumps(_params(n_videos, seed, kw)))  # (a cut-short world is this one's: redone)
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
    writing.unlink(missing_ok=True)
    return root


def load(root: str | Path, split: str = "train", **kw):
    """A :class:`training.data.base.Split` of the written world (``msrvtt.load`` keywords)."""
    from training.data import msrvtt

    return msrvtt.load(root, split, **kw)
