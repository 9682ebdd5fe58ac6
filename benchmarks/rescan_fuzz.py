"""Many seeds of the model-based re-scan check (``tests/test_rescan_model.py``, whose default run
is 3 seeds of 20 steps): random operations on 2-3 library folders, each followed by
``seekframe index`` and the checks of ``tests/rescan_checks.py``. Every seed runs in a fresh
temporary tree; a failing seed is reported (its error and the operations that led to it) and the
next one runs.

    .venv/bin/python benchmarks/rescan_fuzz.py --seeds 0-199 --steps 40
    .venv/bin/python benchmarks/rescan_fuzz.py --seeds 17 --steps 40 --no-crashes   # one seed again

Writes ``benchmarks/out/rescan_fuzz.json`` (seeds run, steps, failures) and prints a summary. A
step that kills ``seekframe index`` kills it at a write its seed picks, or inside the LanceDB commit
at or after it (half of them: ``tests.rescan_kill.TORN``), so a failing seed repeats, kills included
(``--no-crashes`` leaves them out).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seeds_of(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def run_seed(seed: int, steps: int, pool, crashes: bool, verbose: bool, links: bool = False,
             one_folder: bool = False) -> dict:
    from tests.rescan_world import World

    with tempfile.TemporaryDirectory(prefix=f"rescan-{seed}-") as base:
        os.environ["SEEKFRAME_HOME"] = os.path.join(base, "home")
        os.environ["SEEKFRAME_CACHE"] = os.path.join(base, "home", "cache")
        start = time.monotonic()
        world = None
        try:
            world = World(Path(base) / "world", seed, pool, crashes=crashes, links=links, one_folder=one_folder,
                          log=(lambda what: print(f"  {what}")) if verbose else None)
            for _ in range(steps):
                world.step()
        except Exception as exc:  # (the checks' AssertionError, or the command's crash)
            return {"seed": seed, "ok": False, "steps": len(world.ops) if world else 0,
                    "seconds": round(time.monotonic() - start, 1),
                    "error": "".join(traceback.format_exception_only(type(exc), exc))[-6000:]}
        finally:
            if world is not None:
                world.close()  # (its drives unmounted)
        return {"seed": seed, "ok": True, "steps": steps, "seconds": round(time.monotonic() - start, 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="0-49", help="seeds: a range, a list, or both (0-9,17)")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--no-crashes", action="store_true", help="no step kills a `seekframe index`")
    ap.add_argument("--links", action="store_true", help="links to folders and files too, their targets taken "
                    "away and put back (tests/rescan_links.py)")
    ap.add_argument("--one-folder", action="store_true", help="now and then a video moved to another library "
                    "folder, each folder re-scanned alone and checked by the one-folder rules (tests/rescan_one.py)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each operation")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "rescan_fuzz.json"))
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tests.rescan_world import make_pool

    results = []
    with tempfile.TemporaryDirectory(prefix="rescan-pool-") as pool_dir:
        pool = make_pool(Path(pool_dir))
        for seed in seeds_of(args.seeds):
            r = run_seed(seed, args.steps, pool, not args.no_crashes, args.verbose, args.links, args.one_folder)
            results.append(r)
            print(f"seed {seed}: {'ok' if r['ok'] else 'FAILED'} ({r['steps']} steps, {r['seconds']} s)", flush=True)
            if not r["ok"]:
                print("  " + r["error"].replace("\n", "\n  "), flush=True)
    failed = [r for r in results if not r["ok"]]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"steps": args.steps, "crashes": not args.no_crashes, "links": args.links,
                                          "one_folder": args.one_folder,
                                          "seeds": len(results), "failed": failed}, indent=2) + "\n")
    print(f"{len(results)} seeds of {args.steps} steps: {len(failed)} failed"
          + (f" ({', '.join(str(r['seed']) for r in failed)})" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
