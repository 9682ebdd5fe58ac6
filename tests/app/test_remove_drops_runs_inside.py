"""Removing a library folder while a run of a folder inside it waits (a folder added inside a
library folder is indexed as part of it): the user adds ~/Downloads (part of ~), then removes ~
while that run is queued, or before the run a closed window left is resumed. Only a run of the
removed folder itself was dropped; the run of ~/Downloads ran after the removal and added
~/Downloads back as a library folder of its own, its videos embedded again. Now the runs of the
folders in it go with it, and the removal's message says so."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from app.jobs import IndexJob
from app.resume import UnfinishedRuns
from app.session import Session
from app.settings import AppSettings
from core.library.lock import writer_free
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle
from tests.app.test_writer_turn import another_writer


def home_with_downloads(demo_clips: Path, tmp_path: Path) -> tuple[Path, Path]:
    home, downloads = tmp_path / "h", tmp_path / "h" / "Downloads"
    downloads.mkdir(parents=True)
    shutil.copy(demo_clips / "red-ball-beach.mp4", home)
    shutil.copy(demo_clips / "blue-car-street.mp4", downloads)
    return home, downloads


def indexed_home(qtbot, make_session, demo_clips, tmp_path):
    """A library of ~ (its videos indexed, ~/Downloads's among them), its session idle."""
    home, downloads = home_with_downloads(demo_clips, tmp_path)
    (tmp_path / "hx").mkdir()  # beside ~, spelled like it: no part of it
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    session.add_folder(str(home))
    qtbot.waitUntil(lambda: session.status.videos == 2 and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    return session, home, downloads


def test_a_queued_run_of_a_folder_inside_the_removed_one_goes_with_it(qtbot, make_session, demo_clips, tmp_path):
    session, home, downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    library = tmp_path / "lib"
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):  # (the runs wait for it: queued when ~ is removed)
        session.add_folder(str(downloads) + "/")
        session.add_folder(str(tmp_path / "hx"))
        qtbot.waitUntil(lambda: sorted(session._runner.queue.roots()) == [str(downloads), str(tmp_path / "hx")]
                        and not session._runner.adds.looking, timeout=10_000)
        session.messages.clear()
        session.remove_folder(str(home) + "/")
    qtbot.waitUntil(lambda: any(t.startswith("Removed 2 videos") for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.status.folders == (str(tmp_path / "hx"),), session.status.folders  # ~/Downloads not added back
    assert session.status.videos == 0
    text = next(t for _l, t in session.messages if t.startswith("Removed 2 videos"))
    assert f"The indexing of {downloads} (in {home}), waiting or under way, was dropped with the removal" in text, text
    assert str(tmp_path / "hx") not in text


def test_a_run_left_unfinished_by_a_closed_window_is_not_resumed_for_a_folder_in_the_removed_one(
        qtbot, make_session, demo_clips, tmp_path):
    session, home, downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    assert session.close(timeout=30.0)
    store = UnfinishedRuns(AppSettings(tmp_path / "app.ini"))
    store.set(str(tmp_path / "lib"), IndexJob((str(downloads),)))  # ~/Downloads added just before a close
    model = threading.Event()  # the model still loads when ~ is removed: the run is not queued again yet

    def slow_loader(source):
        assert model.wait(60)
        return cached_loader(source)

    s = Session(loader=slow_loader, refresh_interval_ms=200)
    said = []
    s.message.connect(lambda level, text: said.append(text))
    s.resume.store = store
    try:
        s.open(str(tmp_path / "lib"))
        qtbot.waitUntil(lambda: s.library is not None and s.status.opened, timeout=SESSION_TIMEOUT_MS)
        s.remove_folder(str(home))
        model.set()
        qtbot.waitUntil(lambda: any(t.startswith("Removed 2 videos") for t in said), timeout=SESSION_TIMEOUT_MS)
        qtbot.waitUntil(lambda: s.encoder is not None, timeout=SESSION_TIMEOUT_MS)
        qtbot.wait(300)
        wait_idle(qtbot, s)
        assert s.status.folders == () and s.status.videos == 0, s.status.folders
        assert store.get(str(tmp_path / "lib")) is None
        assert not any(t.startswith("Resuming the indexing") for t in said), said
        assert any(f"The indexing of {downloads} (in {home})" in t for t in said), said
    finally:
        model.set()
        assert s.close(timeout=30.0)
