"""What a person waits for after "Similar clips" and "Captions for this clip" on a big library:
``Searcher.similar_clips`` of a moment (one result a video, and ``--moments``), of a whole video of
5 moments and of a 2-hour one (1,800 moments: the set similarity of ``core.search_videos``), and
``Searcher.clip_captions`` of a moment, in process, the search matrix loaded.

The library is ``query_latency.build_text_library``'s (20,000 videos / 100,000 moments, 200 notes)
plus a 2-hour video and 30 byte-identical copies of one video (a phone backup's): every answer is
checked to hold neither the query's video nor one of its copies.

    .venv/bin/python benchmarks/similar_latency.py                  # 20k videos, 100k moments
    .venv/bin/python benchmarks/similar_latency.py --videos 2000    # a quick look

Writes ``benchmarks/out/similar_latency.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.query_latency import OUT, _p, build_text_library, clustered  # noqa: E402
from core.library import MomentRecord, VideoLibrary, VideoRecord  # noqa: E402
from core.library.records import DONE  # noqa: E402

LONG_MOMENTS = 1_800  # a 2-hour video in 4 s windows
COPIES = 30


def add_long_and_copies(root: Path, dim: int, model_id: str, seed: int = 1) -> tuple[str, list[str]]:
    """A 2-hour video and ``COPIES`` byte-identical copies of one video; (the long one's id, the copies' ids)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(200, dim))

    def rec(vid: str, path: str, n: int, content: str) -> VideoRecord:
        return VideoRecord(video_id=vid, path=path, root="/bench/videos", size=7_000_000, mtime=1.8e9,
                           content_hash=content, status=DONE, duration=4.0 * n, fps=30.0, width=1280, height=720,
                           codec="h264", model_id=model_id, epoch=1, n_moments=n, indexed_at=1.8e9)

    def moments(vid: str, vecs) -> list[MomentRecord]:
        return [MomentRecord(vid, 1, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2, v) for j, v in enumerate(vecs)]

    long_id = "f" * 16
    copy_vecs = clustered(rng, 5, centres, 0.5)
    copies = [f"e{i:015x}" for i in range(COPIES)]
    with VideoLibrary(root) as lib:
        lib.moment_table.commit([(rec(long_id, "/bench/videos/wedding.mp4", LONG_MOMENTS, "f" * 32),
                                  moments(long_id, clustered(rng, LONG_MOMENTS, centres, 0.5)))])
        lib.moment_table.commit([(rec(c, f"/bench/videos/backup-{i}/trip.mp4", 5, "e" * 32), moments(c, copy_vecs))
                                 for i, c in enumerate(copies)])
        lib.maintenance.optimize(build_index=False)
    return long_id, copies


def run(args) -> dict:
    from core.clirefs import ClipRef
    from core.encoders import Encoder
    from core.model_choice import bundled_real_model
    from core.search import Searcher

    source = bundled_real_model()
    encoder = Encoder.load(source)
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-bench-", dir=args.tmp))
    try:
        root = tmp / "lib"
        build_s = build_text_library(root, args.videos, 5, encoder.embed_dim, encoder.model_id, str(source), 200)
        long_id, copies = add_long_and_copies(root, encoder.embed_dim, encoder.model_id)
        row = {"videos": args.videos + 1 + COPIES, "moments": args.videos * 5 + LONG_MOMENTS + 5 * COPIES,
               "build_s": round(build_s, 1)}
        with VideoLibrary(root, read_only=True) as lib:
            searcher = Searcher(lib, encoder)
            t = time.perf_counter()
            searcher.text("a dog on the beach", k=20)  # loads the matrix and the library's calibration
            row["first_query_s"] = round(time.perf_counter() - t, 2)
            rng = np.random.default_rng(3)
            picks = [f"{int(i):016x}" for i in rng.integers(0, args.videos, args.queries)]
            moments = {vid: lib.moment_table.of(vid) for vid in picks}

            def lat(fn, items, own):
                out = []
                for item in items:
                    t = time.perf_counter()
                    results = fn(item)
                    out.append((time.perf_counter() - t) * 1000)
                    mine = own(item)
                    assert not any(r.video_id in mine for r in results), "the query's own video or copy listed"
                return out

            moment = lat(lambda v: searcher.similar_clips(moments[v][2].moment_id, k=10), picks, lambda v: {v})
            per_moment = lat(lambda v: searcher.similar_clips(moments[v][2].moment_id, k=10, per_video=False),
                             picks, lambda v: {v})
            whole = lat(lambda v: searcher.similar_clips(ClipRef(v), k=10), picks, lambda v: {v})
            long = lat(lambda v: searcher.similar_clips(ClipRef(v), k=10), [long_id] * 5, lambda v: {v})
            copy_moment = lib.moment_table.of(copies[0])[0].moment_id
            copy = lat(lambda m: searcher.similar_clips(m, k=10), [copy_moment] * 5, lambda m: set(copies))
            searcher.clip_captions(moments[picks[0]][2].moment_id, k=10)  # (the captions' first read)
            captions = []
            for v in picks:
                t = time.perf_counter()
                searcher.clip_captions(moments[v][2].moment_id, k=10)
                captions.append((time.perf_counter() - t) * 1000)
        row.update({"moment_p50_ms": _p(moment), "moment_p95_ms": _p(moment, 95),
                    "moments_p50_ms": _p(per_moment), "whole_p50_ms": _p(whole), "whole_p95_ms": _p(whole, 95),
                    "long_p50_ms": _p(long), "copy_p50_ms": _p(copy), "captions_p50_ms": _p(captions)})
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


COLUMNS = ["videos", "moments", "build_s", "first_query_s", "moment_p50_ms", "moment_p95_ms", "moments_p50_ms",
           "whole_p50_ms", "whole_p95_ms", "long_p50_ms", "copy_p50_ms", "captions_p50_ms"]


def markdown(row: dict, args) -> str:
    head = (f"Similar clips and a clip's captions, in process (`benchmarks/similar_latency.py --videos {args.videos} "
            f"--queries {args.queries}`; {platform.machine()}, {platform.processor() or 'cpu'}): moment = a moment's "
            f"similar clips (one a video), moments = `--moments`, whole = a 5-moment video, long = a "
            f"{LONG_MOMENTS}-moment video, copy = a moment of a video with {COPIES} identical copies; "
            f"none lists the query's video or a copy.\n\n")
    return (head + "| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS) + "\n| "
            + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--videos", type=int, default=20_000)
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--tmp", default=None)
    args = ap.parse_args(argv)
    row = run(args)
    md = markdown(row, args)
    OUT.mkdir(exist_ok=True)
    (OUT / "similar_latency.json").write_text(json.dumps(row, indent=2) + "\n")
    (OUT / "similar_latency.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
