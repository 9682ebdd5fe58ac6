"""A library folder found offline by a re-scan (an unplugged drive) was said in the window's banner,
"…/Archive is offline (an unplugged drive?): its videos are kept and marked offline until it is
back.", and the banner stayed once the drive was back and its folder re-scanned, its videos found
again, the status bar no longer counting any offline (s52 window walk: a video moved into that folder
was found there as moved): the banner said what was no longer true until the user closed it. It now
goes once the library's status lists the folder online again; another warning is left alone."""

from __future__ import annotations

import os

from core.filenames import shown
from tests.app.conftest import two_folders, wait_indexing

OFFLINE = "is offline (an unplugged drive?)"


def _folders(tmp_path, demo_clips):
    return two_folders(tmp_path, demo_clips)[:2]


def test_the_offline_banner_goes_once_the_folder_is_back(qtbot, make_app_window, tmp_path, demo_clips):
    a, b = _folders(tmp_path, demo_clips)
    window = make_app_window(tmp_path / "lib")
    for folder in (a, b):
        wait_indexing(qtbot, window.session, lambda f=folder: window.session.add_folder(str(f)))
    os.rename(b, tmp_path / "unplugged")
    wait_indexing(qtbot, window.session, window.session.rescan)
    banner = window.banner
    qtbot.waitUntil(lambda: banner.isVisible() and banner.text == f"{shown(str(b))} {OFFLINE}: its videos are "
                    "kept and marked offline until it is back.", timeout=10_000)
    qtbot.waitUntil(lambda: list(window.session.status.offline_folders) == [str(b)], timeout=10_000)
    os.rename(tmp_path / "unplugged", b)
    wait_indexing(qtbot, window.session, lambda: window.session.rescan_folder(str(b)))
    qtbot.waitUntil(lambda: not window.session.status.offline_folders, timeout=10_000)
    qtbot.waitUntil(lambda: OFFLINE not in banner.text and banner.isHidden(), timeout=10_000)


def test_another_warning_stays_when_a_folder_is_back(qtbot, make_app_window, tmp_path, demo_clips):
    a, b = _folders(tmp_path, demo_clips)
    window = make_app_window(tmp_path / "lib")
    for folder in (a, b):
        wait_indexing(qtbot, window.session, lambda f=folder: window.session.add_folder(str(f)))
    os.rename(b, tmp_path / "unplugged")  # (offline, then back: _back acts, and must leave this one)
    wait_indexing(qtbot, window.session, window.session.rescan)
    qtbot.waitUntil(lambda: list(window.session.status.offline_folders) == [str(b)], timeout=10_000)
    window.session.say("warning", f"Something else about {shown(str(b))}.")
    qtbot.waitUntil(lambda: window.banner.isVisible() and "Something else" in window.banner.text, timeout=5_000)
    os.rename(tmp_path / "unplugged", b)
    wait_indexing(qtbot, window.session, lambda: window.session.rescan_folder(str(b)))
    qtbot.waitUntil(lambda: not window.session.status.offline_folders, timeout=10_000)
    qtbot.wait(300)
    assert window.banner.isVisible() and window.banner.text == f"Something else about {shown(str(b))}."


def test_the_offline_banner_goes_when_the_folder_is_back_before_any_status_read(qtbot, make_app_window, tmp_path,
                                                                               demo_clips, monkeypatch):
    """A library folder with no video indexed (added, its videos yet to come) away while a re-scan walks
    and back before any status read could list it offline: the banner said it offline for good, as no read
    ever listed it offline (the old rule waited for one that had). A read begun after the scan lists it
    online: the banner goes."""
    import core.indexer

    a, b = _folders(tmp_path, demo_clips)
    for clip in b.iterdir():
        clip.unlink()  # (a folder of the library with no video yet)
    window = make_app_window(tmp_path / "lib")
    for folder in (a, b):
        wait_indexing(qtbot, window.session, lambda f=folder: window.session.add_folder(str(f)))
    real = core.indexer.scan

    def walked_while_away(roots, **kw):  # (away exactly while the run walks: no status read sees it so)
        os.rename(b, tmp_path / "unplugged")
        try:
            return real(roots, **kw)
        finally:
            os.rename(tmp_path / "unplugged", b)

    monkeypatch.setattr(core.indexer, "scan", walked_while_away)
    said = []
    window.session.message.connect(lambda level, text: said.append(text))
    wait_indexing(qtbot, window.session, window.session.rescan)
    assert f"{shown(str(b))} {OFFLINE}: its videos are kept and marked offline until it is back." in said, said
    qtbot.waitUntil(lambda: OFFLINE not in window.banner.text or window.banner.isHidden(), timeout=15_000)
    assert str(b) not in window.session.status.offline_folders
