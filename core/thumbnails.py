"""Thumbnails of moments: the frame shown at ``t``, scaled to fit, cached as JPEG on disk.

Written atomically, so a reader never sees half a JPEG, even with several threads or processes
making the same thumbnail at once. The folder is kept under a bound, the thumbnails shown longest
ago removed first (``core.thumb_cache``).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import cv2
import numpy as np

from . import atomic, thumb_cache
from .errors import MediaError
from .media import FrameSampler
from .paths import cache_dir as default_cache_dir
from .video_info import thumbs_since

JPEG_QUALITY = 85
DECODE_TIMEOUT_S = 20.0
RACY_S = 1.0  # a folder listing taken this soon after the folder changed is not kept (_listing)


def fit_size(width: int, height: int, max_width: int) -> tuple[int, int]:
    """Scale (width, height) down to fit a ``max_width`` square, keeping the aspect ratio;
    never up."""
    scale = min(1.0, max_width / max(1, width), max_width / max(1, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _folder(cache_dir) -> Path:
    return Path(cache_dir) if cache_dir is not None else default_cache_dir() / "thumbs"


def _cached(folder: Path, path: str, size: int, mtime_ns: int, t: float, max_width: int) -> Path:
    """Where the thumbnail of ``path`` at ``t`` is kept: keyed by the file's version (a file changed
    in place gets a new one), the reader since which its frames read as now (MPEG-TS/-PS walked as
    10 walks), the time and the width."""
    return folder / _name(_key_parts(path, t, max_width), size, mtime_ns)


def _key_parts(path: str, t: float, max_width: int) -> tuple[str, str, str]:
    return (f"{thumbs_since(path)}\0{os.path.abspath(path)}", f"{round(float(t), 3):.3f}\0{int(max_width)}", path)


def _name(parts, size: int, mtime_ns: int) -> str:
    key = f"{parts[0]}\0{size}\0{mtime_ns}\0{parts[1]}"
    return f"{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.jpg"


def _mtimes_ns(mtime: float) -> list[int]:
    """The modification times in nanoseconds whose ``os.stat`` seconds (``st_mtime``: a float,
    ``sec + nsec * 1e-9``) are ``mtime``: the library records the float, the cache keys the
    nanoseconds (a few hundred of them read as one float today)."""
    near = round(mtime * 1e9)
    out = []
    for ns in range(near - 1024, near + 1025):
        sec, nsec = divmod(ns, 1_000_000_000)
        if sec + nsec * 1e-9 == mtime:
            out.append(ns)
    return out


def saved_thumbnail(path: str | Path, t: float, indexed, max_width: int = 320,
                    cache_dir: str | Path | None = None) -> Path | None:
    """The thumbnail made earlier of the version of ``path`` the library indexed (``indexed``: its
    (size, mtime) as recorded), found without the file: shown for a video whose drive is unplugged.
    None when none was made of that version (never one of another version of the file). The ~240
    names its recorded seconds may stand for are looked up in the folder's listing (``_listing``:
    one stat of the folder while it is unchanged), not stat'ed one by one."""
    if not indexed or len(indexed) != 2:
        return None
    size, mtime = int(indexed[0]), float(indexed[1])
    folder = _folder(cache_dir)
    names = _listing(folder)  # (None: the folder changed this second, each name stat'ed instead)
    parts = _key_parts(str(path), t, max_width)
    for ns in _mtimes_ns(mtime):
        name = _name(parts, size, ns)
        if (names is None or name in names) and thumb_cache.used(folder / name):
            return folder / name
    return None


_listed: dict[str, tuple[tuple, frozenset]] = {}  # thumbnail folder -> (its stat then, its names)
_listed_lock = threading.Lock()


def _listing(folder: Path) -> frozenset | None:
    """The names in the thumbnail folder, listed again only when the folder changed (a thumbnail
    written or removed renames into it or unlinks: its mtime, and the folder's identity). A listing
    taken within ``RACY_S`` of the folder's last change could not be kept (the clock's grain: a name
    added in the same tick would leave the mtime as it was), so none is taken then: None, the caller
    stats its names (while the window writes thumbnails, a listing of a full cache, ~13k names, for
    each offline card cost ~20x the ~240 failed stats)."""
    try:
        st = os.stat(folder)
    except (OSError, ValueError):
        return frozenset()
    seen = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
    with _listed_lock:
        held = _listed.get(str(folder))
    if held is not None and held[0] == seen:
        return held[1]
    if time.time() - st.st_mtime <= RACY_S:
        return None
    try:
        names = frozenset(os.listdir(folder))
    except (OSError, ValueError):
        return frozenset()
    with _listed_lock:
        _listed[str(folder)] = (seen, names)
    return names


def thumbnail(path: str | Path, t: float, max_width: int = 320, cache_dir: str | Path | None = None) -> Path:
    """The JPEG of the frame at ``t`` seconds of ``path``, at most ``max_width`` pixels wide and
    high. Cached; raises ``MediaError`` (with a reason) for a missing or undecodable file."""
    if max_width <= 0:
        raise ValueError("max_width must be positive")
    path = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise MediaError(path, "file not found") from None
    except OSError as exc:
        raise MediaError(path, f"cannot read the file ({exc.strerror or exc})") from None
    folder = _folder(cache_dir)
    out = _cached(folder, path, st.st_size, st.st_mtime_ns, t, max_width)
    if thumb_cache.used(out):  # (one stat: a hit in a grid of hundreds)
        return out
    # opened once; FFmpeg scales the frame straight to the thumbnail's size (no full-size RGB frame:
    # an 8K HDR frame would be a gigabyte of light values)
    reader = FrameSampler(size=None, timeout_s=DECODE_TIMEOUT_S).open(path)
    try:
        nw, nh = fit_size(reader.info.width, reader.info.height, max_width)
        sampler = FrameSampler(size=(nh, nw), crop="resize", timeout_s=DECODE_TIMEOUT_S)
    except BaseException:
        reader.close()  # (frames_at closes it from here on)
        raise
    frame = sampler.frames_at(reader, [max(0.0, float(t))]).frames[0]
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_RGB2BGR),
                            [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise MediaError(path, "could not encode the thumbnail")
    atomic.write_bytes(out, data.tobytes())
    thumb_cache.made(folder)
    return out
