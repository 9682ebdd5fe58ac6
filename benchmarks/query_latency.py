"""Query latency of the moments search: exact (in-memory numpy) vs ANN (LanceDB IVF_HNSW_SQ).

Builds throw-away libraries of N clustered, L2-normalised vectors (default 512-d, like real
embeddings: points around Gaussian centres, not uniform noise), then measures p50/p95 latency of
``VideoLibrary.search_moments`` on both paths, the recall@10 of ANN against exact, and a filtered
query (``video_ids`` = 10 % of the videos).

    .venv/bin/python benchmarks/query_latency.py                 # 10k and 100k
    .venv/bin/python benchmarks/query_latency.py --sizes 1M      # takes many minutes

Writes ``benchmarks/out/query_latency.json`` and ``.md`` and prints the table.
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

from core.library import MomentRecord, SearchPolicy, VideoLibrary, VideoRecord  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1], 1)
    return int(float(s[:-1] if mult > 1 else s) * mult)


def clustered(rng, n, centres, spread):
    v = centres[rng.integers(0, len(centres), n)] + spread * rng.normal(size=(n, centres.shape[1]))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def build(root: Path, n: int, dim: int, per_video: int, centres, spread, seed) -> float:
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    with VideoLibrary(root, policy=SearchPolicy(ann_threshold=10**12)) as lib:
        lib.bind_model("bench-000000000000", "synthetic", dim)
        for i, start in enumerate(range(0, n, per_video)):
            cnt = min(per_video, n - start)
            vecs = clustered(rng, cnt, centres, spread)
            vid = f"{i:016x}"
            rec = VideoRecord(video_id=vid, path=f"/bench/{i}.mp4", root="/bench", size=1,
                              mtime=0.0, content_hash="")
            lib.commit_video(rec, [MomentRecord(vid, 0, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2,
                                                vecs[j]) for j in range(cnt)])
        lib.optimize(build_index=False)
    return time.perf_counter() - t0


def timed(fn, queries, **kw):
    lat, res = [], []
    for q in queries:
        t = time.perf_counter()
        res.append(fn(q, 10, **kw))
        lat.append((time.perf_counter() - t) * 1000)
    return np.array(lat), [{h.moment_id for h in r} for r in res]


def run_size(n: int, args, centres) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-bench-", dir=args.tmp))
    try:
        root = tmp / "lib"
        ingest_s = build(root, n, args.dim, args.per_video, centres, args.spread, seed=n)
        rng = np.random.default_rng(1)
        queries = clustered(rng, args.queries, centres, args.spread)
        n_videos = (n + args.per_video - 1) // args.per_video
        subset = [f"{i:016x}" for i in range(0, n_videos, 10)]
        row = {"moments": n, "dim": args.dim, "videos": n_videos, "ingest_s": round(ingest_s, 1)}

        exact_policy = SearchPolicy(ann_threshold=10**12)
        with VideoLibrary(root, read_only=True, policy=exact_policy) as ex:
            t = time.perf_counter()
            ex.search_moments(queries[0], 10)  # loads the in-memory matrix
            row["exact_load_s"] = round(time.perf_counter() - t, 2)
            lat, exact = timed(ex.search_moments, queries)
            row["exact_p50_ms"], row["exact_p95_ms"] = np.percentile(lat, [50, 95]).round(2).tolist()
            lat, exact_f = timed(ex.search_moments, queries, video_ids=subset)
            row["exact_filtered_p50_ms"] = round(float(np.percentile(lat, 50)), 2)

        ann_policy = SearchPolicy(ann_threshold=0, nprobes=args.nprobes, ef=args.ef,
                                  refine_factor=args.refine_factor or None,
                                  restricted_exact_limit=0)
        row["ann_params"] = f"nprobes={args.nprobes} ef={args.ef} refine={args.refine_factor or 'none'}"
        with VideoLibrary(root, policy=ann_policy) as lib:
            t = time.perf_counter()
            lib.optimize()
            row["index_build_s"] = round(time.perf_counter() - t, 1)
        with VideoLibrary(root, read_only=True, policy=ann_policy) as ro:
            timed(ro.search_moments, queries[:5])  # warm the index cache
            lat, ann = timed(ro.search_moments, queries)
            row["ann_p50_ms"], row["ann_p95_ms"] = np.percentile(lat, [50, 95]).round(2).tolist()
            row["ann_recall@10"] = round(float(np.mean([len(a & e) / 10 for a, e in zip(ann, exact)])), 3)
            lat, ann_f = timed(ro.search_moments, queries, video_ids=subset)
            row["ann_filtered_p50_ms"] = round(float(np.percentile(lat, 50)), 2)
            row["ann_filtered_recall@10"] = round(
                float(np.mean([len(a & e) / 10 for a, e in zip(ann_f, exact_f)])), 3)
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_SAME = ("dim", "per_video", "centres", "spread")  # rows comparable across runs

COLUMNS = ["moments", "videos", "ingest_s", "exact_load_s", "exact_p50_ms", "exact_p95_ms",
           "exact_filtered_p50_ms", "index_build_s", "ann_params", "ann_p50_ms", "ann_p95_ms", "ann_recall@10",
           "ann_filtered_p50_ms", "ann_filtered_recall@10"]


def markdown(rows, args) -> str:
    head = (f"Query latency, {args.dim}-d clustered vectors ({args.centres} centres, spread "
            f"{args.spread}), k=10, {args.queries} queries, exact float32, "
            f"ANN IVF_HNSW_SQ; "
            f"{platform.processor() or platform.machine()}, "
            f"{__import__('os').cpu_count()} CPUs. Filtered = video_ids of 10% of the videos.\n\n")
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in COLUMNS) + " |" for r in rows]
    return head + "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10k,100k", help="comma list, e.g. 10k,100k,1M")
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--per-video", type=int, default=500, help="moments per synthetic video")
    ap.add_argument("--centres", type=int, default=200)
    ap.add_argument("--spread", type=float, default=0.5, help="noise std around a centre")
    ap.add_argument("--nprobes", type=int, default=SearchPolicy.nprobes)
    ap.add_argument("--ef", type=int, default=SearchPolicy.ef)
    ap.add_argument("--refine-factor", type=int, default=SearchPolicy.refine_factor or 0,
                    help="re-rank refine*k ANN candidates with full vectors (0: off)")
    ap.add_argument("--tmp", default=None, help="where to build the temporary libraries")
    args = ap.parse_args(argv)
    centres = np.random.default_rng(0).normal(size=(args.centres, args.dim))
    OUT.mkdir(parents=True, exist_ok=True)
    out_json = OUT / "query_latency.json"
    rows = []  # rows of earlier runs with the same settings are kept (e.g. a separate 1M run)
    if out_json.exists():
        try:
            old = json.loads(out_json.read_text())
            same = {k: v for k, v in old.get("args", {}).items() if k in _SAME}
            if same == {k: v for k, v in vars(args).items() if k in _SAME}:
                rows = old.get("rows", [])
        except (OSError, ValueError):
            rows = []
    for s in args.sizes.split(","):
        n = parse_size(s)
        print(f"[{time.strftime('%H:%M:%S')}] {n} moments …", flush=True)
        row = run_size(n, args, centres)
        rows = sorted([r for r in rows if r["moments"] != n] + [row], key=lambda r: r["moments"])
        print(json.dumps(row), flush=True)
        out_json.write_text(json.dumps({"args": vars(args), "rows": rows}, indent=2))
        (OUT / "query_latency.md").write_text(markdown(rows, args))
    print(markdown(rows, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
