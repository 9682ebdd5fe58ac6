"""Is a half-precision search matrix worth it? Speed and ranking agreement against float32.

Issue 12, point 8. The same N x 512 clustered unit vectors are searched (one query at a time, as
the app does) in float32 with numpy (what ``ExactMatrix`` does), float16 with numpy (no BLAS
kernel: converted to float32 in 64k-row chunks, what ``ExactMatrix`` did for ``dtype="float16"``),
and float16 / bfloat16 with torch's CPU matmul. Per kind: p50 ms, × float32, the share of queries
whose top-10 is float32's in the same order, and recall@10 against float32.

    .venv/bin/python benchmarks/half_precision.py                 # 100k moments, 50 queries

Writes ``benchmarks/out/half_precision.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "out"


def kinds(v: np.ndarray):
    import torch

    h = v.astype(np.float16)
    th, tb = torch.from_numpy(h), torch.from_numpy(v).to(torch.bfloat16)

    def np16(q):
        out = np.empty(len(h), np.float32)
        for i in range(0, len(h), 65536):
            out[i:i + 65536] = h[i:i + 65536].astype(np.float32) @ q
        return out

    return {
        "float32 numpy": lambda q: v @ q,
        "float16 numpy (chunked)": np16,
        "float16 torch": lambda q: (th @ torch.from_numpy(q.astype(np.float16))).float().numpy(),
        "bfloat16 torch": lambda q: (tb @ torch.from_numpy(q).to(torch.bfloat16)).float().numpy(),
    }


def run(args) -> list[dict]:
    import torch

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(200, args.dim))

    def clustered(n):
        x = centres[rng.integers(0, 200, n)] + 0.5 * rng.normal(size=(n, args.dim))
        return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)

    v, queries = clustered(args.size), clustered(args.queries)
    torch.set_num_threads(args.threads)
    fns = kinds(v)
    ref = [np.argsort(-(v @ q))[:10] for q in queries]
    rows = []
    for name, fn in fns.items():
        fn(queries[0])  # warm-up
        lat, same, rec = [], [], []
        for q, r in zip(queries, ref):
            t = time.perf_counter()
            s = fn(q)
            lat.append((time.perf_counter() - t) * 1000)
            top = np.argsort(-s)[:10]
            same.append(list(top) == list(r))
            rec.append(len(set(top) & set(r)) / 10)
        rows.append({"kind": name, "p50_ms": round(float(np.median(lat)), 1),
                     "top10_same_order": round(float(np.mean(same)), 2),
                     "recall@10": round(float(np.mean(rec)), 3)})
    base = rows[0]["p50_ms"]
    for r in rows:
        r["x_float32"] = round(r["p50_ms"] / base, 1)
    return rows


COLUMNS = ["kind", "p50_ms", "x_float32", "top10_same_order", "recall@10"]


def markdown(rows, args, load) -> str:
    head = (f"Half precision against float32 (`benchmarks/half_precision.py`): {args.size} x {args.dim} "
            f"clustered unit vectors, {args.queries} queries one at a time, torch threads {args.threads}; "
            f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load[0]} before / {load[1]} after.\n\n")
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for r in rows]
    return head + "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (the search runs on one)")
    args = ap.parse_args(argv)
    before = round(os.getloadavg()[0], 2)
    rows = run(args)
    load = (before, round(os.getloadavg()[0], 2))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "half_precision.json").write_text(json.dumps({"args": vars(args), "load": load, "rows": rows},
                                                        indent=2))
    (OUT / "half_precision.md").write_text(markdown(rows, args, load))
    print(markdown(rows, args, load))
    return 0


if __name__ == "__main__":
    sys.exit(main())
