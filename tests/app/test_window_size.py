"""Nothing grows the window: long file names, folder names and labels are cut to fit (elided),
whatever the user does (issue 11, point 2)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, type_query, wait_indexing
from tests.app.test_session_search import BLUE_CAR, RED_BALL

LONG_FOLDER = "holiday videos from the summer we spent at grandma's house by the sea, all of them, unsorted"
LONG_NAME = ("the-afternoon-when-the-red-ball-bounced-all-the-way-down-the-beach-and-the-dog-ran-after-it-"
             "while-everybody-was-laughing-2024-07-14-part-3.mp4")
SIZE = (1000, 700)


@pytest.fixture(scope="module")
def long_names_library(tmp_path_factory, demo_clips, demo_model) -> tuple[Path, Path]:
    """A library of two demo clips with very long file and folder names."""
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    base = tmp_path_factory.mktemp("long-names")
    folder = base / LONG_FOLDER / "and a sub-folder with another rather long name for good measure"
    folder.mkdir(parents=True)
    shutil.copy(demo_clips / RED_BALL.file, folder / LONG_NAME)
    shutil.copy(demo_clips / BLUE_CAR.file, folder / ("b-" + LONG_NAME))
    root = base / "lib"
    with VideoLibrary(root) as lib:
        events = list(MomentIndexer(lib, cached_loader(demo_model)).run([str(folder)]))
    assert events[-1].kind == "finished" and events[-1].files_done == 2
    return root, folder


def test_long_names_do_not_grow_the_window(qtbot, make_app_window, long_names_library, tmp_path):
    root, folder = long_names_library
    window = make_app_window(Path(shutil.copytree(root, tmp_path / "lib")))
    window.resize(*SIZE)
    qtbot.waitUntil(lambda: window.size().toTuple() == SIZE, timeout=10_000)

    def unchanged(what: str) -> None:
        # layouts settle: the pending layout requests (a widget that grew asks its parents' layouts
        # again, up to the window's) are handled now, then what they posted (resizes, re-elided text);
        # a few rounds, as what an event handled in one round posts waits for the next
        for _ in range(4):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()
        assert window.width() == SIZE[0], f"{what} widened the window to {window.width()} px"
        assert window.minimumSizeHint().width() <= SIZE[0], what

    sent = []  # (the search panel's requests: a filter or Back asks again, answered by a worker)
    window.search_panel.request_changed.connect(sent.append)

    def answered() -> None:
        """Until the results answer the last request: checked before, the window was measured with the
        old results in view, and the answer came at a point of the next steps that the load chose."""
        qtbot.waitUntil(lambda: window.results_model.request == sent[-1], timeout=SESSION_TIMEOUT_MS)

    results = type_query(qtbot, window, RED_BALL.query)
    assert results and Path(results[0].path).name.endswith(LONG_NAME)
    qtbot.waitUntil(lambda: LONG_NAME[:12] in window.captions_panel.title(), timeout=SESSION_TIMEOUT_MS)
    unchanged("a result with a long name in the preview and the captions panel")
    window.wiring.clips.actions.find_similar_clips.trigger()
    qtbot.waitUntil(lambda: window.results_model.request.kind == "similar", timeout=SESSION_TIMEOUT_MS)
    assert window.search_panel.context_row.isVisible()
    unchanged("Find similar clips")
    window.search_panel.filters_button.click()
    assert window.search_panel.filters_row.isVisible()
    unchanged("Filters")
    combo = window.search_panel.folder_combo
    asked = len(sent)
    combo.setCurrentIndex(combo.findData(str(folder)))
    assert len(sent) > asked and sent[-1].filters.folder == str(folder)
    answered()
    unchanged("a long folder chosen in the filters")
    window.search_panel.back_button.click()
    answered()
    assert window.results_model.results()
    unchanged("Back to the text search")
    window.show_message("error", "x" * 400)  # one long word in the banner
    unchanged("a long message")
    # indexing another long-named folder: the library panel, the indexing panel, the status bar
    more = tmp_path / (LONG_FOLDER + " (more)")
    more.mkdir()
    shutil.copy(folder / LONG_NAME, more / ("c-" + LONG_NAME))
    reading = []
    window.session.index_event.connect(lambda ev: reading.append(window.width()))
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(more)))
    assert reading and set(reading) == {SIZE[0]}, "indexing widened the window"
    unchanged("indexing a long-named folder")


SMALL_SCREEN = (1024, 540)  # a 1024×600 net-book's screen, less its panel and the title bar


def test_the_window_fits_a_small_screen(qtbot, make_app_window, demo_library):
    """Every page, the preview, the index strip, a message and the library dock shown: the window can still be
    made as small as a 1024×600 screen allows (the welcome page scrolls rather than grow it)."""
    window = make_app_window(demo_library)
    window.library_dock.setVisible(True)
    window.preview_area.setVisible(True)
    window.index_strip.setVisible(True)
    window.welcome_page.set_model_card(SimpleNamespace(  # a real model's card: long lists
        title="Seekframe everyday scenes (bundled)", summary="real footage: objects, animals, vehicles, places "
        "and scenes from ImageNet's 1,000 everyday categories, plus faces; works offline",
        good_at=["vehicles (cars, trucks, buses, trains, boats, planes, bicycles)",
                 "the main colours in view (a red car, an orange jacket)", "animals (dogs, cats, birds, horses …) "
                 "and food", "everyday objects (bottles, phones, laptops, furniture, instruments, balls)",
                 "scenes such as a beach, lakeside, mountains, a street sign or traffic light"],
        weak_at=["people: it sees faces and clothing, not who, how many or what they do",
                 "actions and motion (it judges still frames)", "counts and positions",
                 "anything outside ImageNet's categories: queries are matched to the nearest ones"]))
    window.welcome_page.set_busy(True, "Writing the demo clips…")
    window.welcome_page.set_checking()
    window.show_message("warning", "A warning in the banner above the page, as the app shows them.")
    for page in (window.welcome_page, window.main_splitter):
        window.stack.setCurrentWidget(page)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= SMALL_SCREEN[0] and hint.height() <= SMALL_SCREEN[1], hint
        window.resize(*SMALL_SCREEN)
        qtbot.waitUntil(lambda: window.size().toTuple() == SMALL_SCREEN, timeout=10_000)
