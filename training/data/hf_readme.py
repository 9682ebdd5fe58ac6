"""A Hub dataset repo's own map of its files: the YAML front matter of its ``README.md`` (``datasets``'
convention), whose ``configs:`` list each config's ``data_files`` per split, or its ``data_dir``::

    ---
    configs:
    - config_name: train_9k
      data_files:
      - split: train
        path: data/train_9k-*.parquet
    - config_name: test_1k
      default: true
      data_files: {split: test, path: [data/test_1k-00000.parquet]}
    ---

Where it maps any file that is there, it is the map ``hf_layout`` reads: each matching file a table of
that config and split (a split named ``validation``, ``dev``… is val; ``data_files`` without a split,
``train``, as ``datasets`` reads them; a ``data_dir``'s files split by their own or their folder's
names), and no other file. A README without front matter, without ``configs``, with configs naming no
files (only ``config_name``), or whose YAML does not parse leaves the folder rules to find the tables.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

from training.data import compressed

log = logging.getLogger(__name__)

README = "README.md"
MAX_BYTES = 1 << 20  # (the front matter is at the top; a dataset card may be long)
_PARSED: dict[Path, tuple[tuple[int, int], dict | None]] = {}  # README -> ((mtime, size), its front matter)


class Mapped(NamedTuple):
    path: Path
    split: str | None  # the split's name as the YAML gives it (None: the file's own names say)
    config: str


def front_matter(root: Path) -> dict | None:
    """The YAML front matter of ``root/README.md`` as a dict, None when there is none or it does not parse;
    parsed once while the file stays the same (a load asks for it several times; a card's YAML may list
    every feature: ~70 ms with PyYAML's Python parser)."""
    path = root / README
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        if path in _PARSED and _PARSED[path][0] == key:
            return _PARSED[path][1]
        with open(path, "rb") as f:
            text = f.read(MAX_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    data = _PARSED[path] = (key, _parse(path, text))
    return data[1]


def _parse(path: Path, text: str) -> dict | None:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    end = next((k for k, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        return None
    import yaml

    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        log.warning("%s: its YAML front matter does not parse (%s): its configs are not read, the tables are "
                    "looked for by their folders and names", path, str(e).splitlines()[0])
        return None
    return data if isinstance(data, dict) else None


def configs(root: Path) -> list[dict]:
    """The ``configs:`` entries of the front matter that are mappings with a ``config_name``."""
    data = front_matter(root) or {}
    listed = data.get("configs")
    return [c for c in listed if isinstance(c, dict) and isinstance(c.get("config_name"), str)] \
        if isinstance(listed, list) else []


def default_config(root: Path) -> str | None:
    """The config the YAML marks ``default: true``, else one named ``default``; None when neither."""
    listed = configs(root)
    return next((c["config_name"] for c in listed if c.get("default") is True),
                next((c["config_name"] for c in listed if c["config_name"] == "default"), None))


def mapped(root: Path, exts: tuple[str, ...]) -> list[Mapped] | None:
    """The files the YAML's configs name (those with an extension of ``exts``), each once, in its order;
    None where it names none that is there (the folder rules then)."""
    out: dict[Path, Mapped] = {}
    for c in configs(root):
        name = c["config_name"]
        for split, pattern in _patterns(c):
            for p in _matches(root, pattern):
                if compressed.table_suffix(p) in exts and not p.name.startswith("."):
                    out.setdefault(p, Mapped(p, split, name))
    return list(out.values()) or None


def _patterns(config: dict) -> list[tuple[str | None, str]]:
    """``(split name or None, glob pattern relative to the repo)`` of a config's ``data_files`` (a pattern,
    a list of them: split ``train``; ``{split, path}`` entries, one or a list; a mapping of split to
    path(s)), else of its ``data_dir`` (every file under it, split by its names)."""
    files = config.get("data_files")
    if files is None:
        folder = config.get("data_dir")
        return [(None, f"{folder.strip('/')}/**/*")] if isinstance(folder, str) and folder.strip("/") else []
    if isinstance(files, dict) and "path" not in files:  # ({train: ..., test: ...})
        files = [{"split": s, "path": p} for s, p in files.items()]
    out = []
    for entry in files if isinstance(files, list) else [files]:
        if isinstance(entry, str):
            out.append(("train", entry))
        elif isinstance(entry, dict):
            paths = entry.get("path")
            split = str(entry.get("split", "train"))
            out += [(split, p) for p in (paths if isinstance(paths, list) else [paths]) if isinstance(p, str)]
    return out


def _matches(root: Path, pattern: str) -> list[Path]:
    """The files of ``root`` a repo-relative glob pattern matches (none for one reaching outside it)."""
    pattern = pattern.strip().removeprefix("./")
    if not pattern or pattern.startswith("/") or "://" in pattern or ".." in Path(pattern).parts:
        return []
    try:
        return sorted(p for p in root.glob(pattern) if p.is_file())
    except (ValueError, OSError):  # (a pattern pathlib cannot take)
        return []
