"""The app says what each model knows: the model dialog and the welcome page show model cards,
the window offers the real-footage model when real videos sit in a library indexed with a model
of the generated world, weak results are dimmed under a "no strong match" notice, and the demo
library is a library of its own, bound to the demo model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.model_dialog import ModelDialog, ModelEntry
from app.requests import SearchRequest, SessionStatus
from app.results import NO_STRONG_MATCH, ResultDelegate, StrengthRole
from app.welcome import WelcomePage
from core.encoders.card import CLIP_CARD, Calibration, ModelCard, write_card
from core.search import SearchResult
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.demo_clips import demo_written_once  # noqa: F401  (the fixture: the clips written once a run, copied)

GENERATED = ModelCard(title="Shapes model", summary="a generated world of coloured shapes; not real footage",
                      domain="generated", good_at=("coloured shapes",), weak_at=("everything in real videos",),
                      calibration=Calibration(0.46, 0.56))
REAL = ModelCard(title="Real-footage model", summary="objects and scenes of 1,000 everyday categories",
                 domain="real", good_at=("cars", "bottles"), weak_at=("colours", "actions"))


def test_the_model_dialog_shows_each_models_card(qtbot):
    entries = [ModelEntry("bundled", "/res/real", "Real", "for your videos", card=REAL),
               ModelEntry("demo", "/res/demo", "Demo", "for the demo", card=GENERATED),
               ModelEntry("hub", "openai/clip-vit-base-patch32", "CLIP", card=CLIP_CARD),
               ModelEntry("exported", "/models/mine", "mine")]
    d = ModelDialog(entries, "/res/demo", 3)
    qtbot.addWidget(d)
    d.show()
    texts = {d._list.item(i).data(Qt.ItemDataRole.UserRole): d._list.item(i).text() for i in range(d._list.count())}
    assert "Knows: objects and scenes of 1,000 everyday categories" in texts["/res/real"]
    assert "Knows: a generated world of coloured shapes; not real footage" in texts["/res/demo"]
    assert "Knows:" not in texts["/models/mine"]
    d.select_source("/res/real")
    shown = d.shown_card_text()
    assert "Finds well: cars; bottles" in shown and "Weak at: colours; actions" in shown
    d.select_source("openai/clip-vit-base-patch32")
    assert "open vocabulary" in d.shown_card_text()
    d.select_source("/models/mine")
    assert d.shown_card_text() == ""


def test_the_welcome_page_says_what_the_model_for_your_videos_can_do(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    page.show()
    assert page.model_text() == ""
    page.set_model_card(REAL)
    text = page.model_text()
    assert "Real-footage model: objects and scenes of 1,000 everyday categories" in text
    assert "Finds well:\n• cars\n• bottles" in text and "Weak at:\n• colours\n• actions" in text  # (one a line)
    page.set_model_card(None)
    assert page.model_text() == ""


def test_needs_real_model_only_for_real_videos_in_a_generated_world_model():
    base = SessionStatus(opened=True, videos=3, real_videos=True, model_card=GENERATED)
    assert base.needs_real_model
    from dataclasses import replace

    assert not replace(base, model_card=REAL).needs_real_model
    assert not replace(base, real_videos=False).needs_real_model
    assert not replace(base, demo_library=True).needs_real_model
    assert not replace(base, model_card=None).needs_real_model


def test_the_notice_calls_the_bundled_demo_model_so_and_another_model_of_the_generated_world_by_its_card(
        qtbot, demo_model, tmp_path):
    """The model notice said "This library uses the demo model" of any model of the generated world,
    a student a run trained on it among them; that one is now named by its card."""
    from app import engine
    from app.model_notice import ModelNotice
    from core.encoders.card import read_card

    demo_card = read_card(demo_model)
    assert engine.generated_model_named(demo_card, demo_model) == "the demo model"
    named = engine.generated_model_named(GENERATED, str(tmp_path / "student"))
    assert named == "“Shapes model”, a model of the generated world"
    assert engine.generated_model_named(REAL, str(tmp_path / "real")) == ""
    notice = ModelNotice()
    qtbot.addWidget(notice)
    notice.show_notice(named)
    assert notice.text.startswith("This library uses “Shapes model”, a model of the generated world, which only knows")
    notice.show_notice()
    assert notice.text.startswith("This library uses the demo model, which only knows generated shapes")


def test_weak_results_are_dimmed_under_a_no_strong_match_notice(qtbot, tmp_path):
    from app.session import Session
    from app.settings import AppSettings
    from app.wiring import build_window

    session = Session(loader=lambda s: pytest.fail("no model is loaded here"))
    window = build_window(session, AppSettings())
    qtbot.addWidget(window)
    window.show()
    window.show_search()  # (a first run starts on the welcome page; no library opens here to leave it)

    def show(*strengths):
        request = SearchRequest(query=f"q {strengths}")
        session.last_request = request
        results = [SearchResult(str(tmp_path / f"v{i}.mp4"), 0, 4, 0.5 - i / 10, f"v{i}", f"m{i}", 2.0,
                                strength=s) for i, s in enumerate(strengths)]
        window._show_results(request, results)

    show("weak", "none")
    assert window.no_match_label.isVisibleTo(window) and window.no_match_label.text() == NO_STRONG_MATCH
    model = window.results_model
    assert [model.index(i).data(StrengthRole) for i in range(2)] == ["weak", "none"]
    opacities = [ResultDelegate.opacity(model.index(i)) for i in range(2)]
    assert opacities[0] < 1.0 and opacities[1] < opacities[0]
    show("strong", "weak")
    assert not window.no_match_label.isVisibleTo(window)
    assert ResultDelegate.opacity(model.index(0)) == 1.0
    show("", "")  # a model without calibration: no labels, no notice
    assert not window.no_match_label.isVisibleTo(window)
    assert ResultDelegate.opacity(model.index(1)) == 1.0


@pytest.fixture
def shapes_library(tmp_path, tiny_model_dir):
    """Two real (non-demo) videos indexed with a model whose card says it knows generated shapes."""
    from core.encoders import Encoder
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from tests.videos import Segment, write_video

    model = Path(shutil.copytree(tiny_model_dir, tmp_path / "shapes-model"))
    write_card(model, GENERATED)
    write_video(tmp_path / "videos" / "holiday.mp4", [Segment(2, "blue")], seed=1)
    write_video(tmp_path / "videos" / "garden.mp4", [Segment(2, "green")], seed=2)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, Encoder.load(model)).run([str(tmp_path / "videos")]))
    assert events[-1].kind == "finished" and events[-1].files_done == 2
    return tmp_path / "lib"


def test_the_window_offers_the_real_model_for_real_videos_in_a_demo_model_library(
        qtbot, make_app_window, shapes_library, monkeypatch):
    window = make_app_window(shapes_library)
    notice = window.model_notice
    qtbot.waitUntil(lambda: notice.isVisibleTo(window), timeout=SESSION_TIMEOUT_MS)
    # (its card's model, not the bundled demo model: named by its card's title)
    assert "This library uses “Shapes model”, a model of the generated world, which only knows" in notice.text
    assert "real-footage model" in notice.text
    opened = []
    monkeypatch.setattr(window.wiring.models, "open_dialog", lambda: opened.append(True))
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    assert opened == [True]
    qtbot.mouseClick(notice.close_button, Qt.MouseButton.LeftButton)
    assert not notice.isVisibleTo(window)
    with qtbot.waitSignal(window.session.status_changed, timeout=SESSION_TIMEOUT_MS):
        window.session.refresh_status()  # dismissed: it stays hidden for this library
    assert not notice.isVisibleTo(window)  # (the controller heard the new status before the test did)


def test_the_notice_goes_once_another_process_moved_the_library_to_another_model(
        qtbot, make_app_window, shapes_library):
    """The window open with the shapes model while a terminal re-indexed the library with another one
    (`seekframe index --reindex --model …`, the s54 audit): it said the model in hand cannot search it,
    and beside that still 'This library uses “Shapes model”… switch to the real-footage model', no
    longer true. The notice follows the library's model: it goes."""
    from core import service
    from core.library import VideoLibrary
    from tests.cli_run import FixedTextEncoder
    from tests.app.conftest import wait_idle

    class Other(FixedTextEncoder):
        model_id, source, name = "other-0123456789ab", "other", "other"

    window = make_app_window(shapes_library)
    session, notice = window.session, window.model_notice
    qtbot.waitUntil(lambda: notice.isVisibleTo(window), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.library.read_only, timeout=SESSION_TIMEOUT_MS)  # (idle: the lock let go)
    with VideoLibrary(shapes_library) as library:  # (the other process's --reindex)
        events = list(service.IndexRun(library, Other(), None, reindex=True).events())
    assert events[-1].kind == "finished" and events[-1].files_done == 2
    session.refresh_status()
    qtbot.waitUntil(lambda: session.searcher is None and bool(session.why_no_search()), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.status.library_model_id == Other.model_id, timeout=SESSION_TIMEOUT_MS)
    assert "cannot search it" in session.why_no_search()
    with qtbot.waitSignal(session.status_changed, timeout=SESSION_TIMEOUT_MS):
        session.refresh_status()
    assert not notice.isVisibleTo(window), notice.text


@pytest.mark.slow  # (the demo library written and indexed: 16.5 s under load)
def test_the_demo_library_is_its_own_library_with_the_demo_model(qtbot, make_session, tmp_path, demo_model,
                                                                  demo_written_once):
    from core.model_choice import is_demo_model
    from core.paths import demo_library_dir

    session = make_session(tmp_path / "my-lib", ready=False)
    qtbot.waitUntil(lambda: session.is_open, timeout=SESSION_TIMEOUT_MS)
    with qtbot.waitSignal(session.demo_ready, timeout=SESSION_TIMEOUT_MS):
        worker = session.try_demo(str(tmp_path / "clips"))
        assert worker is not None
    # status.opened: the demo library's first status read is in (the folder is listed as soon as it is on
    # the way, and the clips written at once put it on the way as the library opens, before that read)
    qtbot.waitUntil(lambda: session.is_ready and session.status.opened
                    and session.status.folders == (str(tmp_path / "clips"),), timeout=SESSION_TIMEOUT_MS)
    assert Path(session.library_dir) == demo_library_dir()
    assert is_demo_model(session.status.model_source) and session.status.demo_library
    assert session.status.model_card.domain == "generated"
    session.cancel_indexing()
    qtbot.waitUntil(lambda: not session.indexing, timeout=SESSION_TIMEOUT_MS)
    from core.library import VideoLibrary

    with VideoLibrary(tmp_path / "my-lib", read_only=True) as mine:  # the user's library got no demo clips
        assert not mine.meta.settings.folders and not mine.video_table.all()


def test_the_demo_model_is_never_the_preferred_model_of_your_own_library(tmp_path, monkeypatch, bundled_real):
    from app.engine import OpenRun
    from core.paths import demo_library_dir

    res = tmp_path / "resources" / "models"
    for name in ("demo", "real"):
        (res / name).mkdir(parents=True)
        (res / name / "config.json").write_text("{}")
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(tmp_path / "resources"))
    demo, real = str(res / "demo"), str(res / "real")
    assert OpenRun(str(tmp_path / "mine"), None, demo, None).candidates() == [real]
    assert OpenRun(str(tmp_path / "mine"), None, "/my/student", None).candidates() == ["/my/student", real]
    assert OpenRun(str(demo_library_dir()), None, "/my/student", None).candidates() == [demo]
