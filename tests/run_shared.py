"""A folder built once a test run and shared by every pytest-xdist worker of it (``built_once``): a
module-scoped fixture is built again in each worker that runs one of the module's tests, up to 4 in
CI; an expensive one (tests/test_clip_parity.py's ViT-B/32, ~27 s to build on 2 busy cores) is built
by the first worker to ask, under a file lock, the others waiting for it and reading the same folder.
``tests.colour_model.shared_colour_model`` does the same for the trained colour model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable


def run_root(tmp_path_factory) -> Path:
    """The folder every process of this run sees: ``shared`` in the run's base temp folder (the
    workers' parent), holding only what ``built_once`` builds there."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"


def built_once(root: Path, name: str, build: Callable[[Path], object]) -> Path:
    """``root/name``, built by ``build(folder)`` into ``name.part`` and renamed into place by the first
    process to ask; the others wait on the lock and get the folder (a build cut short leaves no
    folder, and the next one builds it). Read-only: a test that changes it copies it first."""
    from filelock import FileLock

    folder = Path(root) / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder) + ".lock"):
        if not folder.is_dir():
            part = folder.with_name(folder.name + ".part")
            shutil.rmtree(part, ignore_errors=True)
            part.mkdir(parents=True)
            build(part)
            part.rename(folder)
    return folder
