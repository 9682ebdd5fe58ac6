"""How long video files are, for a loader's look at its files before training (VATEX's clips
trimmed but named by YouTube id: ``vatex.settle_files``): probed with ``core.media.probe``, as
``dataset.readable`` probes them, several files at once (PyAV leaves the GIL while it opens and
decodes), and remembered per file, by its size and modification time, in Seekframe's cache folder
(``core.paths.cache_dir()/training/durations.json``), so that a second run probes none of the
files it probed before (VATEX's 26k training videos: about 2 minutes, probed one by one).

A data folder is often read-only or shared, and each run has a folder of its own: the cache is the
user's, keyed by the file's absolute path, and a file's entry holds its size, modification time,
change time and inode: a file replaced by another of the same size and time (``cp -p``, ``rsync -a``,
a re-download stamped with the server's date) is a new inode with a new change time, probed again.
An entry that is not as written here (a hand-edited or damaged cache) is no entry. A file that could not be read is remembered as such (its
size and time unchanged, it fails again); one that took longer than the probe's budget is not (a
loaded machine's verdict). The cache is dropped whole when the frame reader changes
(``core.video_info.READER``: its lengths may differ), and a cache that cannot be read or written
is only said in the debug log: the files are probed, as without one.
"""

from __future__ import annotations

import json
import logging
import math
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from core import atomic, paths
from core.errors import DecodeTimeout, MediaError
from core.media import PROBE_TIMEOUT_S, probe
from core.video_info import READER

log = logging.getLogger(__name__)

CACHE = "training/durations.json"  # under core.paths.cache_dir()
WORKERS = 8  # files probed at once (mostly waiting on the disk and FFmpeg, not on Python)
_FAILED = None  # a remembered file that could not be read
_TIMED_OUT = object()


def cache_file() -> Path:
    return paths.cache_dir() / CACHE


def durations(files, timeout_s: float = PROBE_TIMEOUT_S, cache: str | Path | None = None,
              workers: int = WORKERS) -> dict[str, float]:
    """``{file: its length in seconds}`` of each of ``files`` that probes (each distinct file once);
    one that cannot be read, or is not there, is left out. ``cache``: the cache file (default
    ``cache_file()``)."""
    cache = Path(cache) if cache is not None else cache_file()
    known = _read(cache)
    out, todo = {}, {}  # todo: {file: (its key in the cache, (size, mtime))}
    for f in dict.fromkeys(map(str, files)):
        try:
            st = os.stat(f)
        except OSError:  # (gone: probe would say 'file not found')
            continue
        key, stamp = os.path.abspath(f), [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        hit = known.get(key)
        if isinstance(hit, list) and len(hit) == len(stamp) + 1 and hit[:-1] == stamp and _length_ok(hit[-1]):
            if hit[-1] is not _FAILED:
                out[f] = float(hit[-1])
        else:
            todo[f] = (key, stamp)
    if not todo:
        return out

    def one(f: str):
        try:
            return probe(f, timeout_s=timeout_s).duration
        except DecodeTimeout:
            return _TIMED_OUT
        except MediaError:
            return _FAILED

    learnt = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo))), thread_name_prefix="durations") as pool:
        for f, length in zip(todo, pool.map(one, todo)):
            if length is _TIMED_OUT:
                continue
            key, stamp = todo[f]
            learnt[key] = [*stamp, length]
            if length is not _FAILED:
                out[f] = float(length)
    if learnt:  # (with what another run wrote meanwhile)
        _write(cache, {**_read(cache), **learnt})
    return out


def _length_ok(length) -> bool:
    """Whether a remembered length is one this module writes: None (unreadable), or seconds."""
    return length is _FAILED or (type(length) in (int, float) and math.isfinite(length) and length >= 0)


def _read(cache: Path) -> dict:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        log.debug("video lengths cache %s not read (%s): probing the files", cache, e)
        return {}
    if not isinstance(data, dict) or data.get("reader") != READER or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _write(cache: Path, files: dict) -> None:
    try:
        atomic.write_bytes(cache, json.dumps({"reader": READER, "files": files}).encode("utf-8"))
    except OSError as e:
        log.debug("video lengths cache %s not written (%s): the next run probes these files again", cache, e)
