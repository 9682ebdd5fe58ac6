"""Query latency of the moments search: exact (in-memory numpy) vs ANN (LanceDB IVF_HNSW_SQ).

Builds throw-away libraries of N clustered, L2-normalised vectors (default 512-d, like real
embeddings: points around Gaussian centres, not uniform noise), then measures p50/p95 latency of
``MomentSearch.search`` on both paths, the recall@10 of ANN against exact, and a filtered
query (``video_ids`` = 10 % of the videos).

    .venv/bin/python benchmarks/query_latency.py                 # 10k and 100k
    .venv/bin/python benchmarks/query_latency.py --sizes 1M      # takes many minutes

Writes ``benchmarks/out/query_latency.json`` and ``.md`` (``query_latency_TAG`` with ``--tag TAG``) and prints the table.

``--text`` measures instead what a person typing a query waits for in the app: ``Searcher.text``
in process (query encoding with the bundled real-footage model, the vector search, the result rows,
the notes) on a library of 20,000 videos / 100,000 moments, and the moment lookup of one video
(what a byte-identical copy's commit reads). Writes ``text_search.json`` and ``.md``.

    .venv/bin/python benchmarks/query_latency.py --text                # 20k videos, 5 moments each
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
            lib.moment_table.commit([(rec, [MomentRecord(vid, 0, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2,
                                              vecs[j]) for j in range(cnt)])])
        lib.maintenance.optimize(build_index=False)
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
            ex.moment_search.search(queries[0], 10)  # loads the in-memory matrix
            row["exact_load_s"] = round(time.perf_counter() - t, 2)
            lat, exact = timed(ex.moment_search.search, queries)
            row["exact_p50_ms"], row["exact_p95_ms"] = np.percentile(lat, [50, 95]).round(2).tolist()
            lat, exact_f = timed(ex.moment_search.search, queries, video_ids=subset)
            row["exact_filtered_p50_ms"] = round(float(np.percentile(lat, 50)), 2)

        ann_policy = SearchPolicy(ann_threshold=0, nprobes=args.nprobes, ef=args.ef,
                                  refine_factor=args.refine_factor or None,
                                  restricted_exact_limit=0)
        row["ann_params"] = f"nprobes={args.nprobes} ef={args.ef} refine={args.refine_factor or 'none'}"
        with VideoLibrary(root, policy=ann_policy) as lib:
            t = time.perf_counter()
            lib.maintenance.optimize()
            row["index_build_s"] = round(time.perf_counter() - t, 1)
        with VideoLibrary(root, read_only=True, policy=ann_policy) as ro:
            timed(ro.moment_search.search, queries[:5])  # warm the index cache
            lat, ann = timed(ro.moment_search.search, queries)
            row["ann_p50_ms"], row["ann_p95_ms"] = np.percentile(lat, [50, 95]).round(2).tolist()
            row["ann_recall@10"] = round(float(np.mean([len(a & e) / 10 for a, e in zip(ann, exact)])), 3)
            lat, ann_f = timed(ro.moment_search.search, queries, video_ids=subset)
            row["ann_filtered_p50_ms"] = round(float(np.percentile(lat, 50)), 2)
            row["ann_filtered_recall@10"] = round(
                float(np.mean([len(a & e) / 10 for a, e in zip(ann_f, exact_f)])), 3)
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


TEXT_QUERIES = [
    "a dog catching a frisbee on the beach", "sunset over water", "a red car driving on a city street",
    "children playing in the snow", "a person riding a bicycle", "a cat sleeping on a sofa",
    "fireworks at night", "a birthday cake with candles", "waves crashing on rocks",
    "a man playing the guitar", "a plane taking off", "people dancing at a wedding",
    "a horse running in a field", "rain on a window", "a boat on a lake", "a baby laughing",
    "a train passing a station", "skiing down a mountain", "a bird flying over trees",
    "cooking pasta in a kitchen",
]


def build_text_library(root: Path, n_videos: int, per_video: int, dim: int, model_id: str,
                       source: str, n_notes: int, seed: int = 0) -> float:
    """A library as indexing leaves it: done video rows, their moments, some notes. Bulk-written
    (the rows ``MomentTable.commit`` writes, in a few appends) so 20,000 videos take seconds."""
    from core.library import schema as S
    from core.library.records import DONE, CaptionRecord

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(200, dim))
    t0 = time.perf_counter()
    with VideoLibrary(root) as lib:
        lib.bind_model(model_id, source, dim)
        videos = [VideoRecord(video_id=f"{i:016x}", path=f"/bench/videos/{i // 1000:02d}/clip-{i}.mp4",
                              root="/bench/videos", size=1_000_000 + i, mtime=1.7e9 + i * 60,
                              content_hash=f"{i:032x}", status=DONE, duration=4.0 * per_video, fps=30.0,
                              width=1280, height=720, codec="h264", model_id=model_id, epoch=1,
                              n_moments=per_video, indexed_at=1.7e9) for i in range(n_videos)]
        chunk = 20_000 // per_video
        for a in range(0, n_videos, chunk):
            vids = videos[a:a + chunk]
            vecs = clustered(rng, len(vids) * per_video, centres, 0.5)
            lib.conn.table(S.MOMENTS).add(S.moments_to_arrow(
                [MomentRecord(v.video_id, 1, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2, vecs[i * per_video + j])
                 for i, v in enumerate(vids) for j in range(per_video)], dim))
        lib.video_table.merge(videos)  # the flip: every video done at epoch 1
        notes = clustered(rng, n_notes, centres, 0.5)
        lib.caption_table.add([CaptionRecord(f"note {i}", "note", notes[i], video_id=videos[i * 7].video_id)
                          for i in range(n_notes)])
        lib.maintenance.optimize(build_index=False)
    return time.perf_counter() - t0


def _p(values, q=50) -> float:
    return round(float(np.percentile(values, q)), 2)


def lat_ids(lib, ids, per_video) -> list[float]:
    """ms of ``MomentTable.of`` for each video id."""
    out = []
    for vid in ids:
        t = time.perf_counter()
        assert len(lib.moment_table.of(vid)) == per_video
        out.append((time.perf_counter() - t) * 1000)
    return out


def run_text(args) -> dict:
    from core.encoders import Encoder
    from core.filters import Filters
    from core.model_choice import bundled_demo_model, bundled_real_model
    from core.search import Searcher

    source = {"real": bundled_real_model, "demo": bundled_demo_model}.get(args.text_model, lambda: args.text_model)()
    encoder = Encoder.load(source)
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-bench-", dir=args.tmp))
    try:
        root = tmp / "lib"
        per_video = max(1, args.text_moments // args.text_videos)
        build_s = build_text_library(root, args.text_videos, per_video, encoder.embed_dim, encoder.model_id,
                                     str(source), args.text_notes)
        row = {"videos": args.text_videos, "moments": args.text_videos * per_video, "notes": args.text_notes,
               "model": encoder.name, "build_s": round(build_s, 1)}
        queries = (TEXT_QUERIES * (args.queries // len(TEXT_QUERIES) + 1))[:args.queries]
        with VideoLibrary(root, read_only=True) as lib:
            searcher = Searcher(lib, encoder)
            t = time.perf_counter()
            searcher.text(queries[0], k=20)  # loads the matrix and the library's calibration
            row["first_query_s"] = round(time.perf_counter() - t, 2)

            def lat(fn):
                out = []
                for q in queries:
                    t = time.perf_counter()
                    fn(q)
                    out.append((time.perf_counter() - t) * 1000)
                return out

            enc = lat(lambda q: encoder.encode_text([q]))
            vectors = {q: encoder.encode_text([q])[0] for q in set(queries)}
            vec = lat(lambda q: lib.moment_search.search(vectors[q], 20))
            text = lat(lambda q: searcher.text(q, k=20))
            per_video_lat = lat(lambda q: searcher.text(q, k=20, per_video=True))
            folder = Filters(folder="/bench/videos/03")
            filtered = lat(lambda q: searcher.text(q, k=20, filters=folder))
            rng = np.random.default_rng(2)
            ids = [f"{int(i):016x}" for i in rng.integers(0, args.text_videos, len(queries))]
            lookups = lat_ids(lib, ids, per_video)
        with VideoLibrary(root) as writer:  # what sync's copies read: a writer has no search matrix
            copies = lat_ids(writer, ids, per_video)
        row.update({"encode_p50_ms": _p(enc), "vector_p50_ms": _p(vec), "text_p50_ms": _p(text),
                    "text_p95_ms": _p(text, 95), "per_video_p50_ms": _p(per_video_lat),
                    "folder_filter_p50_ms": _p(filtered), "moments_of_p50_ms": _p(lookups),
                    "moments_of_p95_ms": _p(lookups, 95), "copy_lookup_p50_ms": _p(copies),
                    "copy_lookup_p95_ms": _p(copies, 95)})
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


TEXT_COLUMNS = ["videos", "moments", "notes", "model", "build_s", "first_query_s", "encode_p50_ms",
                "vector_p50_ms", "text_p50_ms", "text_p95_ms", "per_video_p50_ms", "folder_filter_p50_ms",
                "moments_of_p50_ms", "moments_of_p95_ms", "copy_lookup_p50_ms", "copy_lookup_p95_ms"]


def text_markdown(row: dict, args) -> str:
    import os

    head = (f"In-process text search (`Searcher.text`, k=20, {args.queries} queries), "
            f"{platform.machine()}, {os.cpu_count()} CPUs, load average {args.load_before} before the run. "
            "encode: the query's text vector; vector: `search_moments` alone; text: the whole search "
            "(encode, vectors, result rows, notes); moments_of: one video's moments in a reader (from "
            "its search matrix); copy_lookup: the same in a writer (what a byte-identical copy's commit "
            "reads, through the video_id index).\n\n")
    lines = ["| " + " | ".join(TEXT_COLUMNS) + " |", "|" + "---|" * len(TEXT_COLUMNS),
             "| " + " | ".join(str(row.get(c, "")) for c in TEXT_COLUMNS) + " |"]
    target = "✓" if row["text_p50_ms"] <= 60 else "✗"
    return head + "\n".join(lines) + f"\n\nTarget: text p50 ≤ 60 ms: {target}.\n"


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


def write_row(name: str, args, row: dict, md: str) -> None:
    """``OUT/name[_tag].json`` ({"args", "row"}) and ``.md``; the table printed (also ann_growth's)."""
    name += f"_{args.tag}" if args.tag else ""
    (OUT / f"{name}.json").write_text(json.dumps({"args": vars(args), "row": row}, indent=2))
    (OUT / f"{name}.md").write_text(md)
    print(md)


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
    ap.add_argument("--text", action="store_true", help="in-process text search instead (see module doc)")
    ap.add_argument("--text-videos", type=int, default=20_000)
    ap.add_argument("--text-moments", type=int, default=100_000)
    ap.add_argument("--text-notes", type=int, default=200)
    ap.add_argument("--text-model", default="real", help="real, demo or a model folder")
    ap.add_argument("--tag", default="", help="suffix of the output files (e.g. before)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.text:
        args.load_before = round(__import__("os").getloadavg()[0], 2)
        row = run_text(args)
        write_row("text_search", args, row, text_markdown(row, args))
        return 0
    centres = np.random.default_rng(0).normal(size=(args.centres, args.dim))
    name = "query_latency" + (f"_{args.tag}" if args.tag else "")
    out_json = OUT / f"{name}.json"
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
        (OUT / f"{name}.md").write_text(markdown(rows, args))
    print(markdown(rows, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
