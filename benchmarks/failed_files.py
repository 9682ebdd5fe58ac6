"""What files that fail cost an index run: a folder of empty .mp4 files (placeholders of a copy
or a download) and one of junk named .mp4 (random bytes), each indexed cold into a new library.

Each failed or empty file used to be one LanceDB write of its own (about 30 ms a file); a pass's
failures are now written with its batches (``core.index_passes.CommitBatcher``). Times as
``cold_search.py`` does, a fresh process per run: wall and CPU seconds and the CLI's
``SEEKFRAME_TIMINGS`` breakdown (``index_run``: scan, plan, decode attempts, the writes), and
``ms_per_file`` (``index_run`` over the files).

    .venv/bin/python benchmarks/failed_files.py                   # 700 empty, 2,100 junk, 3 runs each
    .venv/bin/python benchmarks/failed_files.py --code /tmp/old-checkout --tag before

Writes ``benchmarks/out/failed_files[_TAG].json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold_search import ROOT, breakdown, cli_env, median_of, run_cli, save  # noqa: E402

PARTS = ("startup", "imports", "library_open", "index_run", "model_load", "optimize", "close", "rest")


def write_files(folder: Path, kind: str, n: int) -> None:
    """``n`` .mp4 files: 0 bytes (``empty``), or 4 to 8 KiB of random bytes, each its own (``junk``)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        data = b"" if kind == "empty" else rng.integers(0, 256, 4096 + (i % 4096), dtype=np.uint8).tobytes()
        (folder / f"{kind}{i:05d}.mp4").write_bytes(data)


def markdown(rows: list[dict], args) -> str:
    cols = ["wall_s", "cpu_s", *PARTS, "ms_per_file"]
    lines = [f"Index runs over files that all fail ({args.runs} runs per folder, a fresh process and a new "
             f"library each), the demo model; {platform.machine()}, {os.cpu_count()} CPUs, load average "
             f"{args.load_before} before the runs, {args.load_after} after; code: {args.code_label}.", "",
             "| folder | files | run | " + " | ".join(cols) + " |", "|---|---:|---|" + "---:|" * len(cols)]
    for kind, n in args.cases:
        mine = [r for r in rows if r["folder"] == kind]
        lines += [f"| {kind} | {n} | {i} | " + " | ".join(str(r.get(c, "")) for c in cols) + " |"
                  for i, r in enumerate(mine, 1)]
        lines.append(f"| {kind} | {n} | **median** | " + " | ".join(
            f"**{m}**" if (m := median_of(mine, c)) != "" else "" for c in cols) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--empty", type=int, default=700, help="empty .mp4 files (0: none)")
    ap.add_argument("--junk", type=int, default=2100, help=".mp4 files of random bytes (0: none)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--code", default=str(ROOT), help="the checkout whose CLI runs (default: this one)")
    ap.add_argument("--tag", default="", help="suffix of the output files (e.g. before)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from core.model_choice import bundled_demo_model

    code = Path(args.code).resolve()
    args.code_label = "this checkout" if code == ROOT else str(code)
    args.cases = [(k, n) for k, n in (("empty", args.empty), ("junk", args.junk)) if n]
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-failed-"))
    rows = []
    try:
        args.load_before = round(os.getloadavg()[0], 2)
        for kind, n in args.cases:
            write_files(tmp / kind, kind, n)
            for i in range(args.runs):
                env = cli_env(tmp / f"home-{kind}-{i}", code)
                got = run_cli(["index", "--library", str(tmp / f"lib-{kind}-{i}"), str(tmp / kind),
                               "--model", str(bundled_demo_model()), "-q"], env, timeout=3600)
                if got["code"] not in (0, 1) or "Traceback" in got["err"]:  # (1: files failed, as they should)
                    raise RuntimeError(f"the run failed:\n{got['err'][-3000:]}")
                row = {"folder": kind, "files": n, **breakdown(got, PARTS)}
                if "index_run" in row:
                    row["ms_per_file"] = round(1000 * row["index_run"] / n, 2)
                rows.append(row)
                print(json.dumps(row), flush=True)
        args.load_after = round(os.getloadavg()[0], 2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    save("failed_files", args.tag, {"args": vars(args), "runs": rows}, markdown(rows, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
