"""A library folder inside another (P and P/sub both added): a re-scan with P's drive unplugged
warns "P/sub is offline (an unplugged drive?): its videos are kept …" (the last of its warnings).
Removing P takes P/sub along (``service.forget_folder``), yet the warning stayed up, saying the
videos of a folder no longer in the library are kept: only the folder the user removed was looked
for in it. A warning naming a library folder inside a removed one now goes too; one about a folder
still there stays."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_removed_folder_banner import remove


def nested_offline(qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch, unplug):
    """Library folders P, P/sub and Q (each listed, as an earlier version's adds left them: the app
    now indexes P/sub as part of P); ``unplug(P)`` makes some of them missing; the re-scan's last
    warning is up."""
    from core.indexer import IndexOptions, MomentIndexer
    from core.library import VideoLibrary
    from tests.app.conftest import cached_loader

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    p, q = tmp_path / "p", tmp_path / "q"
    sub = p / "sub"
    sub.mkdir(parents=True)
    q.mkdir()
    for folder, name in ((p, "red-ball-beach.mp4"), (sub, "blue-car-street.mp4"), (q, "yellow-star-night.mp4")):
        shutil.copy(demo_clips / name, folder / name)
    with VideoLibrary(tmp_path / "lib") as library:
        for folder in (p, sub, q):
            list(MomentIndexer(library, cached_loader(demo_model), IndexOptions(two_pass=False)).run([str(folder)]))
        assert library.meta.settings.folders == [str(p), str(sub), str(q)]
    window = make_app_window(tmp_path / "lib")
    s, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: panel.folders() == [str(p), str(sub), str(q)], timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    unplug(p, tmp_path)
    s.rescan()
    qtbot.waitUntil(lambda: window.banner.text.startswith(f"{sub} is offline"), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, s)
    return window, str(p), str(sub), str(q)


def drive_unplugged(p, tmp_path):
    p.rename(tmp_path / "p-away")


def sub_unplugged(p, tmp_path):
    (p / "sub").rename(tmp_path / "sub-away")


@pytest.mark.slow  # (three folders indexed, a re-scan and a removal: 4.7-7.4 s under load)
@pytest.mark.parametrize("unplug", [drive_unplugged, sub_unplugged])
def test_removing_the_outer_folder_takes_the_warning_about_the_one_inside_away(qtbot, make_app_window, tmp_path,
                                                                                demo_clips, demo_model, monkeypatch,
                                                                                unplug):
    window, p, sub, _q = nested_offline(qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch, unplug)
    remove(qtbot, window, p)
    assert sub not in window.library_panel.folders()
    assert not window.banner.isVisible(), window.banner.label.text()


@pytest.mark.slow  # (6.9 s under load)
def test_a_warning_naming_a_folder_still_there_stays(qtbot, make_app_window, tmp_path, demo_clips, demo_model,
                                                     monkeypatch):
    """Removing Q leaves the warning about P/sub; a warning naming several folders goes once one
    of them, or one inside it, has left."""
    window, p, sub, q = nested_offline(qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch,
                                        drive_unplugged)
    remove(qtbot, window, q)
    assert window.banner.text.startswith(f"{sub} is offline")
    window.show_message("warning", f"{q}-old and {sub} are offline")  # (Q's removal is over; Q-old is no Q)
    qtbot.wait(100)
    assert window.banner.isVisible()
    remove(qtbot, window, p)
    assert not window.banner.isVisible(), window.banner.label.text()


def test_a_warning_about_a_folder_whose_path_ends_in_the_removed_one_stays(qtbot, make_app_window, tmp_path,
                                                                          demo_clips, demo_model, monkeypatch):
    """Removing Q took away a warning about /mnt/backup/Q (a library folder whose path ends in Q's,
    as /mnt/data ends in /data): Q's path was looked for anywhere in the text, its end alone
    checked, so a longer path holding it named Q too."""
    window, _p, sub, q = nested_offline(qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch,
                                        drive_unplugged)
    window.show_message("warning", f"/mnt/backup{q} is offline (an unplugged drive?): its videos are kept and "
                                   "marked offline until it is back.")
    qtbot.wait(100)
    remove(qtbot, window, q)
    assert window.banner.isVisible() and window.banner.text.startswith(f"/mnt/backup{q} is offline")
