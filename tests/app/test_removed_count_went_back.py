"""The library's count of removals (``library.json``'s ``removed_seq``, d6ed3c2) orders a removal
against an index run's ask, but it can go back: ``library.json`` restored from a backup, or lost and
rebuilt from the tables (no count: 0), while a window (or the record a closed window left) remembers
the count it read before, 57. Every removal since was numbered below that ask, so it seemed to come
before it: `seekframe forget /x` after the run of /x was queued (or recorded) let the run go on, and
/x came back as a library folder with its 12 videos without a word. Now an ask counted above the
library's count is ordered by its clock, as an older app's ask is (``app.resume_removed.numbered``):
its run goes with the removal, said."""

from __future__ import annotations

import json

from core.library.meta import read_meta
from tests.app.test_queued_run_removed_elsewhere import NO_READ_MS, _asked_behind_another_writer, _forget, _settled
from tests.app.test_removed_order_not_clocks import _left_by_a_closed_window, _reopened
from tests.app.conftest import wait_idle
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_writer_turn import looks_every_200_ms  # noqa: F401

COUNTED = 57  # the library's count of removals as the window read it


def _count_set(library, count: int) -> None:
    """``library.json`` with the count ``count`` (0: none, as a backup from before any removal, or a
    description rebuilt from the tables, holds), all else as it is."""
    path = library / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    extra = data.setdefault("extra", {})
    extra.pop("removed_seq", None)
    if count:
        extra["removed_seq"] = count
    path.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    assert read_meta(library).removed_seq == count


def _dropped_with_the_removal(session, folder: str, said: str, store, library) -> None:
    assert f"The indexing of {folder}" in said and "was dropped with the removal" in said, said
    assert "Resuming the indexing" not in said, said
    assert session.status.folders == () and session.status.videos == 0, (session.status.folders,
                                                                         session.status.videos)
    assert not read_meta(library).settings.folders and store.runs(str(library)) == ()


def test_a_queued_run_of_a_folder_removed_after_the_count_went_back_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms):
    folder = str(demo_clips)
    _count_set(demo_library, COUNTED)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    with _asked_behind_another_writer(qtbot, session, demo_library, folder):  # (the window's run waits)
        assert session._runner.meanwhile.asks()[folder].seq == COUNTED
    _count_set(demo_library, 0)  # (library.json restored from a backup: the count went back)
    _forget(demo_library, folder)  # (after the run was queued: numbered 1)
    assert read_meta(demo_library).removed_seq == 1
    _dropped_with_the_removal(session, folder, _settled(qtbot, session), store, demo_library)


def test_a_run_left_of_a_folder_removed_after_the_count_went_back_is_dropped(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms):
    folder = str(demo_clips)
    _left_by_a_closed_window(qtbot, open_session, store, demo_library, folder,
                             then=lambda: _count_set(demo_library, COUNTED))
    assert store.since(str(demo_library))[folder].seq == COUNTED
    _count_set(demo_library, 0)  # (library.json lost and rebuilt from the tables: no count)
    _forget(demo_library, folder)  # (after the run was recorded: numbered 1)
    said, session = _reopened(qtbot, open_session, store, demo_library)
    _dropped_with_the_removal(session, folder, said, store, demo_library)


def test_an_ask_counted_above_the_library_s_count_is_ordered_by_its_clock():
    from types import SimpleNamespace

    from app.resume_removed import Asked, before, numbered

    meta = SimpleNamespace(removed=[{"folder": "/v/a", "at": 100.0, "seq": 1}], removed_seq=1)
    asks = {"/before": Asked(50.0, COUNTED), "/after": Asked(150.0, COUNTED, listed=True), "/now": Asked(10.0, 1)}
    ordered = numbered(meta, asks)
    assert ordered == {"/before": Asked(50.0), "/after": Asked(150.0, listed=True), "/now": Asked(10.0, 1)}
    assert before(list(ordered), ordered, meta.removed[0]) == ("/before",)
    # (a counter lost beside a record that holds its numbers: the record's highest is the count)
    assert numbered(SimpleNamespace(removed=meta.removed, removed_seq=0), {"/x": Asked(1.0, 1)}) == {"/x": Asked(1.0, 1)}
