"""A search filtered to a folder (``seekframe search --folder F``, the app's folder filter) whose
library folder holds many folders and links: what the filter costs per search.

The library folder ``A`` holds ``--folders`` empty folders (5,040: 70 x 72), a video, ``toB`` (a
link to the library folder ``B``: ``--folder A`` finds B's videos through it) and ``usr``, a link
to a copy of ``--big``'s folders and folder links (``/usr`` by default; no file copied). The
library is indexed with the colour-mean fake model, then ``Searcher.text`` runs ``--runs`` times
unfiltered, filtered to ``A``, to ``A/d00`` and to ``B``, each with a new ``Filters`` as the
command line and the app build one per search:

* ``walk``: the links of ``A``'s tree found by walking it (the code before the links were
  recorded; what a library indexed before then still does until its next index);
* ``recorded``: the links ``A``'s last index recorded (library setting ``folder_links``).

A second part times the filter alone (``Filters.matcher`` over 20,000 video rows, as
``Searcher`` applies it) with ``usr`` a link to ``--big`` itself (``/usr``: its files too).

    .venv/bin/python benchmarks/folder_filter.py
    .venv/bin/python benchmarks/folder_filter.py --big /opt --runs 15

Writes ``benchmarks/out/folder_filter.json`` and ``.md`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))


def skeleton(big: Path, into: Path) -> tuple[int, int]:
    """``big``'s folders and links to folders under ``into`` (a link's target inside ``big``
    pointed at the copy's); (folders, links) made."""
    folders = links = 0
    for here, dirs, _ in os.walk(big):
        mine = into / os.path.relpath(here, big)
        mine.mkdir(parents=True, exist_ok=True)
        folders += 1
        for d in list(dirs):
            path = os.path.join(here, d)
            if os.path.islink(path):
                target = os.path.realpath(path)
                if target == str(big) or target.startswith(str(big) + os.sep):
                    target = str(into / os.path.relpath(target, big))
                os.symlink(target, mine / d)
                links += 1
    return folders, links


def make_tree(tmp: Path, n_folders: int, big: Path) -> dict:
    from tests.videos import Segment, write_video

    a, b = tmp / "home" / "A", tmp / "data" / "B"
    for i in range(n_folders):
        (a / f"d{i // 72:02d}" / f"e{i:04d}").mkdir(parents=True)
    write_video(a / "again.mp4", [Segment(2, "red")], seed=1)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=2)
    os.symlink(b, a / "toB")
    big_folders, big_links = skeleton(big, tmp / "big")
    os.symlink(tmp / "big", a / "usr")
    return {"A": str(a), "B": str(b), "big_folders": big_folders, "big_links": big_links}


def p50_ms(fn, runs: int) -> float:
    fn()  # (warm: the folders' entries in the kernel's cache, as a second search finds them)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def end_to_end(tmp: Path, tree: dict, runs: int) -> list[dict]:
    from core.filters import Filters
    from core.indexer import IndexOptions, MomentIndexer
    from core.library import VideoLibrary
    from core.search import Searcher
    from tests.fakes import ColourMeanEncoder

    class Encoder(ColourMeanEncoder):
        card = None

        def encode_text(self, texts, batch_size=16):
            return np.tile(np.array([1.0, 0.0, 0.0, 1.0], np.float32) / np.sqrt(2), (len(texts), 1))

    lib = tmp / "lib"
    t = time.perf_counter()
    with VideoLibrary(lib) as library:
        events = list(MomentIndexer(library, Encoder(), IndexOptions(two_pass=False)).run([tree["B"], tree["A"]]))
    assert events[-1].kind == "finished", events[-1]
    index_s = round(time.perf_counter() - t, 2)
    rows = []
    with VideoLibrary(lib, read_only=True) as library:
        recorded = library.meta.settings.folder_links or {}
        n_links = sum(len(r.get("links") or {}) for r in recorded.values())
        size = len(json.dumps(recorded))
        for how in ("walk", "recorded"):
            searcher = Searcher(library, Encoder())
            if how == "walk":
                searcher._links = lambda: None
            for label, folder in (("none", None), ("A", tree["A"]), ("A/d00", tree["A"] + "/d00"), ("B", tree["B"])):
                found = searcher.text("x", k=20, filters=Filters(folder=folder) if folder else None)
                ms = p50_ms(lambda: searcher.text("x", k=20, filters=Filters(folder=folder) if folder else None), runs)
                rows.append({"part": "search", "links": how, "folder": label, "p50_ms": ms,
                             "found": sorted(os.path.basename(r.path) for r in found),
                             "index_s": index_s, "links_recorded": n_links, "record_bytes": size})
                print(json.dumps(rows[-1]), flush=True)
    return rows


def filter_alone(tmp: Path, big: Path, runs: int) -> list[dict]:
    """``Filters.matcher`` over 20,000 rows with ``A2/usr`` a link to ``big`` itself."""
    from core.filters import Filters
    from core.library.records import VideoRecord
    from core.scan import scan

    a, b = tmp / "home2" / "A2", tmp / "data" / "B"
    a.mkdir(parents=True)
    os.symlink(b, a / "toB")
    os.symlink(big, a / "usr")
    folders = [str(a), str(b)]
    t = time.perf_counter()
    records = scan(folders).links
    scan_s = round(time.perf_counter() - t, 2)
    videos = {f"v{i}": VideoRecord(video_id=f"v{i}", path=f"{folders[i % 2]}/{i}.mp4", root=folders[i % 2], size=1,
                                   mtime=0.0, content_hash="", status="done") for i in range(20000)}

    def search(folder, links):
        accepts = Filters(folder=folder).matcher(folders, videos, links)
        return {vid for vid, v in videos.items() if accepts(v)}

    rows = []
    for how, links in (("walk", None), ("recorded", records)):
        for label, folder, n in ((f"A2 (usr -> {big})", str(a), 20000), ("B", str(b), 10000)):
            assert len(search(folder, links)) == n
            rows.append({"part": "filter", "links": how, "folder": label, "found": n, "index_s": scan_s,
                         "p50_ms": p50_ms(lambda: search(folder, links), runs),
                         "links_recorded": sum(len(r["links"] or {}) for r in records.values()),
                         "record_bytes": len(json.dumps(records))})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def markdown(rows: list[dict], args) -> str:
    lines = [f"Search filtered to a folder: `A` holds {args.folders} folders, `toB` (a link to the library folder "
             f"`B`) and `usr` (search: a copy of {args.big}'s {args.big_folders} folders and {args.big_links} folder "
             f"links; filter: a link to {args.big} itself); p50 of {args.runs} runs, warm; {platform.machine()}, "
             f"{os.cpu_count()} CPUs, load average {args.load} before. walk: the folder's tree walked for links at "
             "each search (the code before); recorded: the links its last index recorded. index_s: the index "
             "(search) or the scan (filter) that recorded them.", "",
             "| part | folder | links | p50_ms | found | index_s | links_recorded | record_bytes |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        found = r["found"] if isinstance(r["found"], int) else ", ".join(r["found"]) or "-"
        lines.append(f"| {r['part']} | {r['folder']} | {r['links']} | {r['p50_ms']} | {found} | {r['index_s']} | "
                     f"{r['links_recorded']} | {r['record_bytes']} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folders", type=int, default=5040)
    ap.add_argument("--big", default="/usr", help="a big tree A links to")
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args(argv)
    big = Path(args.big).resolve()
    args.load = round(os.getloadavg()[0], 2)
    tmp = Path(tempfile.mkdtemp(prefix="seekframe-folder-filter-"))
    try:
        tree = make_tree(tmp, args.folders, big)
        args.big_folders, args.big_links = tree["big_folders"], tree["big_links"]
        rows = end_to_end(tmp, tree, args.runs) + filter_alone(tmp, big, args.runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "folder_filter.json").write_text(json.dumps({"args": vars(args), "rows": rows}, indent=2))
    table = markdown(rows, args)
    (OUT / "folder_filter.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
