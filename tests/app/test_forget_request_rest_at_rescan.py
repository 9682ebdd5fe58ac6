"""The rest of a stopped `seekframe forget` of several folders that a full disk kept the window's
writer open from removing stayed pending for as long as the window was open: its Re-scan finished
only a removal under way (``VideoLibrary.finish_pending_forget``), not the rest, and indexed the
folder again. Now the re-scan's start removes the rest first, as an open does, and the window says
it as it says an open's (``app.forget_news.ForgetNews``)."""

from __future__ import annotations

import json

import pytest

from app.library_panel import FORGET_NEXT_TIP, RESCAN_WAITS_TIP
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window
from tests.test_forget_whole import refuse_writes


def test_a_re_scan_after_space_is_freed_removes_the_rest_and_says_so(qtbot, make_app_window, demo_library,
                                                                    demo_clips):
    folder = str(demo_clips)
    data = json.loads((demo_library / "library.json").read_text())  # (stopped before its last folder began)
    data["extra"]["forget_request"] = [folder]
    (demo_library / "library.json").write_text(json.dumps(data))
    with pytest.MonkeyPatch.context() as m:  # (the disk full as the window opens: the open goes on)
        refuse_writes(m, lambda meta: meta.forgetting == folder)
        window = make_app_window(demo_library, build=heard_window)
        session = window.session
        qtbot.waitUntil(lambda: session.is_ready and session.status.opened, timeout=SESSION_TIMEOUT_MS)
        assert not session.read_only and session.status.forget_request == (folder,)
        assert session.status.folders == (folder,)
    assert not any(t.startswith("Removed ") for _l, t in session.messages)
    panel = window.library_panel  # (the panel says a re-scan finishes it: it does)
    qtbot.waitUntil(lambda: panel._rescan.toolTip() == RESCAN_WAITS_TIP, timeout=SESSION_TIMEOUT_MS)
    assert "a re-scan" in panel._list.item(0).toolTip() and FORGET_NEXT_TIP in panel._list.item(0).toolTip()
    session.rescan()  # (space freed)
    qtbot.waitUntil(lambda: any(f"Removed {folder} from the library (12 videos)" in t for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    said = [t for _l, t in session.messages if t.startswith("Removed ")]
    assert len(said) == 1 and "the rest of it is done now" in said[0], said
    qtbot.waitUntil(lambda: not session.indexing and session.status.folders == (), timeout=SESSION_TIMEOUT_MS)
    assert session.status.videos == 0 and read_meta(demo_library).forget_request is None
    assert not any(level == "error" for level, _t in session.messages), session.messages
