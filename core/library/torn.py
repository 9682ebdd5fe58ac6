"""Table versions the storage engine committed with a file cut short, undone by setting their
version files aside, so the table opens at its newest whole version.

LanceDB (lance-file 13) may commit a write whose data file a full disk cut short in its last few
hundred bytes (its footer) without raising: the table then opens, and every read of it fails. A
power cut may leave the newest version file itself empty or cut short: the table does not open.
Either way the version before it is usually whole, and a version file set aside is what a sync
tool or disk error deleting it does, which LanceDB answers by opening the version before (the
moments its video rows still count are then embedded again: ``MomentTable.short_videos``).

Every data and version file of a table ends in ``LANC``: ``ends_whole`` reads the last 4 bytes.
A version file is set aside within ``_versions`` as ``NAME.cut-TIME`` (LanceDB reads only
``*.manifest``), never deleted; the cut data files go beside it as ``data/NAME.cut-TIME``.
An older data file cut short, which every version names, is ``torn_fragments``'.
"""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

from core.momentary import says_nothing

_END = b"LANC"  # how every data file and version file of a table ends
_U64 = 2**64 - 1
_NAME = re.compile(rb"[0-9A-Za-z_-]+\.lance")  # a data file's name, as a version file holds it


def ends_whole(path: Path) -> bool:
    return tail(path) is True


def tail(path: Path) -> bool | None:
    """True: ``path`` ends whole; False: it is cut short or gone; None: it could not be read for
    another reason (an I/O error of a disk or network share that blips, a permission), which says
    nothing of what it holds (``core.momentary.says_nothing``, the rule ``seekframe repair``'s
    read-through follows too): nothing is taken out or set aside for it."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < len(_END):
                return False
            f.seek(-len(_END), os.SEEK_END)
            return f.read() == _END
    except OSError as exc:
        return None if says_nothing(exc) else False


def holds_data(table: Path) -> bool | None:
    """Whether a table's folder holds data or versions: None when there is no folder, False when only
    empty folders (a making cut short, by a full disk: a writer's open makes it again)."""
    if not table.is_dir():
        return None
    return any(p.is_file() for sub in ("data", "_versions") for p in (table / sub).rglob("*"))


def manifests(table: Path) -> list[tuple[int, Path]]:
    """(version, path) of the table's version files, newest first. Lance names them ``V.manifest``
    or, in its second scheme, ``(2**64 - 1 - V)`` in 20 digits."""
    out = []
    try:
        entries = list(os.scandir(table / "_versions"))
    except OSError:
        return []
    for entry in entries:
        if (version := version_of(entry.name)) is not None:
            out.append((version, Path(entry.path)))
    return sorted(out, reverse=True)


def version_of(name: str) -> int | None:
    """The version a version file's ``name`` stands for (None: no version file's name)."""
    stem = name[:-len(".manifest")] if name.endswith(".manifest") else ""
    return (_U64 - int(stem) if len(stem) == 20 else int(stem)) if stem.isdigit() else None


def data_files(table: Path, manifest: Path, names: set[str] | None = None) -> list[Path]:
    """The data files (in ``data/``) that a version file names (``names``: that folder's listing)."""
    try:
        held = manifest.read_bytes()
        names = set(os.listdir(table / "data")) if names is None else names
    except OSError:
        return []
    found = set()
    for m in _NAME.findall(held):
        # (a name of under 128 bytes follows its length byte, which may read as a letter)
        name = m.decode("ascii")
        name = name if name in names else name[1:]
        if name in names:
            found.add(name)
    return [table / "data" / n for n in sorted(found)]


def cut_in(table: Path, manifest: Path, only=None, names=None) -> list[Path]:
    """What of a version is cut short: the version file itself (then only it), else the data files
    it names that do not end whole (of ``only`` when given: the files a write just made). Without
    ``only`` (an open's look), ``Unreadable`` when one cannot be read for another reason than its
    end (``tail``: an I/O error, a permission), which says nothing of what it holds."""
    if not ends_whole(manifest):
        if only is None and tail(manifest) is None:
            raise Unreadable(manifest)
        return [manifest]
    files = [p for p in data_files(table, manifest, names) if only is None or p in only]
    tails = [tail(p) for p in files]
    if only is None and None in tails:
        raise Unreadable(files[tails.index(None)])
    return [p for p, whole in zip(files, tails) if not whole]


class Unreadable(OSError):
    """A file of a table that could not be read this instant (not known to be cut short)."""


def roll_back(table: Path, newer_than: int | None = None, only=None, empty_too: bool = False) -> list[Path]:
    """Set aside the newest versions of ``table`` (a ``NAME.lance`` folder) that are cut short or
    name a data file cut short, down to the newest whole one, and the cut data files (``only``:
    the data files to look at, None for all, each tail read). Nothing is set aside when no whole
    version would be left, or the data files cut short were not all new in one version (what a
    full disk leaves: a table whose files were cut by a copy or by hand is ``seekframe repair``'s),
    or it would be back to a version of no data (unless ``empty_too``: a write undone at once), nor
    any version at or below ``newer_than``. What was set aside."""
    found = manifests(table)
    try:
        names = set(os.listdir(table / "data"))
    except OSError:
        names = set()
    cut: list[set[Path]] = []
    for i, (version, manifest) in enumerate(found):
        if newer_than is not None and version <= newer_than:
            break
        try:
            bad = cut_in(table, manifest, only, names)
        except Unreadable:  # (a disk or share that blips: nothing is set aside for it)
            return []
        if not bad:
            break
        cut.append(set(bad))
    else:
        return []  # (no whole version left, or none at all: for ``seekframe repair``)
    data = [c for c, (_v, m) in zip(cut, found) if c != {m}]  # (a version file cut: only itself)
    if i == 0 or any(c != data[-1] for c in data):
        return []
    if not empty_too and not data_files(table, found[i][1], names):
        return []  # (back to a table of nothing: all of it lost either way, as ``seekframe repair`` says)
    stamp, moved = time.strftime("%Y%m%d-%H%M%S"), []
    for _version, manifest in found[:i]:  # (newest first: a crash between leaves an older version newest)
        moved.append(_aside(manifest, stamp))
    for p in sorted(data[-1] if data else ()):
        if p.exists():
            moved.append(_aside(p, stamp))
    return moved


def _aside(path: Path, stamp: str) -> Path:
    target, n = path.with_name(f"{path.name}.cut-{stamp}"), 1
    while target.exists():
        target, n = path.with_name(f"{path.name}.cut-{stamp}-{n}"), n + 1
    os.replace(path, target)
    return target


def rolled_back_text(table: str, moved: list[Path]) -> str:
    versions = sum(p.name.split(".manifest")[0].isdigit() for p in moved)
    return (f"The {table} table's last {versions} version{'s' if versions != 1 else ''} had a file cut short "
            f"(a full disk or a power cut): {'they were' if versions != 1 else 'it was'} set aside, and the "
            "version before is used (what it lacks is indexed again).")


def set_aside_newer(table: Path, version: int) -> list[Path]:
    """Set aside the versions of ``table`` above ``version`` (what a write that failed committed)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return [_aside(m, stamp) for v, m in manifests(table) if v > version]


class CommitCheck:
    """After a writer's writes (``Connection.writing``): the data files each table gained are read
    at their tail; when one is cut short in a committed version, every version the block committed
    is undone (its tables back to where the block started: a batch's moments and the rows that
    make them visible go together) and it is said as a full disk (``TornWrite``), so the library
    stays readable. Cost: a listing of each table's ``data`` folder at the block's end (and the
    first block's start), and 4 bytes read of each new data file."""

    def __init__(self, db: Path):
        self.db = db
        self._known: dict[str, set[str]] = {}
        self._start: dict[str, int] = {}

    def _listing(self, name: str) -> set[str]:
        try:
            return set(os.listdir(self.db / f"{name}.lance" / "data"))
        except OSError:
            return set()

    def start(self, names, versions: dict[str, int]) -> None:
        """Before a block's writes: ``versions``, each open table's version (what an undo goes
        back to; a table not open then is never set back)."""
        for name in names:
            if name not in self._known:
                self._known[name] = self._listing(name)
        self._start = dict(versions)

    def forget(self) -> None:
        self._known.clear()

    def check(self) -> dict[str, list[Path]]:
        """{table: what was set aside} when a cut write was undone (empty: all whole)."""
        undone = {}
        for name, before in list(self._known.items()):
            now = self._listing(name)
            self._known[name] = now
            data = self.db / f"{name}.lance" / "data"
            cut = {data / n for n in now - before if n.endswith(".lance") and not ends_whole(data / n)}
            if cut and (moved := roll_back(self.db / f"{name}.lance", self._start.get(name), only=cut,
                                           empty_too=True)):
                undone[name] = moved
        if undone:  # (a table made in the block, from no version, is left: none before it to use)
            for name, version in self._start.items():
                if version and (moved := set_aside_newer(self.db / f"{name}.lance", version)):
                    undone[name] = undone.get(name, []) + moved
            self.forget()
        return undone


class TornWrite(OSError):
    """A write the disk cut short, undone: said as a full disk (``errors.is_disk_full``)."""

    def __init__(self, undone: dict[str, list[Path]]):
        super().__init__(errno.ENOSPC, "No space left on device: a write was cut short and undone ("
                         + ", ".join(sorted(undone)) + " table)")
        self.undone = undone
