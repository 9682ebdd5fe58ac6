"""A library whose tables cannot be read (a data file cut short by a disk error or an interrupted
copy) is repaired from the app, as ``seekframe repair`` does from the command line: the window
offers "Repair library", the damaged table is set aside (renamed, kept), the library opens again
and a re-scan embeds the videos again; the user's note is still on its clip."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.requests import SearchRequest
from core import service
from core.indexer import MomentIndexer
from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle, writing
from tests.app.test_session_search import BLUE_CAR, RED_BALL, search


def noted_library(tmp_path, demo_clips, demo_model) -> tuple[Path, Path, str]:
    """Two clips indexed, a note on the red ball's first seconds: (library, videos folder, its video id)."""
    videos, root = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    for q in (RED_BALL, BLUE_CAR):
        shutil.copy(demo_clips / q.file, videos)
    encoder = cached_loader(demo_model)
    with VideoLibrary(root) as lib:
        list(MomentIndexer(lib, encoder).run([str(videos)]))
        red = lib.video_table.by_path(videos / RED_BALL.file)
        service.add_note(lib, encoder, red.video_id, "our kite day", 0.0, 4.0)
    return root, videos, red.video_id


def damaged_library(tmp_path, demo_clips, demo_model) -> tuple[Path, Path, str]:
    """noted_library, then the moments' data cut short."""
    root, videos, red_id = noted_library(tmp_path, demo_clips, demo_model)
    for data in (root / "db" / "moments.lance" / "data").glob("*.lance"):
        os.truncate(data, 1000)
    return root, videos, red_id


def test_the_window_offers_the_repair_and_the_library_comes_back_whole(qtbot, make_app_window, tmp_path,
                                                                         demo_clips, demo_model):
    root, videos, red_id = damaged_library(tmp_path, demo_clips, demo_model)
    window = make_app_window(root, ready=False)
    session, notice = window.session, window.repair_notice
    messages = []  # (the open's failure is heard once the test waits: connected in time)
    session.message.connect(lambda level, text: messages.append((level, text)))
    qtbot.waitUntil(notice.isVisible, timeout=SESSION_TIMEOUT_MS)
    assert "cannot be read" in notice.text and notice.button.text() == "Repair library"
    assert any("cannot be read" in t and "damaged" in t and "Repair library (below)" in t
               for lvl, t in messages if lvl == "error"), messages

    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.status.opened and session.status.videos == 2, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.searcher is not None, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.moments > 0, timeout=SESSION_TIMEOUT_MS)
    assert not notice.isVisible()
    assert len(list((root / "db").glob("moments.lance.damaged-*"))) == 1  # set aside, kept
    assert any("The moments table could not be read: set aside as" in t and "a re-scan" in t
               for _lvl, t in messages)
    top = search(qtbot, session, SearchRequest(RED_BALL.query, k=1))
    assert Path(top[0].path).name == RED_BALL.file  # embedded again by the re-scan
    with VideoLibrary(root, read_only=True) as lib:  # the note, still on its clip
        notes = [c for c in lib.caption_table.read(with_vectors=False) if c.text == "our kite day"]
    assert [(c.video_id, c.start, c.end) for c in notes] == [(red_id, 0.0, 4.0)]


def test_a_search_that_meets_a_damaged_table_offers_the_repair(qtbot):
    """The damage may show only when a search reads the moments (the library opened whole)."""
    from app.workers import LatestRunner

    def search_damaged():
        raise RuntimeError("lance error: LanceError(IO): failed to fill whole buffer, "
                           "/lib/db/moments.lance/data/abc.lance")

    runner, failed = LatestRunner("search"), []
    runner.failed.connect(lambda _key, msg: failed.append(msg))
    with qtbot.waitSignal(runner.damaged, timeout=10_000):
        runner.submit("q", search_damaged)
    qtbot.waitUntil(lambda: bool(failed) and not runner.busy, timeout=10_000)
    assert failed[0].startswith("The library cannot be read: its moments table is damaged")
    assert "Repair library (below)" in failed[0] and "seekframe repair" not in failed[0]
    with qtbot.assertNotEmitted(runner.damaged, wait=300):  # any other failure: no repair offered
        runner.submit("q", lambda: 1 / 0)
        qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)


def test_a_repair_another_window_stops_says_why_and_opens_the_library_again(qtbot, make_session, demo_library):
    writer = make_session(demo_library)
    with writing(writer):  # (an idle window lets the lock go)
        reader = make_session(demo_library)  # a second window, opened while the first writes: read-only
        assert reader.read_only
        with qtbot.waitSignal(reader.repairs.finished, timeout=SESSION_TIMEOUT_MS) as ran:
            reader.repair_library()
    assert ran.args == [False]
    qtbot.waitUntil(lambda: reader.status.opened and reader.searcher is not None, timeout=SESSION_TIMEOUT_MS)
    why = [t for lvl, t in reader.messages if lvl == "error" and t.startswith("Could not repair the library")]
    assert len(why) == 1 and "another" in why[0].lower(), reader.messages
    assert not list((demo_library / "db").glob("*.damaged-*"))  # nothing set aside
    assert Path(search(qtbot, reader, SearchRequest(RED_BALL.query, k=1))[0].path).name == RED_BALL.file
    assert not writer.read_only


@pytest.mark.slow  # (7.4 s under load)
def test_a_damaged_library_json_is_repaired_from_the_window_without_embedding_again(
        qtbot, make_app_window, tmp_path, demo_clips, demo_model):
    """library.json cut short (a disk error): the window said the description was unreadable
    and to move it aside by hand. It now offers "Repair library", which sets the file aside and
    rebuilds it from the tables: the library opens with its vectors, folder and notes."""
    root, videos, red_id = damaged_library(tmp_path, demo_clips, demo_model)
    for aside in (root / "db").glob("moments.lance"):  # (only library.json is damaged here)
        shutil.rmtree(aside)
    with VideoLibrary(root) as lib:  # the moments back, whole
        list(MomentIndexer(lib, cached_loader(demo_model)).run([str(videos)]))
    (root / "library.json").write_bytes((root / "library.json").read_bytes()[:40])
    window = make_app_window(root, ready=False)
    session, notice = window.session, window.repair_notice
    messages = []
    session.message.connect(lambda level, text: messages.append((level, text)))
    qtbot.waitUntil(notice.isVisible, timeout=SESSION_TIMEOUT_MS)
    assert notice.button.text() == "Repair library"
    assert any("library.json is damaged" in t and "Repair library (below)" in t for lvl, t in messages if lvl == "error")

    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.status.opened and session.status.moments > 0, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.searcher is not None, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert not notice.isVisible() and len(list(root.glob("library.json.damaged-*"))) == 1
    assert any("library.json could not be read: set aside as" in t and "rebuilt from the tables" in t
               for _lvl, t in messages), messages
    assert str(videos) in session.status.folders
    top = search(qtbot, session, SearchRequest(RED_BALL.query, k=1))
    assert Path(top[0].path).name == RED_BALL.file
