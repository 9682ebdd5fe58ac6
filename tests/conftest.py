from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ.get("PYTEST_XDIST_WORKER_COUNT"):
    # One share of the cores for each pytest-xdist worker's torch and BLAS threads (before anything imports
    # torch; a setting of the user's kept). With -n 4 on 2 cores each worker's default 2 intra-op threads
    # spun waiting on the others: test_rebuilding_the_folder_gives_the_same_bank took 37.5 s of CPU on
    # 2 threads at load 9, 21.9 s on 1.
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"]))))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED_VIDEOS = ROOT.parent / "shared" / "videos"


@pytest.fixture(scope="session", autouse=True)
def _session_home(tmp_path_factory):
    """A data home for what the session-scoped fixtures build (the demo library indexed, the colour
    model trained: each runs before a test's own home is set), so none writes in the user's: indexing
    the demo library remembered its model's id in the user's cache (``model-ids.json``)."""
    home = tmp_path_factory.mktemp("session-home")
    patch = pytest.MonkeyPatch()
    patch.setenv("SEEKFRAME_HOME", str(home))
    patch.setenv("SEEKFRAME_CACHE", str(home / "cache"))
    patch.delenv("SEEKFRAME_LIBRARY", raising=False)
    patch.delenv("SEEKFRAME_MODELS", raising=False)
    yield home
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _fresh_clips(tmp_path_factory):
    """One folder for the run's clips written by a fresh process (``tests.fresh_writer``: each written once
    a run, shared by the xdist workers as the colour model is)."""
    from tests import fresh_writer

    base = tmp_path_factory.getbasetemp()
    fresh_writer.CLIPS = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "fresh-clips"
    yield
    fresh_writer.CLIPS = None


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data home, so no test touches the user's real library."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    monkeypatch.setenv("SEEKFRAME_CACHE", str(home / "cache"))  # thumbnails, remembered model ids
    monkeypatch.delenv("SEEKFRAME_LIBRARY", raising=False)
    monkeypatch.delenv("SEEKFRAME_MODELS", raising=False)
    yield home


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """pytest-xdist's main process (before its workers start, in its own ``trylast`` hook) writes the
    test files' rewritten asserts once, which every worker then reads (``tests.rewrite_cache``)."""
    config = session.config
    if getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput"):
        from tests.rewrite_cache import warm

        warm(config, len(config.getoption("tx") or ()) or 1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A report's captured output and log with each lone surrogate (a name's undecodable byte, PEP
    383) as its escape: pytest-xdist cannot send such a string to the main process, and one record
    naming a non-UTF-8 file ended the whole run (INTERNALERROR) instead of one test's result."""
    outcome = yield
    report = outcome.get_result()
    report.sections = [(title, text.encode("utf-8", "backslashreplace").decode("utf-8"))
                       for title, text in report.sections]


@pytest.fixture(autouse=True)
def _no_fsync(request, monkeypatch):
    """Every test: ``os.fsync`` returns at once (as ``eatmydata`` makes it in CI), unless it is marked
    ``real_fsync``. A library write syncs its file, its folder, the writer lock and the notes journal
    (656 syncs in 60 library tests, 2.8 ms each on this disk, far more on a loaded CI machine's) for
    a power cut, which no test makes: a killed process's writes reach the page cache all the same.
    Which writes sync is checked with the real call (``tests/test_atomic.py``, ``real_fsync``)."""
    if "real_fsync" not in request.keywords:
        monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail a test that leaves non-daemon threads of ours running."""
    before = {t.ident for t in threading.enumerate()}
    yield
    leaked = []
    for t in threading.enumerate():
        if t.ident in before or t.daemon or not t.is_alive():
            continue
        t.join(timeout=5)
        if t.is_alive():
            leaked.append(t.name)
    assert not leaked, f"test left threads running: {leaked}"


@pytest.fixture(scope="session")
def colour_model(tmp_path_factory) -> str:
    """A tiny model trained to tell colours apart (``tests.colour_model``; ~10 s, once a run: the
    workers of ``-n N`` share the first one's, ``shared_colour_model``): the end-to-end tests'
    model. Read-only: a test that changes a model copies it first."""
    from tests.colour_model import shared_colour_model

    base = tmp_path_factory.getbasetemp()
    return str(shared_colour_model(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base))


@pytest.fixture
def noted_library(tmp_path, capsys, colour_model) -> tuple[Path, Path]:
    """(videos folder, library): red.mp4 and blue.mp4 indexed by the CLI, the note "our red wall"
    on red's first seconds."""
    from core.cli import main
    from tests.videos import Segment, write_video

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")])
    write_video(videos / "blue.mp4", [Segment(4, "blue")])
    assert main(["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]) == 0
    assert main(["note", f"{videos / 'red.mp4'}@1", "our red wall", "--library", str(lib)]) == 0
    capsys.readouterr()
    return videos, lib


@pytest.fixture
def shared_videos() -> Path:
    """The real H.264 samples beside the checkout; skip cleanly when absent."""
    if not SHARED_VIDEOS.is_dir() or not any(SHARED_VIDEOS.glob("*.mp4")):
        pytest.skip("../shared/videos is not present")
    return SHARED_VIDEOS
