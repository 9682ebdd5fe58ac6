"""Measure a model's score calibration (``card.json`` ``calibration``) on the demo library.

    python tools/calibrate_card.py [--model core/resources/models/demo] [--work DIR]

Writes the demo clips (``core.demo``), indexes them with the model into a scratch library, then
compares two score populations:

* true matches: for each query of ``core.demo.DEMO_QUERIES`` (the README's table is a subset),
  the best score among the moments of its true file that overlap its true interval;
* nonsense: the top-1 score of queries about things the generated world never shows.

``weak`` is set just above the highest nonsense top-1 score (below it a hit is no better than a
query about nothing in the library); ``strong`` is the 25th percentile of the true-match scores
(three true matches in four reach it), kept above ``weak``. It prints both populations and the
thresholds; copy them into the model's ``card.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NONSENSE = (
    "a quarterly tax report in a spreadsheet", "a violin concerto in a cathedral",
    "the history of the roman empire", "a man drinking coffee in a kitchen",
    "a woman doing sign language", "a dog catching a frisbee", "two people shaking hands",
    "a plate of spaghetti", "a crowded train station at rush hour", "a cat sleeping on a sofa",
    "someone typing on a laptop keyboard", "an aeroplane taking off", "fireworks over a harbour",
    "a baby laughing", "a close-up of a bicycle wheel", "asdf qwerty zxcv",
)


def measure(model: str, work: Path) -> dict:
    from core.demo import DEMO_QUERIES, write_demo
    from core.encoders import Encoder
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    clips = write_demo(work / "clips")
    enc = Encoder.load(model)
    true_scores, nonsense_scores = [], []
    with VideoLibrary(work / "library") as lib:
        for _ in MomentIndexer(lib, enc).run([str(clips)]):
            pass
        by_name = {Path(v.path).name: v for v in lib.video_table.all()}
        for q in DEMO_QUERIES:
            vec = enc.encode_text([q.query])[0]
            moments = lib.moment_table.of(by_name[q.file].video_id)
            hits = [float(np.dot(m.vector, vec)) for m in moments if m.start < q.end and m.end > q.start]
            true_scores.append(max(hits))
        for text in NONSENSE:
            vec = enc.encode_text([text])[0]
            nonsense_scores.append(float(lib.moment_search.search(vec, 1)[0].score))
    t, n = np.array(true_scores), np.array(nonsense_scores)
    weak = float(np.ceil((n.max() + 0.005) * 100) / 100)
    strong = max(float(np.floor(np.percentile(t, 25) * 100) / 100), weak + 0.02)
    return {
        "model": model, "true_matches": len(t), "nonsense_queries": len(n),
        "true": {"min": t.min(), "p25": np.percentile(t, 25), "median": np.median(t), "max": t.max()},
        "nonsense_top1": {"min": n.min(), "median": np.median(n), "max": n.max()},
        "true_at_or_above_weak": float((t >= weak).mean()), "true_at_or_above_strong": float((t >= strong).mean()),
        "calibration": {"weak": weak, "strong": round(strong, 2)},
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default=str(Path(__file__).resolve().parent.parent / "core/resources/models/demo"))
    p.add_argument("--work", help="scratch folder (default: a temporary one)")
    args = p.parse_args()
    if args.work:
        out = measure(args.model, Path(args.work))
    else:
        with tempfile.TemporaryDirectory() as d:
            out = measure(args.model, Path(d))
    print(json.dumps(out, indent=2, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
