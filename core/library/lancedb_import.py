"""``import lancedb`` without running the ``__init__`` of its REST client package.

lancedb (0.40) imports ``lance_namespace``, whose generated client ``lance_namespace_urllib3_client``
imports all of its API modules up front: two thirds of lancedb's import time, a quarter of a cold
``seekframe search``, for a client a local library never uses (LanceDB only needs its ``models``).
So while lancedb is imported the package is created bare, its submodules importing as usual, and
its real ``__init__`` runs the first time something asks the package for a name. With another
layout of these packages this falls back to the plain import.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

DEFERRED = "lance_namespace_urllib3_client"


class _DeferredInit(importlib.abc.Loader):
    """Creates the package with its ``__path__`` only; runs the real ``__init__`` on first use."""

    def __init__(self, real: importlib.abc.Loader):
        self.real = real

    def exec_module(self, module) -> None:
        real = self.real

        def __getattr__(name: str):
            if name.startswith("__"):
                raise AttributeError(name)
            module.__dict__.pop("__getattr__", None)
            real.exec_module(module)  # the package's own __init__, into this module
            return getattr(module, name)

        module.__getattr__ = __getattr__


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != DEFERRED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not spec.submodule_search_locations:
            return None
        spec.loader = _DeferredInit(spec.loader)
        return spec


_finder = _Finder()
sys.meta_path.insert(0, _finder)
try:
    import lancedb  # noqa: E402
finally:
    sys.meta_path.remove(_finder)
