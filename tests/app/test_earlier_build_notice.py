"""After an upgrade rebuilt the bundled model, a library indexed with the build before searches with
that build, kept (``core.earlier_builds``); the window said nothing of it: only ``seekframe status``
told that the library is on an earlier build and how to move it. A calm notice now says so, how many
videos the move indexes again (captions and notes kept), and its button is File › Model… on this
version's build, whose choice moves the library (the switch, asking first); the notice goes once it
is moved, and is never shown for a library on the current build or on a user's own model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.earlier_build import look
from app.model_dialog import ModelDialog
from core import earlier_builds
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.cli_run import run_cli
from tests.test_earlier_builds import _bound, _indexed, resources, upgrade  # noqa: F401 (a fixture)


def test_only_a_library_on_a_kept_earlier_build_is_told(resources, tmp_path):  # noqa: F811
    current = earlier_builds.current_id("real")
    own = tmp_path / "own-model"
    own.mkdir()
    for name, model_id, source in (("current", current, str(resources)), ("own", "own-000000000001", str(own))):
        lib = _bound(tmp_path / name, model_id, source)
        try:
            assert look(lib) == ()
        finally:
            lib.close(optimize=False)
    old, new = upgrade(resources)
    lib = _bound(tmp_path / "earlier", old, str(resources))
    try:
        assert look(lib) == (old, new, str(resources))
        moved = _bound(tmp_path / "moved", new, str(resources))
        assert look(moved) == ()
        moved.close(optimize=False)
        import shutil

        shutil.rmtree(resources.parent / "earlier")  # a build not kept: its searches are refused with the way out
        assert look(lib) == ()
    finally:
        lib.close(optimize=False)


@pytest.mark.slow
def test_the_window_tells_a_library_on_an_earlier_build_and_its_button_moves_it(
        qtbot, resources, bundled_real, make_app_window, tmp_path, capsys, monkeypatch):  # noqa: F811
    videos, lib = _indexed(tmp_path, capsys)
    assert run_cli(capsys, "note", videos / "bird.mkv", "my friend signing", "--library", lib)[0] == 0
    old, new = upgrade(resources)
    window = make_app_window(lib)
    session, notice = window.session, window.earlier_notice
    qtbot.waitUntil(lambda: notice.isVisibleTo(window), timeout=SESSION_TIMEOUT_MS)
    assert session.encoder.model_id == old and session.searcher is not None  # it searches with its build
    said = notice.text
    assert f"searches with an earlier build of the bundled model ({old})" in said
    assert f"Moving it to this version's build ({new}) indexes its 1 video again" in said
    assert "captions and notes are kept" in said and notice.button.isEnabled()

    asked = []
    monkeypatch.setattr(ModelDialog, "confirm_switch", lambda self, label, n: asked.append(n) or True)
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    models = window.wiring.models
    qtbot.waitUntil(lambda: models.dialog is not None and models.dialog.isVisible(), timeout=10_000)
    dialog = models.dialog
    assert dialog._current_entry().source == str(resources)  # this version's build, as File › Model… lists it
    in_use = [dialog._list.item(i).text() for i in range(dialog._list.count()) if "(in use)" in dialog._list.item(i).text()]
    assert len(in_use) == 1 and f": earlier build ({old})  (in use)" in in_use[0]  # (not a trained student)
    assert f"indexed with {in_use[0].split('  (in use)')[0]}; switching re-indexes your 1 video" in dialog._intro.text()
    with qtbot.waitSignal(session.model_switched, timeout=SESSION_TIMEOUT_MS):
        qtbot.mouseClick(dialog._use_button, Qt.MouseButton.LeftButton)
    assert asked == [1]  # asked first, as File › Model… asks
    qtbot.waitUntil(lambda: not session.indexing and session.status.library_model_id == new, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    session._reader.refresh()
    wait_idle(qtbot, session)
    assert session.status.videos == 1 and session.status.earlier_build == ()
    assert session.encoder.model_id == new and not notice.isVisibleTo(window)  # moved: the notice is gone
    assert json.loads((Path(lib) / "library.json").read_text())["model_id"] == new
    code, out, _ = run_cli(capsys, "captions", videos / "bird.mkv", "--library", lib, "--json")
    assert code == 0 and [c["text"] for c in json.loads(out) if c["source"] == "note"] == ["my friend signing"]


def test_no_notice_for_a_library_on_the_current_build(qtbot, resources, bundled_real, make_app_window,  # noqa: F811
                                                      tmp_path):
    lib = _bound(tmp_path, earlier_builds.current_id("real"), str(resources))
    lib.close(optimize=False)
    window = make_app_window(tmp_path / "lib")
    session = window.session
    wait_idle(qtbot, session)
    session._reader.refresh()
    wait_idle(qtbot, session)
    assert session.status.opened and session.status.videos == 1 and session.status.earlier_build == ()
    assert not window.earlier_notice.isVisibleTo(window)
