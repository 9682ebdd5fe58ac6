"""A mutation fuzz of damaged videos: "corrupt videos are skipped with a reason; the library is never
left half-written", checked over a few hundred damaged files rather than chosen faults.

Seeds (``benchmarks/corrupt_mutants.py``): small clips PyAV writes in every container Seekframe reads
and the real clips of ``/work/shared/videos``. Each seed's mutants (bits flipped, runs zeroed or
random, cut to a length, the tail cut, chunks duplicated or swapped, an MP4 box's or an AVI chunk's
size altered) go in a folder of their own, indexed by ``seekframe index`` with the demo model into a
throwaway ``SEEKFRAME_HOME``, a subprocess under ``nice`` with a time bound and a memory limit
(``RLIMIT_AS``). Each batch is checked: the run ended in its bound (its ``index_run`` is also compared
with its seed's own, a batch over 20 times its seed's alone is re-run file by file), no traceback,
every file indexed or failed with a reason (no Python exception's name, no "fault of Seekframe"),
peak RSS, ``seekframe status --json`` works, and a second re-scan says "Nothing new".

    nice .venv/bin/python benchmarks/corrupt_fuzz.py                    # 16 seeds x 20 mutants
    nice .venv/bin/python benchmarks/corrupt_fuzz.py --per-seed 4 --only mp4,avi --seed 3

Writes ``benchmarks/out/corrupt_fuzz[_TAG].json`` (every mutant's recipe and outcome) and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corrupt_mutants import mutants, write_seeds  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
CODE = ROOT  # the checkout whose `seekframe` runs (--code)
NOT_FOR_USERS = re.compile(r"Traceback|\b[A-Z][A-Za-z]*(Error|Exception)\b|fault of Seekframe|unexpected error"
                           r"|object has no attribute|\[Errno|<class ")
MEMORY_LIMIT = 6 << 30
OPEN = ("import json, os, sys; from core.library import VideoLibrary\n"  # the library opens; each file's record
        "with VideoLibrary(sys.argv[1], read_only=True) as lib:\n"
        "    print(json.dumps({os.path.basename(v.path): [v.status, len(lib.moment_table.of(v.video_id))]"
        " for v in lib.video_table.all()}))")


def limited():
    os.nice(10)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(args: list[str], home: Path, timeout: float, head: tuple = ("-m", "core.cli")) -> dict:
    """``seekframe ARGS`` in a child process: exit code, output, wall, peak RSS (MB, the child's
    and its reaped children's), its ``index_run`` seconds."""
    env = {**os.environ, "SEEKFRAME_HOME": str(home), "SEEKFRAME_CACHE": str(home / "cache"),
           "PYTHONPATH": str(CODE), "HF_HUB_OFFLINE": "1", "SEEKFRAME_TIMINGS": "1"}
    start = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, *head, *args], cwd=CODE, env=env, stdout=out,
                                stderr=err, text=True, preexec_fn=limited)
        timed_out, deadline = False, time.monotonic() + timeout
        while True:  # (wait4: this child's peak RSS and its reaped children's, not earlier runs')
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline and not timed_out:
                timed_out = True
                proc.kill()
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    timings = next((json.loads(line.split(" ", 1)[1]) for line in stderr.splitlines()
                    if line.startswith("seekframe-timings ")), {})
    return {"rc": proc.returncode, "timed_out": timed_out, "wall_s": round(time.monotonic() - start, 2),
            "index_run_s": round(timings.get("index_run", 0.0), 2), "maxrss_mb": usage.ru_maxrss // 1024,
            "stdout": stdout, "stderr": "\n".join(line for line in stderr.splitlines()
                                                  if not line.startswith("seekframe-timings "))}


def check_batch(folder: Path, names: list[str], base: Path, timeout: float) -> dict:
    """Index ``folder`` into a new library, then status and a re-scan: the outcome of each file and
    the problems seen (a list of words; empty: all held)."""
    home, lib = base / "home", base / "lib"
    first = cli(["index", str(folder), "--library", str(lib), "--model", str(CODE / "core" / "resources" / "models" / "demo"), "-q"], home, timeout)
    problems = []
    if first["timed_out"]:
        problems.append(f"index still running after {timeout:.0f} s")
    if first["rc"] not in (0, 1):
        problems.append(f"index exit code {first['rc']}")
    for stream in ("stdout", "stderr"):
        if NOT_FOR_USERS.search(first[stream]):
            problems.append(f"index {stream}: {first[stream][-1500:]}")
    status = cli(["status", "--json", "--library", str(lib)], home, 300)
    outcome = {}
    try:
        st = json.loads(status["stdout"])
    except ValueError:
        problems.append(f"status: exit {status['rc']}: {status['stdout'][-500:]} {status['stderr'][-1500:]}")
        st = None
    if st is not None:
        failed = {Path(f["path"]).name: f["reason"] for f in st.get("failed", [])}
        notes = {Path(p if isinstance(p, str) else p.get("path", "")).name: "" if isinstance(p, str) else p.get("note", "")
                 for p in st.get("cut_short", []) + st.get("damaged_videos", [])}  # (a done video's words)
        cut = {Path(p if isinstance(p, str) else p.get("path", "")).name for p in st.get("cut_short", [])}
        if st["by_status"]["pending"]:
            problems.append(f"{st['by_status']['pending']} pending after the run")
        opened = cli([str(lib)], home, 300, head=("-c", OPEN))
        try:
            records = json.loads(opened["stdout"])
        except ValueError:
            problems.append(f"the library does not open: {opened['stderr'][-1500:]}")
            records = {}
        for name in names:
            status_, moments = records.get(name, ("not listed", 0))
            if name in failed:
                outcome[name] = "failed: " + failed[name]
                if not failed[name].strip() or NOT_FOR_USERS.search(failed[name]):
                    problems.append(f"{name}: reason not for a user: {failed[name]}")
            elif status_ == "done":
                outcome[name] = ("cut short" if name in cut else "indexed") + f" ({moments} moments)" + (
                    f": {notes[name]}" if notes.get(name) else "")
                if not moments:
                    problems.append(f"{name}: done with no moment")
                if NOT_FOR_USERS.search(notes.get(name, "")):
                    problems.append(f"{name}: note not for a user: {notes[name]}")
            elif status_ == "failed" and (said := next((n.get("reason", "") for n in st.get("not_videos", [])
                                                         if Path(n.get("path", "")).name == name), None)) is not None:
                outcome[name] = "skipped: " + said  # (its words too: "an audio file" must be one)
                if not said.strip() or NOT_FOR_USERS.search(said):
                    problems.append(f"{name}: reason not for a user: {said}")
            elif status_ == "not listed":
                outcome[name] = "not listed (skipped by the scan)"
            else:
                outcome[name] = status_
                problems.append(f"{name}: left {status_}")
    again = cli(["index", "--library", str(lib)], home, timeout)
    words = again["stdout"] + again["stderr"]
    if again["timed_out"] or again["rc"] not in (0, 1) or NOT_FOR_USERS.search(words):
        problems.append(f"re-scan: exit {again['rc']}: {words[-1500:]}")
    elif "Nothing new to index" not in words:
        problems.append(f"re-scan indexed again: {words[-800:]}")
    return {"first": {k: v for k, v in first.items() if k not in ("stdout", "stderr")},
            "first_output": (first["stdout"] + first["stderr"])[-3000:], "again_output": words[-1500:],
            "outcome": outcome, "problems": problems}


def run_seed(name: str, path: Path, count: int, rng: random.Random, work: Path, timeout: float) -> dict:
    data = path.read_bytes()
    ext = path.suffix
    alone_dir = work / f"{name.replace(':', '_')}_seed"
    alone_dir.mkdir(parents=True)
    (alone_dir / f"seed{ext}").write_bytes(data)
    alone = check_batch(alone_dir, [f"seed{ext}"], work / f"{alone_dir.name}_lib", timeout)
    folder = work / name.replace(":", "_")
    folder.mkdir()
    recipes, names = {}, []
    for i, (recipe, damaged) in enumerate(mutants(data, count, rng)):
        file = f"m{i:03d}_{recipe['kind']}{ext}"
        (folder / file).write_bytes(damaged)
        recipes[file] = recipe
        names.append(file)
    batch = check_batch(folder, names, work / f"{folder.name}_lib", timeout)
    slow = []
    seed_s = max(alone["first"]["index_run_s"], 0.5)
    if batch["first"]["index_run_s"] > 20 * seed_s:  # (some file took long: each alone)
        for file in names:
            one = folder.parent / f"{folder.name}_{file}"
            one.mkdir()
            (one / file).write_bytes((folder / file).read_bytes())
            r = check_batch(one, [file], work / f"{one.name}_lib", timeout)
            if r["first"]["index_run_s"] > 20 * seed_s:
                slow.append({"file": file, "index_run_s": r["first"]["index_run_s"], "seed_s": seed_s})
    return {"seed": name, "bytes": len(data), "seed_alone": alone["first"], "seed_outcome": alone["outcome"],
            "seed_problems": alone["problems"], "batch": batch["first"], "problems": batch["problems"],
            "slow": slow, "first_output": batch["first_output"], "again_output": batch["again_output"],
            "mutants": [{"file": f, "recipe": recipes[f], "outcome": batch["outcome"].get(f, "?")} for f in names]}


def markdown(rows: list[dict], args) -> str:
    lines = [f"Mutation fuzz of damaged videos (seed {args.seed}, {args.per_seed} mutants a seed, the demo model); "
             f"{platform.machine()}, {os.cpu_count()} CPUs, load average {args.load_before} before, "
             f"{args.load_after} after; code: {args.code}.", "",
             "| seed | mutants | indexed | cut short | failed | not listed | index_run s (seed alone) | peak RSS MB | slow | problems |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        outs = [m["outcome"] for m in r["mutants"]]
        lines.append(f"| {r['seed']} | {len(outs)} | {sum(o.startswith('indexed') for o in outs)} | "
                     f"{sum(o.startswith('cut short') for o in outs)} | {sum(o.startswith(('failed', 'skipped')) for o in outs)} | "
                     f"{sum(o.startswith('not listed') for o in outs)} | {r['batch']['index_run_s']} "
                     f"({r['seed_alone']['index_run_s']}) | {r['batch']['maxrss_mb']} | {len(r['slow'])} | "
                     f"{len(r['problems']) + len(r['seed_problems'])} |")
    reasons: dict[str, int] = {}
    for r in rows:
        for m in r["mutants"]:
            if m["outcome"].startswith(("failed", "skipped")) or ": " in m["outcome"]:  # (and a done video's note)
                key = re.sub(r"\d+(\.\d+)?", "N", m["outcome"])[:200]
                reasons[key] = reasons.get(key, 0) + 1
    lines += ["", "| reason or note (numbers as N) | mutants |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-seed", type=int, default=20, help="mutants of each seed video")
    ap.add_argument("--only", default="", help="seed names, comma-separated (mp4,mov,fmp4,mkv,webm,ts,mpg,avi,flv,"
                    "h264,gif,webp,real:again.mkv, ...)")
    ap.add_argument("--no-real", action="store_true", help="PyAV's seeds only")
    ap.add_argument("--timeout", type=float, default=900, help="seconds each index run may take")
    ap.add_argument("--tag", default="")
    ap.add_argument("--code", default=str(ROOT), help="the checkout whose seekframe is run (a clean worktree of a "
                    "commit, away from edits in progress, or the parent of a fix)")
    args = ap.parse_args(argv)
    global CODE
    CODE = Path(args.code).resolve()
    args.load_before = round(os.getloadavg()[0], 1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="corrupt-fuzz-") as tmp:
        work = Path(tmp)
        seeds = write_seeds(work / "seeds", real=not args.no_real)
        only = {s for s in args.only.split(",") if s}
        for name, path in seeds.items():
            if only and name not in only:
                continue
            r = run_seed(name, path, args.per_seed, random.Random(f"{args.seed}:{name}"), work, args.timeout)
            rows.append(r)
            print(f"{name}: {len(r['mutants'])} mutants, index_run {r['batch']['index_run_s']} s "
                  f"(seed alone {r['seed_alone']['index_run_s']} s), peak {r['batch']['maxrss_mb']} MB, "
                  f"problems {len(r['problems']) + len(r['seed_problems'])}, slow {len(r['slow'])}", flush=True)
            for p in r["seed_problems"] + r["problems"]:
                print("   ", p[:600], flush=True)
    args.load_after = round(os.getloadavg()[0], 1)
    OUT.mkdir(exist_ok=True)
    stem = f"corrupt_fuzz_{args.tag}" if args.tag else "corrupt_fuzz"
    table = markdown(rows, args)
    (OUT / f"{stem}.json").write_text(json.dumps({"seed": args.seed, "per_seed": args.per_seed, "rows": rows}, indent=1))
    (OUT / f"{stem}.md").write_text(table)
    print(table)
    return 1 if any(r["problems"] or r["seed_problems"] or r["slow"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
