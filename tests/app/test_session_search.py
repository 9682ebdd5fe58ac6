"""Session: add a folder → indexing in the background → search; modes, filters, clip operations."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from app.requests import SearchRequest
from core.demo import DEMO_QUERIES
from core.filters import Filters
from tests.app.conftest import wait_indexing
from tests.app.holding import HoldingEncoder, commit_each_video
from tests.demo_clips import demo_written_once  # noqa: F401  (the fixture: the clips written once a run, copied)

RED_BALL = next(q for q in DEMO_QUERIES if q.file == "red-ball-beach.mp4")
BLUE_CAR = next(q for q in DEMO_QUERIES if q.file == "blue-car-street.mp4")


class TickingEncoder:
    """The real encoder, but each batch of moments waits (30 s at most) for the GUI thread's timer
    to add to ``ticks`` after it began, and notes in ``held`` whether it did ("ticked") or not; once
    one has waited in vain, the rest go on at once."""

    def __init__(self, encoder, ticks: list, held: list):
        self._encoder, self._ticks, self._held = encoder, ticks, held

    def __getattr__(self, name):
        return getattr(self._encoder, name)

    def encode_moments(self, frames, **kw):
        seen, deadline = len(self._ticks), time.monotonic() + 30
        while len(self._ticks) == seen and time.monotonic() < deadline and "no tick" not in self._held:
            time.sleep(0.005)
        self._held.append("ticked" if len(self._ticks) > seen else "no tick")
        return self._encoder.encode_moments(frames, **kw)


def search(qtbot, session, request: SearchRequest) -> list:
    with qtbot.waitSignal(session.search_results, timeout=30_000,
                          check_params_cb=lambda req, _res: req is request) as blocker:
        session.search(request)
    return blocker.args[1]


def test_add_folder_indexes_in_background_then_search_finds_the_clip(qtbot, make_session, tmp_path, demo_clips):
    session = make_session(tmp_path / "new-library")
    assert session.status.videos == 0 and not session.read_only
    ticks, held = [], []
    session.encoder = TickingEncoder(session.encoder, ticks, held)  # (each batch waits for a GUI tick)
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    try:
        events = wait_indexing(qtbot, session, lambda: session.add_folder(str(demo_clips)))
    finally:
        timer.stop()
    kinds = [e.kind for e in events]
    assert kinds[0] == "scanned" and kinds[-1] == "finished"
    # 12 files in full (a two-pass run also did them once in its quick pass first)
    assert [e.phase for e in events if e.kind == "file_done"].count("full") == 12 and events[-1].moments > 0
    for phase in {e.phase for e in events if e.kind == "file_done"}:
        done = [e.files_done for e in events if e.kind == "file_done" and e.phase == phase]
        assert done == sorted(done) and done[-1] == 12  # progress only goes forward, in each pass
    # the GUI thread kept running its timer while indexing: each batch was encoded only once the
    # GUI thread's timer had fired after it began (a GUI thread busy indexing never fires it)
    assert held and not [h for h in held if h != "ticked"], held

    qtbot.waitUntil(lambda: session.status.videos == 12, timeout=10_000)
    status = session.status
    assert status.moments == events[-1].moments and status.folders == (str(demo_clips),)
    assert status.model_name == "seekframe-demo" and status.ready and not status.indexing

    results = search(qtbot, session, SearchRequest(RED_BALL.query, k=10))
    assert results and Path(results[0].path).name == RED_BALL.file
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    assert any("Indexed 12 of 12" in text for _, text in session.messages)


def test_moments_and_videos_modes(qtbot, make_session, demo_library):
    session = make_session(demo_library)
    moments = search(qtbot, session, SearchRequest(RED_BALL.query, k=10))
    videos = search(qtbot, session, SearchRequest(RED_BALL.query, per_video=True, k=10))
    assert len({r.video_id for r in moments}) < len(moments)  # several moments of one clip
    assert len({r.video_id for r in videos}) == len(videos) == 10  # one per video
    assert Path(videos[0].path).name == RED_BALL.file
    assert videos[0].score == pytest.approx(moments[0].score)


def test_filters_folder_duration_and_date(qtbot, make_session, tmp_path, demo_clips):
    old, new = tmp_path / "videos" / "old", tmp_path / "videos" / "new"
    old.mkdir(parents=True)
    new.mkdir(parents=True)
    shutil.copy(demo_clips / "red-ball-beach.mp4", old)  # 12 s
    shutil.copy(demo_clips / "blue-car-street.mp4", old)  # 8 s
    shutil.copy(demo_clips / "yellow-star-night.mp4", new)  # 12 s
    shutil.copy(demo_clips / "orange-person-snow.mp4", new)  # 8 s
    stamp = time.mktime((2020, 6, 1, 12, 0, 0, 0, 0, -1))
    for f in old.iterdir():
        os.utime(f, (stamp, stamp))
    session = make_session(tmp_path / "lib")
    wait_indexing(qtbot, session, lambda: session.add_folder(str(tmp_path / "videos")))
    query = "a ball bouncing"

    def names(filters):
        return {Path(r.path).name for r in search(qtbot, session, SearchRequest(query, True, filters, 20))}

    assert len(names(Filters())) == 4
    assert names(Filters(folder=str(old))) == {"red-ball-beach.mp4", "blue-car-street.mp4"}
    assert names(Filters(min_duration=10)) == {"red-ball-beach.mp4", "yellow-star-night.mp4"}
    assert names(Filters(max_duration=10)) == {"blue-car-street.mp4", "orange-person-snow.mp4"}
    cut = time.mktime((2021, 1, 1, 0, 0, 0, 0, 0, -1))
    assert names(Filters(modified_before=cut)) == {"red-ball-beach.mp4", "blue-car-street.mp4"}
    assert names(Filters(modified_after=cut, min_duration=10)) == {"yellow-star-night.mp4"}


def test_search_before_the_model_is_ready_is_answered_when_it_is(qtbot, make_session, demo_library):
    session = make_session(demo_library, ready=False)
    request = SearchRequest(BLUE_CAR.query, k=3)
    with qtbot.waitSignal(session.search_results, timeout=60_000) as blocker:
        session.search(request)
    assert blocker.args[0] is request and Path(blocker.args[1][0].path).name == BLUE_CAR.file


def test_a_newer_search_supersedes_an_older_one(qtbot, make_session, demo_library):
    session = make_session(demo_library)
    got = []
    session.search_results.connect(lambda req, res: got.append(req))
    requests = [SearchRequest(q.query, k=5) for q in DEMO_QUERIES[:6]]
    for r in requests:
        session.search(r)
    qtbot.waitUntil(lambda: requests[-1] in got, timeout=30_000)
    # searches run one at a time, answered in order: once a later one is answered, none of the
    # six can still come late
    after = SearchRequest(DEMO_QUERIES[6].query, k=5)
    with qtbot.waitSignal(session.search_results, timeout=30_000, check_params_cb=lambda req, _res: req is after):
        session.search(after)
    assert got[-2] is requests[-1] and got[-1] is after
    assert len(got) - 1 <= 2  # the one running when the others came, and the latest; never all six
    blank = SearchRequest("   ")
    with qtbot.waitSignal(session.search_results, timeout=10_000) as blocker:
        session.search(blank)
    assert blocker.args == [blank, []]


def test_similar_clips_refine_captions_and_notes(qtbot, make_session, demo_library, tmp_path):
    session = make_session(demo_library)
    top = search(qtbot, session, SearchRequest(RED_BALL.query, k=5))[0]

    with qtbot.waitSignal(session.search_results, timeout=30_000) as blocker:
        session.similar_clips(top)
    similar = blocker.args[1]
    assert similar and all(r.video_id != top.video_id for r in similar)  # its own video excluded

    with qtbot.waitSignal(session.search_results, timeout=30_000) as blocker:
        session.refine(RED_BALL.query, more_ids=[top.moment_id])
    assert blocker.args[0].kind == "refine" and Path(blocker.args[1][0].path).name == RED_BALL.file

    captions = tmp_path / "captions.txt"
    captions.write_text("a red ball bouncing on a sandy beach\na blue car driving in the city\n")
    with qtbot.waitSignal(session.captions_changed, timeout=30_000):
        session.import_captions(str(captions))
    assert any("Imported 2 captions" in t for _, t in session.messages)
    with qtbot.waitSignal(session.captions_results, timeout=30_000) as blocker:
        session.similar_captions(top)
    result, rows = blocker.args
    assert result is top and rows[0].text == "a red ball bouncing on a sandy beach"

    # "more like this" / "less like this" build on the last search and accumulate
    base = search(qtbot, session, SearchRequest(RED_BALL.query, k=5))
    with qtbot.waitSignal(session.search_results, timeout=30_000) as blocker:
        session.more_like(base[0])
    with qtbot.waitSignal(session.search_results, timeout=30_000) as blocker:
        session.less_like(base[1])
    req = blocker.args[0]
    assert (req.query, req.more, req.less) == (RED_BALL.query, (base[0].moment_id,), (base[1].moment_id,))
    assert base[1].moment_id not in {r.moment_id for r in blocker.args[1][:1]}

    car = search(qtbot, session, SearchRequest(BLUE_CAR.query, k=1))[0]
    with qtbot.waitSignal(session.captions_changed, timeout=30_000):
        session.add_note(car, "grandpa's old car")
    found = search(qtbot, session, SearchRequest("grandpa's old car", k=3))
    assert found[0].video_id == car.video_id


@pytest.mark.slow  # (the demo library written and indexed: 24 s under load)
def test_try_demo_writes_the_clips_into_the_data_home_and_indexes_them(qtbot, make_session, tmp_path,
                                                                       _isolated_home, demo_written_once):
    session = make_session(tmp_path / "lib")
    with qtbot.waitSignal(session.demo_ready, timeout=60_000) as blocker:
        session.try_demo()
    folder, query = blocker.args
    assert Path(folder) == _isolated_home / "demo-videos" and len(list(Path(folder).glob("*.mp4"))) == 12
    qtbot.waitUntil(lambda: not session.indexing and session.status.videos == 12, timeout=60_000)
    assert session.status.videos == 12 and session.status.folders == (folder,)
    results = search(qtbot, session, SearchRequest(query, k=1))
    assert results


def test_search_answers_while_indexing_and_sees_new_videos_after(qtbot, tmp_path, demo_clips, demo_model,
                                                                 monkeypatch):
    from app.session import Session
    from tests.app.conftest import cached_loader

    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    session = Session(loader=lambda source: pausing)
    try:
        with qtbot.waitSignal(session.ready, timeout=60_000):
            session.open(str(tmp_path / "lib"))
        done = []
        session.index_event.connect(lambda ev: done.append(ev) if ev.kind == "file_done" else None)
        session.add_folder(str(demo_clips))
        qtbot.waitUntil(lambda: pausing.paused.is_set() and bool(done), timeout=60_000)
        request = SearchRequest(RED_BALL.query, per_video=True, k=20)
        with qtbot.waitSignal(session.search_results, timeout=30_000) as blocker:
            session.search(request)
        assert session.indexing  # answered while the run is held mid-way
        during = blocker.args[1]
        assert 1 <= len(during) < 12  # only the videos committed so far
        with qtbot.waitSignal(session.indexing_changed, timeout=60_000):
            pausing.go.set()
        after = search(qtbot, session, SearchRequest(RED_BALL.query, per_video=True, k=20))
        assert len(after) == 12 and Path(after[0].path).name == RED_BALL.file
    finally:
        pausing.go.set()
        assert session.close(timeout=30)
