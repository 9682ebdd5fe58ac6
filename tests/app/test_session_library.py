"""Session: read-only second windows, cancelling, failed files, removing folders, switching
models, and errors reaching the user as messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from app.requests import READ_ONLY_MESSAGE, SearchRequest
from core.index_passes import TWO_PASS_MIN_FILES
from core.library import DONE, VideoLibrary
from tests import videos as V
from tests.app.conftest import wait_indexing, writes_start_a_run, writing
from tests.app.test_session_search import BLUE_CAR, RED_BALL, search


def library_state(root) -> dict:
    """{file name: (status, n_moments, visible moments)} read from disk by a fresh reader."""
    with VideoLibrary(root, read_only=True) as lib:
        return {Path(v.path).name: (v.status, v.n_moments, len(lib.moment_table.of(v.video_id)))
                for v in lib.video_table.all()}


def test_second_session_is_read_only_says_so_and_never_writes(qtbot, make_session, demo_library, tmp_path, demo_clips):
    before = library_state(demo_library)
    writer = make_session(demo_library)
    with writing(writer):  # (opened while the first window writes; an idle one lets the lock go)
        reader = make_session(demo_library)
        assert not writer.read_only and reader.read_only and reader.status.read_only
        assert ("warning", READ_ONLY_MESSAGE) in reader.messages
        # search works
        assert Path(search(qtbot, reader, SearchRequest(RED_BALL.query, k=1))[0].path).name == RED_BALL.file
        # writes are refused with a message, and nothing starts
        assert not writes_start_a_run(reader, tmp_path / "more", lambda: reader.remove_folder(str(demo_clips)),
                                      lambda: reader.import_captions(str(tmp_path / "c.txt")))
    refusals = [t for lvl, t in reader.messages if lvl == "warning" and t.startswith("Cannot ")]
    assert len(refusals) == 4 and all(READ_ONLY_MESSAGE in t for t in refusals)
    assert writer.close() and reader.close()
    assert library_state(demo_library) == before  # intact


def test_read_only_session_sees_the_writers_new_videos(qtbot, make_session, tmp_path, demo_clips):
    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", videos)
    writer = make_session(tmp_path / "lib")
    wait_indexing(qtbot, writer, lambda: writer.add_folder(str(videos)))
    with writing(writer):  # (an idle window lets the lock go: the second would be a writer too)
        reader = make_session(tmp_path / "lib", refresh_interval_ms=200)
        assert reader.read_only and reader.status.videos == 1
        shutil.copy(demo_clips / "blue-car-street.mp4", videos)
        with qtbot.waitSignal(reader.library_changed, timeout=30_000):
            wait_indexing(qtbot, writer, writer.rescan)
        qtbot.waitUntil(lambda: reader.status.videos == 2, timeout=10_000)
        assert Path(search(qtbot, reader, SearchRequest(BLUE_CAR.query, k=1))[0].path).name == BLUE_CAR.file


@pytest.mark.slow  # (31 s under load)
def test_cancelling_leaves_every_video_whole_or_absent_and_rescan_finishes(qtbot, tmp_path, demo_clips, demo_model,
                                                                           monkeypatch):
    from app.session import Session
    from tests.app.conftest import cached_loader
    from tests.app.holding import HoldingEncoder, commit_each_video

    # The run is held mid-way (some videos committed, one being embedded) when Cancel comes,
    # however fast this machine indexes.
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    session = Session(loader=lambda source: pausing)
    messages = []
    session.message.connect(lambda level, text: messages.append(text))
    try:
        with qtbot.waitSignal(session.ready, timeout=60_000):
            session.open(str(tmp_path / "lib"))
        events = []
        session.index_event.connect(events.append)
        session.add_folder(str(demo_clips))
        qtbot.waitUntil(lambda: pausing.paused.is_set() and any(e.kind == "file_done" for e in events),
                        timeout=60_000)
        with qtbot.waitSignal(session.indexing_changed, timeout=60_000, check_params_cb=lambda on: not on):
            session.cancel_indexing()
            pausing.go.set()
        session.index_event.disconnect(events.append)
        assert events[-1].kind == "cancelled"
        qtbot.waitUntil(lambda: any("Indexing cancelled" in t for t in messages), timeout=10_000)
        state = library_state(tmp_path / "lib")
        done = {n: s for n, s in state.items() if s[0] == DONE}
        assert 1 <= len(done) < 12
        with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
            full = [v for v in lib.video_table.all() if v.status == DONE and not v.quick]
        for name, (status, n, visible) in state.items():
            assert (status == DONE and n == visible > 0) or (status != DONE and visible == 0), name

        events = wait_indexing(qtbot, session, session.rescan)
        assert events[-1].kind == "finished"
        # only the rest: the videos not yet in, and those in from the quick pass only; with
        # enough not yet in for two passes, a quick pass over those first (how many the cancel
        # left quick depends on this machine's timing: 4 made a two-pass re-scan)
        rest = 12 - len(full)
        fresh = rest - (len(done) - len(full))
        totals = [e.files_total for e in events if e.kind in ("scanned", "pass_started")]
        assert totals == ([fresh, rest] if fresh >= TWO_PASS_MIN_FILES else [rest])
        qtbot.waitUntil(lambda: session.status.videos == 12, timeout=10_000)
        assert all(s[0] == DONE and s[1] == s[2] > 0 for s in library_state(tmp_path / "lib").values())
    finally:
        pausing.go.set()
        assert session.close(timeout=30)


def videos_with_failures(folder: Path, demo_clips: Path) -> Path:
    """``folder`` with one good clip and two that cannot be indexed: notes.mp4 (damaged: an ftyp box, then text) and
    cut-short.mp4 (truncated)."""
    folder.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", folder)
    V.write_broken_video(folder / "notes.mp4")
    V.write_truncated(demo_clips / "blue-car-street.mp4", folder / "cut-short.mp4", keep=0.3)
    return folder


def test_failed_files_are_listed_with_their_reasons(qtbot, make_session, tmp_path, demo_clips):
    videos = videos_with_failures(tmp_path / "videos", demo_clips)
    session = make_session(tmp_path / "lib")
    wait_indexing(qtbot, session, lambda: session.add_folder(str(videos)))
    qtbot.waitUntil(lambda: len(session.status.failed) == 2, timeout=10_000)
    failed = dict((Path(p).name, reason) for p, reason in session.status.failed)
    assert set(failed) == {"notes.mp4", "cut-short.mp4"}
    assert all(reason for reason in failed.values())
    assert "damaged or incomplete MP4" in failed["notes.mp4"]
    assert session.status.videos == 1
    warning = [t for lvl, t in session.messages if lvl == "warning" and "could not be indexed" in t]
    assert warning and "notes.mp4" in warning[0] and "cut-short.mp4" in warning[0]


def test_remove_folder_forgets_its_videos_only(qtbot, make_session, demo_library, demo_clips, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(demo_clips / "blue-car-street.mp4", other / "my-car.mp4")
    session = make_session(demo_library)
    wait_indexing(qtbot, session, lambda: session.add_folder(str(other)))
    assert session.status.videos == 13
    with qtbot.waitSignal(session.library_changed, timeout=30_000):
        session.remove_folder(str(demo_clips))
    qtbot.waitUntil(lambda: session.status.videos == 1, timeout=10_000)
    assert session.status.folders == (str(other),)
    assert all(Path(p).exists() for p in demo_clips.glob("*.mp4"))  # files untouched
    assert Path(search(qtbot, session, SearchRequest(BLUE_CAR.query, k=3))[0].path).name == "my-car.mp4"


def test_removing_a_folder_while_indexing_it_goes_on_with_the_others(qtbot, make_session, tmp_path, demo_clips):
    other = tmp_path / "other"
    other.mkdir()
    for name in ("red-ball-beach.mp4", "blue-car-street.mp4"):
        shutil.copy(demo_clips / name, other / f"mine-{name}")
    session = make_session(tmp_path / "lib")
    removed = []

    def remove_after_first(ev):
        if ev.kind == "file_done" and not removed and str(demo_clips) in ev.current:
            removed.append(True)
            session.remove_folder(str(demo_clips))

    session.index_event.connect(remove_after_first)
    wait_indexing(qtbot, session, lambda: (session.add_folder(str(demo_clips)), session.add_folder(str(other))))
    qtbot.waitUntil(lambda: session.status.folders == (str(other),) and session.status.videos == 2, timeout=30_000)
    assert removed and session.status.videos_per_folder == {str(other): 2}
    assert not any("cancelled" in t for _, t in session.messages)  # it went on by itself
    assert {Path(p).name for p in library_state(tmp_path / "lib")} == {"mine-red-ball-beach.mp4",
                                                                       "mine-blue-car-street.mp4"}


def test_switching_model_reindexes_and_keeps_notes(qtbot, make_session, demo_library, tiny_model_dir, loader):
    session = make_session(demo_library)
    car = search(qtbot, session, SearchRequest(BLUE_CAR.query, k=1))[0]
    with qtbot.waitSignal(session.captions_changed, timeout=30_000):
        session.add_note(car, "grandpa's old car")
    old_id = session.encoder.model_id
    reindexed = []
    session.index_event.connect(lambda ev: reindexed.append(ev.kind))
    with qtbot.waitSignal(session.model_switched, timeout=60_000):
        session.switch_model(str(tiny_model_dir))
    qtbot.waitUntil(lambda: "finished" in reindexed and not session.indexing, timeout=60_000)
    qtbot.waitUntil(lambda: session.status.videos == 12, timeout=10_000)
    new = loader(str(tiny_model_dir))
    assert session.encoder is new and new.model_id != old_id
    assert session.status.library_model_id == new.model_id and not session.status.model_mismatch
    results = search(qtbot, session, SearchRequest(RED_BALL.query, k=5))
    # the scores are the new model's: its 32-d text vector against the re-indexed 32-d moments
    # (the note's clip may rank by the note's text instead: notes are searchable)
    q = new.encode_text([RED_BALL.query])[0]
    by_vectors = [r for r in results if r.video_id != car.video_id]
    assert by_vectors
    for r in by_vectors:
        vec = session.library.moment_table.get(r.moment_id).vector
        assert vec.shape == (32,) and abs(float(np.dot(q, vec)) - r.score) < 1e-4
    notes = [c for c in session.library.caption_table.read() if c.source == "note"]
    assert [n.text for n in notes] == ["grandpa's old car"] and notes[0].vector.shape == (32,)


def test_a_model_loaded_for_a_closed_library_is_not_taken_for_the_one_opened_again(qtbot, demo_library,
                                                                                  tiny_model_dir, loader):
    import threading

    from app.session import Session

    tiny_loaded = threading.Event()

    def loader_saying_when(source):
        encoder = loader(source)
        if source == str(tiny_model_dir):
            tiny_loaded.set()
        return encoder

    session = Session(loader=loader_saying_when)
    messages = []
    session.message.connect(lambda _level, text: messages.append(text))
    with qtbot.waitSignal(session.ready, timeout=60_000):
        session.open(str(demo_library))
    demo = session.encoder
    switched = []
    session.model_switched.connect(lambda *args: switched.append(args))
    session.switch_model(str(tiny_model_dir))
    assert tiny_loaded.wait(60)
    assert session.close()  # the load is over: its result waits in the event queue
    with qtbot.waitSignal(session.ready, timeout=60_000):
        session.open(str(demo_library))  # at once, as "Try the demo library" or File › Open do
    qtbot.waitUntil(lambda: session.status.opened, timeout=30_000)
    assert session.encoder is demo and switched == []
    assert not any("Re-indexing" in m or "Now using" in m or "already the model" in m for m in messages)
    assert session.close(timeout=30.0)


def test_an_unreachable_hub_model_keeps_the_current_one(qtbot, make_session, demo_library):
    session = make_session(demo_library)
    encoder = session.encoder
    with qtbot.waitSignal(session.model_switch_failed, timeout=30_000) as blocker:
        session.switch_model("seekframe-tests/no-such-model")
    assert "Hugging Face" in blocker.args[0]
    errors = [t for lvl, t in session.messages if lvl == "error"]
    assert errors and "seekframe-tests/no-such-model" in errors[-1] and "stays in use" in errors[-1]
    assert session.encoder is encoder and session.status.ready
    assert Path(search(qtbot, session, SearchRequest(RED_BALL.query, k=1))[0].path).name == RED_BALL.file


def test_engine_errors_become_messages(qtbot, make_session, demo_library, tmp_path):
    session = make_session(demo_library)
    bad = tmp_path / "captions.xml"
    bad.write_text("<captions/>")
    with qtbot.waitSignal(session.message, timeout=30_000, check_params_cb=lambda lvl, _t: lvl == "error") as b:
        session.import_captions(str(bad))
    assert ".txt, .csv or .json" in b.args[1]
    session.add_folder(str(tmp_path / "no-such-folder"))  # (looked at in a worker)
    qtbot.waitUntil(lambda: session.messages[-1][0] == "error" and "not a folder" in session.messages[-1][1],
                    timeout=10_000)
    assert not session.indexing and not session._runner.queue


def test_a_folder_that_is_not_a_library_fails_to_open_with_a_message(qtbot, make_session, tmp_path):
    not_lib = tmp_path / "my-documents"
    not_lib.mkdir()
    (not_lib / "letter.txt").write_text("hello")
    session = make_session(not_lib, ready=False)
    with qtbot.waitSignal(session.open_failed, timeout=30_000) as blocker:
        pass
    assert blocker.args[0]
    assert session.messages[-1][0] == "error" and str(not_lib) in session.messages[-1][1]
    assert not session.is_open


def test_closing_while_the_library_opens_loads_no_model(tmp_path, monkeypatch):
    """close() cancels the open run through its worker (Session.close cancels it no other way):
    a run still opening the library, or not started yet, stops before loading a model."""
    import threading

    from app import engine
    from app.session import Session

    go, real_open, loaded = threading.Event(), engine.open_library, []
    monkeypatch.setattr(engine, "open_library", lambda library_dir: (go.wait(10), real_open(library_dir))[1])
    session = Session(loader=loaded.append)
    session.open(str(tmp_path / "lib"), model_source="any-model")
    threading.Timer(0.3, go.set).start()  # the library opens once close() has cancelled
    assert session.close()
    assert loaded == []
