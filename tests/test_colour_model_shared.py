"""The end-to-end tests' colour model is trained once a run (``tests.colour_model.shared_colour_model``):
each pytest-xdist worker trained its own, and under load a ``-n 2`` run timed out in the fixture at
300 s. The first process to ask trains it under a file lock; the others wait and get the same folder,
and a training cut short leaves nothing the next one would take for a model."""

from __future__ import annotations

import threading
import time

import pytest

from tests.colour_model import shared_colour_model


def _fake_training(calls: list, seconds: float = 0.3, fail: bool = False):
    def train(folder):
        calls.append(folder)
        time.sleep(seconds)
        if fail:
            raise RuntimeError("killed while training")
        folder.mkdir()
        (folder / "config.json").write_text("{}")
        return folder
    return train


def test_workers_asking_at_once_share_one_training(tmp_path):
    calls, got = [], []
    train = _fake_training(calls)
    workers = [threading.Thread(target=lambda: got.append(shared_colour_model(tmp_path, train))) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert len(calls) == 1 and len(got) == 3 and len(set(got)) == 1
    assert (got[0] / "config.json").is_file()
    assert shared_colour_model(tmp_path, train) == got[0] and len(calls) == 1  # (a later one: loaded)


def test_a_training_cut_short_is_done_again_by_the_next(tmp_path):
    calls = []
    with pytest.raises(RuntimeError):
        shared_colour_model(tmp_path, _fake_training(calls, 0.0, fail=True))
    folder = shared_colour_model(tmp_path, _fake_training(calls, 0.0))
    assert len(calls) == 2 and (folder / "config.json").is_file()
