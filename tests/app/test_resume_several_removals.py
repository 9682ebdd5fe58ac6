"""The app's record of unfinished work (``app.resume``) held one removal: the second start, while
its worker mapped the runs left by ~'s removal (6fc997a: that removal recorded until it answers),
took a second removal, of a folder the user removed meanwhile, recorded by the runner before its
worker started; the record kept that one alone (``removing() or _mapping``), so a kill then lost ~'s
removal, and the third start resumed /lnkh/New (/lnkh a link to ~): ~/New came back as a library
folder of its own. Now every pending removal is recorded (a list of them in ``"removing"``, one
still written as the object an older app reads) and each is resolved at the next start."""

from __future__ import annotations

import pytest

import app.resume
from app.jobs import ForgetJob, IndexJob
from app.resume import UnfinishedRuns
from app.settings import AppSettings
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window, stop_the_removal
from tests.app.test_remove_killed_link_runs import assert_linked_run_dropped, held_mapping, killed_removing_home
from tests.app.test_remove_refused_keeps_runs import new_folder


def _recorded(library) -> list[str]:
    """The folders of the removals recorded on disk for ``library`` (an object: one; a list: several)."""
    removing = AppSettings().unfinished_runs.get(app.resume._key(str(library)), {}).get("removing")
    return [r["folder"] for r in (removing if isinstance(removing, list) else [removing] if removing else [])]


def test_a_removal_started_while_another_s_runs_are_mapped_is_kept_with_it(qtbot, make_session, make_app_window,
                                                                           demo_clips, tmp_path, monkeypatch):
    library, home, linked, other = killed_removing_home(qtbot, make_session, demo_clips, tmp_path, "after")
    third = str(new_folder(demo_clips, tmp_path / "hx", "Third"))
    with VideoLibrary(library) as lib:  # (a library folder of its own, which the user removes at the next start)
        lib.update_settings(folders=[*(lib.meta.settings.folders or ()), third])

    mapping, answer, real = held_mapping(monkeypatch, 30)
    second = make_app_window(library, build=heard_window).session
    try:
        qtbot.waitUntil(mapping.is_set, timeout=SESSION_TIMEOUT_MS)
        with pytest.MonkeyPatch.context() as patch:  # (killed before core removes anything of it)
            entered = stop_the_removal(patch, second, "before")
            second.remove_folder(third)
            qtbot.waitUntil(entered.is_set, timeout=SESSION_TIMEOUT_MS)
            assert sorted(_recorded(library)) == sorted([str(home), third])  # (what a kill now leaves)
            second.resume.store = UnfinishedRuns()  # killed: nothing more reaches the disk
            answer.set()
            assert second.close(timeout=30.0)
    finally:
        answer.set()
    monkeypatch.setattr(app.resume, "_through_links", real)

    again = make_app_window(library, build=heard_window).session
    qtbot.waitUntil(lambda: any(f"{third} is still in the library" in t for _l, t in again.messages),
                    timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: str(other) in again.status.folders and not again.indexing, timeout=SESSION_TIMEOUT_MS)
    assert set(again.status.folders) == {str(other), third}, again.status.folders  # (~/New not added back)
    said = " ".join(t for _l, t in again.messages)
    assert f"The indexing of {linked} (in {home})" in said and "dropped with the removal" in said, said
    assert again.resume.store.removals(str(library)) == ()


def test_the_record_of_several_removals_round_trips_and_one_reads_as_before():
    store = UnfinishedRuns()
    a = ForgetJob("/v/a", held=(IndexJob(("/v/a/New",)),))
    b = ForgetJob("/v/b", held=(IndexJob(("/v/b/x",), prune=True),))
    store.set("/lib", IndexJob(("/w",)), [a, b])
    assert [(r.folder, r.held) for r in store.removals("/lib")] == [("/v/a", a.held), ("/v/b", b.held)]
    assert store.runs("/lib") == (IndexJob(("/w",)),)
    assert store.removal("/lib").folder == "/v/a"
    store.set("/lib", None, a)  # (one: the object the app before this one writes and reads)
    assert store._all()[app.resume._key("/lib")]["removing"] == {"folder": "/v/a",
                                                                                   "roots": ["/v/a/New"]}
    assert [r.folder for r in store.removals("/lib")] == ["/v/a"]
    store.set("/lib", None)
    assert store.removals("/lib") == () and store.runs("/lib") == ()
