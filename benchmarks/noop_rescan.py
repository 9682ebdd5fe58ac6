"""A re-scan that finds nothing to do: ``seekframe index`` on 500 unchanged files, cold, as a
person re-running it (or a scheduled job) meets it.

Writes ``--files`` short generated clips (each its own content), indexes them once with the demo
model through the real CLI, then runs ``seekframe index --library LIB`` (the library's folders)
``--runs`` times, each in a new interpreter, and times it as ``cold_search.py`` does: wall and CPU
seconds and the CLI's ``SEEKFRAME_TIMINGS`` breakdown: ``startup``, ``imports`` (LanceDB, the
indexer), ``library_open`` (the writer's checks), ``index_run`` (scan, plan, nothing to embed),
``model_load`` (must stay 0: nothing to embed), ``optimize``, ``close``, ``rest``.

    .venv/bin/python benchmarks/noop_rescan.py                  # 500 files, 7 runs
    .venv/bin/python benchmarks/noop_rescan.py --code /tmp/old-checkout --tag before

Writes ``benchmarks/out/noop_rescan[_TAG].json`` and ``.md`` and prints the table.
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
from cold_search import ROOT, breakdown, cli_env, median_of, run_cli, runs_table, save  # noqa: E402

PARTS = ("startup", "imports", "library_open", "index_run", "model_load", "optimize", "close", "rest")


def write_clips(folder: Path, n: int) -> None:
    """``n`` one-second 64x48 clips, each a different colour with its own noise."""
    import cv2

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rng = np.random.default_rng(i)
        sub = folder / f"{i // 100:02d}"
        sub.mkdir(exist_ok=True)
        out = cv2.VideoWriter(str(sub / f"clip-{i:04d}.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
        colour = rng.integers(0, 256, 3)
        for _ in range(10):
            frame = np.clip(colour + rng.integers(-8, 9, (48, 64, 3)), 0, 255).astype(np.uint8)
            out.write(frame)
        out.release()


def markdown(rows: list[dict], args) -> str:
    def med(key):
        return median_of(rows, key)

    cols = ["wall_s", "cpu_s", *PARTS]
    lines = [f"No-op re-scan: `seekframe index` over {args.files} unchanged files ({args.runs} runs, a fresh "
             f"process each), indexed with the demo model; {platform.machine()}, {os.cpu_count()} CPUs, load "
             f"average {args.load_before} before the runs, {args.load_after} after; code: {args.code_label}.",
             "", *runs_table(rows, cols)]
    lines += ["", f"Target: ≤ 1.5 s CLI wall. Measured p50 wall {med('wall_s')} s, CPU {med('cpu_s')} s "
                  "(user + sys; at the load averages above, both above a quiet machine's)."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--code", default=str(ROOT), help="the checkout whose CLI runs (default: this one)")
    ap.add_argument("--tag", default="", help="suffix of the output files (e.g. before)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from core.model_choice import bundled_demo_model

    code = Path(args.code).resolve()
    args.code_label = "this checkout" if code == ROOT else str(code)
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-rescan-"))
    try:
        env = cli_env(tmp / "home", code)
        write_clips(tmp / "clips", args.files)
        lib = tmp / "library"
        got = run_cli(["index", "--library", str(lib), str(tmp / "clips"), "--model", str(bundled_demo_model()),
                       "-q"], env, timeout=3600)
        if got["code"] != 0:
            raise RuntimeError(f"indexing failed:\n{got['err'][-3000:]}")
        print(f"first index: {got['wall']:.1f} s", flush=True)
        args.load_before = round(os.getloadavg()[0], 2)
        rows = []
        for _ in range(args.runs):
            got = run_cli(["index", "--library", str(lib)], env)
            if got["code"] != 0 or "0 to index" not in got["err"]:
                raise RuntimeError(f"the re-scan did something or failed:\n{got['err'][-3000:]}")
            rows.append(breakdown(got, PARTS))
            print(json.dumps(rows[-1]), flush=True)
        args.load_after = round(os.getloadavg()[0], 2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    save("noop_rescan", args.tag, {"args": vars(args), "runs": rows}, markdown(rows, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
