"""New moments into a library above the ANN threshold: time to searchable, recall@10, no rebuild.

Issue 12, point 7: adding 1 % to a large library must not rebuild the IVF_HNSW_SQ index from
scratch. The benchmark builds a library of N clustered 512-d moments (bulk-written, as indexing
leaves it), builds the index (``optimize()``: the full build, timed), then commits 1 % more moments
video by video through ``commit_video`` and measures:

* ``searchable_s``: from the first new commit until a search returns the new moments (LanceDB
  searches the rows its index does not cover yet exactly, beside the index, and merges by score);
* recall@10 of the library's search against an exact numpy search over every vector, before and
  after the refresh;
* ``refresh_s``: the ``optimize()`` that folds the new rows into the existing index (LanceDB's
  incremental index update) and what it did (``updated``; ``rebuilt`` would be a full build), and
  how many times the index creation call ran during it (0);
* what that refresh wrote under the moments table (files new or replaced: ``refresh_data_mb``,
  ``refresh_indices_mb``, against ``table_mb``), the fragments before/after it and the index's
  parts after it (2: the base index and a delta over the new rows; 1 after a rewrite).

    .venv/bin/python benchmarks/ann_growth.py --size 250k          # ~10 min on 2 loaded cores
    .venv/bin/python benchmarks/ann_growth.py --size 1M            # the issue's target, ~30 min+
    .venv/bin/python benchmarks/ann_growth.py --size 50k --dim 64 --rows-per-partition 12500 --tag refresh

``--as-run`` commits as ``seekframe index`` does (``maybe_optimize()`` after each commit, the
end-of-run ``optimize_if_needed()``; ``--per-commit`` videos a commit) instead of one explicit
``optimize()``: whether the run leaves its rows in the index (``index_coverage_after``: the share
of the rows the ANN index covers). ``--replace F`` re-commits a share F of the library's videos
with new vectors (a re-index, or the full pass replacing a two-pass run's quick pass) instead of
adding new ones:

    .venv/bin/python benchmarks/ann_growth.py --size 15k --replace 1 --as-run --tag replace

Every search is checked against the library's current rows: ``short`` (searches that returned
fewer than 10 hits), ``dup`` (hits of a moment returned twice) and ``stale`` (hits of a moment
written again since, or scored by any vector but its current one), each summed over the queries.
``--then-rebuild`` builds the index again from scratch after the refresh and searches once more:
a refresh after ``--replace`` under half leaves the replaced rows' entries in the base index
(deleted rows, LanceDB issues #1610/#5825), and this says what they cost:

    .venv/bin/python benchmarks/ann_growth.py --size 50k --replace 0.45 --aim-replaced --then-rebuild --tag dead

gave (2026-12-03, load 7.5-7.9 on the 2 shared cores): with the dead entries, recall@10 1.0 and
p50 13.2 ms, no short, duplicate or stale hit; rebuilt, recall@10 1.0 and p50 10.1 ms (the delta
itself 58 s, the rebuild 96 s). ``--as-close`` refreshes as a writer's close or lock release does
(the app's): ``--size 20k --replace 0.7 --as-close`` rebuilds (under half covered), where that close
gave a delta before f3bab72 (measured apart at load ~5: delta 13.7 s leaving 14,000 dead entries
in 2 parts, rebuild 7.5 s; all rows replaced: delta 19.2 s, rebuild 12.4 s).

The last one is the refresh at a size 2 cores do in minutes, with partitions a quarter of the
table as 250k-row partitions were at 1M (before the fix LanceDB joined them at the refresh and
rewrote the whole index; now partitions are never under 2^20 rows and the refresh adds a delta).

Writes ``benchmarks/out/ann_growth.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.library import DONE, MomentRecord, SearchPolicy, VideoLibrary, VideoRecord  # noqa: E402
from core.library import schema as S  # noqa: E402
from core.library.maintenance import VECTOR_INDEX  # noqa: E402
from core.library.vector_search import hnsw_sq_config  # noqa: E402

from query_latency import clustered, parse_size, write_row  # noqa: E402  (beside this script: one copy of each)

OUT = Path(__file__).resolve().parent / "out"




def clustered_chunked(rng, n: int, centres, spread, chunk: int = 100_000) -> np.ndarray:
    """``clustered`` in float32 chunks: at 1M x 512 the float64 temporaries of one call peak near
    12 GB (three 4 GB arrays) on a 23 GB machine shared with others; chunks keep it near 2 GB."""
    out = np.empty((n, centres.shape[1]), np.float32)
    for a in range(0, n, chunk):
        out[a:a + chunk] = clustered(rng, min(chunk, n - a), centres, spread)
    return out


def log(msg: str) -> None:
    """Progress on stderr: a 1M run spends half an hour or more in one phase on 2 loaded cores."""
    print(time.strftime("%H:%M:%S"), msg, file=sys.stderr, flush=True)


def record(i: int, n: int) -> VideoRecord:
    return VideoRecord(video_id=f"{i:016x}", path=f"/bench/{i}.mp4", root="/bench", size=1 + i,
                       mtime=0.0, content_hash=f"{i:032x}", status=DONE, model_id="bench-000000000000",
                       epoch=1, n_moments=n, indexed_at=1.7e9)


def moments(i: int, vecs: np.ndarray, epoch: int) -> list[MomentRecord]:
    vid = f"{i:016x}"
    return [MomentRecord(vid, epoch, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2, v) for j, v in enumerate(vecs)]


def bulk_build(lib, vecs: np.ndarray, per_video: int) -> list[str]:
    """Rows as ``commit_video`` writes them, in a few appends (1M moments in minutes, not hours)."""
    videos = []
    chunk = max(1, 50_000 // per_video)
    for a in range(0, len(vecs), chunk * per_video):
        part = []
        for start in range(a, min(a + chunk * per_video, len(vecs)), per_video):
            i = start // per_video
            vv = vecs[start:start + per_video]
            videos.append(record(i, len(vv)))
            part += moments(i, vv, 1)
        lib.conn.table(S.MOMENTS).add(S.moments_to_arrow(part, vecs.shape[1]))
    lib.video_table.merge(videos)
    return [v.video_id for v in videos]


def unindexed(lib) -> int:
    for ix in lib.conn.table(S.MOMENTS).list_indices():
        if ix.name == VECTOR_INDEX:
            return int(getattr(ix, "num_unindexed_rows", -1))
    return -1


def table_files(root: Path) -> dict:
    """{(path, inode): size} of the moments table's files: a replaced file has a new inode."""
    table, out = next(root.rglob(f"{S.MOMENTS}.lance")), {}
    for d, _, names in os.walk(table):
        for name in names:
            st = os.stat(os.path.join(d, name))
            out[(os.path.relpath(os.path.join(d, name), table), st.st_ino)] = st.st_size
    return out


def fragments(lib) -> int:
    return int(lib.conn.table(S.MOMENTS).stats()["fragment_stats"]["num_fragments"])


def recall(lib, queries, exact_top, current) -> dict:
    """recall@10 and p50 ms of the library's search, and its hits checked against ``current``
    ({(video_id, index): (epoch, vector)}, the rows as they are): short, dup and stale counts."""
    got, lat, short, dup, stale = [], [], 0, 0, 0
    for q, ex in zip(queries, exact_top):
        t = time.perf_counter()
        hits = lib.moment_search.search(q, 10)
        lat.append((time.perf_counter() - t) * 1000)
        got.append(len({(h.video_id, h.index) for h in hits} & ex) / 10)
        short += len(hits) < 10
        dup += len(hits) - len({h.moment_id for h in hits})
        q = q / np.linalg.norm(q)
        for h in hits:
            epoch, vec = current[(h.video_id, h.index)]
            stale += h.moment_id != f"{h.video_id}:{epoch}:{h.index}" or abs(float(vec @ q) - h.score) > 1e-3
    return {"recall@10": round(float(np.mean(got)), 3), "p50_ms": round(float(np.percentile(lat, 50)), 1),
            "short": short, "dup": dup, "stale": stale}


def run(args) -> dict:
    n = parse_size(args.size)
    per = args.per_video
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(args.centres, args.dim))
    base = clustered_chunked(rng, n, centres, args.spread)
    if args.replace:  # whole videos of the library (their rows at the start of ``base``)
        n_new = min(n // per, max(1, int(round(n / per * args.replace)))) * per
    else:
        n_new = max(per, int(round(n * args.grow)))
    new = clustered(rng, n_new, centres, args.spread)
    queries = np.concatenate([clustered(rng, args.queries - args.queries // 4, centres, args.spread),
                              new[rng.integers(0, n_new, args.queries // 4)]])  # a quarter aim at new ones
    if args.replace and getattr(args, "aim_replaced", False):  # as many aimed where the replaced rows' entries lie
        queries = np.concatenate([queries, base[rng.integers(0, n_new, args.queries // 4)]])
    policy = SearchPolicy(ann_threshold=min(n, SearchPolicy.ann_threshold),
                          optimize_every_commits=10**9, optimize_every_rows=10**12,
                          rows_per_partition=args.rows_per_partition or SearchPolicy.rows_per_partition)
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-bench-", dir=args.tmp))
    if args.as_run:  # the library's own optimize policy, as a run of `seekframe index` has it
        policy = SearchPolicy(ann_threshold=policy.ann_threshold, rows_per_partition=policy.rows_per_partition)
    row = {"moments": n, "added": 0 if args.replace else n_new, "replaced": n_new if args.replace else 0,
           "dim": args.dim, "as_run": bool(args.as_run),
           "as_close": bool(getattr(args, "as_close", False)), "load_before": round(os.getloadavg()[0], 2)}
    try:
        with VideoLibrary(tmp / "lib", policy=policy) as lib:
            lib.bind_model("bench-000000000000", "synthetic", args.dim)
            log(f"writing {n} moments")
            t = time.perf_counter()
            n_videos = len(bulk_build(lib, base, per))
            row["write_s"] = round(time.perf_counter() - t, 1)
            log(f"written in {row['write_s']} s; full index build")
            t = time.perf_counter()
            row["build_action"] = lib.maintenance.optimize()["index"]
            row["full_build_s"] = round(time.perf_counter() - t, 1)
            log(f"built ({row['build_action']}) in {row['full_build_s']} s; exact top-10 of the queries")

            first = 0 if args.replace else n_videos  # the first video committed
            ids = [(f"{i // per:016x}", i % per) for i in range(n)]
            if args.replace:
                every = np.concatenate([new, base[n_new:]])
            else:
                every = np.concatenate([base, new])
                ids += [(f"{n_videos + i // per:016x}", i % per) for i in range(n_new)]
            exact_top = [{ids[j] for j in np.argsort(-(every @ q))[:10]} for q in queries]
            epochs = [2 if args.replace and i < n_new else 1 for i in range(len(ids))]
            current = {key: (e, v) for key, e, v in zip(ids, epochs, every)}
            log(f"adding {n_new} moments")
            target = new[-1]

            created = []
            table_cls = type(lib.conn.table(S.MOMENTS))
            real_create = table_cls.create_index

            def spy(self, *a, **kw):  # counts index builds (the full rebuild this must avoid)
                created.append(kw.get("vector_column_name") or (a[0] if a else kw.get("column")))
                return real_create(self, *a, **kw)

            table_cls.create_index = spy
            try:
                t = time.perf_counter()
                batch = []
                for a in range(0, n_new, per):
                    batch.append((record(first + a // per, 0), moments(first + a // per, new[a:a + per], 0)))
                    if len(batch) >= args.per_commit or a + per >= n_new:
                        lib.moment_table.commit(batch)
                        batch = []
                        if args.as_run:
                            lib.maintenance.maybe_optimize()  # as the indexer does after each commit
                last = f"{first + (n_new - 1) // per:016x}"
                hit = lib.moment_search.search(target, 1)
                row["searchable_s"] = round(time.perf_counter() - t, 2)
                row["found_new"] = bool(hit and hit[0].video_id == last)
                row["unindexed_before"] = unindexed(lib)
                row.update({f"{k}_before": v for k, v in recall(lib, queries, exact_top, current).items()})
                log(f"searchable in {row['searchable_s']} s; refresh")
                before, row["fragments_before"] = table_files(tmp), fragments(lib)
                t = time.perf_counter()
                close = getattr(args, "as_close", False)
                if args.as_run or close:  # the end of the run: `seekframe index` optimizes only when needed
                    needed = lib.maintenance.optimize_needed()  # (and a closing writer, creating no index)
                    row["refresh_action"] = (lib.maintenance.optimize(build_index=not close)["index"]
                                             if needed else "not needed")
                else:
                    row["refresh_action"] = lib.maintenance.optimize()["index"]
                row["refresh_s"] = round(time.perf_counter() - t, 1)
                after = table_files(tmp)
                for part in ("data", "_indices"):  # files new or replaced by the refresh
                    row[f"refresh_{part.strip('_')}_mb"] = round(sum(
                        size for k, size in after.items() if k[0].startswith(part) and k not in before) / 1e6, 1)
                row["table_mb"] = round(sum(after.values()) / 1e6, 1)
                row["fragments_after"] = fragments(lib)
                row["index_parts_after"] = lib.conn.table(S.MOMENTS).index_stats(VECTOR_INDEX).num_indices
                row["unindexed_after"] = unindexed(lib)
                covered = lib.conn.table(S.MOMENTS).index_stats(VECTOR_INDEX).num_indexed_rows
                row["index_coverage_after"] = round(covered / max(1, lib.conn.table(S.MOMENTS).count_rows()), 3)
                row.update({f"{k}_after": v for k, v in recall(lib, queries, exact_top, current).items()})
                row["index_builds_during"] = sum(1 for c in created if c in ("vector", None))
                if getattr(args, "then_rebuild", False):  # the same rows under an index without dead entries
                    log("rebuilding from scratch")
                    t = time.perf_counter()
                    moments_table = lib.conn.table(S.MOMENTS)
                    moments_table.create_index("vector", config=hnsw_sq_config(moments_table.count_rows(), policy),
                                               replace=True, name=VECTOR_INDEX)
                    row["rebuild_s"] = round(time.perf_counter() - t, 1)
                    row.update({f"{k}_rebuilt": v for k, v in recall(lib, queries, exact_top, current).items()})
            finally:
                table_cls.create_index = real_create
            row["load_after"] = round(os.getloadavg()[0], 2)
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


COLUMNS = ["moments", "added", "replaced", "as_run", "as_close", "write_s", "full_build_s", "searchable_s", "found_new", "unindexed_before",
           "recall@10_before", "p50_ms_before", "short_before", "dup_before", "stale_before", "refresh_action", "refresh_s", "index_builds_during",
           "refresh_data_mb", "refresh_indices_mb", "table_mb", "fragments_before", "fragments_after",
           "index_parts_after", "unindexed_after", "index_coverage_after", "recall@10_after", "p50_ms_after",
           "short_after", "dup_after", "stale_after", "rebuild_s", "recall@10_rebuilt", "p50_ms_rebuilt",
           "short_rebuilt", "dup_rebuilt", "stale_rebuilt", "load_before", "load_after"]


def markdown(row: dict, args) -> str:
    head = (f"New moments into a library above the ANN threshold (`benchmarks/ann_growth.py`): "
            f"{args.dim}-d clustered vectors ({args.centres} centres, spread {args.spread}), "
            + (f"{args.replace:.0%} of the videos re-committed with new vectors" if args.replace
               else f"{args.grow:.0%} added") + f" through `commit_video` in videos of {args.per_video}, "
            + ("committed and optimized as `seekframe index` does (`--as-run`: the refresh is the end "
               "of the run's `optimize_needed()`), " if args.as_run else "") + "recall@10 "
            f"against exact numpy over every vector ({args.queries} queries, a quarter aimed at new "
            f"moments{'; a quarter more at the replaced ones' + chr(39) + 's old vectors' if getattr(args, 'aim_replaced', False) and args.replace else ''}); {platform.machine()}, {os.cpu_count()} CPUs, load average before/after in "
            "the row. searchable_s: first new commit until a search returns the last new moment; "
            "refresh: the `optimize()` that folds the new rows into the index; refresh_data_mb / "
            "refresh_indices_mb: what it wrote under the moments table (new or replaced files), "
            f"`--rows-per-partition {args.rows_per_partition or SearchPolicy.rows_per_partition}`.\n\n")
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS),
             "| " + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |"]
    return head + "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="250k", help="moments before the addition, e.g. 250k or 1M")
    ap.add_argument("--grow", type=float, default=0.01, help="fraction added (0.01 = 1 %%)")
    ap.add_argument("--replace", type=float, default=0.0,
                    help="re-commit this share of the videos with new vectors instead of adding (1 = all)")
    ap.add_argument("--as-run", action="store_true",
                    help="commit and optimize as `seekframe index` does (the library's policy), not one optimize()")
    ap.add_argument("--as-close", action="store_true",
                    help="the refresh is a writer's close (optimize(build_index=False) when optimize_needed())")
    ap.add_argument("--aim-replaced", action="store_true",
                    help="with --replace: a quarter more queries aimed at the replaced rows' old vectors")
    ap.add_argument("--then-rebuild", action="store_true",
                    help="after the refresh, build the index again from scratch and search once more")
    ap.add_argument("--per-commit", type=int, default=1, help="videos per commit")
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--per-video", type=int, default=500)
    ap.add_argument("--centres", type=int, default=200)
    ap.add_argument("--spread", type=float, default=0.5)
    ap.add_argument("--rows-per-partition", type=int, default=None,
                    help="SearchPolicy.rows_per_partition (default: the policy's)")
    ap.add_argument("--tmp", default=None, help="where to build the temporary library")
    ap.add_argument("--tag", default="", help="suffix of the output files")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    row = run(args)
    write_row("ann_growth", args, row, markdown(row, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
