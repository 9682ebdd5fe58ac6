"""Indexing on Ray (``core.cluster``) against local indexing, on the same folder.

Runs, each into a fresh library, the model loaded before the clock starts:

* **local**: ``MomentIndexer`` (decode processes + batched embedding + commits);
* **ray-1**, **ray-2**: ``RayIndexer`` on a local Ray cluster of ``--cpus`` CPUs with 1 and 2
  embedding actors (the decode tasks take the other CPUs).

For each: wall seconds, moments/s, and how the work divides: decode tasks per Ray worker process
(a logging decode function records each worker's pid), the driver's seconds in commits. Then the
per-stage costs measured on their own in this process: decode (``decode_file``) s/moment, embed
(``Encoder.encode_moments``) s/moment, commit (``MomentTable.commit``) s/video, from which the
scaling on a real cluster is estimated (see RESULTS.md).

    .venv/bin/python benchmarks/cluster_index.py                # ~3 min on 2 loaded cores
    .venv/bin/python benchmarks/cluster_index.py --videos DIR --model MODEL_DIR --cpus 8

Writes ``benchmarks/out/cluster_index.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

LOG_ENV = "SEEKFRAME_BENCH_DECODE_LOG"


def decode_logged(path, spec):
    """``decode_file``, recording which Ray worker process decoded which file (it runs in a decode
    process of that worker, ``core.decode_pool``: its parent)."""
    import multiprocessing as mp

    from core.decode_pool import decode_file

    parent = mp.parent_process()
    with open(os.environ[LOG_ENV], "a", encoding="utf-8") as f:
        f.write(f"{parent.pid if parent else os.getpid()}\n")
    return decode_file(path, spec)


def _timed_commits():
    """The driver's seconds in commits: ``CommitBatcher.commit``, local and on Ray alike."""
    from core.index_passes import CommitBatcher

    spent = {"s": 0.0, "videos": 0}
    real = CommitBatcher.commit

    def commit(self):
        t = time.perf_counter()
        done = real(self)
        spent["s"] += time.perf_counter() - t
        spent["videos"] += len(done)
        return done

    CommitBatcher.commit = commit
    return spent, lambda: setattr(CommitBatcher, "commit", real)


def run_once(kind: str, workers: int, videos: Path, model: Path, lib: Path, log: Path) -> dict:
    from core.cluster import RayIndexer
    from core.encoders import Encoder
    from core.indexer import IndexOptions, MomentIndexer
    from core.library import VideoLibrary

    encoder = Encoder.load(str(model))
    spent, restore = _timed_commits()
    log.write_text("")
    t0 = time.perf_counter()
    with VideoLibrary(lib) as library:
        if kind == "ray":
            # by its module's name: the decode processes unpickle it, and their __main__ is not this script
            from cluster_index import decode_logged as logged

            indexer = RayIndexer(library, encoder, IndexOptions(decode_fn=logged), workers=workers,
                                 encoder_factory=_Factory(str(model)))
        else:
            one_pass = {"two_pass": False} if "two_pass" in IndexOptions.__dataclass_fields__ else {}
            indexer = MomentIndexer(library, encoder, IndexOptions(**one_pass))  # as the Ray run: one pass
        last = None
        for last in indexer.run([str(videos)]):
            pass
    wall = time.perf_counter() - t0
    restore()
    per_worker = sorted(Counter(log.read_text().split()).values(), reverse=True) if kind == "ray" else []
    return {"run": kind if kind == "local" else f"ray-{workers}", "wall_s": round(wall, 2),
            "moments": last.moments, "files": last.files_done, "moments_per_s": round(last.moments / wall, 2),
            "commit_s": round(spent["s"], 2) if spent["videos"] else None, "decode_tasks_per_worker": per_worker}


class _Factory:
    def __init__(self, source):
        self.source = source

    def __call__(self):
        from core.cluster import load_encoder

        return load_encoder(self.source)


def stage_costs(videos: Path, model: Path, lib: Path) -> dict:
    """Decode s/moment, embed s/moment, commit s/video, each measured alone in this process."""
    import numpy as np

    from core.decode_pool import decode_file
    from core.encoders import Encoder
    from core.index_passes import with_info
    from core.indexer import IndexOptions, decode_spec
    from core.library import VideoLibrary
    from core.library.records import MomentRecord, VideoRecord
    from core.scan import scan

    encoder = Encoder.load(str(model))
    spec = decode_spec(encoder, IndexOptions())
    files = sorted(scan([str(videos)]).files.values(), key=lambda f: f.path)
    t, moments, decoded = time.perf_counter(), [], []
    for f in files:
        info, ms = decode_file(f.path, spec)
        decoded.append((f, info, [m for m in ms]))
    decode_s = time.perf_counter() - t
    frames = np.stack([m.frames for _, _, ms in decoded for m in ms])
    encoder.encode_moments(frames[:4])  # warm-up
    t = time.perf_counter()
    vecs = encoder.encode_moments(frames)
    embed_s = time.perf_counter() - t
    with VideoLibrary(lib) as library:
        library.bind_model(encoder.model_id, encoder.source, encoder.embed_dim)
        t, k = time.perf_counter(), 0
        for i, (f, info, ms) in enumerate(decoded):
            rec = VideoRecord(video_id=f"{i:016x}", path=f.path, root=str(videos), size=f.size, mtime=f.mtime,
                              content_hash="")
            moments.clear()
            for m in ms:
                moments.append(MomentRecord(rec.video_id, 0, m.index, m.start, m.end, m.thumb_time, vecs[k]))
                k += 1
            library.moment_table.commit([(with_info(rec, info), list(moments))])
            library.maintenance.maybe_optimize()
        commit_s = time.perf_counter() - t
    n = len(frames)
    return {"moments": n, "videos": len(files), "decode_s_per_moment": round(decode_s / n, 4),
            "embed_s_per_moment": round(embed_s / n, 5), "commit_s_per_video": round(commit_s / len(files), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--videos", type=Path, help="a folder to index (default: generated)")
    ap.add_argument("--model", type=Path, help="a model folder (default: the tests' tiny model)")
    ap.add_argument("--n", type=int, default=6, help="generated videos")
    ap.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cluster-bench-"))
    if args.videos is None:
        from video_set import generate_videos

        args.videos = generate_videos(work / "videos", args.n)
    if args.model is None:
        from tests.models import save_tiny_model

        args.model = save_tiny_model(work / "model")
    log = work / "decode.log"
    os.environ[LOG_ENV] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(HERE.parent), str(HERE), os.environ.get("PYTHONPATH", "")])
    import ray

    stages = stage_costs(args.videos, args.model, work / "lib-stages")
    runs = [run_once("local", 0, args.videos, args.model, work / "lib-local", log)]
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    try:
        for w in (1, 2):
            runs.append(run_once("ray", w, args.videos, args.model, work / f"lib-ray{w}", log))
    finally:
        ray.shutdown()
    result = {"cpus": args.cpus, "os_cpus": os.cpu_count(), "ray": ray.__version__, "stages": stages, "runs": runs}
    lines = ["| run | wall s | moments | moments/s | driver commit s | decode tasks per Ray worker |",
             "|---|---:|---:|---:|---:|---|"]
    for r in runs:
        lines.append(f"| {r['run']} | {r['wall_s']} | {r['moments']} | {r['moments_per_s']} | {'-' if r['commit_s'] is None else r['commit_s']} | "
                     f"{r['decode_tasks_per_worker'] or '-'} |")
    lines.append("")
    lines.append(f"Per stage, alone: decode {stages['decode_s_per_moment']} s/moment, embed "
                 f"{stages['embed_s_per_moment']} s/moment, commit {stages['commit_s_per_video']} s/video "
                 f"({stages['moments']} moments, {stages['videos']} videos).")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "cluster_index.json").write_text(json.dumps(result, indent=2))
    (out / "cluster_index.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
