"""On a library of 20,000 videos the window froze 0.8-1.2 s in a re-scan and a folder removal: a full
garbage collection, walking every object torch, LanceDB, the model and the library's rows left
alive, with the GIL held (s55 G audit: gc.callbacks timed the generation-2 collections that matched
the GUI thread's longest gaps). Once the model is loaded the objects alive are frozen out of the
collector's sight (``app.idle_trim.settle_objects``)."""

from __future__ import annotations

import gc
import weakref

import pytest


def test_the_objects_alive_once_the_model_is_ready_are_frozen(settling_objects, make_app_window, demo_library):
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        make_app_window(demo_library)  # (waits for the model: Session.ready)
        assert gc.get_freeze_count() > 0  # (the old code: none)
    finally:
        gc.unfreeze()  # (the other tests' process as it was)


class _Cycle:
    def __init__(self):
        self.me = self  # (freed by the collector alone)


def test_garbage_of_the_load_is_collected_not_frozen():
    """Objects in a cycle let go before the freeze (what a model load left) were frozen with the rest:
    never collected for the window's life."""
    from app.idle_trim import settle_objects

    gc.unfreeze()
    gc.disable()  # (no collection of its own before the settle)
    try:
        left = _Cycle()
        gone = weakref.ref(left)
        del left
        settle_objects()
        gc.collect()
        assert gone() is None  # (the old code: frozen, alive)
    finally:
        gc.enable()
        gc.unfreeze()


def test_frozen_objects_let_go_since_are_collected_at_the_next_settle():
    """A library left for another, a model switched from: frozen while alive, garbage since; the next
    open's or switch's settle collects them."""
    from app.idle_trim import settle_objects

    gc.unfreeze()
    try:
        held = _Cycle()
        gone = weakref.ref(held)
        settle_objects()
        del held
        settle_objects()
        assert gone() is None  # (the old code: frozen again, alive)
    finally:
        gc.unfreeze()


@pytest.mark.slow  # (a window and a model switch: ~5 s)
def test_the_model_switched_from_is_freed(qtbot, settling_objects, make_app_window, tmp_path, demo_model,
                                         tiny_model_dir):
    """The window's model, held in a cycle, frozen at the open's ready: switched from, it is freed
    (File › Model…), not kept for the window's life beside the new one."""
    from app.engine import load_encoder
    from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle

    first = []

    def loader(source):
        if str(source) == str(tiny_model_dir):
            return cached_loader(source)
        encoder = load_encoder(str(source))  # (its own: the tests' cache keeps none alive)
        encoder.cycle = _Cycle(), encoder  # (a cycle through the model)
        first.append(weakref.ref(encoder))
        return encoder

    gc.unfreeze()
    try:
        window = make_app_window(tmp_path / "lib", model_loader=loader)  # (no videos: the switch is a use)
        s = window.session
        assert first and first[0]() is s.encoder and gc.get_freeze_count() > 0
        with qtbot.waitSignal(s.model_switched, timeout=SESSION_TIMEOUT_MS):
            s.switch_model(str(tiny_model_dir))
        wait_idle(qtbot, s)
        qtbot.waitUntil(lambda: (gc.collect(), first[0]() is None)[1], timeout=5000)  # (the old code: never)
    finally:
        gc.unfreeze()


@pytest.mark.slow  # (a window and a model switch: ~5 s)
def test_the_model_switched_from_while_a_worker_holds_it_is_freed_once_the_work_ends(
        qtbot, settling_objects, make_app_window, tmp_path, demo_model, tiny_model_dir):
    """A search or a status read of the old model still running at the switch held it as the switch's
    settle froze it: never collected until the next open or switch. The window settles again once the
    work in hand has ended."""
    import threading

    from app.engine import load_encoder
    from app.workers import Task
    from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle

    first, release = [], threading.Event()

    def loader(source):
        if str(source) == str(tiny_model_dir):
            return cached_loader(source)
        encoder = load_encoder(str(source))
        encoder.cycle = _Cycle(), encoder  # (a cycle through the model)
        first.append(weakref.ref(encoder))
        return encoder

    gc.unfreeze()
    try:
        window = make_app_window(tmp_path / "lib", model_loader=loader)
        s = window.session
        held = [s.encoder]
        s.start_worker(Task(lambda: (release.wait(SESSION_TIMEOUT_MS / 1000), held.clear()), name="holds-the-model"))
        with qtbot.waitSignal(s.model_switched, timeout=SESSION_TIMEOUT_MS):
            s.switch_model(str(tiny_model_dir))
        gc.collect()
        assert first[0]() is not None  # (held: the switch's settle froze it)
        release.set()
        wait_idle(qtbot, s)
        qtbot.waitUntil(lambda: (gc.collect(), first[0]() is None)[1], timeout=5000)  # (the old code: never)
    finally:
        release.set()
        gc.unfreeze()
