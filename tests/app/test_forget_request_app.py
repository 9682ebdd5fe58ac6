"""A `seekframe forget` of several folders stopped part-way (Ctrl-C, a kill) leaves the rest of its
request in library.json (``forget_request``): the window's writer open removes it, as the user
asked, and says so (before, the open knew nothing of it and the folder stayed in the library)."""

from __future__ import annotations

import errno
import json

from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window


def request_left(library, folder: str) -> None:
    """library.json holding the rest of a stopped `seekframe forget` of several folders: ``folder``."""
    data = json.loads((library / "library.json").read_text())
    data["extra"]["forget_request"] = [folder]
    (library / "library.json").write_text(json.dumps(data))


def refused(library):
    """A ``forget_folder`` whose write of ``library``'s library.json is refused (not a full disk)."""

    def forget_folder(self, root, keep=()):
        raise PermissionError(errno.EACCES, "Permission denied", str(library / "library.json"))

    return forget_folder


def test_the_window_s_open_removes_the_rest_of_a_stopped_request_and_says_so(qtbot, make_app_window,
                                                                            demo_library, demo_clips):
    folder = str(demo_clips)
    request_left(demo_library, folder)  # (stopped before its last folder began)
    window = make_app_window(demo_library, build=heard_window)
    session = window.session
    qtbot.waitUntil(lambda: any(f"Removed {folder} from the library (12 videos)" in t for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    said = next(t for _l, t in session.messages if t.startswith("Removed "))
    assert "stopped part-way" in said and "the rest of it is done now" in said, said
    qtbot.waitUntil(lambda: session.status.opened and session.status.folders == (), timeout=SESSION_TIMEOUT_MS)
    assert session.status.videos == 0 and read_meta(demo_library).forget_request is None


def test_a_failure_removing_the_rest_opens_the_window_read_only_saying_what_is_left(qtbot, make_app_window,
                                                                                  demo_library, demo_clips,
                                                                                  monkeypatch):
    """The rest's removal failing otherwise than for a full disk (a file refused): the window opens
    the library read-only (searchable), saying what is left and why, the request kept (before, the
    writer's PermissionError failed the open with its bare words)."""
    from core.library.store import VideoLibrary as Store

    folder = str(demo_clips)
    request_left(demo_library, folder)
    monkeypatch.setattr(Store, "forget_folder", refused(demo_library))
    window = make_app_window(demo_library, build=heard_window)
    session = window.session
    qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert session.read_only and f"Still to remove: {folder}" in session.read_only_reason, session.read_only_reason
    assert "Nothing was lost" in session.read_only_reason and "cannot be written" in session.read_only_reason
    assert session.status.folders == (folder,) and session.status.forget_request == (folder,)
    assert read_meta(demo_library).forget_request == [folder]
