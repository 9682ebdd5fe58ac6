"""A model's id without loading the model: the ids ``Encoder.load`` computed (which hashes every
tensor, seconds), remembered in the cache folder by a ``fingerprint`` of what the weights are built
from, so a text search loads only the text tower. Losing the file costs one full load, except where
``known`` reads the id off the folder's files (``file_ids``) and remembers it.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from core import json_text
from core.encoders.packaged import package_locations
from core.errors import ModelError

CACHE_NAME = "model-ids.json"
MAX_ENTRIES = 64
MAX_FILES = 500  # files of one pretrained source looked at; a folder with more is not fingerprinted


def _versions() -> list:
    """Seekframe's version and the files holding torch's and transformers' (found without
    importing them, or importlib.metadata, which costs more than the rest of a fingerprint)."""
    out: list = [__import__("core").__version__]
    for module, name in (("torch", "version.py"), ("transformers", "__init__.py")):
        locations = package_locations(module)
        where = locations[0] / name if locations else None
        out.append(_stat(where) if where is not None and where.is_file() else None)
    return out


def _stat(path: Path) -> list:
    st = path.stat()
    return [path.name, st.st_size, st.st_mtime_ns, st.st_ino]


def _tree(folder: Path) -> list | None:
    """(relative path, size, mtime, inode) of every file under ``folder``; None when too many."""
    rows = []
    for dirpath, dirnames, files in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            p = Path(dirpath) / name
            rows.append([str(p.relative_to(folder))] + _stat(p)[1:])
            if len(rows) > MAX_FILES:
                return None
    return rows


def fingerprint(source, folder: Path) -> str | None:
    """sha256 over what the full model's id is computed from (config.json's bytes; its weights, a
    CLIP folder's preprocessor_config.json and each pretrained source's files by size, mtime and
    inode; the code versions that build the towers; tokenizer files do not enter the id). None
    when it cannot be told cheaply (a pretrained source not local, a huge folder)."""
    from core.encoders.sources import resolve_pretrained

    folder = Path(folder)
    try:
        config = json_text.read_file(folder / "config.json")
        raw = json_text.loads(config)
        parts: list = [str(source), str(folder.resolve()), _versions(),
                       hashlib.sha256(config).hexdigest(),
                       [_stat(p) for p in sorted(folder.glob("*.safetensors"))]]
        if (folder / "preprocessor_config.json").is_file():  # (a CLIP model's image mean/std and resize)
            parts.append(_stat(folder / "preprocessor_config.json"))
        if isinstance(raw, dict) and "seekframe_model" in raw:
            for side in ("vision", "text"):
                ref = raw[side].get("pretrained") if isinstance(raw.get(side), dict) else None
                if ref:
                    tree = _tree(resolve_pretrained(str(ref)))
                    if tree is None:
                        return None
                    parts.append([side, str(ref), tree])
    except (OSError, ValueError, ModelError):
        return None
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _cache_file() -> Path:
    from core.paths import cache_dir

    return cache_dir() / CACHE_NAME


def _read() -> dict:
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recall(source, folder: Path) -> str | None:
    """The id a full load of ``source`` (resolved to ``folder``) gave, if nothing changed since."""
    key = fingerprint(source, folder)
    entry = _read().get(key) if key else None
    model_id = entry.get("model_id") if isinstance(entry, dict) else None
    return model_id if isinstance(model_id, str) and model_id else None


# ``fingerprint``: the id ``file_ids.derive`` read off those files, in this process. ``derive`` hashes every
# tensor (0.25 s for the demo model, seconds for a big one); where the cache file cannot be written
# (a read-only or full cache folder) each status read and search hashed them again.
_DERIVED: dict[str, str] = {}


def known(source, folder: Path) -> str | None:
    """``recall``, else the id read off the files of a Seekframe folder without torch
    (``file_ids.derive``, once a process for the same files: ``_DERIVED``), remembered; None when
    only a full load tells it."""
    from core.encoders.file_ids import derive

    model_id = recall(source, folder)
    if model_id is not None:
        return model_id
    key = fingerprint(source, folder)
    model_id = _DERIVED.get(key) if key else None
    if model_id is None and (model_id := derive(folder)) is not None and key:
        _DERIVED[key] = model_id
    if model_id is not None:
        remember(source, folder, model_id)
    return model_id


def seen(source, folder: Path) -> bool:
    """Whether an id was remembered for ``source`` or ``folder`` (under any fingerprint): when
    ``recall`` finds none, its files (or the code reading them) changed since."""
    names = {str(source), str(Path(folder).resolve())}
    return any(isinstance(e, dict) and ({e.get("source"), e.get("folder")} & names) for e in _read().values())


def remember(source, folder: Path, model_id: str) -> None:
    """Record the id of a full load (best effort: a cache that cannot be written is skipped)."""
    from core.atomic import write_bytes

    key = fingerprint(source, folder)
    if not key:
        return
    data = _read()
    if (data.get(key) or {}).get("model_id") == model_id:
        return
    data[key] = {"model_id": model_id, "source": str(source), "folder": str(Path(folder).resolve()),
                 "at": time.time()}
    if len(data) > MAX_ENTRIES:  # keep the newest
        newest = sorted(data.items(), key=lambda kv: -float((kv[1] or {}).get("at", 0)))[:MAX_ENTRIES]
        data = dict(newest)
    try:
        path = _cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, json.dumps(data, indent=1).encode())
    except OSError:
        pass
