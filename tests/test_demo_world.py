"""The generated world (core.demo_world): what the clips show matches what the captions and the
ground truth say; the MSR-VTT-layout data set and the demo folder are written correctly."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from core import demo_world as W
from core.demo_text import COLOR_WORDS, MOTION_TAGS, PLACE_WORDS, SHAPE_WORDS, motion_phrases
from core.media import probe

SIZE = (128, 96)


def _one(motion, shape="box", color="red", bg="white", size="small", seed=1):
    return W.Scene(bg, (W.Thing(shape, color, size, motion, 0.5, 0.5),), seed=seed)


def _centroid(mask):
    ys, xs = np.nonzero(mask == 1)
    assert xs.size, "the object is not drawn"
    return np.array([xs.mean(), ys.mean()])


def _near(frames, rgb, tol=30):
    """Fraction of pixels within ``tol`` (per channel) of a colour."""
    return float((np.abs(frames.astype(np.int16) - np.array(rgb)).max(-1) <= tol).mean())


# -- rendering --------------------------------------------------------------------------------
def test_rendering_is_deterministic_per_scene():
    scene = W.sample_scene(np.random.default_rng(5))
    a, b = W.render_clip(scene, 2, 8, SIZE), W.render_clip(scene, 2, 8, SIZE)
    assert a.shape == (16, 96, 128, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b)
    other = W.Scene(scene.background, scene.things, seed=scene.seed + 1)
    assert not np.array_equal(a, W.render_clip(other, 2, 8, SIZE))  # the seed drives noise/details
    assert W.sample_scene(np.random.default_rng(5)) == scene


@pytest.mark.parametrize("motion,axis,sign", [("left", 0, -1), ("right", 0, 1), ("up", 1, -1), ("down", 1, 1)])
def test_sweeps_move_the_stated_way(motion, axis, sign):
    frames, masks = W.render_clip(_one(motion, bg="grass"), 12, 8, SIZE, with_masks=True)
    extent = SIZE[axis]
    first, four_s, last = _centroid(masks[0]), _centroid(masks[32]), _centroid(masks[-1])
    assert sign * (last - first)[axis] > 0.5 * extent  # across most of the frame
    assert sign * (four_s - first)[axis] > 0.1 * extent  # and visibly within one 4-second moment
    assert abs((last - first)[1 - axis]) < 2


def test_bouncing_goes_up_and_down_in_place():
    _, masks = W.render_clip(_one("bouncing", shape="ball"), 4, 8, SIZE, with_masks=True)
    c = np.array([_centroid(m) for m in masks])
    assert np.ptp(c[:, 1]) > 0.4 * SIZE[1] and np.ptp(c[:, 0]) < 2
    assert (np.diff(np.sign(np.diff(c[:, 1]))) != 0).sum() >= 4  # several bounces in 4 s


def test_spinning_turns_without_moving_and_static_stays():
    _, masks = W.render_clip(_one("spinning", shape="triangle", size="large"), 4, 8, SIZE, with_masks=True)
    a, b = masks[0] == 1, masks[4] == 1  # 0.5 s: a sixth of a turn, the triangle upside down
    assert (a & b).sum() / (a | b).sum() < 0.7
    assert np.abs(_centroid(masks[0]) - _centroid(masks[4])).max() < 3
    assert abs(int(a.sum()) - int(b.sum())) < 0.1 * a.sum()
    frames, masks = W.render_clip(_one("static", shape="star"), 4, 8, SIZE, with_masks=True)
    assert all(np.array_equal(m, masks[0]) for m in masks)
    assert not np.array_equal(frames[0], frames[1])  # mild noise still changes the pixels


@pytest.mark.parametrize("motion,grows", [("growing", True), ("shrinking", False)])
def test_growing_and_shrinking_change_the_size(motion, grows):
    _, masks = W.render_clip(_one(motion, shape="heart"), 4, 8, SIZE, with_masks=True)
    ratio = (masks[-1] == 1).sum() / (masks[0] == 1).sum()
    assert (ratio > 4) if grows else (ratio < 0.25)
    assert np.abs(_centroid(masks[0]) - _centroid(masks[-1])).max() < 2


def test_zigzag_crosses_while_going_up_and_down():
    _, masks = W.render_clip(_one("zigzag"), 4, 8, SIZE, with_masks=True)
    c = np.array([_centroid(m) for m in masks])
    assert c[-1, 0] - c[0, 0] > 0.5 * SIZE[0] and np.all(np.diff(c[:, 0]) >= 0)
    assert np.ptp(c[:, 1]) > 0.3 * SIZE[1]


@pytest.mark.parametrize("color", sorted(W.COLORS))
def test_object_pixels_have_the_named_colour(color):
    bgs = [b for b in ("beach", "night", "street", "grass") if color not in W.AVOID.get(b, set())]
    for shape, bg in zip(("ball", "box", "star", "car"), bgs * 2):
        frames, masks = W.render_clip(_one("right", shape, color, bg, "large"), 1, 8, SIZE, with_masks=True)
        inner = masks == 1
        inner[:, 1:-1, 1:-1] &= inner[:, :-2, 1:-1] & inner[:, 2:, 1:-1] & inner[:, 1:-1, :-2] & inner[:, 1:-1, 2:]
        mean = frames[inner].mean(0)
        nearest = min(W.COLORS, key=lambda c: np.abs(np.array(W.COLORS[c]) - mean).sum())
        assert nearest == color, (shape, bg, mean)
        assert _near(frames, W.COLORS[color]) > 0.02  # visible in the picture, not only in the mask


# -- captions ---------------------------------------------------------------------------------
def _mentions(caption, phrases):
    return any(p in caption for p in phrases)


def test_captions_name_colour_shape_motion_and_place_and_vary():
    rng = np.random.default_rng(0)
    for _ in range(60):
        scene = W.sample_scene(rng)
        caps = W.captions_for(scene, rng, 8)
        assert len(caps) == 8 and len(set(caps)) == 8
        s = scene.subject
        motion = [p for pair in motion_phrases(s.shape, s.motion) for p in pair] + [MOTION_TAGS[s.motion]]
        place = list(PLACE_WORDS[scene.background][0]) + [PLACE_WORDS[scene.background][1]]
        for c in caps + [W.describe(scene)]:
            low = c.lower()
            assert _mentions(low, COLOR_WORDS[s.color]), c
            assert _mentions(low, SHAPE_WORDS[s.shape]), c
            assert _mentions(low, motion), c
            assert _mentions(low, [p.lower() for p in place]), c
            assert " a orange" not in low and not low.startswith("a orange"), c
            if len(scene.things) > 1:
                assert _mentions(low, COLOR_WORDS[scene.things[1].color]), c
        # no other colour word sneaks in (beyond the place's own, "on a plain white background")
        others = [w for col, ws in COLOR_WORDS.items() if col not in {t.color for t in scene.things} for w in ws]
        plain = W.describe(scene).replace(PLACE_WORDS[scene.background][0][0], "")
        assert not any(f" {w} " in f" {plain} " for w in others), plain


def test_described_scenes_differ_when_the_content_differs():
    red, blue = _one("left", color="red"), _one("left", color="blue")
    assert W.describe(red) == "a red box moving left on a plain white background"
    assert W.describe(blue) != W.describe(red)
    assert W.describe(_one("right", shape="car", bg="beach")) == "a red car driving right on the beach"


# -- multi-event clips ------------------------------------------------------------------------
def test_multi_event_ground_truth_matches_the_frames():
    scenes = (_one("left", "box", "red", "beach"), _one("spinning", "star", "green", "night"),
              _one("bouncing", "ball", "blue", "snow"))
    clip = W.MultiEventClip(scenes)
    fps = 8
    frames = clip.render(fps, SIZE)
    events = clip.events()
    assert len(frames) == clip.seconds * fps == 96
    assert [(s, e) for s, e, _ in events] == [(0.0, 4.0), (4.0, 8.0), (8.0, 12.0)]
    for k, (start, end, caption) in enumerate(events):
        color = scenes[k].subject.color
        assert color in caption
        inside = frames[int(start * fps): int(end * fps)]
        outside = np.concatenate([frames[: int(start * fps)], frames[int(end * fps):]])
        assert _near(inside, W.COLORS[color]) > 0.01
        assert _near(inside, W.COLORS[color]) > 10 * _near(outside, W.COLORS[color])
        # the boundary frames: the first and last frame of the interval show this event's object
        assert _near(frames[int(start * fps)], W.COLORS[color]) > 0.01
        assert _near(frames[int(end * fps) - 1], W.COLORS[color]) > 0.01


def test_sampled_multi_event_clips_are_distinct_and_aligned():
    for seed in range(20):
        clip = W.sample_multi_event(np.random.default_rng(seed))
        assert 2 <= len(clip.scenes) <= 4
        assert len({s.subject.color for s in clip.scenes}) == len(clip.scenes)
        assert len({s.background for s in clip.scenes}) == len(clip.scenes)
        assert all(s % 4 == 0 and e - s == 4 for s, e, _ in clip.events())
        caps = W.captions_for(clip, np.random.default_rng(seed), 6)
        assert len(set(caps)) == 6
        assert any(all(s.subject.color in c or _mentions(c, COLOR_WORDS[s.subject.color]) for s in clip.scenes)
                   for c in caps)  # some captions describe the whole clip


# -- the data set -----------------------------------------------------------------------------
def _read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_write_world_writes_the_msrvtt_layout(tmp_path):
    root = W.write_world(tmp_path / "w", n_videos=10, seed=3, seconds=(4, 8), multi_event_fraction=0.4,
                         captions_per_video=5)
    data = json.loads((root / "MSRVTT_data.json").read_text())
    ids = [v["video_id"] for v in data["videos"]]
    assert ids == [f"video{i}" for i in range(10)]
    caps = {}
    for s in data["sentences"]:
        caps.setdefault(s["video_id"], []).append(s["caption"])
    assert set(caps) == set(ids) and all(len(c) == 5 for c in caps.values())
    assert len({s["sen_id"] for s in data["sentences"]}) == 50
    train = [r["video_id"] for r in _read_csv(root / "MSRVTT_train.9k.csv")]
    test_rows = _read_csv(root / "MSRVTT_JSFUSION_test.csv")
    test = [r["video_id"] for r in test_rows]
    assert list(test_rows[0]) == ["key", "vid_key", "video_id", "sentence"]
    assert not set(train) & set(test) and set(train) | set(test) == set(ids) and len(test) == 2
    split = {v["video_id"]: v["split"] for v in data["videos"]}
    assert all(split[v] == "train" for v in train) and all(split[v] == "test" for v in test)
    assert all(r["sentence"] in caps[r["video_id"]] for r in test_rows)
    events = json.loads((root / "seekframe_events.json").read_text())
    assert len(events) == 4 and set(events) <= set(ids)
    duration = {v["video_id"]: v["duration"] for v in data["videos"]}
    for vid, evs in events.items():
        assert evs[0][0] == 0 and evs[-1][1] == duration[vid]
        assert all(a[1] == b[0] for a, b in zip(evs, evs[1:]))
    for vid in ids:
        info = probe(root / "videos" / f"{vid}.mp4")
        assert (info.width, info.height) == SIZE and info.fps == pytest.approx(8)
        assert abs(info.duration - duration[vid]) <= 1 / 8 + 1e-6
        assert 4 <= duration[vid] <= 8
    again = W.write_world(tmp_path / "again", n_videos=10, seed=3, seconds=(4, 8), multi_event_fraction=0.4,
                          captions_per_video=5, workers=1)
    assert (again / "MSRVTT_data.json").read_text() == (root / "MSRVTT_data.json").read_text()
    assert (again / "videos/video3.mp4").read_bytes() == (root / "videos/video3.mp4").read_bytes()


def test_synthetic_generate_skips_when_written_and_loads_splits(tmp_path, monkeypatch):
    from training.data import synthetic

    kw = dict(seconds=(4, 8), multi_event_fraction=0.5, captions_per_video=4)
    root = synthetic.generate(tmp_path / "s", n_videos=6, seed=1, **kw)
    assert synthetic.is_written(root, 6, 1, **kw)
    train, test = synthetic.load(root, "train"), synthetic.load(root, "test")
    assert len(train) + len(test) == 6 and len(test) >= 1
    assert all(len(e.captions) == 4 for e in train.entries) and all(len(e.captions) == 1 for e in test.entries)
    events = json.loads((root / "seekframe_events.json").read_text())
    for e in train.entries + test.entries:
        assert [list(x) for x in e.events] == events.get(e.video_id, [])
        assert probe(e.path).frame_count > 0

    def boom(*a, **k):
        raise AssertionError("regenerated although nothing changed")

    monkeypatch.setattr(synthetic, "write_world", boom)
    assert synthetic.generate(root, n_videos=6, seed=1, **kw) == root
    monkeypatch.undo()
    synthetic.generate(root, n_videos=4, seed=1, **kw)  # other parameters: redone, old files gone
    assert not (root / "videos" / "video5.mp4").exists()
    assert len(synthetic.load(root, "train")) + len(synthetic.load(root, "test")) == 4


# -- seekframe demo ---------------------------------------------------------------------------
@pytest.mark.slow
def test_seekframe_demo_writes_clips_and_queries(tmp_path, capsys):
    from core.cli import main
    from core.demo import DEMO_QUERIES

    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "seekframe index" in printed and DEMO_QUERIES[0].query in printed
    files = sorted({q.file for q in DEMO_QUERIES})
    assert 10 <= len(files) <= 14 and sorted(p.name for p in out.glob("*.mp4")) == files
    queries = (out / "QUERIES.md").read_text(encoding="utf-8")
    assert len({q.query for q in DEMO_QUERIES}) == len(DEMO_QUERIES)
    for name in files:
        mine = [q for q in DEMO_QUERIES if q.file == name]
        info = probe(out / name)
        assert (info.width, info.height) == (320, 240)
        assert 8 <= info.duration <= 16 and abs(info.duration - mine[-1].end) <= 1 / info.fps + 1e-6
        assert [q.start for q in mine] == [0.0] + [q.end for q in mine[:-1]]
        assert all(f"{q.query} — {q.file} at" in queries for q in mine)
    assert any(len([q for q in DEMO_QUERIES if q.file == f]) > 1 for f in files)  # multi-event clips
    assert any(len([q for q in DEMO_QUERIES if q.file == f]) == 1 for f in files)


def test_demo_defaults_to_the_data_home(_isolated_home):
    from core.demo import write_demo

    folder = write_demo(fps=2, size=(64, 48))  # (where it goes is the point: small, few frames)
    assert folder == _isolated_home / "demo-videos" and (folder / "QUERIES.md").is_file()
