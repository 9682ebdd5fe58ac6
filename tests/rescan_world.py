"""A model-based check of re-scans (tests/test_rescan_model.py; ``benchmarks/rescan_fuzz.py`` runs
many seeds): a temp tree of library folders that seeded random operations change as a user's
disks change (add, copy, rename, move, delete, replace, touch, truncate, a folder unplugged and
plugged back, folders added and forgotten, a ``seekframe index`` killed part-way, at a write the seed
picks: ``tests.rescan_kill``; with ``links=True``, links to folders and files, their targets taken
away and put back: ``tests.rescan_links``), and after
each re-scan (``seekframe index``, the library's folders) the library compared with the plain
truth, the files on disk (``rescan_checks``).

    world = World(tmp_path, seed=3)
    for _ in range(20):
        world.step()          # one random operation, then a re-scan, then the checks
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np

import core.cli
from core.cli import main
from tests import rescan_kill
from tests.cli_zygote import run_probe
from tests.rescan_links import Links, listed
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_truncated, write_video

POOL = [("red", None), ("blue", "yellow"), ("green", None), ("white", "black"), ("purple", None),
        ("orange", "blue")]
START_MTIME = 1_700_000_000
# a crash step's `seekframe index` kills itself at its write 1 + (the seed's draw in [0, 4)) * this
# (tests.rescan_kill): at the same point of its run on every machine, however loaded
KILL_SPREAD = 3
LINK_SHARE = 0.25  # of a links world's steps (``World(links=True)``), those that make a link or move its target


def torn_of(spread: float) -> str:
    """Whether a crash step's kill lands inside a LanceDB commit (``rescan_kill.TORN``: how far it got)
    or at its write point (""), from the same draw as the write (its fraction: half of the kills
    torn, each stage a sixth), so every seed keeps its operations and its write."""
    part = int((spread - int(spread)) * 6)
    return rescan_kill.TORN[part - 3] if part >= 3 else ""


class WordsEncoder(ColourMeanEncoder):
    """The fake encoder, with a query's vector (any will do: searches must answer, from the library)."""

    def encode_text(self, texts, batch_size=16):
        return np.tile(np.float32([0.5, 0.5, 0.5, 0.5]), (len(texts), 1))


def make_pool(folder: Path) -> list[Path]:
    """Six short clips, each of its own content (2 s, one moment)."""
    return [write_video(folder / f"pool{i}.mp4", [Segment(2, bg, square=sq)], seed=i)
            for i, (bg, sq) in enumerate(POOL)]


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def drives(probe: Path):
    """A ``tests.mounts.Mounts`` where a tmpfs can be mounted here (root on Linux), else None: the
    folders that are drives of their own are plain folders then, unplugged as a folder gone."""
    from tests.mounts import Mounts, mount_problem

    if mount_problem():
        return None
    probe.mkdir(parents=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)], capture_output=True).returncode:
        return None
    subprocess.run(["umount", str(probe)], capture_output=True)
    return Mounts()


class World:
    """The tree, the library and the truth; ``step()`` changes the tree at random, re-scans and checks."""

    def __init__(self, base: Path, seed: int, pool: list[Path], *, crashes: bool = True, log=None, links=False,
                 one_folder=False):
        self.base, self.rng, self.pool, self.crashes = Path(base), random.Random(seed), pool, crashes
        self.lib, self.drives, self.aside = self.base / "lib", self.base / "drives", self.base / "aside"
        self.encoder = WordsEncoder()
        core.cli._load_encoder = lambda *a, **k: self.encoder  # (the caller restores it: monkeypatch)
        self.folders: list[Path] = []  # the library's folders, as added
        self.away: dict[Path, Path] = {}  # a library folder unplugged: where its root is meanwhile
        self.corrupt: set[str] = set()  # the sha256 of the files cut short
        self.clock = START_MTIME
        self.names = 0
        self.made = 0  # folders made
        self.ops: list[str] = []  # what was done, for a failure's report
        self.log = log
        self.aside.mkdir(parents=True)
        self.mounts, self.mounted = drives(self.base / "probe"), set()  # (None: no mounts here)
        self.links = Links(self) if links else None  # (links made and their targets taken away: tests.rescan_links)
        from tests.rescan_one import OneFolder  # (a video moved across folders, each re-scanned alone)

        self.one = OneFolder(self, seed) if one_folder else None
        from tests.rescan_checks import Checker

        self.checker = Checker(self)
        try:
            for _ in range(self.rng.randint(2, 3)):
                self._new_folder()
            self.rescan(list(self.folders))
        except BaseException:
            self.close()  # (no World to close: its drives unmounted here)
            raise

    # -- the tree ---------------------------------------------------------------------------------
    def _tick(self, path: Path) -> None:
        self.clock += 10
        os.utime(path, (self.clock, self.clock))

    def _name(self, folder: Path) -> Path:
        self.names += 1
        sub = self.rng.choice(["", "", "sub", "sub/deeper"])
        return folder / sub / f"clip{self.names:03d}.mp4"

    def _put(self, path: Path, content: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content, path)
        self._tick(path)

    def _new_folder(self) -> Path:
        folder = self.drives / f"F{self.made}"
        self.made += 1
        folder.mkdir(parents=True, exist_ok=True)
        if self.mounts is not None and self.rng.random() < 0.5:  # a drive of its own (a tmpfs)
            self.mounts.tmpfs(folder)
            self.mounted.add(folder)
        for _ in range(self.rng.randint(1, 3)):
            self._put(self._name(folder), self.rng.choice(self.pool))
        self.folders.append(folder)
        return folder

    def online(self) -> list[Path]:
        return [f for f in self.folders if f not in self.away]

    def places(self) -> list[Path]:
        """Where files are changed: the online folders, and the unplugged ones where they are meanwhile
        (a drive changed on another computer)."""
        return self.online() + [self.away[f] for f in sorted(self.away)]

    def files(self, folders=None) -> list[Path]:
        """The videos the walks of ``folders`` (the online library folders) list, links followed."""
        return sorted(p for f in (self.online() if folders is None else folders) for p in listed(f, self.folders))

    # -- operations -------------------------------------------------------------------------------
    def op_add(self):
        folder = self.rng.choice(self.places())
        path = self._name(folder)
        self._put(path, self.rng.choice(self.pool))
        return f"add {path}"

    def op_copy(self, src):
        dst = self._name(self.rng.choice(self.places()))
        self._put(dst, src)  # (identical bytes, a new mtime: a copy made by a file manager)
        return f"copy {src} {dst}"

    def op_rename(self, src):
        dst = src.with_name(f"renamed{self._next()}.mp4")
        shutil.move(src, dst)
        return f"rename {src} {dst}"

    def op_move(self, src):
        dst = self._name(self.rng.choice(self.places()))
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(src, dst)  # (across drives: copied, its time kept, and deleted)
        return f"move {src} {dst}"

    def op_onto(self, src):
        others = [p for p in self.files(self.places()) if p != src]
        if not others:
            return self.op_rename(src)
        dst = self.rng.choice(others)
        if src.is_symlink():  # (mv -f of a link onto another drive's file: shutil.move makes it anew there)
            dst.unlink()
        shutil.move(src, dst)  # (mv -f)
        return f"move {src} onto {dst}"

    def op_swap(self, src):
        others = [p for p in self.files(self.places()) if p != src]
        if not others:
            return self.op_touch(src)
        other, tmp = self.rng.choice(others), src.with_name("swapping.tmp")
        shutil.move(src, tmp)
        shutil.move(other, src)
        shutil.move(tmp, other)
        return f"swap {src} {other}"

    def op_move_dir(self):
        dirs = sorted({p.parent for p in self.files(self.places())} - set(self.places()))
        if not dirs:
            return self.op_add()
        src = self.rng.choice(dirs)
        dst = self.rng.choice(self.places()) / f"moved{self._next()}"
        shutil.move(src, dst)
        return f"move folder {src} {dst}"

    def op_delete(self, src):
        src.unlink()
        return f"delete {src}"

    def op_replace(self, src):
        old = sha(src)
        content = self.rng.choice([p for p in self.pool if sha(p) != old])
        shutil.copyfile(content, src)
        self._tick(src)
        return f"replace {src} with {content.name}"

    def op_touch(self, src):
        self._tick(src)
        return f"touch {src}"

    def op_truncate(self, src):
        write_truncated(self.rng.choice(self.pool), src, keep=self.rng.choice([0.1, 0.3, 0.6]))
        self._tick(src)
        self.corrupt.add(sha(src))
        return f"truncate {src}"

    def _next(self) -> int:
        self.names += 1
        return self.names

    def op_unplug(self):
        folder = self.rng.choice(self.online())
        where = self.aside / f"{folder.name}-{self._next()}"
        self.away[folder] = where
        if folder in self.mounted:  # a drive: its files as they are, then unmounted (its mount point left)
            shutil.copytree(folder, where, copy_function=shutil.copy2, symlinks=True)
            self.mounts.unmount(folder)
            return f"unplug {folder} (a drive: its mount point left empty)"
        folder.rename(where)
        return f"unplug {folder}"

    def op_plug(self):
        folder = self.rng.choice(sorted(self.away))
        self._plug(folder)
        return f"plug {folder}"

    def _plug(self, folder: Path) -> None:
        where = self.away.pop(folder)
        if folder in self.mounted:  # (plugged back: a new mount, its files as the drive holds them)
            self.mounts.tmpfs(folder)
            shutil.copytree(where, folder, copy_function=shutil.copy2, dirs_exist_ok=True, symlinks=True)
            shutil.rmtree(where)
        else:
            where.rename(folder)

    def op_add_folder(self):
        known = [f for f in sorted(self.drives.glob("F*")) if f not in self.folders and f.is_dir()]
        if known and self.rng.random() < 0.5:  # (one forgotten before, added again)
            folder = self.rng.choice(known)
            self.folders.append(folder)
            self._put(self._name(folder), self.rng.choice(self.pool))
        else:
            folder = self._new_folder()
        code, err = self.cli("index", folder)  # (a run that failed: said here, not as folders that differ later)
        assert code in (0, 1), f"add folder {folder}: index exited {code}: {err}\n{self.library_folders()}\n{self.history()}"
        return f"add folder {folder}"

    def op_forget(self):
        folder = self.rng.choice(self.folders)
        code, err = self.cli("forget", folder)
        assert code == 0, f"forget {folder}: {err}"
        self.folders.remove(folder)
        if folder in self.away:  # (forgotten while unplugged: plugged back, no longer a library folder)
            self._plug(folder)
        return f"forget {folder}"

    def op_older(self):
        """The library as a version that recorded no folder identities left it, and up to 3 files of a
        folder deleted at once: the re-scan's safety valve decides (more than half gone: kept offline),
        and the checks' ``said`` words must say what it does."""
        from core.library import VideoLibrary

        with VideoLibrary(self.lib) as library:
            library.update_settings(root_ids=None)
        files = self.files([folder := self.rng.choice(self.online())])
        gone = self.rng.sample(files, self.rng.randint(1, min(3, len(files)))) if files else []
        for path in gone:
            path.unlink()
        return f"an older library (no folder identities); delete {', '.join(map(str, gone))} from {folder}"

    def op_crash(self):
        done = [self.op_add(), self.op_add(), self._file_op()]
        # (the one draw a kill after a random time took: each seed keeps the operations it had)
        spread = self.rng.uniform(0.0, 4.0) * KILL_SPREAD
        nth, torn = 1 + int(spread), torn_of(spread)
        code, err = run_probe(rescan_kill.probe(nth, torn), "index", "--library", self.lib, "-q", timeout=240)
        if code is None:
            raise AssertionError(f"the index to kill at its write {nth} ran on: {err}\n{self.history()}")
        killed = code == -signal.SIGKILL
        assert killed or code in (0, 1), f"index exited {code}: {err}\n{self.history()}"
        torn_line = next((line for line in err.splitlines() if line.startswith("torn: ")), "")
        return (f"{'; '.join(d for d in done if d)}; index killed at its write {nth} ({'mid-run' if killed else 'done'})"
                + (f"; {torn_line or f'no commit to tear ({torn})'}" if torn else ""))

    def _file_op(self) -> str:
        files = self.files(self.places())
        if not files:
            return self.op_add()
        name = self.rng.choice(["copy", "rename", "move", "delete", "replace", "touch", "truncate", "onto", "swap"])
        return getattr(self, f"op_{name}")(self.rng.choice(files))

    def step(self) -> str:
        if self.one is not None and self.one.wanted() and (across := self.one.step()) and self.log:
            self.log(across)
        if self.links is not None and self.rng.random() < LINK_SHARE:
            what = self.links.step()
        else:
            what = self._op()
        self.ops.append(what)
        if self.log:
            self.log(what)
        self.rescan()
        return what

    def _op(self) -> str:
        r = self.rng.random()
        if r < 0.52 or not self.folders:
            what = self._file_op()
        elif r < 0.55:
            what = self.op_move_dir()
        elif r < 0.62 and len(self.online()) > 1:
            what = self.op_unplug()
        elif r < 0.72 and self.away:
            what = self.op_plug()
        elif r < 0.78 and len(self.folders) < 4:
            what = self.op_add_folder()
        elif r < 0.83 and len(self.folders) > 1:
            what = self.op_forget()
        elif r < 0.90 and self.crashes and sys.platform != "win32" and self.online():
            what = self.op_crash()
        else:
            what = self.op_add() if self.places() else self.op_plug()
        return what

    # -- the library ------------------------------------------------------------------------------
    def cli(self, *args) -> tuple[int, str]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main([str(a) for a in args] + ["--library", str(self.lib)])
        return code, err.getvalue()

    def rescan(self, roots=()) -> None:
        before = self.checker.snapshot()
        said, embedded = self.checker.said(before), self.encoder.embedded
        code, err = self.cli("index", *roots, "-q")
        assert code in (0, 1), f"index exited {code}: {err}\n{self.library_folders()}\n{self.history()}"
        self.checker.check(before, self.encoder.embedded - embedded, err, said)

    def library_folders(self) -> str:
        """The folders library.json lists, against the world's: for a failed run's report."""
        try:
            listed = json.loads((self.lib / "library.json").read_text())["extra"]["settings"].get("folders")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            listed = f"not read ({exc!r})"
        return f"library.json's folders: {listed}; the world's: {[str(f) for f in self.folders]}"

    def close(self) -> None:
        """Unmount the drives."""
        if self.mounts is not None:
            self.mounts.unmount_all()

    def history(self) -> str:
        return "operations:\n  " + "\n  ".join(self.ops)
