"""The video library: LanceDB tables, schema version, writer lock, exact/ANN search policy.

The names below are imported on first use (PEP 562), so ``core.library.lock`` can take a
library's writer lock without importing LanceDB: a second writer is refused at once.
"""

from importlib import import_module

_WHERE = {
    "DONE": "records", "FAILED": "records", "PENDING": "records", "CaptionHit": "records",
    "CaptionRecord": "records", "LibraryMeta": "meta", "LibrarySettings": "meta", "MomentHit": "records",
    "MomentRecord": "records", "VideoRecord": "records", "SCHEMA_VERSION": "schema",
    "VideoLibrary": "store", "SearchPolicy": "vector_search",
}

__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"core.library.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
