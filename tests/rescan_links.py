"""Links in the re-scan check's world (``tests.rescan_world.World(links=True)``): a library folder's
link to a folder outside the library (a shelf, now and then a drive of its own), to a file there, or
to another library folder or a folder in one; and such a link's target taken away as a user's drives
go: a folder or file moved away (the link dangles), a folder emptied (its files moved aside, as a
drive's mount point left empty), a drive unmounted, and each put back later. ``listed`` is what a
library folder's walk lists (``core.scan``: links followed, a folder reached twice walked once, a
folder that is another library folder never walked in this one), the checks' truth on disk;
``behind_away`` tells a video the re-scan must keep, marked offline (``core.sync``: a dangling link,
``core.sync_mounts.links_emptied``). Now and then a step makes the library one of a version that
recorded no folder identities and deletes files (``World.op_older``): the safety valve's words."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from core.scan import is_under


def listed(folder: Path, roots) -> list[Path]:
    """The videos (``.mp4`` files) the walk of the library folder ``folder`` lists, the library's
    folders being ``roots``: its own folders first, then those behind links, each real folder once;
    a link to a file of the folder itself is not listed (the file is, by its own name), and of two
    names of one file reached in it the one that is no link is."""
    if not folder.is_dir():
        return []
    real_root = os.path.realpath(folder)
    others = {os.path.realpath(r) for r in roots if Path(r) != folder}
    seen, files, out = set(), {}, {}
    stack, linked = [str(folder)], []
    while stack or linked:
        current = stack.pop() if stack else linked.pop(0)
        real = os.path.realpath(current)
        if real in seen or (current != str(folder) and real in others):
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=True):
                (linked if entry.is_symlink() else subdirs).append(entry.path)
            elif entry.name.endswith(".mp4") and entry.is_file(follow_symlinks=True):
                if entry.is_symlink() and is_under(os.path.realpath(entry.path), real_root):
                    continue
                st = entry.stat(follow_symlinks=True)
                first = files.get((st.st_dev, st.st_ino))
                if first is not None and (os.path.islink(first) or entry.is_symlink()):
                    if not (os.path.islink(first) and not entry.is_symlink()):
                        continue
                    del out[first]
                files[(st.st_dev, st.st_ino)] = entry.path
                out[entry.path] = Path(entry.path)
        stack.extend(reversed(subdirs))
    return list(out.values())


def behind_away(path: str, root: str) -> bool:
    """Whether ``path``, in the library folder ``root``, is a link leading nowhere or lies behind a
    link to a folder that leads nowhere or to an empty folder now: kept offline by the re-scan."""
    p = path
    while p != root and is_under(p, root):
        if os.path.islink(p):
            if not os.path.exists(p):
                return True
            try:
                if os.path.isdir(p) and not os.listdir(p):
                    return True
            except OSError:
                return True
        p = os.path.dirname(p)
    return False


class Links:
    """The world's links and the targets it takes away and puts back (``step``)."""

    def __init__(self, world):
        self.w = world
        self.shelves, self.loose = world.base / "shelves", world.base / "loose"
        self.targets: list[Path] = []  # shelves and loose files that links lead to
        self.away: dict[Path, tuple[Path, str]] = {}  # target -> (where it is meanwhile, how it went)
        self.mounted: set[Path] = set()  # shelves that are drives of their own

    def step(self) -> str:
        w, r = self.w, self.w.rng.random()
        live = [t for t in self.targets if t not in self.away]
        if not w.online():
            return w.op_plug()
        if r < 0.1:
            return w.op_older()
        if r < 0.3:
            return self.op_link_folder()
        if r < 0.45:
            return self.op_link_file()
        if r < 0.55 and len(w.online()) > 1:
            return self.op_link_library()
        if r < 0.75 and live:
            return self.op_away(w.rng.choice(live))
        if r < 0.8:
            return self.op_new_folder()
        if self.away:
            return self.op_back(w.rng.choice(sorted(self.away)))
        return self.op_link_folder()

    def _where(self, name: str) -> Path:
        folder = self.w.rng.choice(self.w.online()) / self.w.rng.choice(["", "", "sub"])
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{name}{self.w._next()}"

    def op_link_folder(self) -> str:
        w = self.w
        shelf = self.shelves / f"S{w._next()}"
        shelf.mkdir(parents=True)
        if w.mounts is not None and w.rng.random() < 0.5:  # (a drive mounted outside the library)
            w.mounts.tmpfs(shelf)
            self.mounted.add(shelf)
        for _ in range(w.rng.randint(1, 2)):
            w._put(shelf / w.rng.choice(["", "day"]) / f"clip{w._next():03d}.mp4", w.rng.choice(w.pool))
        link = self._where("link")
        os.symlink(shelf, link)
        self.targets.append(shelf)
        return f"link {link} -> {shelf}{' (a drive)' if shelf in self.mounted else ''}"

    def op_new_folder(self) -> str:
        """A video in a new sub-folder of a library folder: a video the re-scan finds in it (not "found
        empty", whatever its other folders hold: ``core.gone_rule``'s walk)."""
        w = self.w
        path = w.rng.choice(w.online()) / f"new{w._next()}" / "clip.mp4"
        w._put(path, w.rng.choice(w.pool))
        return f"add {path} (a new sub-folder)"

    def op_link_file(self) -> str:
        w = self.w
        target = self.loose / f"clip{w._next():03d}.mp4"
        w._put(target, w.rng.choice(w.pool))
        link = Path(f"{self._where('linked')}.mp4")
        os.symlink(target, link)
        self.targets.append(target)
        return f"link {link} -> {target}"

    def op_link_library(self) -> str:
        w = self.w
        a, b = w.rng.sample(w.online(), 2)
        subs = sorted(p for p in b.rglob("*") if p.is_dir() and not p.is_symlink())
        target = w.rng.choice([b, *subs])
        link = a / w.rng.choice(["", "sub"]) / f"lib{w._next()}"
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)
        return f"link {link} -> {target} (in another library folder)"

    def op_away(self, target: Path) -> str:
        w = self.w
        where = w.aside / f"{target.name}-{w._next()}"
        if target in self.mounted:
            shutil.copytree(target, where, copy_function=shutil.copy2, symlinks=True)
            w.mounts.unmount(target)
            how = "unplugged"
        elif target.is_dir() and w.rng.random() < 0.5:
            where.mkdir()
            for entry in list(target.iterdir()):
                shutil.move(entry, where / entry.name)
            how = "emptied"
        else:
            target.rename(where)
            how = "gone"
        self.away[target] = (where, how)
        return f"{how} {target} (behind links)"

    def op_back(self, target: Path) -> str:
        where, how = self.away.pop(target)
        if how == "unplugged":
            self.w.mounts.tmpfs(target)
            shutil.copytree(where, target, copy_function=shutil.copy2, symlinks=True, dirs_exist_ok=True)
            shutil.rmtree(where)
        elif how == "emptied":
            for entry in list(where.iterdir()):
                shutil.move(entry, target / entry.name)
            where.rmdir()
        else:
            where.rename(target)
        return f"back {target} (behind links)"
