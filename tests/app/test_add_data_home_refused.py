"""Adding Seekframe's data folder (SEEKFRAME_HOME or the default: the library, the models, the log)
in the window was taken as a library folder of no video, as `seekframe index` took it (found in the
session-51 audit); the run both front ends share now refuses Seekframe's own folders in it with the reason
(the data folder itself is indexed: a data home set to ~/Videos, tests/test_index_data_home.py)."""

from __future__ import annotations

import os

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_the_data_folders_own_folders_are_refused_with_the_reason(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    session = window.session
    said = []
    session.message.connect(lambda level, text: said.append((level, text)))
    before = session.status.folders
    home = os.environ["SEEKFRAME_HOME"]
    models = os.path.join(home, "models")
    os.makedirs(models, exist_ok=True)
    session.add_folder(models)
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in said), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    text = next(t for level, t in said if level == "error")
    assert text == (f"{models} is inside Seekframe's data folder {home}: it holds Seekframe's own files (the "
                    "library, the models, the log), not videos, so it was not added. Add the folders where your videos are."), text
    assert session.status.folders == before
