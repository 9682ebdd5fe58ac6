"""A search asked while the model loads waits for it (``Searches._pending``), and was answered
once the model was ready whatever was asked after it: a search asked as the model arrived (a slot
of ``ready``) was superseded by that older one (the window ignoring its answer: not the last
request), and a query cleared meanwhile still had its old answer come after the empty one. A
search asked now answers in place of the one waiting."""

from __future__ import annotations

from app.requests import SearchRequest
from core.demo import DEMO_QUERIES

RED_BALL = next(q for q in DEMO_QUERIES if q.file == "red-ball-beach.mp4")
BLUE_CAR = next(q for q in DEMO_QUERIES if q.file == "blue-car-street.mp4")


def _answered(qtbot, session) -> list:
    got = []
    session.search_results.connect(lambda req, _res: got.append(req))
    return got


def _settled(qtbot, session) -> None:
    qtbot.waitUntil(lambda: session.searcher is not None, timeout=60_000)
    # (idle once the last search's end is heard, which comes after its answer: LatestRunner)
    qtbot.waitUntil(lambda: not session._searches._searches.busy, timeout=30_000)


def test_a_search_asked_as_the_model_arrives_is_the_one_answered(qtbot, make_session, demo_library):
    session = make_session(demo_library, ready=False)
    got = _answered(qtbot, session)
    waiting, asked = SearchRequest(BLUE_CAR.query, k=3), SearchRequest(RED_BALL.query, k=3)
    assert session.searcher is None
    session.search(waiting)  # (the model loads: it waits)
    session.ready.connect(lambda: session.search(asked) if asked not in got and session.last_request is waiting
                          else None)
    qtbot.waitUntil(lambda: asked in got, timeout=60_000)  # (on the old code: never, superseded by the older)
    _settled(qtbot, session)
    assert got == [asked] and session.last_request is asked


def test_a_query_cleared_while_the_model_loads_gets_no_answer_after(qtbot, make_session, demo_library):
    session = make_session(demo_library, ready=False)
    got = _answered(qtbot, session)
    waiting, blank = SearchRequest(BLUE_CAR.query, k=3), SearchRequest("")
    session.search(waiting)
    session.search(blank)  # the field cleared: answered at once, empty
    _settled(qtbot, session)
    assert got == [blank]  # (the old code answered the cleared query after it)
