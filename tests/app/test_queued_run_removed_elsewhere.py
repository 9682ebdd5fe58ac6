"""A window open with an index run of a library folder queued (a re-scan of it asked while another
seekframe process writes the library, or while the model loads), then that folder removed by
another process: `seekframe forget /x` from a terminal, or another window, which took the writer
lock between the other run and the window's. The window then ran its queued run of /x, and /x
came back as a library folder with its 12 videos: the removal undone without a word (through a
link too: a run of /lnk -> /x came back as /lnk). Now, before a queued run starts (in its worker,
the writer lock held) and when the status read sees the library changed, the runs of folders
removed after they were queued (``library.json``'s ``removed``), through a link too, are dropped
and said as the resume's drop says them (``app.removed_meanwhile``). A folder added again after
the removal (by the CLI, or in the window) runs as asked, as does one added again while the window's
own removal of it waited; a run left by a closed window counts as asked when it was recorded. A
run under way holds the writer lock: `seekframe forget` is refused then, nothing removed."""

from __future__ import annotations

import contextlib
import os
import sys
import threading

import pytest

from core.cli import main
from core.library.lock import writer_free
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_writer_turn import another_writer, looks_every_200_ms  # noqa: F401

ITSELF = "The indexing of {}, waiting or under way, was dropped with the removal of the folder."  # (run_words)
NO_READ_MS = 600_000  # no periodic status read: only the run's own look sees the removal


def _forget(library, folder) -> None:
    """``seekframe forget FOLDER`` from a terminal (the GUI thread held meanwhile: the window
    cannot take the writer lock before it)."""
    assert main(["forget", str(folder), "--library", str(library)]) == 0
    assert str(folder) not in (read_meta(library).settings.folders or ())


def _said(session) -> str:
    return " ".join(t for _l, t in session.messages)


@contextlib.contextmanager
def _asked_behind_another_writer(qtbot, session, library, root):
    """``root`` added in the window while a terminal's run writes the library, the window's count of
    removals for it read: its run waits, the terminal's run writing until the block ends."""
    qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
    with another_writer(library):
        session.add_folder(root, looked=True)  # (a worker saw it is a folder: queued at once)
        qtbot.waitUntil(lambda: "is writing this library now" in _said(session), timeout=10_000)
        # the run's worker says its failure (the run put back, the wait said) before it ends, which is
        # heard after: a loaded machine may run the test between the two, the run still counted as
        # going; once its end is heard the window holds none (or a new try, which the checks catch)
        qtbot.waitUntil(lambda: session._runner._running is None, timeout=10_000)
        qtbot.waitUntil(lambda: _ask_made(session, root), timeout=10_000)
        yield


def _queued_behind_another_writer(qtbot, session, library, root) -> None:
    """``root`` added again in the window while a terminal's run writes the library: its run waits."""
    with _asked_behind_another_writer(qtbot, session, library, root):
        assert root in session._runner.queue.roots() and not session.indexing


def _ask_made(session, root: str) -> bool:
    """Whether the window has read the library's count of removals for ``root``'s ask (read in a
    worker, which a loaded machine may run after a removal the test makes next; an app without such
    a read has nothing to wait for)."""
    asks = getattr(getattr(session._runner, "meanwhile", None), "asks", None)
    return asks is None or not asks()[root].provisional


def _settled(qtbot, session) -> str:
    wait_idle(qtbot, session)
    session.refresh_status()
    qtbot.waitUntil(lambda: session.status.opened and not session._reader.runner.busy, timeout=SESSION_TIMEOUT_MS)
    return _said(session)


def _runs_with_nothing_dropped(qtbot, session, folder: str) -> None:
    """Once the window settles: no drop said, ``folder`` the library's one folder with its 12 videos."""
    said = _settled(qtbot, session)
    assert "dropped" not in said, said
    assert session.status.folders == (folder,) and session.status.videos == 12, (session.status.folders,
                                                                                session.status.videos)


def _link(tmp_path, folder: str, spelled: str) -> str:
    if spelled == "as listed":
        return folder
    if sys.platform == "win32":
        pytest.skip("symbolic links")
    os.symlink(folder, tmp_path / "lnk")
    return str(tmp_path / "lnk")


@contextlib.contextmanager
def _run_left_then_forgotten(qtbot, store, library, folder: str, model):
    """A run of ``folder`` a closed window left (``app.resume``, recorded before the removal), the
    window opened again with its model held loading, and ``folder`` forgotten from a terminal then:
    yields the session and the event that lets the model in; the session closed after."""
    from app.jobs import IndexJob
    from app.session import Session
    from tests.app.conftest import cached_loader

    loading = threading.Event()
    store.set(str(library), IndexJob((folder,)))  # (the window killed mid-run of it)

    def held(source):
        assert loading.wait(60)
        return cached_loader(model)

    session = Session(loader=held)
    session.messages = []
    session.message.connect(lambda level, text: session.messages.append((level, text)))
    session.resume.store = store
    try:
        session.open(str(library))
        qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
        qtbot.waitUntil(lambda: writer_free(library), timeout=10_000)
        _forget(library, folder)
        yield session, loading
    finally:
        loading.set()
        assert session.close()


@pytest.mark.parametrize("spelled", ["as listed", "through a link"])
def test_a_queued_run_of_a_folder_forgotten_from_the_command_line_meanwhile_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, tmp_path, looks_every_200_ms, spelled):
    folder = str(demo_clips)
    root = _link(tmp_path, folder, spelled)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    _queued_behind_another_writer(qtbot, session, demo_library, root)
    _forget(demo_library, folder)  # (that run done, the terminal's forget took the lock first)
    said = _settled(qtbot, session)
    assert ITSELF.format(f"{root} ({folder} through a link)" if root != folder else folder) in said, said  # (the
    # folder itself through a link: said as its own run, no advice to add it again)
    assert "was dropped with the removal" in said, said
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert not read_meta(demo_library).settings.folders
    assert store.runs(str(demo_library)) == ()
    assert said.count("was dropped with the removal") == 1, said


def test_the_window_says_the_drop_while_its_run_still_waits(qtbot, open_session, store,  # noqa: F811
                                                           demo_library, demo_clips, looks_every_200_ms):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    _queued_behind_another_writer(qtbot, session, demo_library, folder)
    _forget(demo_library, folder)
    with another_writer(demo_library):  # (another terminal run takes the lock at once: the window still waits)
        session.refresh_status()  # (as the periodic read does)
        qtbot.waitUntil(lambda: "was dropped with the removal" in _said(session), timeout=SESSION_TIMEOUT_MS)
        assert not session._runner.queue and not session.indexing
        assert store.runs(str(demo_library)) == ()
    said = _settled(qtbot, session)
    assert ITSELF.format(folder) in said and said.count("dropped with the removal") == 1, said
    assert session.status.folders == () and session.status.videos == 0


@pytest.mark.parametrize("how", ["by the command line", "in the window"])
def test_a_folder_added_again_after_the_removal_runs(qtbot, open_session, store, demo_library,  # noqa: F811
                                                     demo_clips, demo_model, looks_every_200_ms, how):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    _queued_behind_another_writer(qtbot, session, demo_library, folder)
    _forget(demo_library, folder)
    if how == "by the command line":
        assert main(["index", folder, "--library", str(demo_library), "--model", demo_model]) == 0
    else:  # (asked again before the window's queued run starts: the same run, asked after the removal)
        session.add_folder(folder, looked=True)
    _runs_with_nothing_dropped(qtbot, session, folder)


def test_a_folder_added_again_in_the_window_while_its_own_removal_waits_runs(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms):
    """The window's own removal is no other process's: a folder added again after it was asked
    (before it ran) is indexed after it, as before (its record in ``removed`` is later than the ask)."""
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    with another_writer(demo_library):
        session.remove_folder(folder)
        qtbot.waitUntil(lambda: "is writing this library now" in _said(session), timeout=10_000)
        session.add_folder(folder, looked=True)  # (queued after the removal, asked before it runs)
    said = _settled(qtbot, session)
    assert "Removed 12 videos" in said and "dropped" not in said, said
    assert session.status.folders == (folder,) and session.status.videos == 12, (session.status.folders,
                                                                                session.status.videos)


def test_a_removal_while_the_window_s_run_writes_is_refused(qtbot, demo_library, demo_clips, demo_model,  # noqa: F811
                                                          tmp_path, monkeypatch, capsys):
    """A run under way holds the writer lock (``app.writer_turn``): `seekframe forget` from a
    terminal is refused then (it does not wait), nothing removed, and the window's runs go on."""
    from app.session import Session
    from tests.app.conftest import cached_loader
    from tests.app.holding import HoldingEncoder, commit_each_video
    from tests.videos import Segment, write_video

    folder, more = str(demo_clips), str(tmp_path / "more")
    for name, colour in (("a.mp4", "red"), ("b.mp4", "green"), ("c.mp4", "purple")):  # (new videos: encoded)
        write_video(tmp_path / "more" / name, [Segment(4, colour, "white")], fps=10)
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    session = Session(loader=lambda source: pausing)
    try:
        with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
            session.open(str(demo_library))
        session.add_folder(more, looked=True)
        qtbot.waitUntil(pausing.paused.is_set, timeout=SESSION_TIMEOUT_MS)
        session.add_folder(folder, looked=True)  # (queued behind it)
        assert folder in session._runner.queue.roots()
        capsys.readouterr()
        assert main(["forget", folder, "--library", str(demo_library)]) != 0
        assert "is being written by another Seekframe process" in capsys.readouterr().err
        assert folder in (read_meta(demo_library).settings.folders or ())
        pausing.go.set()
        wait_idle(qtbot, session)
        assert set(session.status.folders) == {folder, more} and session.status.videos == 15
    finally:
        pausing.go.set()
        assert session.close()


def test_a_run_left_resumed_after_a_removal_while_the_model_loaded_is_dropped(  # noqa: F811
        qtbot, store, demo_library, demo_clips, demo_model):
    """A run a closed window left (``app.resume``) waits, not queued, while the model loads: a
    `seekframe forget` then (after the open's own look at the removals) is seen by the run's worker,
    the run taken as asked when it was recorded (``UnfinishedRuns.since``), not when it was queued."""
    folder = str(demo_clips)
    with _run_left_then_forgotten(qtbot, store, demo_library, folder, demo_model) as (session, loading):
        loading.set()
        qtbot.waitUntil(lambda: session.resume._done, timeout=SESSION_TIMEOUT_MS)
        said = _settled(qtbot, session)
        assert ITSELF.format(folder) in said and "was dropped with the removal" in said, said
        assert session.status.folders == () and session.status.videos == 0
        assert store.runs(str(demo_library)) == ()


def test_a_folder_added_again_while_the_status_read_s_look_maps_it_runs(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    """The status read's look maps the queued runs in a worker (a share that does not answer holds
    it): a folder the user adds again meanwhile, after the removal, is asked after it and runs; the
    look's answer, of the run as it was asked before, drops nothing of it."""
    import app.removed_meanwhile

    folder, entered, go = str(demo_clips), threading.Event(), threading.Event()
    real = app.removed_meanwhile.cut

    def slow(*args):
        entered.set()
        assert go.wait(60)
        return real(*args)

    monkeypatch.setattr(app.removed_meanwhile, "cut", slow)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    try:
        wait_idle(qtbot, session)
        _queued_behind_another_writer(qtbot, session, demo_library, folder)
        _forget(demo_library, folder)
        with another_writer(demo_library):
            session.refresh_status()  # (its look's worker waits on ``go``)
            qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
            session.add_folder(folder, looked=True)  # (asked again, after the removal)
            go.set()
            qtbot.waitUntil(lambda: not session._runner.meanwhile._looking, timeout=SESSION_TIMEOUT_MS)
            assert folder in session._runner.queue.roots()
    finally:
        go.set()
    _runs_with_nothing_dropped(qtbot, session, folder)


def test_a_folder_added_in_the_window_after_a_removal_while_the_model_loads_runs(  # noqa: F811
        qtbot, store, demo_library, demo_clips, demo_model, looks_every_200_ms):
    """A run a closed window left of /x (recorded before the removal) and the user's add of /x after
    a `seekframe forget /x`, while the model loads, are one run once the model is in (both queued
    while a terminal's run writes): the user's ask, the later, counts (the record's time written
    over it dropped the folder the user asked)."""
    folder = str(demo_clips)
    with _run_left_then_forgotten(qtbot, store, demo_library, folder, demo_model) as (session, loading):
        session.add_folder(folder, looked=True)  # (the user adds it again: it waits for the model)
        assert folder in session._runner.queue.roots()
        with another_writer(demo_library):  # (then for a terminal's run: the run left is queued with it)
            loading.set()
            qtbot.waitUntil(lambda: session.resume._done, timeout=SESSION_TIMEOUT_MS)
            qtbot.waitUntil(lambda: not session.indexing, timeout=SESSION_TIMEOUT_MS)  # (its look: refused)
            assert folder in session._runner.queue.roots()
        _runs_with_nothing_dropped(qtbot, session, folder)
