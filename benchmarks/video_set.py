"""The set of videos the indexing benchmarks run on: generated mp4v clips with moving texture,
plus the real H.264 samples beside the checkout when present."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SHARED_VIDEOS = Path(__file__).resolve().parent.parent.parent / "shared" / "videos"


def generate_videos(folder: Path, n: int, seed: int = 0) -> Path:
    """n mp4v videos of 20-60 s with moving texture: 3/4 at 640x360, 1/4 at 1280x720."""
    import numpy as np

    from tests.videos import write_pattern_video

    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        big = i % 4 == 3
        size = (1280, 720) if big else (640, 360)
        fps = [30.0, 25.0, 24.0][i % 3]
        seconds = float(rng.integers(20, 61))
        path = folder / f"gen_{i:02d}_{size[0]}x{size[1]}_{int(seconds)}s.mp4"
        if not path.exists():
            write_pattern_video(path, seconds, fps=fps, size=size, seed=seed + i)
    if SHARED_VIDEOS.is_dir():
        real = folder / "real"
        real.mkdir(exist_ok=True)
        for src in sorted(SHARED_VIDEOS.iterdir()):
            if src.suffix.lower() in (".mp4", ".mkv", ".mov", ".avi", ".webm"):
                shutil.copy2(src, real / src.name)
    return folder


def describe_videos(folder: Path) -> dict:
    from core.errors import MediaError
    from core.media import probe
    from core.scan import scan

    found = scan([str(folder)])
    seconds, by_size, bytes_ = 0.0, {}, 0
    for p in found.files:
        try:
            info = probe(p)
        except MediaError:
            continue
        seconds += info.duration
        key = f"{info.width}x{info.height} {info.codec}"
        by_size[key] = by_size.get(key, 0) + 1
        bytes_ += os.path.getsize(p)
    return {"files": len(found.files), "video_s": round(seconds, 1), "bytes": bytes_, "kinds": by_size}


def warm_page_cache(folder: Path) -> None:
    for dirpath, _, files in os.walk(folder):
        for f in files:
            with open(os.path.join(dirpath, f), "rb") as fh:
                while fh.read(1 << 20):
                    pass
