"""The read-only reason of a window whose writer open could not remove the rest of a stopped `seekframe
forget` of several folders as a file of the library is refused (``ResumeFailed``, bda8f48's Try again)
names the window's ways for each of its parts (``app.library_open.window_words``) but its why, core's words
for a file that cannot be written (``core.errors.unwritable_file_message``), ended 'Make it writable by
you (...), then run the same command again': there is no command in the window. Now it says to use Try
again below, the button the notice shows; `seekframe index` keeps the CLI's words."""

from __future__ import annotations

import errno
import json

import pytest

from core.library import forget_request
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window


def _refused(monkeypatch, library) -> None:
    from core.library.store import VideoLibrary as Store

    def refused(self, root, keep=()):
        raise PermissionError(errno.EACCES, "Permission denied", str(library / "library.json"))

    monkeypatch.setattr(Store, "forget_folder", refused)


def _stopped(library, folder) -> None:
    data = json.loads((library / "library.json").read_text())
    data["extra"]["forget_request"] = [folder]
    (library / "library.json").write_text(json.dumps(data))


def test_the_window_s_reason_says_try_again_below_after_the_file_is_made_writable(qtbot, make_app_window,
                                                                                  demo_library, demo_clips):
    folder = str(demo_clips)
    _stopped(demo_library, folder)
    with pytest.MonkeyPatch.context() as m:
        _refused(m, demo_library)
        window = make_app_window(demo_library, build=heard_window)
        session, notice = window.session, window.repair_notice
        qtbot.waitUntil(lambda: session.status.opened and session.read_only, timeout=SESSION_TIMEOUT_MS)
        qtbot.waitUntil(lambda: notice.isVisibleTo(window) and notice.again_button.isVisibleTo(notice),
                        timeout=SESSION_TIMEOUT_MS)
    why = session.read_only_reason
    assert "library.json in the library at" in why and "Make it writable by you" in why, why
    assert "then use Try again below. Nothing is damaged" in why, why
    assert "the same command" not in why and "run the same" not in why, why
    assert notice.again_button.text() in why  # (the button it names is the notice's)


def test_the_cli_keeps_its_words(demo_library, demo_clips, monkeypatch):
    from core.library import VideoLibrary

    _stopped(demo_library, str(demo_clips))
    _refused(monkeypatch, demo_library)
    with pytest.raises(forget_request.ResumeFailed) as caught:
        VideoLibrary(demo_library)
    said = str(caught.value)
    assert "Make it writable by you" in said and "then run the same command again. Nothing is damaged" in said, said
    assert "Try again" not in said and not caught.value.damaged
