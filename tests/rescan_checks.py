"""The checks after each re-scan of ``tests.rescan_world.World``: the library against the truth on
disk and against itself before the scan.

- every file in an online library folder is listed once, at its path, online, with its size and
  time, indexed (its moments those of its content) or, cut short, failed with a reason;
- a video listed whose file is not there is offline, in a folder unplugged or one the library
  says it held (an empty folder, most of it gone at once: ``core.sync_held.HOLD_REASONS``), never in a
  folder no longer the library's;
- a content known before keeps its videos (ids and moments, as many as it has files now: unchanged,
  touched, renamed, moved) and nothing is embedded when no new content came;
- an unplugged folder's videos are all kept, with their moments, and said offline; so are those
  behind a link whose target went (``tests.rescan_links.behind_away``), or found moved;
- a video whose file is not there before the scan is removed by it where the window and ``seekframe
  search`` said it gone, kept where they said it offline (``core.scan.file_gone``: ``said``), but
  in a folder where the scan found videos moved (the words cannot tell a move from a deletion);
- ``seekframe status --json`` answers without problems, and a search answers from the library.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from core.library import VideoLibrary, gone_kept
from core.library.records import DONE, FAILED
from core.scan import is_under
from core.search import Searcher
from tests.rescan_links import behind_away
from tests.rescan_world import sha


@dataclass
class Snapshot:
    records: dict  # video id -> VideoRecord
    moments: dict  # video id -> [(moment id, vector)]
    root_ids: dict | None = None  # library setting root_ids: the folders' identities
    gone_kept: frozenset = frozenset()  # ids of videos removed and kept by their content (core.library.gone_kept)


class Checker:
    def __init__(self, world):
        self.world = world
        self.sha_of: dict[str, str] = {}  # video id -> the sha256 of its file when last checked
        self.seen: dict[str, tuple] = {}  # video id -> its (size, mtime) then
        self.vectors: dict[str, np.ndarray] = {}  # sha256 -> its moments' vectors, as first indexed

    def snapshot(self, before: bool = True) -> Snapshot:
        if not (self.world.lib / "library.json").exists():
            return Snapshot({}, {})
        with VideoLibrary(self.world.lib, read_only=True) as library:
            records = {v.video_id: v for v in library.video_table.all()}
            of = library.moment_table.of_videos(records)  # (in one read: a read a video, 20% of a seed's time)
            moments = {i: [(m.moment_id, m.vector) for m in of.get(i, [])] for i in records}
            root_ids = dict(library.meta.settings.root_ids or {})
            kept_ids = frozenset(gone_kept.entries(library.meta, set(records)))
        for i, v in records.items() if before else ():  # (indexed by a run killed since: as it found them)
            if self.seen.get(i) != (v.size, v.mtime) and v.status == DONE and os.path.isfile(v.path) and \
                    (os.stat(v.path).st_size, os.stat(v.path).st_mtime) == (v.size, v.mtime):
                self.sha_of[i], self.seen[i] = sha(v.path), (v.size, v.mtime)
        return Snapshot(records, moments, root_ids, kept_ids)

    def fail(self, what: str, err: str = "") -> None:
        raise AssertionError(f"{what}\n{self.world.history()}" + (f"\nthe run said: {err}" if err else ""))

    def status(self) -> dict:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            from core.cli import main

            code = main(["status", "--library", str(self.world.lib), "--json"])
        if code != 0:
            self.fail(f"status exited {code}: {err.getvalue()} {out.getvalue()[-2000:]}")
        return json.loads(out.getvalue())

    def said(self, before: Snapshot) -> dict[str, bool | str]:
        """{video id: said gone, or the path it was said moved to} of the videos listed online whose file
        is not there now, as the window and ``seekframe search`` say it (``FolderVideos.moved_to``: renamed
        in its folder; else ``core.scan.file_gone``, the library's videos counted)."""
        from core.gone_rule import FolderVideos
        from core.scan import file_gone

        every, ids = FolderVideos(before.records.values()), before.root_ids or {}
        return {i: every.moved_to(v.path) or file_gone(v.path, v.root, ids.get(v.root), every)
                for i, v in before.records.items() if not v.offline and not os.path.exists(v.path)}

    def _words(self, before: Snapshot, after: Snapshot, said: dict[str, bool | str], err: str) -> None:
        listed = {v.path for v in after.records.values()}
        for i, word in said.items():  # (said moved: the re-scan keeps it, there or at a copy of it made since,
            now = after.records.get(i)  # found first, the file said taking its moments as a copy)
            if isinstance(word, str) and now is None:
                self.fail(f"{before.records[i].path} was said moved to {word}, the re-scan removed it", err)
            elif isinstance(word, str) and now.path != word and word not in listed:
                self.fail(f"{before.records[i].path} was said moved to {word}, the re-scan has it at {now.path} "
                          "and not that file", err)
        moved = {before.records[i].root for i, v in after.records.items()  # (moves the words did not tell)
                 if i in before.records and v.path != before.records[i].path and said.get(i) != v.path}
        for i, gone in said.items():
            v, now = before.records[i], after.records.get(i)
            if isinstance(gone, str) or v.root in moved or (now is not None and now.path != v.path):
                continue  # (found moved, or in a folder of moves: said offline or gone, a move either way)
            if gone and now is not None:
                self.fail(f"{v.path} was said gone (its file not there), the re-scan kept it (offline={now.offline})", err)
            if not gone and now is None:
                self.fail(f"{v.path} was said offline (its file not there), the re-scan removed it", err)

    def check(self, before: Snapshot, embedded: int, err: str, said: dict | None = None) -> None:
        w = self.world
        after, status = self.snapshot(before=False), self.status()
        disk = {str(p): sha(p) for p in w.files()}
        by_path = defaultdict(list)
        for v in after.records.values():
            by_path[v.path].append(v)
        twice = {p: len(v) for p, v in by_path.items() if len(v) > 1}
        if twice:
            self.fail(f"listed more than once: {twice}", err)
        self._files(disk, by_path, after, status, err)
        self._absent(disk, after, status, err)
        self._kept(before, after, disk, status, err)
        self._embedded(before, disk, embedded, status, err)
        self._search(after, err)
        self._words(before, after, said or {}, err)
        moments = sum(len(m) for i, m in after.moments.items() if after.records[i].status == DONE)
        if status["moments"] != moments or status["problems"] or status["damaged"]:
            self.fail(f"status: {status['moments']} moments ({moments} of done videos), problems "
                      f"{status['problems']}, damaged {status['damaged']}", err)
        if status["stopped_runs"]:
            self.fail(f"a whole re-scan left stopped runs: {status['stopped_runs']}", err)
        for i, v in after.records.items():
            if v.path in disk:
                self.sha_of[i], self.seen[i] = disk[v.path], (v.size, v.mtime)

    def _files(self, disk, by_path, after, status, err) -> None:
        failed = {f["path"]: f["reason"] for f in status["failed"] + status["not_videos"]}
        for path, digest in disk.items():
            if path not in by_path:
                self.fail(f"{path} is on disk, not in the library", err)
            v = by_path[path][0]
            st = os.stat(path)
            if v.offline or v.size != st.st_size or abs(v.mtime - st.st_mtime) > 1e-3:
                self.fail(f"{path}: listed offline={v.offline} size={v.size} mtime={v.mtime}, on disk "
                          f"{st.st_size} {st.st_mtime}", err)
            if digest in self.world.corrupt:
                if v.status != FAILED or not v.error or not failed.get(path):
                    self.fail(f"{path} (cut short) is {v.status} ({v.error!r}), status lists {failed.get(path)!r}", err)
                continue
            moments = after.moments[v.video_id]
            if v.status != DONE or v.quick or not moments or len(moments) != v.n_moments:
                self.fail(f"{path}: {v.status} quick={v.quick} n_moments={v.n_moments}, {len(moments)} moments", err)
            vectors = np.stack([m[1] for m in moments])
            ref = self.vectors.setdefault(digest, vectors)
            if ref.shape != vectors.shape or not np.allclose(ref, vectors, atol=1e-5):
                self.fail(f"{path}: its moments are not those of its content", err)

    def _absent(self, disk, after, status, err) -> None:
        w = self.world
        held = {f["path"]: f for f in status["folder_status"]}
        if sorted(held) != sorted(map(str, w.folders)):
            self.fail(f"library folders {sorted(held)}, expected {sorted(map(str, w.folders))}", err)
        for folder in w.folders:
            f = held[str(folder)]
            listed = [v.path for v in after.records.values() if is_under(v.path, str(folder))]
            if folder in w.away and f["online"] and listed:  # (a drive with no video: nothing to say offline)
                self.fail(f"{folder} is unplugged, said online: {f}", err)
            if folder in w.away and not set(listed) <= set(status["offline"]):
                self.fail(f"{folder} is unplugged, its videos not all said offline: {status['offline']}", err)
            if f["held"] == "empty" and w.files([folder]):
                self.fail(f"{folder} held as empty, holds {w.files([folder])}", err)
        for v in after.records.values():
            if v.path in disk:
                continue
            root = next((f for f in w.folders if is_under(v.path, str(f))), None)
            if root is None:
                self.fail(f"{v.path} is listed, in no library folder", err)
            if not v.offline:
                self.fail(f"{v.path} is gone, listed online ({v.status})", err)
            if root not in w.away and not held[str(root)]["held"] and not behind_away(v.path, str(root)):
                self.fail(f"{v.path} is gone from {root} (online, not held), still listed", err)

    def known(self, before, status, loose: bool) -> dict[str, set[str]]:
        """sha256 -> ids of the videos done with it before the run in the online folders: those whose
        videos a file found elsewhere now is (moved) or copies. A folder the run held as empty may be
        an unplugged drive's mount point (none of them) or a folder emptied by moving its files away
        (each found: moves): ``loose`` counts it, else not. The unplugged folders never count."""
        empty = {f["path"] for f in status["folder_status"] if f["held"] == "empty"}
        online = [str(f) for f in self.world.online() if loose or str(f) not in empty]
        out = defaultdict(set)
        for i, v in before.records.items():
            if v.status == DONE and i in self.sha_of and any(is_under(v.path, f) for f in online):
                out[self.sha_of[i]].add(i)
        return out

    def _kept(self, before, after, disk, status, err) -> None:
        w = self.world
        away = [str(f) for f in w.away]
        for i, v in before.records.items():
            if any(is_under(v.path, f) for f in away) and any(is_under(v.path, str(f)) for f in w.folders):
                now = after.records.get(i)  # an unplugged folder's video: kept as it was, offline
                if now is None or now.path != v.path or not now.offline or \
                        [m[0] for m in after.moments[i]] != [m[0] for m in before.moments[i]]:
                    self.fail(f"{v.path} in an unplugged folder was not kept: {now}", err)
            root = next((str(f) for f in w.folders if f not in w.away and is_under(v.path, str(f))), None)
            if root and behind_away(v.path, root):  # (behind a link whose target went: kept, or found moved)
                now = after.records.get(i)
                if now is None or (now.path == v.path and not now.offline) or \
                        [m[0] for m in after.moments[i]] != [m[0] for m in before.moments[i]]:
                    self.fail(f"{v.path} behind a link whose target went was not kept: {now}", err)
        strict, loose = self.known(before, status, False), self.known(before, status, True)
        have = defaultdict(set)
        for i, v in after.records.items():
            if v.path in disk:
                have[disk[v.path]].add(i)
        for digest, ids in loose.items():
            kept = ids & have[digest]
            at_least, at_most = min(len(strict[digest]), len(have[digest])), min(len(ids), len(have[digest]))
            if not at_least <= len(kept) <= at_most:
                self.fail(f"content {digest[:8]} had videos {sorted(ids)} ({sorted(strict[digest])} in folders "
                          f"not held empty), its {len(have[digest])} files now are {sorted(have[digest])}", err)
            for i in kept:  # (its moments unchanged: not embedded again)
                if [m[0] for m in after.moments[i]] != [m[0] for m in before.moments[i]]:
                    self.fail(f"{after.records[i].path} kept its id, its moments were written again: before "
                              f"{before.records[i]}, now {after.records[i]}", err)

    def _embedded(self, before, disk, embedded, status, err) -> None:
        strict, loose = self.known(before, status, False), self.known(before, status, True)
        contents = {d for d in disk.values() if d not in self.world.corrupt}
        if embedded and contents <= set(strict):
            self.fail(f"{embedded} moments embedded, no new content", err)
        # (a copy of a video the library keeps offline, a drive away, takes its moments: ``core.sync``)
        away = [str(f) for f in self.world.away]
        kept = {self.sha_of[i] for i, v in before.records.items() if v.status == DONE and not v.quick
                and i in self.sha_of and (v.offline or any(is_under(v.path, f) for f in away))}
        kept |= {self.sha_of[i] for i in before.gone_kept if i in self.sha_of}  # (taken back: its moments)
        if not embedded and not contents <= set(loose) | kept:
            paths = sorted(p for p, d in disk.items() if d not in loose and d not in kept and d in contents)
            was = {p: (v.video_id, v.status, v.offline) for v in before.records.values() if (p := v.path) in paths}
            self.fail(f"new content at {paths} (listed before the run as {was}), none embedded", err)

    def _search(self, after, err) -> None:
        with VideoLibrary(self.world.lib, read_only=True) as library:
            results = Searcher(library, self.world.encoder).text("red", k=100)
        done = {i for i, v in after.records.items() if v.status == DONE}
        if done and not results:
            self.fail("a search found nothing in a library of indexed videos", err)
        for r in results:
            if r.video_id not in done or after.records[r.video_id].path != r.path:
                self.fail(f"a search found {r.path} ({r.video_id}), not an indexed video of the library", err)
