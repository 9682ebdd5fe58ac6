"""A note removal needs no model (``core.note_removal``: `seekframe note --remove` loads none), yet one
kept over a window's close (another process was writing) was done only once the library's own model
was loaded, and meanwhile the window said "1 note or caption import waits to be written with the
library's model"; and a removal asked again while the first waited ended, once both were done, in an
error banner ("… has no note …"). Now a kept removal is done as the library opens, no model needed,
and one asked again while it waits is said to wait already (s58 fr_4 F2)."""

from __future__ import annotations

import threading

from app.requests import SearchRequest
from core.library.lock import writer_free
from core.search import NOTE_MATCH
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_session_search import BLUE_CAR, search
from tests.app.test_writer_turn import another_writer, looks_every_200_ms, open_session  # noqa: F401  (a fixture)

WRONG = "grandpa's old car"
CLIP = "blue-car-street.mp4 at 0:00"


def _store(tmp_path):
    from app.resume import UnfinishedRuns
    from app.settings import AppSettings

    return UnfinishedRuns(AppSettings(tmp_path / "app.ini"))


def _noted(qtbot, session):
    """The blue car's moment, a note on it written; the writer lock let go."""
    result = search(qtbot, session, SearchRequest(BLUE_CAR.query, k=1))[0]
    session.add_note(result, WRONG)
    qtbot.waitUntil(lambda: any(t.startswith("Note added") for _, t in session.messages), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: writer_free(session.library_dir), timeout=10_000)
    return result


def _removed(session) -> list[str]:
    return [t for _, t in session.messages if t.startswith("Note removed")]


def test_a_removal_kept_over_a_close_is_done_as_the_library_opens_before_any_model_loads(
        qtbot, loader, demo_library, tmp_path):
    from app.session import Session

    store = _store(tmp_path)
    first = open_session(qtbot, loader, demo_library, store)
    result = _noted(qtbot, first)
    with another_writer(demo_library):
        assert first.remove_note(result.video_id, WRONG, result.start, result.end, CLIP) is not None
        qtbot.waitUntil(lambda: any("is writing this library now" in t for _, t in first.messages), timeout=10_000)
        assert first.close(timeout=30.0)
    assert [kind for kind, *_ in store.held(str(demo_library))] == ["unnote"]

    gate = threading.Event()  # (the next open's model loads only once the test lets it)

    def held_back(source):
        gate.wait(SESSION_TIMEOUT_MS / 1000)
        return loader(source)

    second = Session(loader=held_back, refresh_interval_ms=200)
    second.messages = []
    second.message.connect(lambda level, text: second.messages.append((level, text)))
    second.resume.store = store
    try:
        second.open(str(demo_library))
        qtbot.waitUntil(lambda: bool(_removed(second)), timeout=SESSION_TIMEOUT_MS)
        assert second.encoder is None  # (done with no model loaded)
        assert _removed(second) == [f'Note removed from {CLIP}: "{WRONG}". Searching for it no longer finds this '
                                    "moment."]
        assert store.held(str(demo_library)) == []
        gate.set()
        qtbot.waitUntil(lambda: second.encoder is not None and second.status.opened, timeout=SESSION_TIMEOUT_MS)
        assert all(r.score < NOTE_MATCH for r in search(qtbot, second, SearchRequest(WRONG, k=5)))
        assert not any("waits to be written" in t or "caption import" in t for _, t in second.messages), second.messages
    finally:
        gate.set()
        assert second.close(timeout=30.0)
    assert store.held(str(demo_library)) == []


def test_a_removal_asked_again_while_it_waits_is_done_once_and_no_error_is_said(
        qtbot, loader, demo_library, tmp_path, looks_every_200_ms):  # noqa: F811
    session = open_session(qtbot, loader, demo_library, _store(tmp_path))
    try:
        result = _noted(qtbot, session)
        with another_writer(demo_library):
            assert session.remove_note(result.video_id, WRONG, result.start, result.end, CLIP) is not None
            qtbot.waitUntil(lambda: any("is writing this library now" in t for _, t in session.messages),
                            timeout=10_000)
            before = len(session.messages)
            assert session.remove_note(result.video_id, WRONG, result.start, result.end, CLIP) is None
            assert session.messages[before:] == [(
                "info", f"The removal of the note “{WRONG}” already waits for the other Seekframe process; it is "
                        "done once that process is done.")]
        qtbot.waitUntil(lambda: bool(_removed(session)), timeout=SESSION_TIMEOUT_MS)
        beside = session._runner.beside
        qtbot.waitUntil(lambda: beside.live == 0 and not beside.waiting, timeout=SESSION_TIMEOUT_MS)
        assert len(_removed(session)) == 1
        assert not [t for level, t in session.messages if level == "error"], session.messages
        assert all(r.score < NOTE_MATCH for r in search(qtbot, session, SearchRequest(WRONG, k=5)))
    finally:
        assert session.close(timeout=30.0)
