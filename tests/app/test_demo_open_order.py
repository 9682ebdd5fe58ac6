"""Try the demo from your own library: the demo clips' folder is added to the demo library once its open
has been taken in wholly (``app.demo_library.add_once_open``). With the clips written at once (a fast
drive), the add came inside the demo library's ``opened`` signal, before the unfinished runs were read
for it (``app.resume``): the add's record of what is on the way wrote the runs your library's last window
left (not resumed yet: its model had not loaded) under the demo library, which then resumed them, and your
folder went into the demo library; the clips' folder itself read as a run a closed window left."""

from __future__ import annotations

import pytest

from app.jobs import IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.demo_clips import demo_written_once  # noqa: F401  (the fixture: the clips written once a run, copied)


@pytest.mark.slow  # (the demo library indexed: ~5 s)
def test_a_run_your_library_left_stays_out_of_the_demo_library(qtbot, make_session, tmp_path, demo_written_once):
    mine, clips = tmp_path / "my-videos", str(tmp_path / "clips")
    mine.mkdir()
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    store.set(str(tmp_path / "my-lib"), IndexJob((str(mine),)))  # (your last window killed mid-run)

    def no_model(_source):  # (your library's model never loads: its run left stays to resume, in hand)
        raise RuntimeError("no model here")

    session = make_session(tmp_path / "my-lib", ready=False, loader=no_model)
    session.resume.store = store
    qtbot.waitUntil(lambda: session.is_open, timeout=SESSION_TIMEOUT_MS)
    with qtbot.waitSignal(session.demo_ready, timeout=SESSION_TIMEOUT_MS):
        assert session.try_demo(clips) is not None
    qtbot.waitUntil(lambda: session.resume._done and not session.indexing and session.status.videos == 12,
                    timeout=SESSION_TIMEOUT_MS)
    session.refresh_status()
    qtbot.waitUntil(lambda: not session._reader.runner.busy, timeout=SESSION_TIMEOUT_MS)
    assert session.status.folders == (clips,), session.status.folders
    said = " ".join(t for _l, t in session.messages)
    assert "Resuming" not in said, said
    assert store.runs(str(tmp_path / "my-lib")) == (IndexJob((str(mine),)),)  # (your library's, kept for it)
