"""The next start after a kill mid-removal maps the runs left against the removed folder in a
worker before resuming them (ae90e7e); on a share that does not answer, that worker waits, and the
resume with it: nothing was lost, but the window said nothing, the indexing left unfinished simply
never came. Now, after a few seconds, the window says that the removal waits for a drive or share
to answer, and the resume goes on once it does."""

from __future__ import annotations

import time

import pytest

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_remove_killed_keeps_runs import heard_window
from tests.app.test_remove_killed_link_runs import assert_linked_run_dropped, held_mapping, killed_removing_home


@pytest.mark.slow  # (the notice comes after its few seconds' wait, then the share answers: ~14 s)
def test_a_mapping_held_by_a_share_is_said_and_goes_on_when_it_answers(qtbot, make_session, make_app_window,
                                                                        demo_clips, tmp_path, monkeypatch):
    library, home, linked, other = killed_removing_home(qtbot, make_session, demo_clips, tmp_path, "after")
    mapping, answer, _real = held_mapping(monkeypatch, 60)
    again = make_app_window(library, build=heard_window).session
    try:
        qtbot.waitUntil(mapping.is_set, timeout=SESSION_TIMEOUT_MS)
        began = time.monotonic()

        def said() -> list[str]:
            return [t for _l, t in again.messages if "waits for a drive or share to answer" in t]

        qtbot.wait(1000)
        assert not said(), again.messages  # (not at once: most mappings answer in a moment)
        qtbot.waitUntil(lambda: bool(said()), timeout=30_000)  # (after 4 s: MAPPING_SAID_AFTER_MS)
        assert time.monotonic() - began < 30, "said while the share still holds it (a minute)"
        text, = said()
        assert f"The removal of {home} waits for a drive or share to answer" in text and linked in text, text
        assert "goes on once the drive or share answers" in text, text
        assert not again.indexing and str(other) not in again.status.folders  # (held meanwhile)
    finally:
        answer.set()
    assert_linked_run_dropped(qtbot, again, library, home, linked, other)  # (it goes on: the rest resumed)
