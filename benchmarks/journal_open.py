"""What notes.jsonl costs a writer's open: the check that every note and imported caption the
journal holds is in the captions table (``core.library.notes_journal.restore``), on a journal of
N imported captions (a caption file of a benchmark's size, e.g. MSR-VTT's 200,000), all present.

The quick read (``journal_ids``: each line's id without parsing it) against the whole read
(``latest``: each line parsed as JSON and checked as a note), and the whole open of the library as
its writer.

    .venv/bin/python benchmarks/journal_open.py             # 200,000 captions, 5 runs each

Writes ``benchmarks/out/journal_open.json`` and ``.md`` and prints the table.
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


def library_with_journal(root: Path, n: int) -> None:
    import numpy as np

    from core.library import CaptionRecord, VideoLibrary
    from core.library import notes_journal

    with VideoLibrary(root) as lib:
        lib.bind_model("bench-000000000001", "/bench", 8)
        recs = [CaptionRecord(f"a person does thing number {i}", "imported", np.ones(8, np.float32),
                              f"{i % 7000:016x}", caption_id=f"{i:024x}") for i in range(n)]
        lib.caption_table.add(recs)
    notes_journal.append(root, [(r, None, "") for r in recs])


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--captions", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from core.library import VideoLibrary
    from core.library import notes_journal

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lib"
        library_with_journal(root, args.captions)
        size_mb = (root / notes_journal.JOURNAL).stat().st_size / 1e6
        rows = [
            {"step": "quick read of the ids (journal_ids)", "s": timed(lambda: notes_journal.journal_ids(root), args.runs)},
            {"step": "whole read (latest)", "s": timed(lambda: notes_journal.latest(root), args.runs)},
            {"step": "writer open + close of the library", "s": timed(lambda: VideoLibrary(root).close(optimize=False), args.runs)},
        ]
    step_table.write(OUT, "journal_open",
                     f"notes.jsonl of {args.captions:,} imported captions ({size_mb:.1f} MB), median of {args.runs}",
                     {"captions": args.captions, "journal_mb": round(size_mb, 1), "runs": args.runs, "rows": rows},
                     "s", ".3f")
    return 0


if __name__ == "__main__":
    sys.exit(main())
