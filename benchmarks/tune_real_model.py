"""Choose the bundled real-footage model's pooling settings (top-k, temperature, person and face
weights) on the real-footage clip set of ``real_footage.py``.

The vision tower's per-frame outputs (ImageNet logits + face score) are computed once per moment,
exactly as the indexer samples them, then every setting is scored in milliseconds:

    .venv/bin/python benchmarks/tune_real_model.py [--model core/resources/models/real]

Prints video-level R@1/R@5 per setting (best first). The clip set is small (27 clips): the grid
is kept to a few knobs so the choice does not fit these clips' queries; report the benchmark's
numbers as in-sample for these knobs.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_footage as rf  # noqa: E402


def moment_outputs(enc, videos: Path) -> dict[str, np.ndarray]:
    from core.media import FrameSampler
    from core.moments import MomentSegmenter

    seg = MomentSegmenter(window_s=4.0, frames_per_moment=enc.frames_per_moment)
    sampler = FrameSampler(size=enc.image_size)
    out = {}
    m = enc.model.eval()
    for path in sorted(videos.iterdir()):
        feats = []
        for mom in seg.segment(str(path), sampler):
            x = m.preprocess(torch.from_numpy(mom.frames))
            with torch.inference_mode():
                feats.append(m.vision(x).float().numpy())
        out[path.stem] = np.stack(feats)  # [moments, T, W]
    return out


def pooled(pool, feats: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return F.normalize(pool(torch.from_numpy(feats)), dim=-1).numpy()


def evaluate(pool, cache, names, queries, qvec) -> tuple[float, float, list[int]]:
    ids = sorted(cache)
    vid = [pooled(pool, cache[i]) for i in ids]
    ranks = []
    for (q, targets), t in zip(queries, qvec):
        best = np.array([float((v @ t).max()) for v in vid])
        order = [names[ids[j]] for j in np.argsort(-best)]
        ranks.append(rf.first_hit_rank(order, targets) or len(ids) + 1)
    r = np.array(ranks)
    return float((r <= 1).mean() * 100), float((r <= 5).mean() * 100), ranks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=str(rf.MODELS_DIR / "real"))
    ap.add_argument("--cache", type=Path, default=None,
                    help="per-moment tower outputs (default benchmarks/out/tune_cache-<model id>.npz)")
    args = ap.parse_args()
    from core.encoders import Encoder

    enc = Encoder.load(args.model, device="cpu")
    args.cache = args.cache or rf.OUT / f"tune_cache-{enc.model_id}.npz"
    found, skipped = rf.resolve_clips(rf.source_dirs())
    with tempfile.TemporaryDirectory() as tmp:
        names = rf.build_clip_folder(found, Path(tmp))
        if args.cache.is_file():
            cache = dict(np.load(args.cache))
        else:
            cache = moment_outputs(enc, Path(tmp))
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(args.cache, **cache)
    queries = rf.usable_queries(set(names.values()))
    qvec = enc.encode_text([q for q, _ in queries])
    pool = enc.model.temporal
    base = dict(pool.config)
    rows = []
    grid = {"top_k": [5, 10, 20], "temperature": [2.0, 3.0, 4.0], "centre": [0.0, 0.5, 1.0],
            "person_weight": [0.0, 0.1, 0.25, 0.5], "face_weight": [0.0, 0.25, 0.35, 0.5],
            "colour_weight": [0.0, 0.4, 0.8, 1.2], "achromatic_scale": [0.0, 0.25, 0.5, 1.0]}
    for values in itertools.product(*grid.values()):
        setting = dict(zip(grid, values))
        pool.config.update(setting)
        pool.top_k, pool.temperature = setting["top_k"], setting["temperature"]
        r1, r5, _ = evaluate(pool, cache, names, queries, qvec)
        rows.append((r1 + r5, r1, r5, setting))
    pool.config.update(base)
    rows.sort(key=lambda r: -r[0])
    print(f"{len(cache)} clips, {len(queries)} queries; skipped: {[s['id'] for s in skipped]}")
    for _, r1, r5, s in rows[:15]:
        print(f"R@1 {r1:5.1f}  R@5 {r5:5.1f}  {s}")
    cur = [r for r in rows if all(r[3][k] == base[k] for k in grid)]
    if cur:
        print(f"current: R@1 {cur[0][1]:.1f} R@5 {cur[0][2]:.1f} {dict((k, base[k]) for k in grid)}")


if __name__ == "__main__":
    main()
