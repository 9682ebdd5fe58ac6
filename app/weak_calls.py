"""``weakly(fn)``: what a helper ``QObject`` owned by a widget (an event filter, a follower) keeps of the
callback it was given. A bound method is held weakly: held strongly, it and the widget the helper
stores would make a reference cycle (widget → its child helper → the widget), and a widget without a
parent then lived until whichever garbage collection came first, not its last reference; one run
inside a Python ``eventFilter`` of its ``DeferredDelete`` freed it while Qt still delivered that event
(a segfault). A plain function is held as given."""

from __future__ import annotations

import inspect
import weakref
from typing import Callable


def weakly(fn: Callable) -> Callable[[], Callable | None]:
    """A call that returns ``fn`` (None once the object a method ``fn`` is of has gone)."""
    if inspect.ismethod(fn):
        return weakref.WeakMethod(fn)
    return lambda: fn
