"""Data files of the moments table cut short (or gone) long after they were written: a disk error,
a partial copy of the library folder, a power cut that lost what the disk had cached. Every
version of the table names such a file (fragments are kept from version to version), so there is
no whole version to go back to (``torn.roll_back``); instead the fragments that hold those files
are taken out of the table in one delete by row address (LanceDB, lance-file 13: a fragment's rows
are ``_rowaddr`` ``id << 32`` to ``(id + 1) << 32``; the delete reads no data file, and a fragment
deleted whole leaves the version), so the moments of every other file are kept. The videos whose
moments were in them are then short (``MomentTable.short_videos``): a writer's open marks them
pending and the next index embeds exactly those again; a reader's status says how many.

Only the moments table: its rows are made again from the videos. The videos and captions tables
hold what cannot be made again (a cut file there is ``seekframe repair``'s, which sets the table
aside whole); and nothing is taken out when no fragment with rows would be left (the same loss as
setting the table aside: said as damage, for ``seekframe repair``).

Which fragments hold which files is read off the newest version file (protobuf, lance's
``table.proto``: ``Manifest.fragments`` = 2; ``DataFragment`` id = 1, files = 2, physical_rows = 4;
``DataFile`` path = 1). The cut files are set aside beside them as ``data/NAME.cut-TIME``, as
``torn.roll_back`` sets aside a cut write's.
"""

from __future__ import annotations

import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from core.library import torn


@dataclass(frozen=True)
class Fragment:
    id: int
    files: tuple[str, ...]  # data file names, relative to the table's data/
    rows: int  # physical rows (deleted ones included)


def _varint(b: bytes, i: int) -> tuple[int, int]:
    x = shift = 0
    while True:
        c = b[i]
        i += 1
        x |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return x, i


def _fields(b: bytes):
    """(field number, value) of a protobuf message: an int (varint) or bytes (length-delimited)."""
    i = 0
    while i < len(b):
        key, i = _varint(b, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(b, i)
        elif wire == 2:
            n, i = _varint(b, i)
            value, i = b[i:i + n], i + n
            if i > len(b):
                raise ValueError("field past the end")
        elif wire in (1, 5):
            value, i = b[i:i + (8 if wire == 1 else 4)], i + (8 if wire == 1 else 4)
        else:
            raise ValueError(f"wire type {wire}")
        yield number, value


def fragments(manifest: Path) -> list[Fragment] | None:
    """The fragments a version file names; None when it cannot be read or parsed (cut short, or a
    layout this does not know: then nothing is taken out)."""
    try:
        held = manifest.read_bytes()
        if len(held) < 16 or held[-4:] != b"LANC":
            return None
        (pos,) = struct.unpack("<Q", held[-16:-8])
        (size,) = struct.unpack("<I", held[pos:pos + 4])
        message = held[pos + 4:pos + 4 + size]
        if len(message) != size:
            return None
        out = []
        for number, value in _fields(message):
            if number != 2:
                continue
            fid, files, rows = 0, [], 0
            for n, v in _fields(value):
                if n == 1 and isinstance(v, int):
                    fid = v
                elif n == 2 and isinstance(v, bytes):
                    files += [p.decode("utf-8") for k, p in _fields(v) if k == 1 and isinstance(p, bytes)]
                elif n == 4 and isinstance(v, int):
                    rows = v
            out.append(Fragment(fid, tuple(files), rows))
        return out
    except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError):
        return None


def names_gone(table: Path, manifest: Path) -> bool:
    """Whether the version file ``manifest`` of the table (a ``NAME.lance`` folder) names a data
    file that is not there (deleted by hand, a sync tool or a backup restored without it): the
    version cannot be read through. False when the version file cannot be parsed (``fragments``)."""
    return any(not os.path.lexists(table / "data" / name)
               for fragment in fragments(manifest) or () for name in fragment.files)


def cut_fragments(table: Path) -> dict[int, list[Path]]:
    """{fragment id: its data files cut short or gone} of the table's newest version (a
    ``NAME.lance`` folder), when that version file is whole and a fragment with rows is left
    whole beside them; else empty, also when a file cannot be read for another reason than its
    end (``torn.tail``: an I/O error of a disk or share that blips, a permission: not known cut).
    Reads the tail of each data file."""
    newest = torn.manifests(table)[:1]
    if not newest or not torn.ends_whole(newest[0][1]):
        return {}
    found = fragments(newest[0][1])
    if not found:
        return {}
    cut = {}
    for fragment in found:
        paths = [table / "data" / name for name in fragment.files]
        tails = [torn.tail(p) for p in paths]
        if None in tails:  # (not readable this instant, e.g. EIO or a permission: not known to be cut)
            return {}
        if bad := [p for p, whole in zip(paths, tails) if not whole]:
            cut[fragment.id] = bad
    if not any(f.rows and f.id not in cut for f in found):
        return {}  # (nothing would be kept: all of it lost either way, as ``seekframe repair`` says)
    return cut


@dataclass
class Dropped:
    files: list[Path]  # the cut (or gone) data files
    set_aside: list[Path]  # where those that were there are now (``data/NAME.cut-TIME``)
    rows: int  # the moments taken out with them
    videos: int | None = None  # how many videos' moments were in them (a writer's open counts them)


def drop_cut(db, name: str, table: Path) -> Dropped | None:
    """Take the fragments of ``cut_fragments`` out of table ``name`` of the LanceDB connection
    ``db`` (the writer lock held) and set their files aside; None when there are none, or the
    delete did not take them out (then nothing is set aside). A file that cannot be moved stays
    where it is (no version names it once the delete is in: nothing reads it)."""
    cut = cut_fragments(table)
    if not cut:
        return None
    where = " OR ".join(f"(_rowaddr >= {i << 32} AND _rowaddr < {(i + 1) << 32})" for i in sorted(cut))
    try:
        result = db.open_table(name).delete(where)
    except Exception:  # noqa: BLE001 - an engine that reads the files to delete: left as damage
        return None
    after = fragments(torn.manifests(table)[0][1]) if torn.manifests(table) else None
    if after is None or any(f.id in cut for f in after):
        return None
    still = {n for f in after for n in f.files}
    stamp, moved = time.strftime("%Y%m%d-%H%M%S"), []
    for path in sorted({p for paths in cut.values() for p in paths}):
        if path.name not in still and path.exists():  # (gone: nothing to set aside)
            try:
                moved.append(torn._aside(path, stamp))
            except OSError:  # (a folder that refuses it: the file stays, which no version names now)
                pass
    return Dropped(sorted({p for paths in cut.values() for p in paths}), moved,
                   int(getattr(result, "num_deleted_rows", 0) or 0))


def dropped_text(dropped: Dropped, index: str = "`seekframe index`") -> str:
    """What was done, in words (``index``: how the user indexes, the app's words for it)."""
    n, videos = len(dropped.files), dropped.videos
    files = "a data file" if n == 1 else f"{n} data files"
    rows = f"the {dropped.rows} moment{'s' if dropped.rows != 1 else ''}" if dropped.rows else "the moments"
    if videos is None:
        who = f"the videos they were of are embedded again by {index}, not the whole library"
    elif videos == 0:
        who = "no indexed video's moments were among them"
    else:
        who = (f"they were the moments of {videos} video{'s, which are' if videos != 1 else ', which is'} "
               f"embedded again by {index}, not the whole library")
    return (f"The moments table had {files} cut short or missing (a disk error, or a copy of the library "
            f"cut short): {rows} in {'it' if n == 1 else 'them'} were taken out and the rest kept; {who}.")


def cut_text(files: int, index: str = "The next `seekframe index`", repair: str = "`seekframe repair` takes them out now",
             unwritable: str = "") -> str:
    """A reader's word on ``cut_fragments`` not yet taken out (``index``, ``repair``: the front end's
    ways to; ``unwritable``: the library refuses writers (a read-only drive or folder), where
    neither can run: what to do first, in the front end's words)."""
    files_here = "a data file" if files == 1 else f"{files} data files"
    them = "it" if files == 1 else "them"
    head = f"Damaged: the moments table has {files_here} cut short or missing."
    if unwritable:
        return (f"{head} The library cannot be written here (a read-only drive or folder), so the moments in {them} "
                f"cannot be taken out here: {unwritable}")
    return f"{head} {index} takes out the moments in {them}, keeps the rest and embeds again only the videos they " \
           f"were of ({repair})."


# what to do where the library refuses writers: the CLI's words, and the window's (``app.damage_look``)
UNWRITABLE_THEN = ("make its folder writable, or copy it somewhere writable and use that (--library); then the next "
                   "`seekframe index` takes them out, keeps the rest and embeds again only the videos they were of.")


def unwritable_cut_text(root) -> str:
    """``cut_text``'s words for the library at ``root`` when its moments table has data files cut
    short and it refuses writers (a read-only drive), where a reader's failure would otherwise
    offer `seekframe repair`, which is refused there; '' otherwise."""
    from core.library import meta as meta_io
    from core.library.lock import refuses_writers

    cut = cut_fragments(Path(root) / meta_io.DB_DIR / "moments.lance")
    if not cut or not refuses_writers(root):
        return ""
    return cut_text(len({p for paths in cut.values() for p in paths}), unwritable=UNWRITABLE_THEN)
