"""Adding Seekframe's data folder (SEEKFRAME_HOME or the default: the library, the models, the log)
in the window was taken as a library folder of no video, as `seekframe index` took it (found in the
session-51 audit); the run both front ends share now refuses it with the reason."""

from __future__ import annotations

import os

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_the_data_folder_is_refused_with_the_reason(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    session = window.session
    said = []
    session.message.connect(lambda level, text: said.append((level, text)))
    before = session.status.folders
    home = os.environ["SEEKFRAME_HOME"]
    session.add_folder(home)
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in said), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    text = next(t for level, t in said if level == "error")
    assert text == (f"{home} is Seekframe's data folder: it holds Seekframe's own files (the library, the models, "
                    "the log), not videos, so it was not added. Add the folders where your videos are."), text
    assert session.status.folders == before
