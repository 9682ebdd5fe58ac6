"""The index strip's "Remove them" (remove the missing videos of a folder: ``Session.prune_missing``) of a
folder still to be removed (the rest of a `seekframe forget` of several that a full disk stopped) is no
add of it: the window kept the folder and said 'added again, it is kept and indexed, and that removal of
it is dropped' (ed3c5a5 took every ask made in the window for the user's add). Now only an add or an
index of the folder keeps it; the prune's run goes with the removal the user asked for, as the rest's
removal goes before any run (``tests.app.test_forget_request_readded`` keeps the add)."""

from __future__ import annotations


from core.library.forget_request import kept_text
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_request_readded import window_with_rest


def test_remove_missing_videos_does_not_keep_a_folder_still_to_be_removed(qtbot, make_app_window, demo_library,
                                                                            demo_clips):
    folder = str(demo_clips)
    session = window_with_rest(qtbot, make_app_window, demo_library, folder)  # (space freed after)
    session.prune_missing([folder])  # (space freed: the strip's "Remove them" for it)
    qtbot.waitUntil(lambda: read_meta(demo_library).forget_request is None and not session.indexing,
                    timeout=SESSION_TIMEOUT_MS)
    said = [t for _l, t in session.messages]
    assert kept_text([folder]) not in said, said
    meta = read_meta(demo_library)
    assert meta.settings.folders in (None, []) and meta.removed, (meta.settings.folders, said)
