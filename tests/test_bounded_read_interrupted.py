"""A wait for a file's thread cut short by Ctrl-C (or anything but its bound) leaves that thread's late
reply in its queue: the thread must never serve another file, which would take that reply for its own
(an open answered None, a read another call's bytes). The s53 reader review's finding."""

import pytest

from core import bounded_read
from core.bounded_read import BoundedFile


class _Interrupted:
    """A replies queue whose wait is cut short, as a Ctrl-C cuts the real one's."""

    def get(self, timeout=None):
        raise KeyboardInterrupt


def test_a_thread_whose_wait_was_interrupted_never_serves_another_file(tmp_path):
    a, b = tmp_path / "a.bin", tmp_path / "b.bin"
    a.write_bytes(b"A" * 100)
    b.write_bytes(b"the other file's bytes")
    with bounded_read._idle_lock:
        bounded_read._idle.clear()  # (the next file takes the thread this one lets go, if it lets it go)
    f = BoundedFile(a, 5)
    replies = f._replies
    f._replies = _Interrupted()
    with pytest.raises(KeyboardInterrupt):
        f.call(len, b"xyz")  # (answered 3, late, into the thread's own queue)
    f._replies = replies
    f.close()
    g = BoundedFile(b, 5)
    try:
        assert g.fileno() is not None
        assert g.read(100) == b"the other file's bytes"
    finally:
        g.close()
