"""``import lancedb`` without its REST namespace client, which a local library never uses.

Importing lancedb (0.40) imports ``lance_namespace``, whose generated REST client package
``lance_namespace_urllib3_client`` imports every one of its API modules up front: about two thirds
of lancedb's import time (2.1 of 3.5 s on a busy 2-core machine), a quarter of a cold
``seekframe search``. LanceDB itself only uses that package's ``models`` subpackage. So while
lancedb is imported, the client package is created without running its ``__init__``: its
submodules import as usual, and the first time anything asks the package itself for a name (a
remote connection would), its real ``__init__`` runs then and answers. Nothing is lost, only
deferred; with another layout of these packages this falls back to the plain import.
``from core.library.lancedb_import import lancedb`` is the library's one import of lancedb.
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
