"""A user's video file read by Seekframe's own readers of its bytes (an MP4's, AVI's, Ogg's, MPEG-TS's or
DVR file's headers and tables, an MPEG-PS's PES headers: ``core.pes_dts``) under the bound FFmpeg's reads
of it have (``core.file_open``): an open or a read that brings nothing for ``timeout_s`` seconds (a network
share that stopped answering: the system may leave a read of it waiting for ever) raises ``DecodeTimeout``
in FFmpeg's words for the same (``stalled``: "decoding took longer than 120 s", a failure of the moment
that later runs try again, ``core.failure_retry``), where it hung the window's worker (a thumbnail, the
preview's look) or waited for the decode pool to kill its process.

The file's calls to the system (open, read, seek, stat) are made by a thread of its own that the caller
waits for: a call that never returns keeps that thread, never the caller; the file is unusable from then
on. ``open_bytes`` gives it buffered, as ``open(path, "rb")`` does; any other ``OSError`` is the
system's, as before. Imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import queue
import threading

from core.errors import DecodeTimeout

READ_TIMEOUT_S = 120.0  # (a caller with no reader's budget to go by: ``FrameSampler``'s default)


def bound(timeout_s: float | None) -> float:
    """The seconds a read may bring nothing: ``timeout_s`` (``READ_TIMEOUT_S`` for None), at least 1."""
    return max(1.0, float(READ_TIMEOUT_S if timeout_s is None else timeout_s))


def stalled(path, timeout_s: float | None) -> DecodeTimeout:
    """The error of a read of ``path`` that brought nothing for ``bound(timeout_s)`` seconds."""
    return DecodeTimeout(str(path), f"decoding took longer than {bound(timeout_s):g} s")


def _serve(requests: queue.SimpleQueue, replies: queue.SimpleQueue) -> None:
    while (item := requests.get()) is not None:
        fn, args = item
        try:
            replies.put((True, fn(*args)))
        except BaseException as e:  # (handed to the caller, raised there)
            replies.put((False, e))


# threads whose file was closed, each waiting for the next (starting one took ~0.3 ms, twice what a
# phone clip's MP4 index is read in); none of them is one whose call did not return
IDLE_MAX = 8
_idle: list[tuple[queue.SimpleQueue, queue.SimpleQueue]] = []
_idle_lock = threading.Lock()


def _forget_idle() -> None:  # (a forked child has none of its parent's threads)
    global _idle_lock
    _idle.clear()
    _idle_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_idle)


def _thread() -> tuple[queue.SimpleQueue, queue.SimpleQueue]:
    with _idle_lock:
        if _idle:
            return _idle.pop()
    pair = (queue.SimpleQueue(), queue.SimpleQueue())
    threading.Thread(target=_serve, args=pair, daemon=True, name="seekframe-read").start()
    return pair


def _let_go(pair) -> None:
    with _idle_lock:
        if len(_idle) < IDLE_MAX:
            _idle.append(pair)
            return
    pair[0].put(None)


def _pread(fd: int, n: int, pos: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, n, pos)
    os.lseek(fd, pos, os.SEEK_SET)
    return os.read(fd, n)


class BoundedFile(io.RawIOBase):
    """The regular file ``path`` opened for reading, each call to the system bounded (module doc)."""

    def __init__(self, path, timeout_s: float | None = None):
        super().__init__()
        self.name, self.timeout_s, self._fd, self._pos = os.fspath(path), timeout_s, None, 0
        self._stuck = False
        self._requests, self._replies = _thread()
        try:
            # (without blocking: a named pipe given as a video never waits for a writer, and reads empty)
            self._fd = self.call(os.open, self.name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except BaseException:
            self.close()
            raise

    def call(self, fn, *args):
        """``fn(*args)`` made by the file's thread, waited for ``bound(timeout_s)`` seconds."""
        if self._stuck or self._requests is None:
            raise stalled(self.name, self.timeout_s) if self._stuck else ValueError("I/O operation on closed file")
        return self.call_on((self._requests, self._replies), fn, *args)

    def call_on(self, pair, fn, *args):
        pair[0].put((fn, args))
        try:
            ok, value = pair[1].get(timeout=bound(self.timeout_s))
        except queue.Empty:
            self._stuck = True
            raise stalled(self.name, self.timeout_s) from None
        except BaseException:  # (a Ctrl-C in the wait: its reply comes later, so the thread is never reused)
            self._stuck = True
            raise
        if not ok:
            raise value
        return value

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def size(self) -> int:
        """The file's size now (its ``fstat``, bounded)."""
        return self.call(os.fstat, self._fd).st_size

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Where the next read starts, kept here (read there by ``pread``: one call a read, not two);
        SEEK_DATA and SEEK_HOLE (``core.zero_bytes.extents``) asked of the system."""
        if whence in (io.SEEK_SET, io.SEEK_CUR, io.SEEK_END):
            at = offset + (0 if whence == io.SEEK_SET else self._pos if whence == io.SEEK_CUR else self.size())
            if at < 0:
                raise OSError(22, "Invalid argument")
            self._pos = at
        else:
            self._pos = self.call(os.lseek, self._fd, offset, whence)
        return self._pos

    def readinto(self, buffer) -> int:
        data = self.pread(len(memoryview(buffer)), self._pos)  # (bytes: a late answer writes nothing of ours)
        n = len(data)
        memoryview(buffer).cast("B")[:n] = data
        self._pos += n
        return n

    def pread(self, n: int, pos: int) -> bytes:
        """``n`` bytes from byte ``pos`` (``os.pread``: the position kept; a seek and a read where the
        system has no ``pread``, Windows: the file's descriptor is its own, read by its thread alone)."""
        return self.call(_pread, self._fd, n, pos)

    def close(self) -> None:
        if not self.closed and self._requests is not None:
            pair, self._requests = (self._requests, self._replies), None
            if self._stuck:  # (its thread ends, the file closed, if ever its call returns)
                if self._fd is not None:
                    pair[0].put((os.close, (self._fd,)))
                pair[0].put(None)
            else:
                try:
                    if self._fd is not None:
                        self.call_on(pair, os.close, self._fd)
                    _let_go(pair)
                except OSError:
                    _let_go(pair)  # (an error of close: the thread answered, it may serve again)
                except DecodeTimeout:
                    pair[0].put(None)
        super().close()


def open_bytes(path, timeout_s: float | None = None, buffer_size: int = io.DEFAULT_BUFFER_SIZE) -> io.BufferedReader:
    """``path`` opened for reading as ``open(path, "rb")`` opens it, each call to the system bounded by
    ``timeout_s`` (module doc); ``f.raw`` is its :class:`BoundedFile` (``size``, ``pread``)."""
    return io.BufferedReader(BoundedFile(path, timeout_s), buffer_size)


def no_answer_text(timeout_s: float | None) -> str:
    """What a run says of a file of a library folder whose read brought nothing for ``bound(timeout_s)``
    seconds at its scan or plan (``scan_open``; ``core.scan_stalls``)."""
    return f"no answer in {bound(timeout_s):g} s (a network share that stopped answering?)"


@contextlib.contextmanager
def scan_open(path, timeout_s: float | None = None, buffered: bool = True):
    """``path`` opened as ``open_bytes`` opens it (``buffered`` False: its ``BoundedFile`` alone) for a
    re-scan's own reads of a file it found (its content hash, a GIF's, WebP's or .mod's first bytes): a
    stall raised as ``TimeoutError`` (an OSError, ETIMEDOUT, in ``no_answer_text``'s words), so that a
    caller that takes a file it cannot read as such (OSError) still does, and the scan tells a share
    that stopped answering by its type (``core.scan_stalls``)."""
    try:
        with (open_bytes(path, timeout_s) if buffered else BoundedFile(path, timeout_s)) as f:
            yield f
    except DecodeTimeout:
        raise TimeoutError(errno.ETIMEDOUT, no_answer_text(timeout_s)) from None
