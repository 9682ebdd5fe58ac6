"""What the app's writer lock, held only while it writes (``app.writer_turn``), costs a library:
letting it go after a job (``VideoLibrary.release_writer``: optimize when due, the no-op re-scan
snapshot), taking it back when nothing changed meanwhile and after another process wrote (then
the library is opened again as a writer opens it), and the first search after that write.

    .venv/bin/python benchmarks/writer_lease.py                 # 2,000 videos x 50 moments, 5 runs

Writes ``benchmarks/out/writer_lease.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import step_table  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
DIM = 64


def fill(root: Path, videos: int, per: int, rng) -> None:
    from core.library import VideoLibrary

    with VideoLibrary(root) as lib:
        lib.bind_model("bench-000000000001", "/bench", DIM)
        batch = []
        for i in range(videos):
            batch.append(moments_of(i, per, rng))
            if len(batch) == 200:
                lib.moment_table.commit(batch)
                batch = []
        if batch:
            lib.moment_table.commit(batch)


def moments_of(i: int, per: int, rng):
    import numpy as np

    from core.library import MomentRecord, VideoRecord

    vecs = rng.normal(size=(per, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    video = VideoRecord(video_id=f"{i:016x}", path=f"/media/v{i}.mp4", root="/media", size=100 + i,
                        mtime=1000.0 + i, content_hash=f"h{i}")
    return video, [MomentRecord(video.video_id, 0, j, 4.0 * j, 4.0 * j + 4, 4.0 * j + 2, vecs[j]) for j in range(per)]


def ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> int:
    import numpy as np

    from core.library import VideoLibrary

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--videos", type=int, default=2000)
    ap.add_argument("--moments-per-video", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    steps = {"release (let go after a job)": [], "take back, nothing changed meanwhile": [],
             "take back after another process wrote": [], "first search after that write": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lib"
        fill(root, args.videos, args.moments_per_video, rng)
        lib = VideoLibrary(root)
        query = moments_of(0, 1, rng)[1][0].vector
        lib.moment_search.search(query, 5)  # (the search matrix loaded, as the app preloads it)
        for run in range(args.runs):
            steps["release (let go after a job)"].append(ms(lib.release_writer))
            steps["take back, nothing changed meanwhile"].append(ms(lib.take_writer))
            lib.release_writer()
            with VideoLibrary(root) as other:  # `seekframe index` from a terminal: one new video
                other.moment_table.commit([moments_of(args.videos + run, args.moments_per_video, rng)])
            steps["take back after another process wrote"].append(ms(lib.take_writer))
            steps["first search after that write"].append(ms(lambda: lib.moment_search.search(query, 5)))
        lib.close()
    rows = [{"step": k, "ms": statistics.median(v)} for k, v in steps.items()]
    n = args.videos * args.moments_per_video
    step_table.write(OUT, "writer_lease", f"{args.videos:,} videos, {n:,} moments of {DIM} dims, median of {args.runs}",
                     {"videos": args.videos, "moments": n, "dim": DIM, "runs": args.runs, "rows": rows}, "ms", ".0f")
    return 0


if __name__ == "__main__":
    sys.exit(main())
