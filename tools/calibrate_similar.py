"""Measure a model's "similar clips" thresholds (``card.json`` ``similar_calibration``) on clips whose
content is known, as ``tools/calibrate_card.py`` measures its text thresholds.

    python tools/calibrate_similar.py --model core/resources/models/demo            # the demo world
    python tools/calibrate_similar.py --model core/resources/models/real --write    # real footage

The clips are indexed with the model into a scratch library, as the app does; then, for every moment
(the query of "Similar clips" on a result) and every video (``seekframe similar FILE``), two scores:

* alike: its best match among moments known to show the same thing (another moment of the same scene,
  at least a moment away in time, or a moment of another clip known to show it too);
* unlike: its best match among moments known to share nothing with it (the top result of a library
  that holds nothing like the clip).

Videos are scored as ``core.search_videos.set_similarity`` scores them; a video's alike pairs are other
videos known to show the same thing, its first and second half (the same footage), its unlike pairs
videos that share nothing with it.

``weak`` is set just above the 95th percentile of the unlike scores (below it a result is no better
than the best match in a library of other things); ``strong`` at the alike scores' 25th percentile
(three alike matches in four reach it), kept above ``weak`` (:func:`thresholds`). Known content:
``--world demo``, the demo clips (``core.demo``) and ``EXTRA_CLIPS`` more drawn from the same world (each scene's shape, colour, background and motion;
alike: the same shape over the same background; unlike: none of the four in common); ``--world real``,
the real-footage benchmark's clips (``benchmarks/real_clips.py``; alike: clips of the same main subject,
``REAL_TAGS``; unlike: clips sharing no word of what they show). ``auto``: the world of the model's card (``generated``:
demo, else real). ``--write`` records the thresholds, the world they were measured on and how in the model's
``card.json``; a model never measured keeps none, and its similar clips are not labelled. Thresholds
measured on the demo world label a library of the demo clips alone: the demo model scores real clips
of nothing in common 0.99 and more (``--model core/resources/models/demo --world real``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

UNLIKE_PCT = 95  # weak: above this share of "nothing like it" best matches
ALIKE_PCT = 25  # strong: three alike matches in four reach it
# the demo world's 12 clips hold few alike pairs: as many more single-scene clips drawn from the same
# world (core.demo_world.sample_scene, a fixed seed), each 12 s (three moments, two halves)
EXTRA_CLIPS, EXTRA_SECONDS, EXTRA_SEED = 36, 12, 57
MIN_PAIRS = 8  # fewer alike or unlike scores than this: not measured (no thresholds for that kind)


def thresholds(alike: dict, unlike: dict) -> dict | None:
    """``{"weak", "strong"}`` from the two populations' summaries (``summary``: the numbers the card
    records, so that its thresholds follow from them); None where either is too small to say."""
    if alike["n"] < MIN_PAIRS or unlike["n"] < MIN_PAIRS:
        return None
    weak = float(np.ceil((unlike[f"p{UNLIKE_PCT}"] + 0.005) * 100) / 100)
    strong = max(float(np.floor(alike[f"p{ALIKE_PCT}"] * 100) / 100), weak + 0.02)
    return {"weak": round(weak, 2), "strong": round(strong, 2)}


def summary(scores) -> dict:
    s = np.asarray(scores, np.float64)
    if not len(s):
        return {"n": 0}
    return {"n": int(len(s)), "min": round(float(s.min()), 3), "p25": round(float(np.percentile(s, 25)), 3),
            "median": round(float(np.median(s)), 3), "p95": round(float(np.percentile(s, 95)), 3),
            "max": round(float(s.max()), 3)}


# -- known content ------------------------------------------------------------------------------
def demo_world(folder: Path):
    """The demo clips written into ``folder``: (file name → its scenes' facts by start time, relation)."""
    from core.demo import DEMO_FPS, DEMO_SIZE, _clips, write_demo
    from core.demo_world import MultiEventClip, sample_scene, write_video

    write_demo(folder)
    rng = np.random.default_rng(EXTRA_SEED)
    extra = [(f"extra-{i:02d}.mp4", MultiEventClip((sample_scene(rng, two_things=0.0),), scene_seconds=EXTRA_SECONDS))
             for i in range(EXTRA_CLIPS)]
    for name, clip in extra:
        write_video(clip.render(DEMO_FPS, DEMO_SIZE), folder / name, DEMO_FPS)
    facts = {}
    for name, clip in _clips() + extra:
        d = float(clip.scene_seconds)
        facts[name] = [(i * d, (i + 1) * d, (s.subject.shape, s.subject.color, s.background, s.subject.motion))
                       for i, s in enumerate(clip.scenes)]

    def relation(a, b) -> str:  # two scenes' facts: "same" | "alike" | "unlike" | ""
        if a == b:
            return "same"
        if a[0] == b[0] and a[2] == b[2]:
            return "alike"
        return "unlike" if not any(x == y for x, y in zip(a, b)) else ""
    return facts, relation


# what each clip of ``benchmarks/real_clips.py`` shows, in coarse words, its main subject first (written
# from its ``shows`` line): alike, two clips of the same main subject; unlike, two sharing no word
REAL_TAGS = {
    "asl-again": ("face", "person", "indoors"), "asl-bird": ("face", "person", "indoors"),
    "carphone": ("face", "person", "car"), "astronaut": ("face", "person"),
    "cameraman": ("person", "outdoors", "lawn"), "pedestrians": ("person", "outdoors", "lawn", "building"),
    "footballer": ("person", "ball", "outdoors"), "ball-indoors": ("person", "ball", "indoors"),
    "bottles": ("bottle", "indoors", "table"), "coffee": ("tableware", "table", "food"),
    "cat": ("animal", "face"), "dog": ("animal",), "mandrill": ("animal", "face"),
    "squirrel": ("animal", "plant", "outdoors"), "butterfly": ("animal", "plant"),
    "cars-above": ("car", "road", "outdoors"), "car-rear": ("car", "road"),
    "bikes": ("car", "bicycle", "road", "person", "outdoors", "building"),
    "motorcycle": ("motorcycle", "bicycle", "indoors"), "rocket": ("rocket", "outdoors", "sky"),
    "hotel": ("building", "outdoors"), "old-street": ("building", "road", "outdoors", "sky"),
    "palace": ("building", "outdoors", "sky"), "aerial-town": ("building", "road", "outdoors"),
    "citrus": ("food",), "candies": ("food",), "circuit-board": ("electronics",),
}


def real_world(folder: Path):
    """The real-footage benchmark's clips present here (those ``REAL_TAGS`` describes), in ``folder``:
    (file name → one span, relation)."""
    from real_clips import build_clip_folder, resolve_clips, source_dirs

    found, _skipped = resolve_clips(source_dirs())
    names = build_clip_folder([(c, p) for c, p in found if c.id in REAL_TAGS], folder)
    ids = {p.name: names[p.stem] for p in folder.iterdir() if p.stem in names}
    facts = {name: [(0.0, float("inf"), cid)] for name, cid in ids.items()}

    def relation(a, b) -> str:
        ta, tb = REAL_TAGS[a], REAL_TAGS[b]
        return "same" if a == b else "alike" if ta[0] == tb[0] else "" if set(ta) & set(tb) else "unlike"
    return facts, relation


# -- scores -------------------------------------------------------------------------------------
def _fact_at(spans, t: float):
    return next((f for s, e, f in spans if s <= t < e), spans[-1][2])


def moment_scores(moments: dict[str, list], facts: dict, relation) -> tuple[list[float], list[float]]:
    """Each moment's best alike and best unlike match (``moments``: file name → its moments)."""
    rows = [(name, m.start, m.end, _fact_at(facts[name], (m.start + m.end) / 2), np.asarray(m.vector, np.float32))
            for name, ms in moments.items() for m in ms]
    vecs = np.stack([r[4] for r in rows])
    sims = vecs @ vecs.T
    alike, unlike = [], []
    for i, (name, start, end, fact, _v) in enumerate(rows):
        best_a = best_u = None
        for j, (name2, start2, end2, fact2, _w) in enumerate(rows):
            rel = relation(fact, fact2)
            if name2 == name:  # the same scene in the same clip: a moment away at least
                near = start2 < end + (end - start) and end2 > start - (end - start)
                rel = "alike" if rel == "same" and not near else ""
            elif rel == "same":
                rel = "alike"  # (the same scene in another clip: never in these worlds)
            if rel == "alike":
                best_a = max(best_a if best_a is not None else -2.0, float(sims[i, j]))
            elif rel == "unlike":
                best_u = max(best_u if best_u is not None else -2.0, float(sims[i, j]))
        if best_a is not None:
            alike.append(best_a)
        if best_u is not None:
            unlike.append(best_u)
    return alike, unlike


def video_scores(moments: dict[str, list], facts: dict, relation) -> tuple[list[float], list[float]]:
    """Whole videos as ``set_similarity`` scores them: alike (videos sharing a known scene, a video's
    two halves) and unlike (videos sharing nothing) pairs."""
    from core.search_videos import set_similarity

    def vectors(ms):
        return np.stack([np.asarray(m.vector, np.float32) for m in ms])

    names = sorted(n for n in moments if moments[n])
    alike, unlike = [], []
    for name in names:
        ms = moments[name]
        if len(ms) >= 2:
            half = len(ms) // 2
            alike.append(set_similarity(vectors(ms[:half]), vectors(ms[half:]))[0])
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            rels = {relation(fa, fb) for *_x, fa in facts[a] for *_y, fb in facts[b]}
            score = set_similarity(vectors(moments[a]), vectors(moments[b]))[0]
            if rels & {"same", "alike"}:
                alike.append(score)
            elif rels == {"unlike"}:
                unlike.append(score)
    return alike, unlike


def measure(model: str, world: str, work: Path) -> dict:
    from core.encoders import Encoder
    from core.encoders.card import read_card
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    if world == "auto":
        world = "demo" if read_card(model).domain == "generated" else "real"
    clips = work / "clips"
    facts, relation = (demo_world if world == "demo" else real_world)(clips)
    enc = Encoder.load(model)
    with VideoLibrary(work / "library") as lib:
        for _ in MomentIndexer(lib, enc).run([str(clips)]):
            pass
        moments = {Path(v.path).name: sorted(lib.moment_table.of(v.video_id), key=lambda m: m.start)
                   for v in lib.video_table.all() if Path(v.path).name in facts}
    out = {"model": str(model), "world": world, "clips": len(moments),
           "moments": sum(len(m) for m in moments.values())}
    for kind, score in (("moment", moment_scores), ("video", video_scores)):
        alike, unlike = score(moments, facts, relation)
        cal = thresholds(summary(alike), summary(unlike))
        out[kind] = {"alike": summary(alike), "unlike": summary(unlike), "calibration": cal}
        if cal:
            a, u = np.asarray(alike), np.asarray(unlike)
            out[kind]["alike_at_or_above_strong"] = round(float((a >= cal["strong"]).mean()), 2)
            out[kind]["alike_at_or_above_weak"] = round(float((a >= cal["weak"]).mean()), 2)
            out[kind]["unlike_at_or_above_weak"] = round(float((u >= cal["weak"]).mean()), 2)
    return out


def method_text(out: dict) -> str:
    """What the card says of how its similar-clips thresholds were measured (the numbers behind them)."""
    where = (f"the 12 demo clips and {EXTRA_CLIPS} more scenes of the generated world (alike: the same shape over the same background, or the same scene a moment "
             "away; unlike: no shape, colour, background or motion in common)" if out["world"] == "demo" else
             f"{out['clips']} real clips of benchmarks/real_clips.py (alike: the same clip a moment away, or clips "
             "of the same main subject; unlike: clips sharing nothing they show, by hand-written tags)")
    parts = [f"tools/calibrate_similar.py on {where}"]
    if out["world"] == "demo":
        parts.append("read only in a library of the demo clips alone (core.strength.measured_here)")
    for kind, words in (("moment", "a moment's best match"), ("video", "whole videos (set similarity)")):
        m = out[kind]
        if m["calibration"] is None:
            parts.append(f"{words}: too few pairs to measure ({m['alike']['n']} alike, {m['unlike']['n']} "
                         "unlike), not labelled")
            continue
        parts.append(f"{words}: alike median {m['alike']['median']} p25 {m['alike']['p25']} (n={m['alike']['n']}), "
                     f"unlike p95 {m['unlike']['p95']} max {m['unlike']['max']} (n={m['unlike']['n']}); "
                     f"weak {m['calibration']['weak']}, strong {m['calibration']['strong']}")
    return "; ".join(parts)


def card_fields(out: dict) -> dict:
    """What ``--write`` records in a card: the thresholds of each kind measured (none: the key left
    out), how they were measured, and the summaries they follow from (``thresholds``)."""
    fields = {"similar_calibration": {**{k: out[k]["calibration"] for k in ("moment", "video") if out[k]["calibration"]},
                                      "world": out["world"]},
              "similar_calibration_method": method_text(out),
              "similar_calibration_measured": {"world": out["world"], "clips": out["clips"], "moments": out["moments"],
                                               **{k: {"alike": out[k]["alike"], "unlike": out[k]["unlike"]}
                                                  for k in ("moment", "video")}}}
    if len(fields["similar_calibration"]) == 1:  # (the world alone: nothing measured)
        del fields["similar_calibration"]
    return fields


def write(model: str, out: dict) -> Path:
    """The thresholds and their method into the model's ``card.json`` (its other fields kept, in order)."""
    from core import json_text
    from core.atomic import write_bytes
    from core.encoders.card import CARD_NAME

    path = Path(model) / CARD_NAME
    data = {k: v for k, v in json_text.load_file(path).items() if not k.startswith("similar_calibration")}
    data.update(card_fields(out))
    write_bytes(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    return path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default=str(ROOT / "core/resources/models/demo"))
    p.add_argument("--world", choices=("auto", "demo", "real"), default="auto")
    p.add_argument("--work", help="scratch folder (default: a temporary one)")
    p.add_argument("--write", action="store_true", help="record the thresholds in the model's card.json")
    args = p.parse_args()
    if args.work:
        out = measure(args.model, args.world, Path(args.work))
    else:
        with tempfile.TemporaryDirectory() as d:
            out = measure(args.model, args.world, Path(d))
    print(json.dumps(out, indent=2))
    if args.write:
        print(f"written: {write(args.model, out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
