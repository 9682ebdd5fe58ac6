"""``<root>/library.json``: schema version and the bound model, written atomically."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from core import atomic
from core.errors import LibraryError, SchemaVersionError
from core.library.records import LibraryMeta
from core.library.schema import SCHEMA_VERSION

META_FILE = "library.json"
LOCK_FILE = "writer.lock"
DB_DIR = "db"
_OURS = {META_FILE, LOCK_FILE, DB_DIR}


def is_library(root: Path) -> bool:
    return (root / META_FILE).is_file()


def check_new_library_folder(root: Path) -> None:
    """A writer may create a library only in a missing/empty folder or a half-created one."""
    if root.exists() and not root.is_dir():
        raise LibraryError(f"{root} is a file, not a library folder.")
    if root.is_dir():
        foreign = [p.name for p in root.iterdir()
                   if p.name not in _OURS and not p.name.startswith(META_FILE)]
        if foreign:
            raise LibraryError(
                f"{root} is not a Seekframe library (no {META_FILE}) and is not empty "
                f"(it holds {', '.join(sorted(foreign)[:3])}…). Choose an empty folder."
            )


def read_meta(root: Path) -> LibraryMeta:
    path = root / META_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except FileNotFoundError:
        raise LibraryError(f"{root} is not a Seekframe library (no {META_FILE}).") from None
    except (OSError, ValueError) as e:
        raise LibraryError(f"The library description {path} is unreadable: {e}") from e
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemaVersionError(
            f"The library at {root} has an unknown format version ({version!r}); "
            "it was not written by this Seekframe."
        )
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"The library at {root} was written by a newer Seekframe (library format {version}; "
            f"this version understands up to format {SCHEMA_VERSION}). "
            "Update Seekframe to open it."
        )
    try:
        return LibraryMeta(
            schema_version=version,
            model_id=str(data.get("model_id", "")),
            model_source=str(data.get("model_source", "")),
            dim=int(data.get("dim", 0)),
            created_at=float(data.get("created_at", 0.0)),
            extra=dict(data.get("extra") or {}),
        )
    except (TypeError, ValueError) as e:
        raise LibraryError(f"The library description {path} is damaged: {e}") from e


def write_meta(root: Path, meta: LibraryMeta) -> None:
    """Atomically and durably: a crash leaves the old description or the new one."""
    payload = json.dumps(asdict(meta), indent=2, sort_keys=True).encode("utf-8")
    atomic.write_bytes(root / META_FILE, payload, durable=True)
