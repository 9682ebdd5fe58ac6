"""A tiny model *trained in the test* to tell colours apart: "red" ↔ red frames.

A random model cannot answer a text query, so end-to-end tests train this one for a few seconds
with a symmetric InfoNCE loss on generated colour frames. It exercises the real model classes,
save/load and the whole index → search path, and gives the search a right answer to find.

``shared_colour_model``: one model for every pytest-xdist worker of a run, trained by the first under a
file lock, the others loading it (each worker trained its own: under load, ``-n 2`` runs timed out in
the fixture).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from tests.models import tiny_model
from tests.videos import COLORS

NAMES = list(COLORS)
TEMPLATES = ["{}", "a {} scene", "{} screen", "the {} background", "a plain {} video"]


def _frames(rng: np.random.Generator, colour: str, n: int, t: int, size: int) -> np.ndarray:
    base = np.array(COLORS[colour], np.int16)
    x = np.empty((n, t, size, size, 3), np.int16)
    x[:] = base
    # noise, brightness jitter and a random square of another colour, like the test videos
    x += rng.integers(-20, 21, size=(n, 1, 1, 1, 3), dtype=np.int16)
    x += rng.integers(-6, 7, size=x.shape, dtype=np.int16)
    for i in range(n):
        if rng.random() < 0.5:
            other = COLORS[NAMES[rng.integers(len(NAMES))]]
            s = size // 3
            y0, x0 = rng.integers(0, size - s, 2)
            x[i, :, y0 : y0 + s, x0 : x0 + s] = other
    return np.clip(x, 0, 255).astype(np.uint8)


def train_colour_model(folder: str | Path, steps: int = 150, seed: int = 0) -> Path:
    """Train it on one thread (a model this small gains nothing from more, and beside other work
    torch's threads wait on each other: 72 s on two threads against 23 s on one under load 11),
    the process's thread count put back after."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _train(folder, steps, seed)
    finally:
        torch.set_num_threads(threads)


def _train(folder: str | Path, steps: int, seed: int) -> Path:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model, tok = tiny_model(seed=seed, vision="frame_cnn", text="bert_mean", temporal="mean",
                            embed_dim=32, image_size=32, frames_per_moment=4, name="colours")
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(steps):
        colours = list(rng.permutation(NAMES))
        frames = np.concatenate([_frames(rng, c, 1, 4, 32) for c in colours])
        texts = [TEMPLATES[rng.integers(len(TEMPLATES))].format(c) for c in colours]
        pixels = model.preprocess(torch.from_numpy(frames))
        enc = tok(texts, padding=True, return_tensors="pt")
        v = model.encode_video(pixels)
        t = model.encode_text(enc["input_ids"], enc["attention_mask"])
        logits = v @ t.T * 20.0
        target = torch.arange(len(colours))
        loss = (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    from core.encoders import save_model

    return save_model(model, tok, folder)


def shared_colour_model(root: str | Path, train=train_colour_model) -> Path:
    """The colour model in ``root`` (a folder every process of the run sees), trained there by the
    first process to ask (``train``), under a file lock; the others wait for it and get the same
    folder (``save_model`` puts a model in place whole: a process killed while training leaves
    none, and the next one trains). Keyed by this file's code, the tiny model's and the test
    videos' colours, so a change to how it is trained never serves an old one."""
    from filelock import FileLock

    here = Path(__file__).resolve().parent
    key = hashlib.sha256(b"".join((here / name).read_bytes() for name in ("colour_model.py", "models.py", "videos.py")))
    folder = Path(root) / f"colour-model-{key.hexdigest()[:16]}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder) + ".lock"):
        if not (folder / "config.json").is_file():
            train(folder)
    return folder
