"""A library folder's calls to the system that are no reads of a file (a ``stat``, a ``statvfs``, a
folder's listing) bounded as ``core.bounded_read`` bounds reads: on a network share that stopped
answering (an NFS FSSTAT is never served from the attribute cache; a listing may not be) such a call
can wait for ever, and it held the whole re-scan, ``seekframe status`` and the window with it.

``call`` makes one in a thread of the reader's pool and waits ``bound(timeout_s)`` seconds for it; a
call that does not answer raises ``TimeoutError`` (ETIMEDOUT, in ``no_answer_text``'s words) and its
thread is left to it, never joined: it ends if ever its call returns. While one call of a folder is
stuck so, the next call of that folder raises at once, so a folder holds one stuck thread at most
however often it is looked at (a window's re-scans, its status). Imports nothing heavy.
"""

from __future__ import annotations

import errno
import os
import queue
import threading
import time

from .bounded_read import _let_go, _thread, bound, no_answer_text

_stuck: dict[str, threading.Event] = {}  # {folder: set once its stuck call returned}
_relooked: dict[str, tuple[float, object, float]] = {}  # {folder: (when, answer, seconds it took)}: ``relook``'s
_asked: dict[str, float] = {}  # {folder: when its ``relook`` under way was made}
_waited_out: dict[str, threading.Event] = {}  # {folder: its stuck call's, which a ``waited`` waited for in vain}
_typed: set[str] = set()  # folders whose stuck call is a look at a file the user typed (``stuck_in``)
_lock = threading.Lock()


def _forget() -> None:  # (a forked child has none of its parent's threads)
    global _lock
    _stuck.clear()
    _relooked.clear()
    _asked.clear()
    _waited_out.clear()
    _typed.clear()
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget)


def unanswered(timeout_s: float | None) -> TimeoutError:
    """The error of a call that brought nothing for ``bound(timeout_s)`` seconds."""
    return TimeoutError(errno.ETIMEDOUT, no_answer_text(timeout_s))


def stuck(folder: str) -> bool:
    """Whether a call of ``folder`` (a library folder) has not returned yet."""
    with _lock:
        done = _stuck.get(folder)
        if done is not None and done.is_set():
            del _stuck[folder]
            _typed.discard(folder)
            done = None
    return done is not None


def stuck_in(folder: str) -> bool:
    """Whether a call of ``folder`` (a library folder), or a look at a file typed in a folder in it (keyed by
    the file's own folder: ``clirefs.look_typed``, ``typed``), has not returned yet. Not another look in it
    (an index run's header read of one video, ``index_passes.header_seconds``, keyed by
    ``index_passes.header_key``, "header:" and the file's path, never a library folder's key): one file
    slow to open on a share that answers says nothing of its folder's other files."""
    inner = folder.rstrip(os.sep) + os.sep
    with _lock:
        keys = [k for k, done in _stuck.items()
                if not done.is_set() and (k == folder or (k in _typed and k.startswith(inner)))]
    return bool(keys)


def moved(folder: str, to: str) -> None:
    """The stuck look at a typed file keyed ``folder`` (``stuck_in``'s ``typed``) was one at ``to``: a link typed
    in ``folder`` that leads there (``clirefs._linked_to``), keyed so, so that ``folder``'s own files are not
    taken as not answering for it (one of ``to`` stuck already stands for both). Nothing where no such look of
    ``folder`` is stuck."""
    with _lock:
        if folder in _typed and folder != to and (ended := _stuck.pop(folder, None)) is not None:
            _typed.discard(folder)
            if to not in _stuck:
                _stuck[to] = ended
                _typed.add(to)


def _left(folder: str, ended: threading.Event, typed: bool = False) -> None:
    with _lock:
        _stuck[folder] = ended
        (_typed.add if typed else _typed.discard)(folder)


def call(folder: str, fn, *args, timeout_s: float | None = None, typed: bool = False):
    """``fn(*args)``, a call of the library folder ``folder``'s (module doc), made by another thread
    and waited for ``bound(timeout_s)`` seconds: its value, or what it raised. ``typed``: a look at a file
    the user typed, in ``folder`` (``stuck_in``)."""
    if stuck(folder):
        raise unanswered(timeout_s)
    ended = threading.Event()

    def made():
        try:
            return fn(*args)
        finally:
            ended.set()

    pair = _thread()
    pair[0].put((made, ()))
    try:
        ok, value = pair[1].get(timeout=bound(timeout_s))
    except queue.Empty:
        _left(folder, ended, typed)
        pair[0].put(None)  # (its thread ends once its call returns, if ever; its reply read by none)
        raise unanswered(timeout_s) from None
    except BaseException:  # (a Ctrl-C in the wait: its late reply must not meet the next call)
        pair[0].put(None)
        raise
    _let_go(pair)
    if not ok:
        raise value
    return value


def waited(folder: str, fn, *args, timeout_s: float | None = None):
    """``call``'s value, where a call of ``folder`` still stuck (an earlier look of the same process, a
    re-scan's) is waited for first, rather than taken as the answer: a folder the user named and waits
    for (``seekframe index FOLDER``), the whole wait ``bound(timeout_s)`` seconds at most. Once: a stuck
    call that a ``waited`` already waited the whole bound for is the answer at once (TimeoutError)."""
    end = time.monotonic() + bound(timeout_s)
    with _lock:
        done = _stuck.get(folder)
        if done is not None and _waited_out.get(folder) is done:
            raise unanswered(timeout_s)
    try:
        if done is not None and not done.wait(max(0.0, end - time.monotonic())):
            raise unanswered(timeout_s)
        if (left := end - time.monotonic()) <= 0:
            raise unanswered(timeout_s)
        return call(folder, fn, *args, timeout_s=left)
    except TimeoutError:
        with _lock:
            if (now_stuck := _stuck.get(folder)) is not None:
                _waited_out[folder] = now_stuck
        raise


def answer(folder: str, fn, *args, timeout_s: float | None = None, otherwise=None, typed: bool = False,
           wait: bool = False):
    """``call``'s value, ``otherwise`` where the call does not answer. ``wait``: ``waited``'s (a call of
    ``folder`` still stuck waited for first, within the bound: a disk waking past a status probe's bound)."""
    try:
        if wait:
            return waited(folder, fn, *args, timeout_s=timeout_s)
        return call(folder, fn, *args, timeout_s=timeout_s, typed=typed)
    except TimeoutError:
        return otherwise


def answers(folders, fn, *, timeout_s: float | None = None, otherwise=None, wait: bool = False) -> dict:
    """{folder: ``answer(folder, fn, folder, ...)``} for each of ``folders``, made ``together``."""
    return together(folders, lambda f: answer(f, fn, f, timeout_s=timeout_s, otherwise=otherwise, wait=wait))


def together(folders, look) -> dict:
    """{folder: ``look(folder)``} for each of ``folders``, a bounded look (``answer``) of each, made together
    (up to ``TOGETHER`` at a time): several library folders on a share that stopped answering cost one bound
    in all, not one each, one after another (a NAS of three library folders dropped: 6 minutes before a run
    went on)."""
    folders = list(dict.fromkeys(folders))
    if len(folders) < 2:
        return {f: look(f) for f in folders}
    left, out, stop = queue.SimpleQueue(), {}, threading.Event()
    for f in folders:
        left.put(f)

    def looks():
        while not stop.is_set():
            try:
                f = left.get_nowait()
            except queue.Empty:
                return
            try:
                out[f] = (True, look(f))
            except BaseException as e:  # noqa: BLE001 (raised by the caller)
                out[f] = (False, e)

    # daemon threads, joined here: a Ctrl-C in the join lets the stuck looks go at once, as ``call``'s wait
    # does, and they never hold the process's exit (a pool's threads are waited for on both, a whole bound)
    threads = [threading.Thread(target=looks, daemon=True, name="seekframe-looks")
               for _ in range(min(TOGETHER, len(folders)))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():  # (a join in steps: a signal met between its checks is not held for a whole look)
                t.join(JOIN_STEP_S)
    finally:
        stop.set()  # (none of the folders not looked at yet is, once the caller is gone)
    for f in folders:
        if not out[f][0]:
            raise out[f][1]
    return {f: out[f][1] for f in folders}


JOIN_STEP_S = 0.25  # (``together``'s join: a Ctrl-C the system lets in before the wait is heard within it)
TOGETHER = 32  # (looks ``answers`` makes at once: each is bounded, so its wait is one bound a 32 folders)


PAUSED = float("inf")  # a ``Beat``'s time while its run is in a part bounded on its own (a read: ``bounded_read``)


class Beat:
    """What a ``watched`` run of many calls says of itself: called at each answer (``at``: when), its
    ``at`` set to ``PAUSED`` in a part bounded on its own; ``stop`` once the run is given up; ``within``: the
    link whose folder a walk is in (``core.scan``), None out of any; ``left_in``: the link the run was given up
    in, as ``watched`` recorded it (None: none), read once, as ``within`` moves on should the stuck call answer."""

    def __init__(self):
        self.at, self.stop, self.within, self.left_in = time.monotonic(), False, None, None

    def __call__(self) -> None:
        self.at = time.monotonic()


def watched(folder: str, fn, beat: Beat, timeout_s: float | None = None):
    """``fn()``, many calls of ``folder``'s (a library folder's walk), made by a thread of its own, given
    up when ``beat`` hears nothing for ``bound(timeout_s)`` seconds: one hand-over a walk, where bounding
    each of its calls cost one a folder (a no-op re-scan of 2,000 folders took twice as long)."""
    if stuck(folder):
        raise unanswered(timeout_s)
    ended, out, limit = threading.Event(), {}, bound(timeout_s)

    def run():
        try:
            out["value"] = fn()
        except BaseException as e:  # (raised by the caller)
            out["error"] = e
        finally:
            ended.set()

    beat()
    threading.Thread(target=run, daemon=True, name="seekframe-walk").start()
    try:
        while not ended.wait(min(limit, max(0.01, beat.at + limit - time.monotonic()))):
            if time.monotonic() - beat.at >= limit:
                beat.stop = True  # (it stops at its next answer, if ever)
                beat.left_in = beat.within  # (stuck in a link's folder: that link's, the folder's
                _left(beat.left_in or folder, ended)  # next walk passing over it,
                # ``core.scan_stalls.links_not_answering``, where it went offline)
                raise unanswered(timeout_s)
    except BaseException:
        beat.stop = True
        raise
    if "error" in out:
        raise out["error"]
    return out.get("value")


def relook(folder: str, fn, *args, every_s: float, wait_s: float):
    """``fn(*args)``, a look at ``folder``, a library folder remembered as not answering (library setting
    ``hung_folders``), made again in the background, so that a share that came back (or is merely slow)
    is seen to answer without a re-scan: its last answer (None: none yet, or it does not answer). A new
    look is made when the last is older than ``every_s`` and none is under way, and waited for ``wait_s``
    at most; one that answers later (a slow share) is the next call's answer. While a look is under way,
    the answer before it stands, for the whole bound (``bound(None)``: as long as a re-scan waits); past
    it, None. One thread a folder at most, as ``call``."""
    now = time.monotonic()
    with _lock:
        at, value, _took = _relooked.get(folder, (None, None, 0.0))
        asked = _asked.get(folder, now)
    if stuck(folder):
        return value if at is not None and now - asked < bound(None) else None
    if at is not None and now - at < every_s:
        return value
    with _lock:
        _asked[folder] = now

    def kept(*a):
        answer = fn(*a)
        with _lock:
            _relooked[folder] = (time.monotonic(), answer, time.monotonic() - now)
        return answer

    try:
        return call(folder, kept, *args, timeout_s=wait_s)
    except TimeoutError:
        return value if at is not None else None


def last(folder: str, within_s: float) -> tuple[object, float] | None:
    """``folder``'s last ``relook`` answer and how many seconds it took, if it answered within the last
    ``within_s`` seconds; None otherwise."""
    with _lock:
        at, value, seconds = _relooked.get(folder, (None, None, 0.0))
    return (value, seconds) if at is not None and time.monotonic() - at < within_s else None
