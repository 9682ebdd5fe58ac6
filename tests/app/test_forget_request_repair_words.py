"""The rest of a stopped `seekframe forget` of several folders that a window's writer open could not
remove as a table of the library cannot be read (damaged): the window opened read-only saying why in
the CLI's words, "`seekframe repair` sets what cannot be read aside and says what the next `seekframe
index` does", and offered nothing of the kind. Now (``core.library.forget_request.ResumeFailed.said``,
``app.library_open.window_words``) it names its own way, "Repair library (below)" and a re-scan, as the
window says a damaged library elsewhere (``app.worker_messages.user_message``), and shows the repair notice
with that button; the CLI's words are unchanged."""

from __future__ import annotations

import json

from core.errors import DamagedTableError
from core.library import forget_request
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window


def _stopped_request(library, folder) -> None:
    data = json.loads((library / "library.json").read_text())
    data["extra"]["forget_request"] = [folder]
    (library / "library.json").write_text(json.dumps(data))


def _damaged(monkeypatch):
    from core.library.store import VideoLibrary as Store

    def refused(self, root, keep=()):
        raise DamagedTableError("videos", "a data file is cut short")

    monkeypatch.setattr(Store, "forget_folder", refused)


def test_the_window_names_its_own_repair(qtbot, make_app_window, demo_library, demo_clips, monkeypatch):
    folder = str(demo_clips)
    _stopped_request(demo_library, folder)
    _damaged(monkeypatch)
    window = make_app_window(demo_library, build=heard_window)
    session = window.session
    qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
    said = session.read_only_reason
    assert session.read_only and f"Still to remove: {folder}" in said and "damaged" in said, said
    assert "seekframe repair" not in said and "Repair library (below)" in said and "re-scan" in said, said
    assert "the same command again" not in said and "opening it again in Seekframe" in said, said
    notice = window.repair_notice
    qtbot.waitUntil(lambda: notice.isVisibleTo(window) and notice.button.isVisibleTo(notice),
                    timeout=SESSION_TIMEOUT_MS)
    assert read_meta(demo_library).forget_request == [folder]


def test_the_cli_keeps_its_words(demo_library, demo_clips, monkeypatch):
    import pytest

    from core.library import VideoLibrary

    folder = str(demo_clips)
    _stopped_request(demo_library, folder)
    _damaged(monkeypatch)
    with pytest.raises(forget_request.ResumeFailed) as caught:
        VideoLibrary(demo_library)
    said = str(caught.value)
    assert "`seekframe repair` sets what cannot be read aside" in said and "`seekframe index`" in said, said
    assert "the same command again, any `seekframe index`, or the app" in said and caught.value.damaged
