"""Cold ``seekframe search``: a fresh process per query, as a person typing in a terminal meets it.

Writes the 12 generated demo clips, indexes them with the chosen model through the real CLI
(which also remembers the model's id, as any first index does), then runs ``seekframe search``
``--runs`` times, each in a new interpreter, and times from just before the process is spawned to
its exit: wall seconds, CPU seconds (user + sys: on a shared machine the steadier number) and
the breakdown the CLI prints under
``SEEKFRAME_TIMINGS=1`` (``core.timings``): ``startup`` (the interpreter and ``core.cli``'s own
imports), ``imports`` (LanceDB, numpy, the text side's tokenizers), ``library_open``,
``text_tower`` (the model's text side), ``search`` (the query, the vectors, the result rows),
``rest`` (printing and exit). ``--first`` also measures the first search after an install,
before any index remembered the model's id: the id is read off the model's files (a whole load only
for a model whose id needs one, such as a CLIP checkpoint).

    .venv/bin/python benchmarks/cold_search.py                    # 7 runs, the real-footage model
    .venv/bin/python benchmarks/cold_search.py --model demo --runs 5
    .venv/bin/python benchmarks/cold_search.py --code /tmp/old-checkout --tag before   # another checkout's CLI

Writes ``benchmarks/out/cold_search[_TAG].json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
CLI = "import sys; from core.cli import main; sys.exit(main())"  # what the `seekframe` script runs
PARTS = ("startup", "imports", "library_open", "text_tower", "search", "rest")


def cli_env(home: Path, code: Path) -> dict:
    """The CLI's environment: its own data home and cache, offline, timings on; ``code``: the
    checkout to run (``SEEKFRAME_CODE``, read by ``run_cli``)."""
    return dict(os.environ, SEEKFRAME_HOME=str(home), SEEKFRAME_CACHE=str(home / "cache"),
                SEEKFRAME_CODE=str(code), HF_HUB_OFFLINE="1", SEEKFRAME_TIMINGS="1")


def run_cli(argv: list[str], env: dict, timeout: float = 600) -> dict:
    """One CLI process: wall and CPU seconds (its user + sys), exit code, output, timing spans."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    # run in the checkout: its ``core`` comes first on the path (``-c`` puts the current folder there)
    proc = subprocess.run([sys.executable, "-c", CLI, *argv], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=env.get("SEEKFRAME_CODE", str(ROOT)))
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    spans = {}
    for line in proc.stderr.splitlines():
        if line.startswith("seekframe-timings "):
            spans = json.loads(line.split(" ", 1)[1])
    return {"code": proc.returncode, "wall": wall, "cpu": cpu, "t0": t0, "spans": spans,
            "out": proc.stdout, "err": proc.stderr}


def breakdown(run: dict, parts=PARTS) -> dict:
    """Wall, CPU and the spans of ``parts`` (first ``startup``, last ``rest``: what is left)."""
    s = run["spans"]
    row = {"wall_s": round(run["wall"], 3), "cpu_s": round(run["cpu"], 3)}
    if not s:  # a CLI without core.timings (an older checkout): the wall only
        return row
    row[parts[0]] = round(s["start"] - run["t0"], 3)
    for k in parts[1:-1]:
        row[k] = round(s.get(k, 0.0), 3)
    row[parts[-1]] = round(run["wall"] - sum(row[k] for k in parts[:-1]), 3)
    return row


def build(folder: Path, model: str, env: dict) -> Path:
    from core.demo import write_demo

    clips = write_demo(folder / "clips")
    lib = folder / "library"
    got = run_cli(["index", "--library", str(lib), str(clips), "--model", model, "-q"], env, timeout=1800)
    if got["code"] != 0:
        raise RuntimeError(f"indexing failed:\n{got['err'][-3000:]}")
    return lib


def median_of(rows: list[dict], key: str):
    """The median of ``key`` over the runs that measured it, rounded ("" when none did)."""
    vals = [r[key] for r in rows if key in r]
    return round(statistics.median(vals), 3) if vals else ""


def save(name: str, tag: str, result: dict, table: str) -> None:
    """``OUT/<name>[_<tag>].json`` and ``.md`` (shared with ``noop_rescan.py``, ``failed_files.py``);
    the table printed."""
    OUT.mkdir(parents=True, exist_ok=True)
    name += f"_{tag}" if tag else ""
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=2))
    (OUT / f"{name}.md").write_text(table)
    print(table)


def runs_table(rows: list[dict], cols: list[str]) -> list[str]:
    """Markdown lines: one row per run, then the medians (shared with ``noop_rescan.py``)."""
    lines = ["| run | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    lines += [f"| {i} | " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for i, r in enumerate(rows, 1)]
    meds = [median_of(rows, c) for c in cols]
    return lines + ["| **median** | " + " | ".join(f"**{m}**" if m != "" else "" for m in meds) + " |"]


def markdown(rows: list[dict], first: dict | None, args) -> str:
    def med(key):
        return median_of(rows, key)

    cols = ["wall_s", "cpu_s", *PARTS]
    lines = [f"Cold `seekframe search` ({args.runs} runs, a fresh process each, query {args.query!r}), "
             f"model {args.model}, the 12 generated demo clips; {platform.machine()}, {os.cpu_count()} CPUs, "
             f"load average {args.load_before} before the runs, {args.load_after} after; code: {args.code_label}.",
             "", *runs_table(rows, cols)]
    if first:
        lines.append(f"| first search after install (id not yet remembered) | "
                     + " | ".join(str(first.get(c, "")) for c in cols) + " |")
    p50 = med("wall_s")
    lines += ["", f"Target: ≤ 2.5 s p50 on a quiet 2-core machine. Measured p50 wall {p50} s, CPU "
                  f"{med('cpu_s')} s (user + sys; at the load averages above, both above a quiet machine's)."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--model", default="real", help="real, demo, or a model folder")
    ap.add_argument("--query", default="a red ball bouncing on the beach")
    ap.add_argument("--first", action="store_true", help="also time a search with no remembered model id")
    ap.add_argument("--code", default=str(ROOT), help="the checkout whose CLI runs (default: this one)")
    ap.add_argument("--tag", default="", help="suffix of the output files (e.g. before)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from core.model_choice import bundled_demo_model, bundled_real_model

    model = {"real": bundled_real_model, "demo": bundled_demo_model}.get(args.model, lambda: args.model)()
    code = Path(args.code).resolve()
    args.code_label = "this checkout" if code == ROOT else str(code)
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-cold-"))
    try:
        env = cli_env(tmp / "home", code)
        lib = build(tmp, str(model), env)
        search = ["search", args.query, "--library", str(lib), "-k", "5"]
        args.load_before = round(os.getloadavg()[0], 2)
        rows, top = [], None
        for i in range(args.runs):
            got = run_cli(search, env)
            if got["code"] != 0:
                raise RuntimeError(f"search failed:\n{got['err'][-3000:]}")
            top = top or got["out"].splitlines()[0]
            rows.append(breakdown(got))
            print(json.dumps(rows[-1]), flush=True)
        args.load_after = round(os.getloadavg()[0], 2)
        first = None
        if args.first:
            shutil.rmtree(tmp / "home" / "cache", ignore_errors=True)
            first = breakdown(run_cli(search, env))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    save("cold_search", args.tag, {"args": vars(args), "top": top, "runs": rows, "first": first},
         markdown(rows, first, args))
    print("top result:", top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
