"""Fixtures of the desktop app's tests.

* every test fails if it leaves a background worker or pool thread running;
* qtbot's waits without a timeout wait 20 s, not pytest-qt's 5 s (``PATIENT_WAIT_MS``);
* ``loader``: loads each model once per test session (the demo model takes seconds);
* ``demo_library``: a copy of a library holding the 12 ``core.demo`` clips indexed once per
  session with the bundled demo model, safe to write to;
* ``make_session``: Sessions that are closed at the end of the test;
* a widget given to ``qtbot.addWidget`` is held until pytest-qt has closed and deleted it;
* ``show_view``: a view widget shown as the view tests see it; ``no_real_dialogs``: a test that
  opens a file, folder, text or question dialog without patching it fails instead of blocking;
* a search is asked 20 ms after the last key typed (``_typing_pause_short``), and the window settles
  no objects at its model's ready unless the test asks for ``settling_objects``;
* a look that has not answered says so after a minute, not 250 ms, unless the test asks for
  ``slow_word_as_in_the_app`` (``tests/app/slow_look.py``).
"""

from __future__ import annotations

import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from app import workers
from core.demo import write_demo
from core.model_choice import bundled_demo_model
from tests.app.slow_look import _slow_word_a_minute, slow_word_as_in_the_app  # noqa: F401 (fixtures)
from tests.run_shared import built_once, run_root

SESSION_TIMEOUT_MS = 60_000


def assert_no_running_workers(qapp, grace: float = 10.0) -> None:
    """Fail when a worker thread or thread-pool job is still running after ``grace`` seconds
    (time for threads that are ending to be reaped: a frame or thumbnail read in flight as the
    test ends takes seconds on a loaded machine; one left running for good still fails); stops
    them first."""
    deadline = time.monotonic() + grace
    while workers.live_workers() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    left = workers.live_workers()
    if left:
        workers.shutdown(20.0)
        pytest.fail(f"the test left background work running: {left}")


PATIENT_WAIT_MS = 20_000
_WAITS = ("waitSignal", "waitSignals", "waitUntil", "waitCallback")


def patient(wait):
    """``wait`` (a ``QtBot`` wait) with ``PATIENT_WAIT_MS`` in place of pytest-qt's 5 s default when
    the caller names no timeout: a worker's answer on a loaded 2-core CI machine can take longer than
    5 s, and such a wait then failed a test whose behaviour was right. A timeout the caller gives is
    kept; waits for what must not happen name theirs."""

    def waiting(self, *args, **kwargs):
        kwargs.setdefault("timeout", PATIENT_WAIT_MS)
        return wait(self, *args, **kwargs)

    return waiting


@pytest.fixture(autouse=True)
def _patient_waits(monkeypatch):
    from pytestqt.qtbot import QtBot

    for name in _WAITS:
        monkeypatch.setattr(QtBot, name, patient(getattr(QtBot, name)))


@pytest.fixture(autouse=True)
def _no_running_workers(qapp, monkeypatch, tmp_path):
    """Every app test: no background work may outlive it; the thumbnail cache is private."""
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    yield
    assert_no_running_workers(qapp)


@pytest.fixture(autouse=True)
def _added_widgets_held(monkeypatch):
    """Every app test: a widget given to ``qtbot.addWidget`` is held until pytest-qt has closed it and its
    ``deleteLater`` ran (pytest-qt keeps only a weak reference). A widget kept alive only by a reference
    cycle (``IndexPanel``: its ``follow_palette`` restyler holds it) was otherwise freed by whichever
    collection came first: one run inside the Python ``eventFilter`` its ``DeferredDelete`` went through
    deleted it under Qt's feet, and Qt's next filter of that event read the freed widget (a segfault at
    teardown, ``test_kept_by_content_window``; ``tests/app/test_added_widgets_held.py``)."""
    from pytestqt.qtbot import QtBot

    held: list = []
    add = QtBot.addWidget

    def adding(self, widget, *args, **kwargs):
        held.append(widget)
        return add(self, widget, *args, **kwargs)

    monkeypatch.setattr(QtBot, "addWidget", adding)
    yield
    held.clear()  # (fixtures end after pytest-qt's teardown closed and deleted them)


@pytest.fixture
def show_view(qtbot):
    """``show_view(widget, size=None)``: ``widget`` owned by the test (closed at its end), resized
    to ``size`` (width, height) when given, shown; returns it."""

    def show(widget, size: tuple[int, int] | None = None):
        qtbot.addWidget(widget)
        if size is not None:
            widget.resize(*size)
        widget.show()
        return widget

    return show


@pytest.fixture
def no_real_dialogs(monkeypatch):
    """Any file, folder, text or question dialog a test did not patch fails the test at once
    (a real one would block it)."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    for owner, name in ((QFileDialog, "getOpenFileName"), (QFileDialog, "getExistingDirectory"),
                        (QInputDialog, "getMultiLineText"), (QMessageBox, "question")):
        monkeypatch.setattr(owner, name, lambda *a, _name=name, **k: pytest.fail(f"unpatched {_name}"))


@pytest.fixture(autouse=True)
def _writer_lock_let_go_at_once(monkeypatch):
    """Every app test: the library's writer lock is let go as soon as the session has nothing to
    write (``app.writer_turn``; the app waits 1.5 s), so every test runs through taking it back.
    A test of a window opened while another writes holds the lock itself (``holding_the_lock``)."""
    import app.writer_turn

    monkeypatch.setattr(app.writer_turn, "RELEASE_AFTER_MS", 0)


@pytest.fixture(autouse=True)
def _typing_pause_short(monkeypatch):
    """Every app test: a search is asked 20 ms after the last key typed, not 250 ms
    (``app.search_panel.TYPING_PAUSE_MS``): each query typed (``type_query``, 86 places) waited the quarter second.
    ``qtbot.keyClicks`` types a whole query before the pause can end, so it is still asked once."""
    import app.search_panel

    monkeypatch.setattr(app.search_panel, "TYPING_PAUSE_MS", 20)


@pytest.fixture(autouse=True)
def _objects_settled_where_asked(request, monkeypatch):
    """Every app test but those asking for ``settling_objects``: a window built by ``app.wiring`` does not
    settle the objects at each ``Session.ready`` (``app.idle_trim.settle_objects``: ``gc.unfreeze``, a full
    collection, ``gc.freeze``). In a test process that collection walks ~400,000 objects with the GIL held,
    ~0.14 s of CPU at each window opened (3.4 s of 18 s user in five window test files, 16.6 s of their
    wall under load), and no other test asserts on what it froze; the collector works as it does without
    it. The settle's own tests ask for it (``tests/app/test_objects_settled_when_ready.py``,
    ``test_left_library_freed.py``)."""
    if "settling_objects" not in request.fixturenames:
        import app.wiring

        monkeypatch.setattr(app.wiring, "settle_objects", lambda *_switched: None)


@pytest.fixture
def settling_objects():
    """The window settles the objects at each ``Session.ready`` and model switch, as the app does."""
    import app.idle_trim

    return app.idle_trim.settle_objects


@pytest.fixture(autouse=True)
def _demo_model_for_new_libraries(request, monkeypatch):
    """The app tests index the generated demo clips and search the demo queries, which only the
    demo model knows: a new library gets the demo model here, as it did before the bundled
    real-footage model. A test that wants the real-footage model asks for ``bundled_real``."""
    if "bundled_real" not in request.fixturenames:
        import core.model_choice

        monkeypatch.setattr(core.model_choice, "bundled_real_model", lambda: None)
    yield


@pytest.fixture
def bundled_real():
    """The real-footage model in its place (``core.model_choice.bundled_real_model``)."""
    from core.model_choice import bundled_real_model

    return bundled_real_model()


_ENCODERS: dict[str, object] = {}


def cached_loader(source: str):
    """``engine.load_encoder`` with a per-process cache (an Encoder is safe to share)."""
    key = str(source)
    if key not in _ENCODERS:
        from app.engine import load_encoder

        _ENCODERS[key] = load_encoder(key)
    return _ENCODERS[key]


@pytest.fixture
def loader():
    return cached_loader


@pytest.fixture(scope="session")
def demo_clips(tmp_path_factory) -> Path:
    """The 12 demo clips, written once a run for every xdist worker (``built_once``; never modified by
    tests: copy them to change anything)."""
    return built_once(run_root(tmp_path_factory), "demo-clips", write_demo)


@pytest.fixture(scope="session")
def demo_model() -> str:
    if bundled_demo_model() is None:
        pytest.skip("no bundled demo model in core/resources/models/demo")
    return str(bundled_demo_model())


@pytest.fixture(scope="session")
def demo_library_master(tmp_path_factory, demo_clips, demo_model) -> Path:
    """The demo clips indexed by the demo model, once a run for every xdist worker (``built_once``).
    Never opened by tests: ``demo_library`` copies it."""
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    def index(folder: Path) -> None:
        with VideoLibrary(folder / "lib") as lib:
            events = list(MomentIndexer(lib, cached_loader(demo_model)).run([str(demo_clips)]))
        assert events[-1].kind == "finished" and events[-1].files_done == 12 and not events[-1].failed

    return built_once(run_root(tmp_path_factory), "demo-library", index) / "lib"


@pytest.fixture
def demo_library(tmp_path, demo_library_master) -> Path:
    """A private copy of the indexed demo library."""
    return Path(shutil.copytree(demo_library_master, tmp_path / "lib"))


@pytest.fixture
def tiny_model_dir(tmp_path_factory) -> Path:
    """Another model (random, 32-d) to switch to."""
    from tests.models import save_tiny_model

    folder = tmp_path_factory.getbasetemp() / "tiny-model"
    if not (folder / "config.json").is_file():
        save_tiny_model(folder, seed=3, vision="frame_cnn", text="bert_mean", temporal="mean",
                        embed_dim=32, image_size=32, frames_per_moment=4, name="tiny")
    return folder


@pytest.fixture
def make_session(qtbot, loader, demo_model):
    """``make_session(library_dir, ready=True, **open_kw)``: an open Session (waits for the
    model when ``ready``), closed at the end of the test."""
    from app.session import Session

    sessions = []

    def make(library_dir, ready: bool = True, refresh_interval_ms: int = 5000, **open_kw):
        s = Session(loader=loader, refresh_interval_ms=refresh_interval_ms)
        s.messages = []
        s.message.connect(lambda level, text: s.messages.append((level, text)))
        sessions.append(s)
        if ready:
            with qtbot.waitSignal(s.ready, timeout=SESSION_TIMEOUT_MS):
                s.open(str(library_dir), **open_kw)
            qtbot.waitUntil(lambda: s.status.opened, timeout=SESSION_TIMEOUT_MS)
        else:
            s.open(str(library_dir), **open_kw)
        return s

    yield make
    for s in sessions:
        assert s.close(timeout=30.0), "a session's work did not stop"


@contextmanager
def writing(session):
    """Inside the block the session holds its library's writer lock, as while its own work writes
    (``VideoLibrary.write_lease``; an idle window lets it go): a window opened meanwhile is
    read-only, its writes refused."""
    with session.library.write_lease():
        yield


def wait_idle(qtbot, session, timeout: int = SESSION_TIMEOUT_MS) -> None:
    """Until no index run or removal goes or waits (nor a folder just added is being looked at, its
    run not queued yet) and the status has been read again. (A removal's words come with its result,
    before its worker's end: ``JobRunner.removing`` until then.)"""
    runner = session._runner
    qtbot.waitUntil(lambda: not session.indexing and runner.removing() is None and not runner.queue
                    and not runner.adds.looking, timeout=timeout)
    qtbot.waitUntil(lambda: not session._reader.runner.busy, timeout=timeout)


def writes_start_a_run(session, folder: Path, *more_writes) -> bool:
    """Try to add ``folder`` (made here), re-scan, then each of ``more_writes``; once the events
    posted meanwhile are handled (a run starts, ``indexing_changed``, when its job is queued),
    whether any of them started a run."""
    from PySide6.QtCore import QCoreApplication

    started = []
    session.indexing_changed.connect(started.append)
    try:
        folder.mkdir()
        session.add_folder(str(folder))
        session.rescan()
        for write in more_writes:
            write()
        QCoreApplication.processEvents()
    finally:
        session.indexing_changed.disconnect(started.append)
    return bool(started) or session.indexing


def two_folders(tmp_path, demo_clips, second: str = "Archive", counts=(2, 2)):
    """``tmp_path``'s "Holiday" and ``second`` folders holding copies of the first demo clips (``counts``
    of them each, one after the other), and the clips in order: two library folders for a window test."""
    clips = sorted(demo_clips.glob("*.mp4"))
    a, b = tmp_path / "Holiday", tmp_path / second
    for folder, some in ((a, clips[:counts[0]]), (b, clips[counts[0]:sum(counts)])):
        folder.mkdir()
        for clip in some:
            shutil.copy(clip, folder / clip.name)
    return a, b, clips


def wait_indexing(qtbot, session, action, timeout: int = SESSION_TIMEOUT_MS) -> list:
    """Run ``action()`` (which starts indexing) and wait until indexing is over; the index
    events it produced are returned."""
    events = []
    session.index_event.connect(events.append)
    try:
        with qtbot.waitSignal(session.indexing_changed, timeout=timeout, check_params_cb=lambda on: on):
            action()
        wait_idle(qtbot, session, timeout)
    finally:
        session.index_event.disconnect(events.append)
    return events


@pytest.fixture
def make_app_window(qtbot, loader, demo_model):
    """``make_app_window(library_dir, ready=True)``: the real window (``app.wiring.build_window``,
    or ``build(session, settings)``) over a new Session (models from ``model_loader``, default the
    cached loader), shown; waits for the model when ``ready``.
    Closed at the end of the test. ``window.external_open`` records instead of opening."""
    from app.session import Session
    from app.settings import AppSettings
    from app.wiring import build_window

    windows = []

    def make(library_dir, ready: bool = True, build=build_window, model_loader=None):
        session = Session(loader=model_loader or loader)
        window = build(session, AppSettings())
        window.opened_urls = []
        window.external_open = window.opened_urls.append
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        if ready:
            with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
                session.open(str(library_dir))
            qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
        else:
            session.open(str(library_dir))
        return window

    yield make
    for w in windows:
        w.close()


def type_query(qtbot, window, text: str, timeout: int = SESSION_TIMEOUT_MS, sent: list | None = None) -> list:
    """Type ``text`` into the search field like a user; returns the grid's results once they
    answer that text. ``sent`` collects the requests the search panel sent meanwhile."""
    if sent is not None:
        window.search_panel.request_changed.connect(sent.append)
    try:
        window.search_panel.field.setFocus()
        window.search_panel.field.clear()
        qtbot.keyClicks(window.search_panel.field, text)
        qtbot.waitUntil(lambda: window.results_model.request is not None
                        and window.results_model.request.query == text, timeout=timeout)
    finally:
        if sent is not None:
            window.search_panel.request_changed.disconnect(sent.append)
    return window.results_model.results()


def offline_ball(qtbot, make_app_window, tmp_path, demo_clips):
    """A window whose one folder (``tmp_path/drive``, a copy of the red ball clip as ball.mp4) was indexed,
    then unplugged (removed) and noticed by a re-scan, and the results of a search for the ball:
    (window, the folder, the results)."""
    import shutil

    videos = tmp_path / "drive"
    videos.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", videos / "ball.mp4")
    window = make_app_window(tmp_path / "lib")
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(videos)))
    shutil.rmtree(videos)  # the drive is unplugged
    wait_indexing(qtbot, window.session, window.session.rescan)
    qtbot.waitUntil(lambda: bool(window.session.status.offline_folders), timeout=10_000)
    return window, videos, type_query(qtbot, window, "a red ball bouncing on the beach")
