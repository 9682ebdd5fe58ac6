"""On a library of 20,000 videos the window froze 0.8-1.2 s in a re-scan and a folder removal: a full
garbage collection, walking every object torch, LanceDB, the model and the library's rows left
alive, with the GIL held (s55 G audit: gc.callbacks timed the generation-2 collections that matched
the GUI thread's longest gaps). Once the model is loaded the objects alive are frozen out of the
collector's sight (``app.idle_trim.settle_objects``)."""

from __future__ import annotations

import gc


def test_the_objects_alive_once_the_model_is_ready_are_frozen(make_app_window, demo_library):
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        make_app_window(demo_library)  # (waits for the model: Session.ready)
        assert gc.get_freeze_count() > 0  # (the old code: none)
    finally:
        gc.unfreeze()  # (the other tests' process as it was)
