"""The app on a library given by URI (issue 14: a library uploaded to an object store; ``file://``
stands in for ``s3://``): the session opens it read-only, without the writer lock, says why, and
searches it; writes are refused and nothing changes."""

from __future__ import annotations

from pathlib import Path

from app.requests import SearchRequest
from core.library.lock import lock_library
from tests.app.conftest import writes_start_a_run
from tests.app.test_session_library import library_state
from tests.app.test_session_search import RED_BALL, search


def test_a_session_opens_a_uri_library_read_only_and_searches_it(qtbot, make_session, demo_library, tmp_path):
    before = library_state(demo_library)
    session = make_session(f"file://{demo_library}")
    assert session.read_only and session.status.read_only and session.status.videos == 12
    assert any(level == "warning" and "given as a URI, so it is opened read-only" in text
               for level, text in session.messages)
    lock_library(demo_library).release()  # free: the session holds no writer lock
    assert Path(search(qtbot, session, SearchRequest(RED_BALL.query, k=1))[0].path).name == RED_BALL.file
    assert not writes_start_a_run(session, tmp_path / "more")
    refusals = [text for level, text in session.messages if text.startswith("Cannot ")]
    assert refusals and all("given as a URI" in text and "Another Seekframe window" not in text
                            for text in refusals), refusals  # the URI's reason, not another writer
    assert "given as a URI" in session.read_only_reason
    assert session.close()
    assert library_state(demo_library) == before
