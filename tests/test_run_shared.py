"""``tests.run_shared.built_once``: a folder the xdist workers of a run build once and share."""

from __future__ import annotations

import threading
import time

import pytest

from tests.run_shared import built_once


def _build(calls: list, seconds: float = 0.3, fail: bool = False):
    def build(folder):
        calls.append(folder)
        (folder / "half").write_text("written")
        time.sleep(seconds)
        if fail:
            raise RuntimeError("killed while building")
        (folder / "done").write_text("yes")
    return build


def test_workers_asking_at_once_share_one_build(tmp_path):
    calls, got = [], []
    build = _build(calls)
    workers = [threading.Thread(target=lambda: got.append(built_once(tmp_path, "m", build))) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert len(calls) == 1 and got == [tmp_path / "m"] * 3
    assert (tmp_path / "m" / "done").is_file()
    assert built_once(tmp_path, "m", build) == tmp_path / "m" and len(calls) == 1  # (a later one: read)


def test_a_build_cut_short_leaves_no_folder_and_is_done_again(tmp_path):
    calls = []
    with pytest.raises(RuntimeError):
        built_once(tmp_path / "run", "m", _build(calls, 0.0, fail=True))
    assert not (tmp_path / "run" / "m").exists()
    folder = built_once(tmp_path / "run", "m", _build(calls, 0.0))  # (its root made when first asked)
    assert len(calls) == 2 and sorted(p.name for p in folder.iterdir()) == ["done", "half"]
