"""Helpers for the tests of frozen libraries of earlier formats (``tests/data/library_v*``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"


def copy_of(name: str, tmp_path: Path) -> Path:
    """A copy of ``tests/data/NAME``: the frozen files are never written."""
    return Path(shutil.copytree(DATA / name, tmp_path / name))


def schema_version(root: Path) -> int:
    return json.loads((root / "library.json").read_text())["schema_version"]


def axis(k: int, dim: int) -> np.ndarray:
    """The unit vector along axis ``k``: each frozen moment's vector is one."""
    v = np.zeros(dim, np.float32)
    v[k] = 1.0
    return v
