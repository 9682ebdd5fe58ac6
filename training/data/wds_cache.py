"""The cache folder of one WebDataset shard's videos (``training.data.webdataset``): the frame
sampler reads files, so each video the split needs is copied out of its shard once, a member at a
time through a fixed buffer (memory stays bounded whatever a video's size), to a temporary ``.part``
file renamed.

The folder is ``core.paths.cache_dir()/training/webdataset/<shard>-<digest of its name, size and
end>/`` (a changed shard is a new folder), holding a ``.seekframe-shard`` file naming the shard (its
whole path). A copy is named by its key (``/`` as ``__``) and a digest of the member it was copied
from (its name, place and size): two keys never share a file (``a/b`` and ``a__b``; ``A`` and ``a``
on a disk blind to case), and a copy is taken again only for that same member. Once every sample of
a shard was read whole and something was copied, the folders of that same shard's earlier versions
(same name, other digest, their ``.seekframe-shard`` naming the same path) are removed: a shard
appended to or replaced does not leave its old copies behind; no other folder is touched. The shard's
own folder, when an earlier version of this loader made it (no ``.seekframe-shard``: copies named by
their key alone), has those copies removed as it is copied into again.

A shard rewritten while a job trains on its copies: each process that loads a folder records that it
reads it for as long as it lives (``wds_readers``: one locked file a process, naming its folders; the
copies are read all through training), and an earlier version's folder is removed only when no other
running process records it: one another running job reads is kept, said, and removed by a later load
of the shard once that job has ended (``.seekframe-kept`` in the new folder remembers it), never from
under the job mid-epoch.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tarfile
from contextlib import suppress
from pathlib import Path

from core.errors import SeekframeError, is_disk_full
from core.paths import cache_dir
from core.timefmt import format_bytes
from training.data import hf_videos, wds_readers

log = logging.getLogger(__name__)

TAIL = 1 << 16  # bytes of a shard's end digested with its name and size (its cache folder's name)
MARK = ".seekframe-shard"  # in each folder this loader makes: the shard's whole path
KEPT = ".seekframe-kept"  # in a shard's folder: earlier versions' folders were kept, read by a running job
DIGEST = 12  # hex digits of a member's digest in its copy's name


class ShardCache:
    """The copies of one shard's videos (see the module docstring)."""

    def __init__(self, shard: Path, stem: str):
        self.shard, self.stem, self.copied = shard, stem, 0
        size = shard.stat().st_size
        with shard.open("rb") as f:
            f.seek(max(0, size - TAIL))
            digest = hashlib.sha256(f"{shard.name}\0{size}\0".encode() + f.read()).hexdigest()[:16]
        self.root = cache_dir() / "training" / "webdataset"
        self.folder = self.root / f"{stem}-{digest}"
        self.marked = False
        if self.folder.is_dir():
            hf_videos.drop_stale(self.folder)  # (once a shard: it lists the whole folder)
            wds_readers.hold(self.root, self.folder.name)  # (its copies are read by this process from now on)

    def target(self, m: tarfile.TarInfo, key: str, ext: str) -> Path:
        """The copy of member ``m`` (of sample ``key``): named by the key and the member."""
        member = hashlib.sha256(f"{m.name}\0{m.offset_data}\0{m.size}".encode("utf-8", "surrogateescape"))
        digest = member.hexdigest()[:DIGEST]
        readable = key.replace("/", "__")
        name = f"{readable}-{digest}" if hf_videos.file_name_ok(readable) else member.hexdigest()[:32]
        return self.folder / f"{name}.{ext}"

    def copy(self, tf: tarfile.TarFile, m: tarfile.TarInfo, key: str, ext: str, written: list[int]) -> Path:
        """The copy of member ``m``, made once (a fixed buffer at a time); ``written`` counts the copies
        and their bytes."""
        target = self.target(m, key, ext)
        if target.is_file() and target.stat().st_size == m.size:
            return target
        part = self.folder / f".{target.name}.{os.getpid()}.part"
        try:
            self._mark()
            with tf.extractfile(m) as src, part.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            os.replace(part, target)
        except BaseException as e:
            part.unlink(missing_ok=True)
            if not isinstance(e, OSError):
                raise
            if is_disk_full(e):
                raise SeekframeError(f"{self.folder}: the disk is full, copying the videos out of the WebDataset "
                                     f"shards ({written[0]} copied, {format_bytes(written[1])}, kept). Free some space, "
                                     "or set SEEKFRAME_CACHE to a folder on a larger disk, and load again") from e
            raise
        written[0], written[1] = written[0] + 1, written[1] + m.size
        self.copied += 1
        return target

    def _mark(self) -> None:
        if self.marked:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        mark = self.folder / MARK
        if not mark.is_file():
            self._drop_unmarked()
            mark.write_text(_whole(self.shard), encoding="utf-8")
        wds_readers.hold(self.root, self.folder.name)
        self.marked = True

    def _drop_unmarked(self) -> None:
        """Remove the copies an earlier Seekframe made here before folders were marked (named by their
        key alone, ``a__b.mp4``: copied again under the names above, they would be kept twice)."""
        with os.scandir(self.folder) as entries:
            old = [Path(e.path) for e in entries if e.is_file(follow_symlinks=False) and not e.name.startswith(".")]
        for p in old:
            with suppress(OSError):
                p.unlink()
        if old:
            log.info("webdataset: %d copies made by an earlier version removed from %s (copied again)", len(old),
                     self.folder)

    def finish(self) -> None:
        """Remove the folders of this shard's earlier versions, once its samples were all read (and
        this load copied some: else they were removed when the copies were made)."""
        kept_note = self.folder / KEPT
        if not self.copied and not kept_note.is_file():
            return
        mine, gone, busy = _whole(self.shard), 0, []
        pattern = re.compile(re.escape(self.stem) + r"-[0-9a-f]{16}")
        with os.scandir(self.root) as entries:
            old = [Path(e.path) for e in entries if pattern.fullmatch(e.name) and e.name != self.folder.name
                   and e.is_dir(follow_symlinks=False)]
        for folder in old:
            try:
                said = (folder / MARK).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # (no folder this loader made for a shard: not ours to remove)
            if said == mine:
                if wds_readers.read_by_another(self.root, folder.name):
                    busy.append(folder.name)
                    continue
                with suppress(OSError):
                    shutil.rmtree(folder)
                    gone += 1
        if busy:
            log.warning("webdataset: %s changed while another running job reads its earlier copies (%s): they are "
                        "kept for that job, and removed by a load of the shard once it has ended",
                        self.shard.name, ", ".join(busy))
            with suppress(OSError):
                kept_note.write_text("\n".join(busy), encoding="utf-8")
        else:
            with suppress(OSError):  # (a cache on a read-only disk: nothing to remember)
                kept_note.unlink(missing_ok=True)
        if gone:
            log.info("webdataset: %s changed; the %d folders of its earlier copies removed from %s", self.shard.name,
                     gone, self.root)


def _whole(shard: Path) -> str:
    return str(shard.resolve())
