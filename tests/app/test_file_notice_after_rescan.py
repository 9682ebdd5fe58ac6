"""The file notice ('… is not there any more … Re-scan its folder (…) to bring the library up to
date.', with its Re-scan its folder button) stayed up after the user re-scanned with the library
panel's Re-scan: the run took the gone video out of the library and its card out of the grid, and
the notice still asked for the re-scan just done. A run that finished over the file's folder (or
over every folder) now dismisses it; a run of another folder leaves it up."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from app.file_state import GONE
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_idle
from tests.app.test_session_search import RED_BALL


def _window_with_the_notice(qtbot, make_app_window, tmp_path, demo_clips):
    folder = tmp_path / "videos"
    folder.mkdir()
    for name in (RED_BALL.file, "blue-car-street.mp4"):
        shutil.copy(demo_clips / name, folder / name)
    window = make_app_window(tmp_path / "lib")
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    window.library_panel.ask_folder = lambda: str(folder)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: window.session.status.videos == 2, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    result = next(r for r in type_query(qtbot, window, RED_BALL.query) if r.path.endswith(RED_BALL.file))
    (folder / RED_BALL.file).unlink()  # deleted since it was indexed
    window.results_view.setCurrentIndex(window.results_model.index(window.results_model.results().index(result), 0))
    notice = window.file_notice
    qtbot.waitUntil(lambda: notice.isVisible(), timeout=10_000)  # the look at the chosen file: gone
    assert "not there any more" in notice.label.text() and notice.root == str(folder)
    return window, folder, result


@pytest.mark.slow  # (11 s under load: two clips indexed, then re-scanned)
def test_the_panels_re_scan_takes_the_notice_of_a_gone_file_away(qtbot, make_app_window, tmp_path, demo_clips):
    window, folder, result = _window_with_the_notice(qtbot, make_app_window, tmp_path, demo_clips)
    window.library_panel._rescan.click()  # the library panel's Re-scan, not the notice's button
    qtbot.waitUntil(lambda: window.session.status.videos == 1, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    # its card left the grid (the search it re-runs after the run answers on a worker: a clean-clone CI
    # under load read the grid before that answer came)
    qtbot.waitUntil(lambda: not any(r.path == result.path for r in window.results_model.results()),
                    timeout=SESSION_TIMEOUT_MS)
    assert not window.file_notice.isVisible(), window.file_notice.label.text()


def test_a_run_of_another_folder_leaves_the_notice_up(qtbot, make_app_window, tmp_path, demo_clips):
    window, folder, result = _window_with_the_notice(qtbot, make_app_window, tmp_path, demo_clips)
    notice, emit = window.file_notice, window.wiring.rescan._ran  # (the events a run's end sends it)
    emit(SimpleNamespace(kind="finished", summary={"run_roots": [str(tmp_path / "other")]}))
    emit(SimpleNamespace(kind="finished", summary={"run_roots": [str(folder) + "-2"]}))  # (a name it begins)
    assert notice.isVisible()
    window.wiring.preview.say(result, GONE)
    emit(SimpleNamespace(kind="cancelled", summary={}))
    assert notice.isVisible()


@pytest.mark.slow  # (indexed, then removed)
def test_removing_the_files_folder_takes_the_notice_away(qtbot, make_app_window, tmp_path, demo_clips):
    """The notice stayed up once the user removed the file's folder, still saying 'Re-scan its folder
    (…)'; its button then indexed that folder again, adding it back to the library."""
    window, folder, result = _window_with_the_notice(qtbot, make_app_window, tmp_path, demo_clips)
    window.session.remove_folder(str(folder))
    qtbot.waitUntil(lambda: window.session.status.folders == (), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    qtbot.waitUntil(lambda: not window.file_notice.isVisible(), timeout=10_000)


def _respelled_notice(qtbot, make_app_window, demo_library):
    """A window showing the file notice of a result whose path is given as on the disk (its other Unicode
    spelling, app.found), under no folder as listed: (window, the result, the notice)."""
    from dataclasses import replace

    window = make_app_window(demo_library)
    result = type_query(qtbot, window, RED_BALL.query)[0]
    window.wiring.preview.say(replace(result, path="/elsewhere/spelled otherwise/" + RED_BALL.file), GONE)
    notice = window.file_notice
    assert notice.isVisible() and notice.root == result.root
    return window, result, notice


def test_a_notice_whose_path_is_spelled_as_on_disk_stays_while_its_folder_is_listed(qtbot, make_app_window,
                                                                                   demo_library):
    """A result's path is given as on the disk (its other Unicode spelling, app.found), under no folder
    as listed: the notice goes by its library folder (``root``), still in the library, so it stays."""
    window, result, notice = _respelled_notice(qtbot, make_app_window, demo_library)
    status = window.session.status
    assert status.opened and result.root in status.folders
    window.wiring.rescan._folders_now(status)  # (what each status read does)
    assert notice.isVisible()


def test_a_notice_whose_path_is_spelled_as_on_disk_goes_after_a_run_over_its_folder(qtbot, make_app_window,
                                                                                   demo_library):
    """The same notice (its path as on the disk, under no folder as listed): a run that finished over its
    library folder (``root``) has brought the library up to date with it, as _folders_now reads it, so it goes."""
    window, result, notice = _respelled_notice(qtbot, make_app_window, demo_library)
    window.wiring.rescan._ran(SimpleNamespace(kind="finished", summary={"run_roots": ["/another/folder"]}))
    assert notice.isVisible()  # (a run over another folder: it stays)
    window.wiring.rescan._ran(SimpleNamespace(kind="finished", summary={"run_roots": [result.root]}))
    assert notice.isHidden()
