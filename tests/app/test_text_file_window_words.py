"""A text file saved under a video's name (list.mov: a run skips it as not a video, as `seekframe status`
says it) is no video in what the window says either: its folder's removal said it as "a file that could
not be read"."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.removal_said import removal_said
from tests.videos import Segment, write_text_as_video, write_video


def indexed(qtbot, make_session, tmp_path):
    videos = tmp_path / "videos"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    write_text_as_video(videos / "list.mov")
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    session.add_folder(str(videos))
    qtbot.waitUntil(lambda: session.status.folders == (str(videos),) and session.status.videos == 1
                    and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    return session, videos


def test_removing_a_folder_says_its_text_file_as_no_video(qtbot, make_session, tmp_path):
    session, videos = indexed(qtbot, make_session, tmp_path)
    said = removal_said(qtbot, session, videos)
    assert said == (f"Removed 1 video and 1 text file skipped as not a video under {videos} from the library "
                    "(the files are untouched)."), said


def test_a_folder_gone_counts_its_video_offline_not_its_text_file(qtbot, make_session, tmp_path):
    """The folder away (its drive unplugged), the status bar said "· 2 offline" of its one video and its
    list.mov, where the library panel and `seekframe status` count 1 video."""
    from app.status_widgets import StatusWidgets
    from tests.app.conftest import wait_indexing

    session, videos = indexed(qtbot, make_session, tmp_path)
    videos.rename(tmp_path / "unplugged")
    wait_indexing(qtbot, session, session.rescan)
    qtbot.waitUntil(lambda: str(videos) in session.status.offline_folders, timeout=SESSION_TIMEOUT_MS)
    assert session.status.videos == 1 and session.status.offline_videos == 1, session.status
    widgets = StatusWidgets()
    qtbot.addWidget(widgets)
    widgets.show_status(session.status)
    assert " · 1 offline" in widgets.library_label.text(), widgets.library_label.text()


def test_adding_a_library_folder_again_says_it_is_in_already(qtbot, make_session, tmp_path):
    """Add folder of a folder already in the library re-scanned it with no word of it ("Nothing new to index: 1
    video up to date.", s60 W): its run says it is in the library already; a re-scan of it does not."""
    from tests.app.conftest import wait_indexing

    heard = []
    session, videos = indexed(qtbot, make_session, tmp_path)
    session.message.connect(lambda level, text: heard.append((level, text)))
    wait_indexing(qtbot, session, lambda: session.add_folder(str(videos)))
    wait_idle(qtbot, session)
    assert ("info", f"{videos} is already in the library: re-scanned. Nothing new to index: 1 video up to "
                    "date.") in heard, heard
    heard.clear()
    wait_indexing(qtbot, session, lambda: session.rescan_folder(str(videos)))
    wait_idle(qtbot, session)
    assert heard and not any("already in the library" in text for _level, text in heard), heard


def test_an_add_merged_into_a_full_rescan_or_closed_leaves_no_word_for_a_later_rescan(qtbot, make_session, tmp_path):
    """Add folder of a library folder remembered "already in the library" runner-wide (rv_5 #2): an Add merged
    into a queued re-scan of every folder, or one whose queued run was dropped (Cancel), left it, and a later
    Re-scan of the folder opened "… is already in the library: re-scanned." The word goes with the Add's run."""
    from tests.app.conftest import wait_indexing

    heard = []
    session, videos = indexed(qtbot, make_session, tmp_path)
    session.message.connect(lambda level, text: heard.append((level, text)))

    def merged():
        session.rescan()
        session.rescan()  # (one runs, one queued: every folder)
        session.add_folder(str(videos), looked=True)  # (merged into the queued re-scan of every folder)

    def dropped():
        session.rescan()
        session.add_folder(str(videos), looked=True)  # (queued behind the re-scan)
        session.cancel_indexing()  # (the queued run dropped)

    for then in (merged, dropped):
        wait_indexing(qtbot, session, then)
        wait_idle(qtbot, session)
    heard.clear()
    wait_indexing(qtbot, session, lambda: session.rescan_folder(str(videos)))
    wait_idle(qtbot, session)
    assert heard and not any("already in the library" in text for _level, text in heard), heard
