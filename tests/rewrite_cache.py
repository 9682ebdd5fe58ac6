"""pytest's assertion rewrite of the test files, done once a run before pytest-xdist starts its workers
(``tests/conftest.py``'s ``pytest_sessionstart``).

Each worker collects every test file, and pytest rewrites each file's ``assert`` statements (parse,
rewrite, compile: about 10 s of CPU for the suite's 900-odd files) unless ``__pycache__`` holds the
rewritten code (a ``-pytest-`` pyc, checked against the source's hash). On a clean clone, as in CI, the
workers start together and each rewrote nearly every file itself: a cold ``-n 2`` collection took 35 s
of CPU, 26 s with the pycs written first (load 13-20). ``warm`` writes them first, the files split over
forked processes. Only where Python may write bytecode (``PYTHONDONTWRITEBYTECODE`` unset), pytest
rewrites (``--assert=rewrite``) and fork is safe (Linux); whatever fails here, the workers rewrite what
is left as they always did. pytest's own functions do the work (pinned by constraints.txt)."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

_CONFIG = None  # (the run's config, for the forked processes)
JOIN_S = 120.0  # (the whole suite's files take a few seconds a process; one stuck is ended, the run goes on)


def rewritten_files(config) -> list[Path]:
    """The files pytest rewrites of the run's paths: the test files (``python_files``) and conftests of its
    folders (not those ``norecursedirs`` leaves out, a virtual environment's), and the files it names."""
    from fnmatch import fnmatch

    from _pytest.pathlib import fnmatch_ex

    patterns, skipped = config.getini("python_files"), config.getini("norecursedirs")
    found: list[Path] = []
    for arg in config.args:
        root = Path(config.invocation_params.dir, arg.split("::")[0])
        if root.suffix == ".py" and root.is_file():  # (a file named on the command line is rewritten)
            found.append(root)
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not any(fnmatch(d, pattern) for pattern in skipped))
            found.extend(Path(folder, name) for name in sorted(names) if name.endswith(".py") and (
                name == "conftest.py" or any(fnmatch_ex(pattern, Path(folder, name)) for pattern in patterns)))
    return found


def _rewrite_each(paths: list[str]) -> None:
    from _pytest.assertion import rewrite

    state = _CONFIG.stash[rewrite.assertstate_key]
    for name in paths:
        try:
            fn = Path(name)
            cache = rewrite.get_cache_dir(fn)
            pyc = cache / (fn.name[:-3] + rewrite.PYC_TAIL)
            if rewrite._read_pyc(fn, pyc) is None and rewrite.try_makedirs(cache):
                source_hash, code = rewrite._rewrite_test(fn, _CONFIG)
                rewrite._write_pyc(state, code, source_hash, pyc)
        except Exception:  # (a file that does not parse: its worker's collection says so)
            continue


def warm(config, processes: int, files: list[Path] | None = None) -> None:
    """Write the rewritten pycs of ``files`` (the run's, by default) with ``processes`` processes."""
    global _CONFIG
    if sys.dont_write_bytecode or config.getoption("assertmode") != "rewrite" or sys.platform != "linux":
        return
    try:
        names = [str(path) for path in (rewritten_files(config) if files is None else files)]
        if not names:
            return
        _CONFIG = config
        context = multiprocessing.get_context("fork")
        workers = [context.Process(target=_rewrite_each, args=(names[i::processes],), daemon=True)
                   for i in range(max(1, min(processes, len(names))))]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(JOIN_S)
        for worker in workers:  # (a stuck one: its files are left to the workers, as without the cache)
            if worker.is_alive():
                worker.kill()
                worker.join(5)
    except Exception:  # (the workers rewrite what is left, as before)
        pass
    finally:
        _CONFIG = None
