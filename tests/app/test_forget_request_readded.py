"""A folder still to be removed (the rest of a `seekframe forget` of several folders that a full disk
stopped part-way) added again: the window removed it first all the same (its run's start removes the
rest) and then dropped its own run of it ('was dropped with the removal'), so the folder the user had
just added was gone; `seekframe index FOLDER` removed it at its open ('Removed … (12 videos)') and
embedded its 12 videos again from nothing. One behaviour now, for both: the user who adds it again
wants it kept and indexed, so it leaves the request before anything removes it (its videos kept, not
embedded again: ``core.library.forget_request.keep_again``) and both say so, in the same words
(``kept_text``): the old removal of it is dropped."""

from __future__ import annotations

import json

import pytest

from core.cli import main
from core.library.forget_request import kept_text
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window
from tests.test_forget_whole import refuse_writes


def _stopped_with_rest(library, folder: str) -> None:
    """library.json as a `seekframe forget` of several folders left it, stopped before ``folder`` began."""
    data = json.loads((library / "library.json").read_text())
    data["extra"]["forget_request"] = [folder]
    (library / "library.json").write_text(json.dumps(data))


def window_with_rest(qtbot, make_app_window, library, folder: str):
    """The window's session, opened on ``library`` whose stopped forget's rest is ``folder``: the disk
    full as it opens, so the rest stays (said in its status) for the test to act on."""
    _stopped_with_rest(library, folder)
    with pytest.MonkeyPatch.context() as m:
        refuse_writes(m, lambda meta: meta.forgetting == folder)
        session = make_app_window(library, build=heard_window).session
        qtbot.waitUntil(lambda: session.is_ready and session.status.opened, timeout=SESSION_TIMEOUT_MS)
        assert session.status.forget_request == (folder,)
    return session


def test_seekframe_index_keeps_a_folder_of_the_rest_added_again(demo_library, demo_clips, demo_model, capsys):
    folder = str(demo_clips)
    _stopped_with_rest(demo_library, folder)
    code = main(["index", folder, "--library", str(demo_library), "--model", demo_model])
    out, err = capsys.readouterr()
    assert code == 0, (out, err)
    assert f"seekframe: {kept_text([folder])}" in err, err
    assert "Removed " not in out + err and "Indexed 0 files" not in err, (out, err)
    meta = read_meta(demo_library)
    assert meta.forget_request is None and meta.settings.folders == [folder]
    assert not meta.removed  # (never removed)
    assert main(["status", "--library", str(demo_library), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_status"]["done"] == 12


def test_the_window_keeps_a_folder_of_the_rest_added_again(qtbot, make_app_window, demo_library, demo_clips):
    folder = str(demo_clips)
    session = window_with_rest(qtbot, make_app_window, demo_library, folder)
    session.add_folder(folder, looked=True)  # (space freed: the user adds it again)
    qtbot.waitUntil(lambda: any(kept_text([folder]) == t for _l, t in session.messages), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not session.indexing, timeout=SESSION_TIMEOUT_MS)
    session.refresh_status()
    qtbot.waitUntil(lambda: session.status.forget_request == () and not session._reader.runner.busy,
                    timeout=SESSION_TIMEOUT_MS)
    said = " ".join(t for _l, t in session.messages)
    assert "dropped with the removal" not in said and not any(t.startswith("Removed ") for _l, t in session.messages), said
    assert session.status.folders == (folder,) and session.status.videos == 12, (session.status.folders,
                                                                                session.status.videos)
    meta = read_meta(demo_library)
    assert meta.forget_request is None and not meta.removed
    assert not any(level == "error" for level, _t in session.messages), session.messages
