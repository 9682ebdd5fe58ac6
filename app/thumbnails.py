"""Thumbnails for the results grid: ``ThumbnailLoader`` (``core.thumbnails`` in a small thread
pool, an in-memory LRU), and what the views paint while there is none: :func:`paint_placeholder`,
and an "offline" badge on videos whose drive is not there."""

from __future__ import annotations

import atexit
import functools
import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict

from PySide6.QtCore import QObject, QRectF, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPalette

from .file_state import matches
from .workers import register_pool

Key = tuple[str, float]
log = logging.getLogger("seekframe.app")
_fallback: list[str] = []  # a private folder for this process's thumbnails when the cache cannot be written
_fallback_lock = threading.Lock()


def _fallback_dir(exc: OSError) -> str:
    """This process's own thumbnail folder (removed at exit), made once the cache folder refused a
    thumbnail: the results keep their pictures, only they are made again next time."""
    with _fallback_lock:
        if not _fallback:
            folder = tempfile.mkdtemp(prefix="seekframe-thumbs-")
            atexit.register(shutil.rmtree, folder, True)
            log.warning("the thumbnail cache cannot be written (%s): thumbnails go to %s until Seekframe "
                        "closes; set SEEKFRAME_CACHE to a folder you can write to keep them", exc, folder)
            _fallback.append(folder)
        return _fallback[0]


def thumb_key(path: str, t: float) -> Key:
    return (str(path), round(float(t), 2))


def _version(path: str):
    """(size, mtime) of the file now (None when it cannot be read): what its picture was made of."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime)


def _same(made, wanted) -> bool:
    return made is None or wanted is None or matches(wanted, *made)


def _load_saved(loaded: Signal, key: Key, max_width: int, cache_dir, indexed) -> None:
    """In a pool thread: the JPEG made earlier of the version the library indexed of an offline
    video (its drive unplugged), read into a QImage; none (reason '') when there is none."""
    image = None
    try:
        from core.thumbnails import saved_thumbnail

        made = saved_thumbnail(key[0], key[1], indexed, max_width, cache_dir)
        image = QImage(str(made)) if made is not None else None
    except Exception as exc:  # (a placeholder, as before: never a crash)
        log.debug("no saved thumbnail for %s: %s", key[0], exc)
    try:
        loaded.emit(key, (None if image is None or image.isNull() else image, tuple(indexed)), "")
    except RuntimeError:
        pass


def _load(loaded: Signal, key: Key, max_width: int, cache_dir) -> None:
    """In a pool thread: make (or find) the JPEG and read it into a QImage."""
    image, reason, version = None, "", _version(key[0])
    try:
        from core.errors import SeekframeError
        from core.thumbnails import thumbnail

        folder = cache_dir if cache_dir is not None or not _fallback else _fallback[0]
        try:
            made = thumbnail(key[0], key[1], max_width, folder)
        except SeekframeError:
            raise
        except OSError as exc:  # the cache folder cannot be written (not the video: that is a MediaError)
            if _fallback and folder == _fallback[0]:
                raise
            made = thumbnail(key[0], key[1], max_width, _fallback_dir(exc))
        image = QImage(str(made))
        if image.isNull():
            image, reason = None, "the thumbnail could not be read"
    except Exception as exc:  # MediaError and anything else: a placeholder, never a crash
        reason = getattr(exc, "reason", None) or (f"no picture ({exc.strerror})" if isinstance(exc, OSError)
                                                  and exc.strerror else f"{type(exc).__name__}: {exc}")
    try:
        loaded.emit(key, (image, version), reason)
    except RuntimeError:  # the loader is gone (window closed): nobody to tell
        pass


class ThumbnailLoader(QObject):
    """Async thumbnails with a bounded pool and an LRU of ``capacity`` images."""

    ready = Signal(object, float)  # path, t (as by thumb_key): ask image() again (object: core.filenames)
    failed = Signal(object, float, str)  # path (str), t, reason
    _loaded = Signal(object, object, str)  # from a pool thread: key, (QImage or None, version), reason

    def __init__(self, parent: QObject | None = None, max_width: int = 320, capacity: int = 400, cache_dir=None):
        super().__init__(parent)
        self.max_width, self.capacity, self.cache_dir = max_width, capacity, cache_dir
        self._pool = QThreadPool(self, maxThreadCount=max(1, min(2, (os.cpu_count() or 2) // 2)))
        register_pool(self._pool)
        self._images: OrderedDict[Key, tuple] = OrderedDict()  # (QImage, the file's (size, mtime) then)
        self._failed: OrderedDict[Key, str] = OrderedDict()
        self._pending: set[Key] = set()
        # the newest ask is made first (the cards in view; those scrolled past on the way after them),
        # a load still waiting that is asked again (scrolled back to it) too: each pool run takes the
        # newest ask of those waiting (_queued: key -> (its latest ask, the load); _next)
        self._asked = 0
        self._queued: dict[Key, tuple[int, functools.partial]] = {}
        self._queue_lock = threading.Lock()
        # offline videos with no thumbnail saved of their indexed version (as many as pictures held:
        # a window open for days over a big library does not keep every one it showed)
        self._unsaved: OrderedDict[Key, None] = OrderedDict()
        self._loaded.connect(self._on_loaded)

    def image(self, path: str, t: float, offline: bool = False, version=None) -> QImage | None:
        """The thumbnail if in memory; otherwise None, and it starts loading in the background
        (unless it failed before): ``ready`` says when to ask again. ``version``: the (size, mtime)
        the library indexed; a picture made of another version of the file (replaced since, then
        re-scanned) is made again. An ``offline`` video (its drive unplugged) shows the picture made
        earlier of that version, if one was: nothing is read of the video."""
        key = thumb_key(path, t)
        held = self._images.get(key)
        if held is not None and _same(held[1], version):
            self._images.move_to_end(key)
            return held[0]
        if held is not None:
            del self._images[key]
        if key in self._failed:
            return None
        self._asked += 1
        if key in self._pending:
            with self._queue_lock:  # (asked again while its load waits: made next, not after the others)
                if key in self._queued:
                    self._queued[key] = (self._asked, self._queued[key][1])
            return None
        if offline and (key in self._unsaved or not version):
            return None
        self._pending.add(key)
        load = functools.partial(_load_saved, self._loaded, key, self.max_width, self.cache_dir, version) \
            if offline else functools.partial(_load, self._loaded, key, self.max_width, self.cache_dir)
        with self._queue_lock:
            self._queued[key] = (self._asked, load)
        self._pool.start(self._next)
        return None

    def _next(self) -> None:
        """In a pool thread: make the newest ask of those waiting (none: cleared since)."""
        with self._queue_lock:
            if not self._queued:
                return
            key = max(self._queued, key=lambda k: self._queued[k][0])
            load = self._queued.pop(key)[1]
        load()

    def error(self, path: str, t: float) -> str:
        """Why the thumbnail could not be made ('' when it did not fail)."""
        return self._failed.get(thumb_key(path, t), "")

    def forget(self, path: str) -> None:
        """Drop what is held of ``path``'s pictures and failures (gone or changed: asked again later)."""
        for cache in (self._images, self._failed):
            for key in [k for k in cache if k[0] == str(path)]:
                del cache[key]
        for key in [k for k in self._unsaved if k[0] == str(path)]:
            del self._unsaved[key]

    def is_loading(self, path: str, t: float) -> bool:  # (docs/screenshots/take.py waits on it)
        return thumb_key(path, t) in self._pending

    def clear_pending(self) -> None:
        """Drop queued loads that have not started (the results they were for are gone)."""
        self._pool.clear()
        with self._queue_lock:
            self._queued.clear()
        self._pending.clear()

    def wait(self, msecs: int = 10000) -> bool:
        self._pool.clear()
        return self._pool.waitForDone(msecs)

    @Slot(object, object, str)
    def _on_loaded(self, key: Key, made: tuple, reason: str) -> None:
        self._pending.discard(key)
        image = made[0]
        if image is None and not reason:  # (offline, no picture saved of it: asked again once it is back)
            self._remember(self._unsaved, key, None)
            return
        self._unsaved.pop(key, None)
        cache, value = (self._images, made) if image is not None else (self._failed, reason)
        self._remember(cache, key, value)
        if image is None:
            self.failed.emit(key[0], key[1], reason)
        else:
            self.ready.emit(key[0], key[1])

    def _remember(self, cache, key: Key, value) -> None:
        """``key`` → ``value`` newest in ``cache``, the oldest let go past ``capacity``."""
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > self.capacity:
            cache.popitem(last=False)


def paint_placeholder(painter: QPainter, rect, palette: QPalette, text: str = "") -> None:
    """A neutral box (loading, or the reason there is no picture)."""
    painter.save()
    painter.fillRect(rect, palette.color(QPalette.ColorRole.Mid))
    if text:
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRectF(rect).adjusted(6, 6, -6, -6),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    painter.restore()


def paint_offline_badge(painter: QPainter, rect, text: str = "offline") -> None:
    """A small "offline" label (or ``text``: "gone", "changed") in the top-left corner of ``rect``."""
    painter.save()
    fm = painter.fontMetrics()
    w, h = fm.horizontalAdvance(text) + 10, fm.height() + 4
    badge = QRectF(rect.left() + 4, rect.top() + 4, w, h)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(180, 60, 40, 220))
    painter.drawRoundedRect(badge, 4, 4)
    painter.setPen(QColor("white"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
