"""The window's settings (``model/source``: the model last used in the app, which a library with no
model yet tries first) outlive an install. An update that puts Seekframe elsewhere (0fd2f02 kept the
bundled models in ``resources/models/``, later versions in ``core/resources/models/``; a wheel of
another Python, an app folder of a new version) leaves the folder remembered gone, and a NEW library's
open warned 'model folder not found: <the old folder> … Using another model instead.' before it loaded
this install's very model (the s54 audit of libraries made by old versions). Such a folder is now this
install's bundled model, silently; a user's own model folder that is gone is still said as such."""

from __future__ import annotations

import pytest

from core.model_choice import bundled_demo_model, bundled_real_model
from tests.app.conftest import SESSION_TIMEOUT_MS


@pytest.fixture
def open_new_library(qtbot, tmp_path, loader):
    """``open_new_library(remembered)``: the real window over a new Session, opened as ``app.main``
    opens it (``session.open(library, --model, settings.model_source)``) on a library with no model
    yet, the settings remembering ``remembered``; waits for its model. (sources tried, messages said)"""
    from app.session import Session
    from app.settings import AppSettings
    from app.wiring import build_window

    def open_it(remembered: str):
        tried = []

        def load(source):
            tried.append(source)
            return loader(source)

        session = Session(loader=load)
        said = []
        session.message.connect(lambda level, text: said.append((level, text)))
        settings = AppSettings()
        settings.model_source = remembered
        window = build_window(session, settings)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
            session.open(str(tmp_path / "new-lib"), None, settings.model_source or None)
        return session, tried, said

    return open_it


@pytest.mark.parametrize("layout", ["resources/models", "core/resources/models"])  # (0fd2f02's; a gone wheel's)
def test_a_remembered_bundled_model_of_a_gone_install_is_this_installs_silently(open_new_library, tmp_path, layout):
    real = bundled_real_model()
    if real is None:
        pytest.skip("no bundled real-footage model")
    gone = tmp_path / "old-install" / layout / "real"
    session, tried, said = open_new_library(str(gone))
    assert tried == [str(real)], tried
    assert session.status.ready and session.status.model_source == str(real)
    assert not [t for level, t in said if level in ("warning", "error")], said


def test_a_users_own_model_folder_that_is_gone_is_still_said(open_new_library, tmp_path):
    gone = tmp_path / "my-models" / "student"
    session, tried, said = open_new_library(str(gone))
    assert tried[0] == str(gone) and len(tried) == 2 and session.status.model_source == tried[1], tried
    warned = [t for level, t in said if level == "warning"]
    assert any(f"model folder not found: {gone}" in t and "Using another model instead." in t for t in warned), said


def test_here_maps_bundled_folders_of_a_gone_install_and_nothing_else(tmp_path):
    from app.remembered_model import here

    real, demo = bundled_real_model(), bundled_demo_model()
    if real is None or demo is None:
        pytest.skip("no bundled models")
    assert here(str(tmp_path / "old" / "resources" / "models" / "demo")) == str(demo)  # (then never preferred)
    assert here(str(tmp_path / "old" / "core" / "resources" / "models" / "real")) == str(real)
    assert here(str(real)) == str(real)
    own = tmp_path / "my-models" / "student"
    assert here(str(own)) == str(own)  # (gone: tried and said)
    kept = tmp_path / "old" / "resources" / "models" / "real"  # an old checkout kept: its folder is there
    kept.mkdir(parents=True)
    assert here(str(kept)) == str(kept)
    assert here("") == "" and here(None) is None
