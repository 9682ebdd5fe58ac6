"""A window closed while a folder's removal runs (its worker started: not one waiting for another
process's writer lock) left the runs that removal held (the folders in it, added just before)
out of what the next open resumes: ``JobRunner.outstanding`` counted only a queued removal's held
runs, and the removal's refusal, which puts them back, is no longer heard once the window closes.
Now the close settles the removal in hand: refused, its runs are left to resume; removed, they
are not (run at the next open, ~/New would be added back as a library folder of its own)."""

from __future__ import annotations

import threading
import time

import pytest

from core import service
from core.library.lock import writer_free
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_drops_runs_inside import indexed_home
from tests.app.test_remove_refused_keeps_runs import new_folder
from tests.app.test_writer_turn import another_writer


def closed_while_the_removal_runs(qtbot, session, monkeypatch, library, added, removed, keep_inside):
    """``added`` queued, ``removed`` asked to go (both wait for another process); once that process
    is done the removal starts, and the window closes while it runs (core's removal goes on only
    once the close has begun)."""
    real, entered = service.forget_folder, threading.Event()

    def forget_after_the_close(lib, folder, keep_inside=False):
        entered.set()
        deadline = time.monotonic() + 30
        while not session._closed and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(lib, folder, keep_inside)

    monkeypatch.setattr(service, "forget_folder", forget_after_the_close)
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        session.add_folder(str(added))
        qtbot.waitUntil(lambda: session._runner.queue.roots() == [str(added)] and not session._runner.adds.looking,
                        timeout=10_000)
        session.remove_folder(str(removed), keep_inside)
        qtbot.waitUntil(lambda: session._runner.turn.waiting is not None, timeout=10_000)
    qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)  # (the removal runs now)
    assert session.close(timeout=30.0)


@pytest.mark.parametrize("keep_inside", [True, False], ids=["refused", "removed"])
def test_a_window_closed_while_the_removal_runs_leaves_its_runs_as_its_outcome_says(
        qtbot, make_session, demo_clips, tmp_path, monkeypatch, keep_inside):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    library, new = tmp_path / "lib", new_folder(demo_clips, home)
    # a keep-inside removal of ~, which took no folder in, is refused: nothing removed
    closed_while_the_removal_runs(qtbot, session, monkeypatch, library, new, home, keep_inside)
    left = session.resume.store.get(str(library))
    if keep_inside:  # (refused: ~/New, part of ~ still in the library, indexed at the next open)
        assert left is not None and str(new) in (left.roots or ()), left
    else:  # (~ removed: ~/New is not indexed, added back, at the next open)
        assert left is None or str(new) not in (left.roots or ()), left
