"""``tests.rewrite_cache``: the test files' rewritten asserts written once before pytest-xdist's workers
collect (each worker rewrote every file itself on a clean clone), and nothing written where Python
may not write bytecode."""

from __future__ import annotations

import sys

import pytest
from _pytest.assertion import rewrite

from tests.rewrite_cache import rewritten_files, warm

SOURCE = "def test_it():\n    seen = 1\n    assert seen == 2\n"


def written(path):
    return rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)


@pytest.mark.skipif(sys.platform != "linux", reason="written only where fork is safe")
def test_the_pycs_hold_the_rewritten_asserts(tmp_path, monkeypatch, request):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    files = [tmp_path / "test_one.py", tmp_path / "sub" / "test_two.py", tmp_path / "sub" / "conftest.py"]
    for path in files:
        path.parent.mkdir(exist_ok=True)
        path.write_text(SOURCE)
    warm(request.config, 2, files)
    for path in files:
        code = rewrite._read_pyc(path, written(path))
        assert code is not None, path
        space: dict = {}
        exec(code, space)
        with pytest.raises(AssertionError, match=r"assert 1 == 2"):  # (a plain assert says nothing)
            space["test_it"]()


def test_nothing_is_written_where_bytecode_may_not_be(tmp_path, monkeypatch, request):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "test_one.py"
    path.write_text(SOURCE)
    warm(request.config, 1, [path])
    assert not written(path).exists() and not (tmp_path / "__pycache__").exists()


def test_the_files_are_the_runs_test_files_and_conftests(tmp_path, monkeypatch, request):
    for folder in ("sub", ".venv", "build"):
        (tmp_path / folder).mkdir()
    for name in ("test_a.py", "helper.py", "conftest.py", "sub/test_b.py", "sub/data.txt", ".venv/test_c.py",
                 "build/test_d.py"):
        (tmp_path / name).write_text("")
    monkeypatch.setattr(request.config, "args", [str(tmp_path), f"{tmp_path / 'helper.py'}::test_x"])
    assert [p.relative_to(tmp_path).as_posix() for p in rewritten_files(request.config)] == [
        "conftest.py", "test_a.py", "sub/test_b.py", "helper.py"]  # (not .venv's nor build's)


def _stuck(paths):
    import time

    time.sleep(3600)


@pytest.mark.skipif(sys.platform != "linux", reason="written only where fork is safe")
def test_a_stuck_rewriting_process_is_ended_and_the_run_goes_on(tmp_path, monkeypatch, request):
    import multiprocessing
    import threading

    import tests.rewrite_cache as cache

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(cache, "_rewrite_each", _stuck)
    monkeypatch.setattr(cache, "JOIN_S", 0.5, raising=False)
    path = tmp_path / "test_one.py"
    path.write_text(SOURCE)
    before = set(multiprocessing.active_children())
    done = threading.Thread(target=warm, args=(request.config, 1, [path]), daemon=True)
    done.start()
    done.join(60)  # (a hang bound: without one, a stuck process held the whole run)
    left = [child for child in multiprocessing.active_children() if child not in before]
    for child in left:
        child.kill()
    assert not done.is_alive() and not left
    assert not written(path).exists()
