"""``library.json``'s ``removed`` keeps the last 64 removals only: a window with a run of /x queued
(or closed with it recorded) while more than 64 removals happened elsewhere, /x's among them,
found no removal of /x in it, and the run brought /x back with its 12 videos without a word. Now
the record says the highest removal it cut off (``removed_dropped``, ``core.library.removed.lost``):
a run asked before it, of a folder in the library then and in no library folder now, was removed
meanwhile; it is dropped and said (``app.resume_removed.lost_roots``), in an open window and at the
next start. A folder still in the library, or one the user added that was never in it, runs."""

from __future__ import annotations

from core.library import VideoLibrary, removed
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_queued_run_removed_elsewhere import NO_READ_MS, _queued_behind_another_writer, _settled
from tests.app.test_removed_order_not_clocks import _left_by_a_closed_window
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_writer_turn import another_writer, looks_every_200_ms  # noqa: F401

SAID = "in no library folder any more"


def _removed_with_more_than_kept(library, folder: str, tmp_path) -> None:
    """Another process removes ``folder``, then more folders than the record keeps."""
    others = [str(tmp_path / "gone" / f"v{i}") for i in range(removed.MAX_KEPT)]
    with VideoLibrary(library) as lib:
        lib.update_settings(folders=[*(lib.meta.settings.folders or ()), *others])
        for f in (folder, *others):
            lib.forget_folder(f)
    meta = read_meta(library)
    assert not meta.settings.folders and folder not in [e["folder"] for e in meta.removed]


def _queued_then_removed(qtbot, open_session, store, library, folder: str, tmp_path):  # noqa: F811
    """A window with a run of ``folder`` queued behind a terminal's run, then ``folder`` removed
    elsewhere with more folders than the record keeps: the window."""
    session = open_session(library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    _queued_behind_another_writer(qtbot, session, library, folder)
    _removed_with_more_than_kept(library, folder, tmp_path)
    return session


def test_a_queued_run_of_a_folder_whose_removal_the_record_no_longer_holds_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, tmp_path):
    folder = str(demo_clips)
    session = _queued_then_removed(qtbot, open_session, store, demo_library, folder, tmp_path)
    said = _settled(qtbot, session)
    assert f"The indexing of {folder}, waiting or under way, was dropped" in said and SAID in said, said
    assert said.count(SAID) == 1, said
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert not read_meta(demo_library).settings.folders and store.runs(str(demo_library)) == ()


def test_the_status_read_says_the_drop_while_the_run_still_waits(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, tmp_path):
    folder = str(demo_clips)
    session = _queued_then_removed(qtbot, open_session, store, demo_library, folder, tmp_path)
    with another_writer(demo_library):  # (another terminal run takes the lock at once: the window still waits)
        session.refresh_status()  # (as the periodic read does)
        qtbot.waitUntil(lambda: SAID in _said_of(session), timeout=SESSION_TIMEOUT_MS)
        assert not session._runner.queue and not session.indexing and store.runs(str(demo_library)) == ()
    said = _settled(qtbot, session)
    assert said.count(SAID) == 1 and session.status.folders == () and session.status.videos == 0, said


def test_a_run_left_of_a_folder_whose_removal_the_record_no_longer_holds_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, tmp_path):
    folder = str(demo_clips)
    _left_by_a_closed_window(qtbot, open_session, store, demo_library, folder)
    _removed_with_more_than_kept(demo_library, folder, tmp_path)
    session = open_session(demo_library, store)
    qtbot.waitUntil(lambda: session.resume._done or SAID in _said_of(session), timeout=SESSION_TIMEOUT_MS)
    said = _settled(qtbot, session)
    assert f"The indexing of {folder}, waiting or under way, was dropped" in said and SAID in said, said
    assert "Resuming the indexing" not in said, said
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert store.runs(str(demo_library)) == ()


def _said_of(session) -> str:
    return " ".join(t for _l, t in session.messages)


def test_the_record_says_what_it_cut_off_and_only_such_runs_go():
    from types import SimpleNamespace

    from app.resume_removed import Asked, lost_roots

    meta = SimpleNamespace(removed=None, removed_seq=0, removed_dropped=0)
    for i in range(removed.MAX_KEPT + 2):  # (the first two cut off: numbered 1 and 2)
        meta = SimpleNamespace(**{**vars(meta), **removed.recorded(meta, f"/v/{i}")})
    assert meta.removed_seq == removed.MAX_KEPT + 2 and meta.removed_dropped == 2
    assert len(meta.removed) == removed.MAX_KEPT and meta.removed[0] == {"folder": "/v/2", "at": meta.removed[0]["at"],
                                                                        "seq": 3}
    assert removed.lost(meta, 1) and not removed.lost(meta, 2) and not removed.lost(meta, None)
    meta.settings = SimpleNamespace(folders=["/keep"])
    asks = {"/v/0": Asked(1.0, 0, listed=True), "/keep/x": Asked(1.0, 0, listed=True),  # (in a folder still)
            "/new": Asked(1.0, 0),  # (never in the library: the user's new folder)
            "/v/1": Asked(1.0, 2, listed=True),  # (asked after the removals cut off)
            "/v/2": Asked(1.0, 0, True, listed=True)}  # (its count still being read: made now)
    assert lost_roots(meta, asks, list(asks)) == ("/v/0",)
    # (an older entry without a number cut off: any ask before now may have missed it)
    old = SimpleNamespace(removed=[{"folder": f"/o/{i}", "at": 1.0} for i in range(removed.MAX_KEPT)],
                          removed_seq=0, removed_dropped=0)
    assert removed.recorded(old, "/n")["removed_dropped"] == 1
