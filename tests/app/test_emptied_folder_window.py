"""A library folder the user emptied, as the window says it: its results are gone ("No longer
there"), as the window's re-scan then removes them (core.folder_identity.emptied). Before, the
window marked them offline (a drive away) and the re-scan removed them all the same."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from app.file_state import GONE
from tests.app.conftest import cached_loader, type_query, wait_indexing
from tests.app.test_session_search import RED_BALL


def test_the_window_says_a_folder_the_user_emptied_is_gone_and_its_rescan_removes_it(qtbot, make_app_window, tmp_path,
                                                                                     demo_clips, demo_model):
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    folder, lib = tmp_path / "clips", tmp_path / "lib"
    folder.mkdir()
    for name in ("red-ball-beach.mp4", "blue-car-street.mp4"):
        shutil.copy(demo_clips / name, folder / name)
    with VideoLibrary(lib) as library:
        events = list(MomentIndexer(library, cached_loader(demo_model)).run([str(folder)]))
    assert events[-1].kind == "finished" and events[-1].files_done == 2
    for f in list(folder.iterdir()):
        f.unlink()  # (the user emptied it)
    window = make_app_window(lib)
    results = type_query(qtbot, window, RED_BALL.query)
    assert results and all(r.file_state == GONE and not r.offline for r in results), results
    wait_indexing(qtbot, window.session, window.session.rescan)
    assert window.session.status.videos == 0 and window.session.status.offline_videos == 0


def test_a_card_whose_thumbnail_failed_as_the_user_emptied_its_folder_is_gone(qtbot, tmp_path):
    """The card's own look (a thumbnail failed: its file went meanwhile) uses the same rule."""
    from app.file_state import GONE
    from app.results import ResultsModel
    from core.scan import root_identity

    folder = tmp_path / "clips"
    folder.mkdir()
    (folder / "a.mp4").write_bytes(b"x")
    root_id = {**vars(root_identity(str(folder)))}
    (folder / "a.mp4").unlink()  # (the user emptied it)
    row = SimpleNamespace(path=str(folder / "a.mp4"), root=str(folder), root_id=root_id, offline=False,
                          thumb_time=1.0, file_state="")
    model = ResultsModel()
    model.set_results(None, [row])
    model._thumbnail_failed(row.path, 1.0, "gone")  # (what the thumbnail loader's failed signal calls)
    qtbot.waitUntil(lambda: model.file_state(row) == GONE, timeout=10_000)
