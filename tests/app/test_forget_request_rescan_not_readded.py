"""The file notice's "Re-scan its folder" (and the library panel's "Finish indexing") on a folder still to be removed (the rest of a `seekframe
forget` of several that a full disk stopped) kept the folder, against the user's forget, and said
'added again, it is kept …': the notice asked an add of the folder (``Session.add_folder``), which the
window takes for the user's add (ed3c5a5). A re-scan is no add: the library panel's Re-scan of such a
folder is off (a re-scan finishes the removal), and "Remove them" no longer keeps it either (464376e).
Only Add folder, or `seekframe index FOLDER` typed, keeps it (``test_forget_request_readded``). The
notice now asks a re-scan (``Session.rescan_folder``), and "Finish indexing" no add either: the run goes
with the removal the user asked for, said as the rest's removal and the run it dropped."""

from __future__ import annotations

import pytest

from app.file_state import GONE
from core.library.forget_request import kept_text
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_request_readded import _stopped_with_rest
from tests.app.test_remove_killed_keeps_runs import heard_window
from tests.test_forget_whole import refuse_writes


class _Result:  # (what the file notice reads of a result: its file and library folder)
    def __init__(self, path: str, root: str):
        self.path, self.root = path, root


@pytest.mark.parametrize("asked_by", ["the file notice", "finish indexing"])
def test_a_rescan_does_not_keep_a_folder_still_to_be_removed(qtbot, make_app_window, demo_library, demo_clips,
                                                             asked_by):
    folder = str(demo_clips)
    _stopped_with_rest(demo_library, folder)
    with pytest.MonkeyPatch.context() as m:  # (the disk full as the window opens: the rest stays)
        refuse_writes(m, lambda meta: meta.forgetting == folder)
        window = make_app_window(demo_library, build=heard_window)
        session = window.session
        qtbot.waitUntil(lambda: session.is_ready and session.status.opened, timeout=SESSION_TIMEOUT_MS)
        assert session.status.forget_request == (folder,)
    if asked_by == "the file notice":  # (space freed: a result's file gone, the notice's button)
        clip = sorted(demo_clips.glob("*.mp4"))[0]
        window.file_notice.show_problem(_Result(str(clip), folder), GONE)
        assert window.file_notice.isVisible() and window.file_notice.root == folder
        window.file_notice.button.click()
    else:
        session.finish_indexing([folder])
    # (the request cleared in the run's worker, kept or removed; then that worker's end)
    qtbot.waitUntil(lambda: read_meta(demo_library).forget_request is None, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not session.indexing and session._runner._running is None, timeout=SESSION_TIMEOUT_MS)
    session.refresh_status()  # (the rest's removal said once a status read sees it: app.forget_news)
    qtbot.waitUntil(lambda: any(t.startswith(f"Removed {folder} from the library (12 videos)") for _l, t in
                                session.messages), timeout=SESSION_TIMEOUT_MS)
    said = [t for _l, t in session.messages]
    assert f"The indexing of {folder}, waiting or under way, was dropped with the removal of the folder." in said, said
    assert kept_text([folder]) not in said and not any("added again" in t for t in said), said
    meta = read_meta(demo_library)
    assert meta.settings.folders in (None, []) and meta.removed, (meta.settings.folders, said)  # (removed, as asked)
