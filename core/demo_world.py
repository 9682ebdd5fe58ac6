"""A small generated world: coloured shapes moving over drawn backgrounds, with English captions
(``core.demo_text``), for training's synthetic data set (:func:`write_world`, in the MSR-VTT
layout) and the demo library (``core.demo``). Everything is a pure function of a seed: the
scene carries its own. A :class:`MultiEventClip` chains scenes of 4 s, aligned to the moments
the indexer cuts, and knows its per-moment ground truth.
"""

from __future__ import annotations

import csv
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .demo_text import captions_for, describe, pick

COLORS = {  # RGB
    "red": (220, 30, 30), "orange": (245, 140, 20), "yellow": (240, 220, 30), "green": (40, 180, 50),
    "blue": (30, 60, 225), "purple": (140, 50, 190), "pink": (250, 120, 190), "white": (245, 245, 245),
}
SHAPES = ("ball", "box", "triangle", "star", "heart", "car", "person")
MOTIONS = ("left", "right", "up", "down", "bouncing", "spinning", "growing", "shrinking", "static", "zigzag")
IN_PLACE = ("static", "bouncing", "spinning", "growing", "shrinking")
BACKGROUNDS = ("white", "black", "beach", "grass", "night", "snow", "street", "sunset", "underwater")
# object colours that would vanish into a background
AVOID = {"white": {"white"}, "beach": {"blue"}, "grass": {"green"}, "snow": {"white"},
         "sunset": {"orange", "pink", "purple"}, "underwater": {"blue"}}
SIZES = {"small": 0.11, "large": 0.19}  # radius as a fraction of the frame's short side
WORLD_VERSION = 1  # bump when a change alters what a seed renders (generated data sets are redone)
SCENE_SECONDS = 4.0  # one event of a multi-event clip = one default moment of the indexer


@dataclass(frozen=True)
class Thing:
    shape: str
    color: str
    size: str = "large"
    motion: str = "static"
    x: float = 0.5  # position as fractions of the frame (the axis a motion sweeps is ignored)
    y: float = 0.5


@dataclass(frozen=True)
class Scene:
    background: str
    things: tuple[Thing, ...]  # one or two; the first is the subject
    seed: int = 0  # background details and noise

    @property
    def subject(self) -> Thing:
        return self.things[0]


@dataclass(frozen=True)
class MultiEventClip:
    scenes: tuple[Scene, ...]
    scene_seconds: float = SCENE_SECONDS

    @property
    def seconds(self) -> float:
        return self.scene_seconds * len(self.scenes)

    def events(self) -> list[tuple[float, float, str]]:
        d = float(self.scene_seconds)
        return [(i * d, (i + 1) * d, describe(s)) for i, s in enumerate(self.scenes)]

    def render(self, fps: float = 8, size: tuple[int, int] = (128, 96)) -> np.ndarray:
        return np.concatenate([render_clip(s, self.scene_seconds, fps, size) for s in self.scenes])


# -- sampling -------------------------------------------------------------------------------------
def sample_scene(rng: np.random.Generator, *, background: str | None = None, avoid_colors=(),
                 two_things: float = 0.25) -> Scene:
    bg = background or pick(rng, BACKGROUNDS)
    colors = [c for c in COLORS if c not in AVOID.get(bg, set()) and c not in avoid_colors]
    c0 = pick(rng, colors)
    first = Thing(pick(rng, SHAPES), c0, pick(rng, tuple(SIZES)), pick(rng, MOTIONS),
                  float(rng.uniform(0.3, 0.7)), float(rng.uniform(0.35, 0.65)))
    things = (first,)
    if rng.random() < two_things:  # a second thing, in place, on the other side, other colour/shape
        side = first.x < 0.5
        second = Thing(pick(rng, [s for s in SHAPES if s != first.shape]),
                       pick(rng, [c for c in colors if c != c0]), "small", pick(rng, IN_PLACE),
                       float(rng.uniform(0.72, 0.82) if side else rng.uniform(0.18, 0.28)),
                       float(rng.uniform(0.4, 0.7)))
        first = Thing(first.shape, c0, first.size, first.motion, 0.3 if side else 0.7, first.y)
        things = (first, second)
    return Scene(bg, things, int(rng.integers(2**31)))


def sample_multi_event(rng: np.random.Generator, n_events: int | None = None) -> MultiEventClip:
    """2-4 scenes whose subjects all differ in colour, over different backgrounds."""
    scenes: list[Scene] = []
    for _ in range(int(n_events or rng.integers(2, 5))):
        bg = pick(rng, [b for b in BACKGROUNDS if b not in {s.background for s in scenes}])
        used_colors = {s.subject.color for s in scenes}
        scenes.append(sample_scene(rng, background=bg, avoid_colors=used_colors, two_things=0.0))
    return MultiEventClip(tuple(scenes))


# -- drawing --------------------------------------------------------------------------------------
def _ring(n, r=1.0, cx=0.0, cy=0.0, start=-np.pi / 2):
    a = start + np.arange(n) * 2 * np.pi / n
    return np.stack([cx + r * np.cos(a), cy + r * np.sin(a)], 1)


_HEART_T = np.linspace(0, 2 * np.pi, 40, endpoint=False)
_UNIT = {  # polygons in a unit circle, y down
    "ball": _ring(32),
    "box": np.array([[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]]),
    "triangle": _ring(3, 1.0, 0, 0.15),
    "star": _ring(10) * np.where(np.arange(10) % 2 == 0, 1.0, 0.42)[:, None],
    "heart": np.stack([16 * np.sin(_HEART_T) ** 3, -(13 * np.cos(_HEART_T) - 5 * np.cos(2 * _HEART_T)
                       - 2 * np.cos(3 * _HEART_T) - np.cos(4 * _HEART_T)) - 2], 1) / 17.0,
    "car": np.array([[-1, 0.0], [-0.95, -0.2], [-0.45, -0.25], [-0.25, -0.6], [0.35, -0.6], [0.6, -0.25],
                     [0.95, -0.2], [1, 0.0], [1, 0.35], [-1, 0.35]]),
}
DARK, GLASS = (25, 25, 25), (190, 225, 245)


def _parts(shape: str, t: float):
    """(kind, unit points, colour or None for the thing's own colour): what to draw."""
    if shape == "person":  # a walking stick figure
        swing = 0.35 * np.sin(2 * np.pi * t * 1.5)
        limbs = [[(0, -0.5), (0, 0.3)], [(-0.5, -0.25 - swing / 2), (0, -0.35), (0.5, -0.25 + swing / 2)],
                 [(-0.2 - swing, 1.0), (0, 0.3), (0.2 + swing, 1.0)]]
        return [("poly", _ring(16, 0.28, 0, -0.72), None)] + [("line", np.array(p, float), None) for p in limbs]
    out = [("poly", _UNIT[shape], None)]
    if shape == "ball":  # a darker band so spinning shows
        out.append(("poly", np.array([[-0.97, -0.25], [0.97, -0.25], [0.97, 0.25], [-0.97, 0.25]]), "shade"))
    elif shape == "car":
        out += [("poly", np.array([[-0.2, -0.52], [0.3, -0.52], [0.47, -0.27], [-0.38, -0.27]]), GLASS),
                ("poly", _ring(16, 0.27, -0.55, 0.35), DARK), ("poly", _ring(16, 0.27, 0.55, 0.35), DARK)]
    return out


def _pose(th: Thing, u: float, t: float, w: int, h: int) -> tuple[float, float, float, float, bool]:
    """Centre, radius, angle, mirrored at fraction ``u`` of the scene (``t`` seconds in)."""
    r = SIZES[th.size] * min(w, h)
    scale = {"growing": 0.5 + u, "shrinking": 1.5 - u}.get(th.motion, 1.0)
    m = r * (1.5 if th.motion in ("growing", "shrinking") else 1.0) + 2
    lo_x, hi_x, lo_y, hi_y = m, w - m, m, h - m
    x, y = np.clip(th.x * w, lo_x, hi_x), np.clip(th.y * h, lo_y, hi_y)
    angle, mirrored, mo = 0.0, False, th.motion
    if mo in ("left", "right", "zigzag"):
        x = lo_x + (hi_x - lo_x) * (1 - u if mo == "left" else u)
        mirrored = mo == "left"
        if mo == "zigzag":
            tri = 2 * abs((t / 1.0) % 1.0 - 0.5)  # 1 → 0 → 1 every second
            y = lo_y + (hi_y - lo_y) * (0.15 + 0.7 * tri)
    elif mo in ("up", "down"):
        y = lo_y + (hi_y - lo_y) * (1 - u if mo == "up" else u)
    elif mo == "bouncing":
        y = hi_y - (hi_y - lo_y) * 0.85 * abs(np.sin(np.pi * t / 1.2))
    elif mo == "spinning":
        angle = 2 * np.pi * t / 3.0
    return float(x), float(y), r * scale, angle, mirrored


def _draw(img, mask, label, th: Thing, pose, t) -> None:
    x, y, r, angle, mirrored = pose
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    thick = max(2, int(round(r * 0.16)))
    base = COLORS[th.color]
    for kind, pts, col in _parts(th.shape, t):
        p = pts * np.array([-1.0 if mirrored else 1.0, 1.0])
        p = ((p @ rot.T) * r + (x, y)) * 16  # 4 bits of sub-pixel precision
        p = np.round(p).astype(np.int32).reshape(-1, 1, 2)
        color = base if col is None else tuple(int(v * 0.55) for v in base) if col == "shade" else col
        keep = label if col is None else 0
        if kind == "poly":
            cv2.fillPoly(img, [p], color, cv2.LINE_AA, shift=4)
            cv2.fillPoly(mask, [p], keep, cv2.LINE_8, shift=4)
        else:
            cv2.polylines(img, [p], False, color, thick, cv2.LINE_AA, shift=4)
            cv2.polylines(mask, [p], False, keep, thick, cv2.LINE_8, shift=4)


def _background(name: str, w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    img = np.empty((h, w, 3), np.uint8)
    ys = np.linspace(0, 1, h)[:, None, None]

    def band(y0, y1, top, bottom=None):
        a, b = int(y0 * h), int(y1 * h)
        g = np.linspace(0, 1, max(1, b - a))[:, None, None]
        img[a:b] = np.array(top) * (1 - g) + np.array(bottom or top) * g

    def dots(n, y0, y1, color, rmax=1):
        for _ in range(n):
            cv2.circle(img, (int(rng.uniform(0, w)), int(rng.uniform(y0 * h, y1 * h))),
                       int(rng.integers(0, rmax + 1)), color, -1, cv2.LINE_AA)

    area = w * h / (128 * 96)
    if name == "white":
        img[:] = 236 - 12 * ys
    elif name == "black":
        img[:] = 16 + 10 * ys
    elif name == "beach":
        band(0, 0.3, (135, 190, 240), (175, 215, 245)); band(0.3, 0.5, (30, 95, 165), (50, 130, 185))
        band(0.5, 1, (232, 210, 160), (215, 188, 135)); dots(int(40 * area), 0.52, 1, (190, 165, 120))
        for k in range(3):
            yy = int((0.34 + 0.05 * k) * h)
            cv2.line(img, (int(rng.uniform(0, w / 2)), yy), (int(rng.uniform(w / 2, w)), yy), (200, 225, 240), 1)
    elif name == "grass":
        band(0, 0.25, (150, 200, 245)); band(0.25, 1, (70, 150, 60), (45, 120, 40))
        for _ in range(int(120 * area)):
            x0, y0 = rng.uniform(0, w), rng.uniform(0.28 * h, h)
            cv2.line(img, (int(x0), int(y0)), (int(x0 + rng.uniform(-2, 2)), int(y0 - rng.uniform(2, 6) * h / 96)),
                     (35, 100, 30), 1)
    elif name == "night":
        band(0, 1, (8, 12, 35), (25, 30, 70)); dots(int(45 * area), 0, 1, (255, 255, 235))
        cv2.circle(img, (int(0.85 * w), int(0.18 * h)), max(3, h // 12), (235, 235, 205), -1, cv2.LINE_AA)
    elif name == "snow":
        band(0, 0.35, (185, 195, 210), (215, 220, 230)); band(0.35, 1, (242, 245, 250), (225, 232, 245))
        dots(int(40 * area), 0, 0.35, (250, 250, 255), 1)
    elif name == "street":
        band(0, 0.4, (150, 170, 200)); band(0.4, 1, (75, 75, 80))
        x = 0
        while x < w:
            bw, bh = int(rng.uniform(0.1, 0.2) * w), rng.uniform(0.15, 0.38) * h
            g = int(rng.integers(80, 140))
            cv2.rectangle(img, (x, int(0.4 * h - bh)), (x + bw, int(0.4 * h)), (g, g, g + 8), -1)
            x += bw + 1
        cv2.rectangle(img, (0, int(0.4 * h)), (w, int(0.46 * h)), (150, 150, 145), -1)
        for x in range(0, w, max(8, w // 8)):
            cv2.rectangle(img, (x, int(0.72 * h)), (x + max(4, w // 16), int(0.72 * h) + max(1, h // 48)), (240, 240, 235), -1)
    elif name == "sunset":
        band(0, 0.75, (90, 50, 120), (250, 140, 70)); band(0.75, 1, (40, 30, 45))
        cv2.circle(img, (int(0.3 * w), int(0.72 * h)), max(4, h // 8), (255, 215, 120), -1, cv2.LINE_AA)
        img[int(0.75 * h):] = (40, 30, 45)
    elif name == "underwater":
        band(0, 0.85, (25, 120, 175), (10, 45, 95)); band(0.85, 1, (170, 150, 110))
        for _ in range(int(12 * area)):
            cv2.circle(img, (int(rng.uniform(0, w)), int(rng.uniform(0, 0.8 * h))), int(rng.integers(1, 4) * h / 96) + 1,
                       (170, 215, 235), 1, cv2.LINE_AA)
    else:
        raise ValueError(f"unknown background {name!r}")
    return img


def render_clip(scene: Scene, seconds: float, fps: float = 8, size: tuple[int, int] = (128, 96), *,
                with_masks: bool = False):
    """Frames uint8 [N, H, W, 3] RGB (N = round(seconds * fps)); ``size`` is (width, height).
    Motions sweep once over the whole clip (``u`` goes 0 → 1 from the first to the last frame).
    ``with_masks`` also returns uint8 [N, H, W]: 1 + the index of the thing drawn in its own
    colour at each pixel, 0 elsewhere."""
    w, h = size
    n = max(1, int(round(seconds * fps)))
    rng = np.random.default_rng(scene.seed)
    bg = _background(scene.background, w, h, rng)
    frames = np.empty((n, h, w, 3), np.uint8)
    masks = np.zeros((n, h, w), np.uint8)
    for i in range(n):
        t, u = i / fps, i / max(1, n - 1)
        img = bg.copy()
        for k, th in enumerate(scene.things):
            _draw(img, masks[i], k + 1, th, _pose(th, u, t, w, h), t)
        jitter = rng.integers(-4, 5, size=img.shape, dtype=np.int16)  # a camera's noise, ±4 levels
        frames[i] = np.clip(img.astype(np.int16) + jitter, 0, 255)
    return (frames, masks) if with_masks else frames


def write_video(frames: np.ndarray, path: str | Path, fps: float) -> Path:
    """RGB frames → an MPEG-4 Part 2 (mp4v) .mp4 file, written whole or not at all."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.part{path.suffix}")
    h, w = frames.shape[1:3]
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), float(fps), (w, h))
    if not writer.isOpened():
        _refused(tmp, f"OpenCV cannot write mp4v video to {tmp}")
    try:
        for f in frames:
            writer.write(cv2.cvtColor(f, cv2.COLOR_RGB2BGR))
    except BaseException:  # (a Ctrl-C: no half-written .part left in the folder)
        writer.release()
        tmp.unlink(missing_ok=True)
        raise
    writer.release()
    # (OpenCV says nothing of a write refused: a full disk left the file cut short, put in place as whole)
    reader = cv2.VideoCapture(str(tmp))
    try:
        whole = reader.isOpened() and int(reader.get(cv2.CAP_PROP_FRAME_COUNT)) == len(frames)
    finally:
        reader.release()
    if not whole:
        tmp.unlink(missing_ok=True)
        _refused(tmp, f"OpenCV could not write the whole video {path}")
    os.replace(tmp, path)
    return path


def _refused(tmp: Path, why: str):
    """Raise why OpenCV could not write ``tmp`` (its temporary name): the disk full when it is
    (an OSError of ENOSPC, said as a full disk), else ``why``."""
    import errno
    import shutil

    if shutil.disk_usage(tmp.parent).free < 1 << 20:  # (under 1 MiB: no clip's frames fit)
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp.parent))
    raise RuntimeError(why)


# -- a data set in the MSR-VTT layout -------------------------------------------------------------
def _video_plan(seed: int, i: int, multi: bool, seconds: tuple[int, int], n_captions: int):
    """(clip, captions) of video ``i``; a single scene is a clip of one scene."""
    rng = np.random.default_rng([seed, i])
    if multi:
        n_max = max(2, min(4, int(seconds[1] // SCENE_SECONDS)))
        clip = sample_multi_event(rng, int(rng.integers(2, n_max + 1)))
        return clip, captions_for(clip, rng, n_captions)
    scene = sample_scene(rng)
    secs = float(rng.integers(seconds[0], seconds[1] + 1))
    return MultiEventClip((scene,), secs), captions_for(scene, rng, n_captions)


def write_world(out_dir: str | Path, n_videos: int = 300, seed: int = 0, size: tuple[int, int] = (128, 96),
                fps: float = 8, seconds: tuple[int, int] = (4, 12), multi_event_fraction: float = 0.25,
                splits: tuple[float, float] = (0.8, 0.2), captions_per_video: int = 10,
                workers: int | None = None) -> Path:
    """Write ``n_videos`` clips and their captions in the MSR-VTT layout (see the module of
    ``training.data.msrvtt``): ``videos/video<i>.mp4``, ``MSRVTT_data.json``, ``MSRVTT_train.9k.csv`` (and the same as 7k),
    ``MSRVTT_JSFUSION_test.csv`` (one caption per test video), and ``seekframe_events.json``
    ({video_id: [[start, end, caption], ...]}) for the multi-event clips. The last
    ``splits[1]`` share of the ids is the test split. Deterministic per ``seed``."""
    out = Path(out_dir)
    (out / "videos").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    multi = set(rng.choice(n_videos, int(round(n_videos * multi_event_fraction)), replace=False).tolist())
    n_test = int(round(n_videos * splits[1] / (splits[0] + splits[1])))
    plans = [_video_plan(seed, i, i in multi, seconds, captions_per_video) for i in range(n_videos)]

    def make(i):
        write_video(plans[i][0].render(fps, size), out / "videos" / f"video{i}.mp4", fps)

    with ThreadPoolExecutor(workers or min(2, os.cpu_count() or 1)) as pool:  # cv2 and numpy release the GIL
        list(pool.map(make, range(n_videos)))

    ids = [f"video{i}" for i in range(n_videos)]
    split = ["train" if i < n_videos - n_test else "test" for i in range(n_videos)]
    sentences = [{"caption": c, "video_id": ids[i], "sen_id": k}
                 for k, (i, c) in enumerate((i, c) for i in range(n_videos) for c in plans[i][1])]
    data = {"info": {"generator": "seekframe demo_world", "version": WORLD_VERSION, "seed": seed},
            "videos": [{"video_id": ids[i], "id": i, "split": split[i], "duration": plans[i][0].seconds}
                       for i in range(n_videos)],
            "sentences": sentences}
    (out / "MSRVTT_data.json").write_text(json.dumps(data, indent=1))
    for name in ("MSRVTT_train.9k.csv", "MSRVTT_train.7k.csv"):  # both lists: every train video
        with open(out / name, "w", newline="") as f:
            csv.writer(f).writerows([["video_id"]] + [[v] for v, s in zip(ids, split) if s == "train"])
    tests = [i for i in range(n_videos) if split[i] == "test"]
    with open(out / "MSRVTT_JSFUSION_test.csv", "w", newline="") as f:  # one caption per test video
        csv.writer(f).writerows([["key", "vid_key", "video_id", "sentence"]]
                                + [[f"ret{k}", f"msr{i}", ids[i], plans[i][1][0]] for k, i in enumerate(tests)])
    events = {ids[i]: [list(e) for e in plans[i][0].events()] for i in sorted(multi)}
    (out / "seekframe_events.json").write_text(json.dumps(events, indent=1))
    return out
