"""One-folder re-scans for ``tests.rescan_world`` (``World(one_folder=True)``; ``benchmarks/rescan_fuzz.py
--one-folder``): a video moved from one library folder to another, then each of the two re-scanned alone in a
random order (the window's "Re-scan its folder", ``seekframe index FOLDER``), and after each the rules of what
a re-scan of one folder may change:

- every file the walk of that folder lists: listed once, online, indexed as its content (or failed, cut
  short), as after a whole re-scan (``rescan_checks.Checker._files``);
- a video of that folder whose file is gone: removed (kept by its content a while: ``core.sync_gone``) or
  kept offline (held), never listed online;
- every other video as it was (its path, moments and offline flag), but one taken as moved into the folder
  (``sync_gone.KeptElsewhere.take_twin``, ``sync_missing``): its id and moments kept, at a file of its
  content there (one it lists through a link: at the file's own name, ``core.sync_own_names``), its old
  file gone; a video new to the library only in that folder;
- nothing embedded where the folder's files' contents were all known (to a video of the library, or to one
  kept by its content);
- after both: the moved video, done before, keeps its id and moments, at its new path (by the file's own
  name where a link into its folder lists it too, as a whole re-scan gives it); or, its old folder
  holding it offline (a drive unplugged, the safety valve), stays there.

Its choices come from a generator of its own, so a seed's other operations are those it always had until
the first move across folders changes the tree."""

from __future__ import annotations

import os
import random
import shutil
from collections import defaultdict

from core.library import VideoLibrary, gone_kept
from core.library.records import DONE
from core.scan import is_under
from core.scan_links import through_link
from tests.rescan_world import sha

SHARE = 0.3  # of the steps, those that move a video across folders first (two online folders or more)


class OneFolder:
    def __init__(self, world, seed: int):
        self.world, self.rng = world, random.Random(seed * 7919 + 17)

    def wanted(self) -> bool:
        return self.rng.random() < SHARE and len(self.world.online()) > 1

    def step(self) -> str:
        w, ch = self.world, self.world.checker
        src_folder, dst_folder = self.rng.sample(w.online(), 2)
        files = [p for p in w.files([src_folder])
                 if os.path.realpath(p) == str(p) and is_under(str(p), str(src_folder))]
        if not files:
            return ""
        src = self.rng.choice(files)
        dst = dst_folder / self.rng.choice(["", "sub"]) / f"across{w._next():03d}.mp4"
        first = ch.snapshot()
        was = next((i for i, v in first.records.items() if v.path == str(src) and v.status == DONE
                    and ch.sha_of.get(i) == sha(src) and sha(src) not in w.corrupt), None)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(src, dst)
        order = [src_folder, dst_folder] if self.rng.random() < 0.5 else [dst_folder, src_folder]
        what = f"move {src} {dst} (across folders); re-scan {order[0]} alone, then {order[1]}"
        w.ops.append(what)
        said = []
        for root in order:
            after = self._rescan(root, said)
        if was is not None:  # (its id at the new path; or another video of its content that was indexed
            # before and left its place in this folder, the two alike: ``rescan_checks``'s rule for a content)
            now = after.records.get(was)
            at = next((i for i, v in after.records.items() if v.path == str(dst)), None)
            # (the moved file under any of its names: a folder linked into another library folder lists it twice)
            names = [i for i, v in after.records.items() if os.path.realpath(v.path) == os.path.realpath(dst)]
            # (of those, the file's own name, as a whole re-scan gives it: a link's may be removed later)
            names = [i for i in names if not through_link(after.records[i].path, after.records[i].root)] or names
            alike = {i for i in first.records if ch.sha_of.get(i) == ch.sha_of[was]}
            held = now is not None and now.path == str(src) and now.offline
            if not held and not any(i in alike and [m[0] for m in after.moments[i]] == [m[0] for m in first.moments[i]]
                                    for i in names):
                ch.fail(f"{src} moved to {dst}, each folder re-scanned alone: its video {was} is now {now}, the "
                        f"video at {dst} {at} (videos of its content before: {sorted(alike)})", "\n".join(said))
        return what

    def _rescan(self, root, said: list[str]):
        w, ch = self.world, self.world.checker
        before = ch.snapshot()
        with VideoLibrary(w.lib, read_only=True) as library:
            kept = {ch.sha_of[i] for i in gone_kept.entries(library.meta, set(before.records)) if i in ch.sha_of}
        embedded = w.encoder.embedded
        code, err = w.cli("index", root)
        said.append(f"index {root}: {err.strip()}")
        if code not in (0, 1):
            ch.fail(f"index {root} exited {code}", err)
        self.check(before, str(root), w.encoder.embedded - embedded, err, kept)
        return ch.snapshot(before=False)

    def check(self, before, root: str, embedded: int, err: str, kept: set[str]) -> None:
        w, ch = self.world, self.world.checker
        after, status = ch.snapshot(before=False), ch.status()
        disk = {str(p): sha(p) for p in w.files([w.folders[[str(f) for f in w.folders].index(root)]])}
        by_path = defaultdict(list)
        for v in after.records.values():
            by_path[v.path].append(v)
        if twice := {p: len(v) for p, v in by_path.items() if len(v) > 1}:
            ch.fail(f"a re-scan of {root} alone: listed more than once: {twice}", err)
        ch._files(disk, by_path, after, status, err)
        away = [str(f) for f in w.away]
        real = {os.path.realpath(p): h for p, h in disk.items()}  # (a file it lists through a link, by its own name)
        for i, v in before.records.items():
            now = after.records.get(i)
            if is_under(v.path, root) and v.path not in disk:
                if now is not None and now.path == v.path and not now.offline:
                    ch.fail(f"a re-scan of {root} alone: {v.path} is gone, listed online", err)
                continue
            if is_under(v.path, root):
                continue  # (its file there: ``_files``)
            if now is None:
                ch.fail(f"a re-scan of {root} alone removed {v.path}, a video of another folder", err)
            moments = [m[0] for m in after.moments[i]] == [m[0] for m in before.moments[i]]
            lands = disk.get(now.path) if is_under(now.path, root) else real.get(os.path.realpath(now.path))
            if now.path != v.path and not (lands == ch.sha_of.get(i) and not os.path.exists(v.path) and moments):
                ch.fail(f"a re-scan of {root} alone took {v.path} as moved to {now.path} (its file there: "
                        f"{os.path.exists(v.path)}, its moments kept: {moments})", err)
            if now.path == v.path and (not moments or (now.offline != v.offline
                                                       and not any(is_under(v.path, f) for f in away))):
                ch.fail(f"a re-scan of {root} alone changed {v.path}, a video of another folder: {v} -> {now}", err)
        for i, v in after.records.items():
            if i not in before.records and not is_under(v.path, root):
                ch.fail(f"a re-scan of {root} alone listed {v.path}, outside it", err)
        known = {ch.sha_of[i] for i, v in before.records.items() if v.status == DONE and i in ch.sha_of} | kept
        if embedded and {d for d in disk.values() if d not in w.corrupt} <= known:
            ch.fail(f"a re-scan of {root} alone embedded {embedded} moments, every content of it known", err)
        if status["problems"] or status["damaged"]:
            ch.fail(f"a re-scan of {root} alone: status problems {status['problems']}, damaged {status['damaged']}",
                    err)
        ch._search(after, err)
        for i, v in after.records.items():
            if v.path in disk:
                ch.sha_of[i], ch.seen[i] = disk[v.path], (v.size, v.mtime)
