"""Time to the first useful result, and the total, one pass against two, per-file commits against
batched ones (issue 12, points 2 and 5).

A folder of ``--copies`` copies of each video of ``--videos`` (default ../shared/videos: 4 real
files) is indexed with the demo model into a fresh library per configuration:

* ``one pass, per-file commits`` (``commit_every_s=0``: one commit per video, as before),
* ``one pass, batched commits`` (the default batching),
* ``two passes, batched commits``.

The *right clip* of ``--query`` is the top video of a full one-pass index (its answer once the
library is complete). After each commit (each "file_done" event) the run searches the library as
it stands, from a reader as the app would; *first useful* is the time from the run's start until
that top video is the right clip. Search time is excluded from the clock. Each configuration runs
``--repeat`` times, best kept. ``--long FILE`` puts a long video in the folder too: *long
searchable* is when it is first committed (its quick moments in a two-pass run), also as times its
length (issue 12's "first pass >= 30x real time" for a long file among short ones).
``--until-full`` runs the two-pass configuration alone and stops it when its full pass starts:
*all searchable* is then, every file searchable through its quick moments (no reference index:
no first useful; a long file's full pass, which can take many minutes, is not waited for).
``--rule`` runs alone the configuration the library picks itself (``two_pass`` unset:
``core.index_passes.wants_two_passes``) and stops it once the long file is first searchable;
with ``--copies 0`` that is a lone long file's time to its first search.

    .venv/bin/python benchmarks/time_to_first_result.py --copies 5 --repeat 1
    .venv/bin/python benchmarks/time_to_first_result.py --copies 25 --long 20min.mp4 \
        --model core/resources/models/real
    .venv/bin/python benchmarks/time_to_first_result.py --copies 1 --videos CLIPS --long 60min.mp4 \
        --model core/resources/models/real --until-full
    .venv/bin/python benchmarks/time_to_first_result.py --copies 0 --long 60min.mp4 \
        --model core/resources/models/real --rule

Writes ``benchmarks/out/time_to_first_result.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.encoders import Encoder  # noqa: E402
from core.indexer import IndexOptions, MomentIndexer  # noqa: E402
from core.library import VideoLibrary  # noqa: E402

CONFIGS = {
    "one pass, per-file commits": dict(two_pass=False, commit_every_s=0.0, commit_videos=1),
    "one pass, batched commits": dict(two_pass=False),
    "two passes, batched commits": dict(two_pass=True),
}
RULE = {"the rule's choice": {}}  # (``--rule``: two_pass unset, the run's files decide)


def top_video(lib_path: Path, qvec) -> str | None:
    with VideoLibrary(lib_path, read_only=True) as lib:
        hits = lib.moment_search.search(qvec, 1)
        return lib.video_table.get(hits[0].video_id).content_hash if hits else None


def run_once(folder: Path, encoder, qvec, right: str | None, options: dict, long_name: str = "",
             until_full: bool = False, until_long: bool = False) -> dict:
    lib_path = Path(tempfile.mkdtemp(prefix="ttfr-lib-"))
    paused = 0.0
    first_any = first_right = first_long = all_quick = two = None
    t0 = time.monotonic()
    with VideoLibrary(lib_path) as lib:
        indexer = MomentIndexer(lib, encoder, IndexOptions(**options))
        for ev in indexer.run([str(folder)]):
            if ev.kind == "scanned":
                two = bool((ev.summary or {}).get("two_pass"))
            if ev.kind == "pass_started" and until_full:  # (the quick pass done: every file searchable)
                all_quick = time.monotonic() - t0 - paused
                indexer.cancel()
            if ev.kind != "file_done":
                continue
            now = time.monotonic() - t0 - paused
            first_any = now if first_any is None else first_any
            if long_name and first_long is None and Path(ev.current or "").name == long_name:
                first_long = now
                if until_long:
                    indexer.cancel()
            if right is not None and first_right is None:
                s = time.monotonic()
                if top_video(lib_path, qvec) == right:
                    first_right = now
                paused += time.monotonic() - s
    total = time.monotonic() - t0 - paused
    shutil.rmtree(lib_path, ignore_errors=True)
    return {"first_searchable_s": first_any, "first_useful_s": first_right, "total_s": total,
            **({"long_searchable_s": first_long} if long_name else {}),
            **({"all_searchable_s": all_quick} if until_full else {}), "two_passes": two}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--videos", default=str(ROOT.parent / "shared" / "videos"))
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--query", default="a car on a road")
    ap.add_argument("--model", default=str(ROOT / "core" / "resources" / "models" / "demo"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--long", default="", help="a long video put in the folder too (when it is first searchable)")
    ap.add_argument("--until-full", action="store_true",
                    help="the two-pass run alone, stopped when its full pass starts (when all is searchable)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "time_to_first_result"))
    ap.add_argument("--rule", action="store_true",
                    help="the configuration the library picks (two_pass unset) alone, stopped when the long file is searchable")
    args = ap.parse_args()
    if args.rule and not args.long:
        ap.error("--rule measures when the long file is first searchable: give it with --long FILE")
    src = [p for p in sorted(Path(args.videos).iterdir()) if p.suffix.lower() in (".mp4", ".mkv", ".mov", ".webm")]
    folder = Path(tempfile.mkdtemp(prefix="ttfr-videos-"))
    for c in range(args.copies):  # copies differ in their last byte: no copy is found as a twin
        for p in src:
            dst = folder / f"{p.stem}-{c}{p.suffix}"
            dst.write_bytes(p.read_bytes() + bytes([c]) * (c > 0))
    long_name, long_s = "", 0.0
    if args.long:
        from core.media import probe

        long_name, long_s = Path(args.long).name, probe(args.long).duration
        shutil.copyfile(args.long, folder / long_name)
    encoder = Encoder.load(args.model)
    qvec = encoder.encode_text([args.query])[0]
    ref = Path(tempfile.mkdtemp(prefix="ttfr-ref-"))
    right = None
    if not (args.until_full or args.rule):  # (the reference: a whole one-pass index of the folder)
        with VideoLibrary(ref) as lib:
            for _ in MomentIndexer(lib, encoder, IndexOptions(two_pass=False)).run([str(folder)]):
                pass
        right = top_video(ref, qvec)
    shutil.rmtree(ref, ignore_errors=True)
    results = {}
    configs = RULE if args.rule else {n: o for n, o in CONFIGS.items() if not args.until_full or o.get("two_pass")}
    for name, options in configs.items():
        runs = [run_once(folder, encoder, qvec, right, options, long_name, args.until_full, args.rule)
                for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["total_s"])
        results[name] = {"options": options, "best": best, "runs": runs}
        print(name, best, flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    files = len(src) * args.copies + bool(long_name)
    lines = [f"Time to first result, {files} files ({args.copies} copies of {len(src)} in {args.videos}"
             + (f", and {long_name} of {long_s / 60:.1f} min" if long_name else "")
             + f"), model {Path(args.model).name}, query {args.query!r}; best of {args.repeat}"
             + (", stopped when the full pass starts." if args.until_full else
                ", stopped when the long file is searchable." if args.rule else "."), "",
             "| configuration | first searchable s | first useful s |" + (" long searchable s (x real time) |" if long_name else "")
             + (" all searchable s |" if args.until_full else "") + " total s |",
             "|---|---|---|" + ("---|" if long_name else "") + ("---|" if args.until_full else "") + "---|"]
    fmt = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
    for name, r in results.items():
        b = r["best"]
        ls = b.get("long_searchable_s")
        long_cell = f" {fmt(ls)} ({fmt(ls and long_s / ls)}) |" if long_name else ""
        all_cell = f" {fmt(b.get('all_searchable_s'))} |" if args.until_full else ""
        name += f" ({'two passes' if b['two_passes'] else 'one pass'})" if args.rule else ""
        lines.append(f"| {name} | {fmt(b['first_searchable_s'])} | {fmt(b['first_useful_s'])} |{long_cell}{all_cell}"
                     f" {fmt(b['total_s'])} |")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps({"files": files, "query": args.query, "long": long_name,
                                                    "long_s": long_s, "results": results}, indent=1))
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
