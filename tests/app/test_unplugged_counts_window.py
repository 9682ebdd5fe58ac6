"""The window's counts right after a library folder's drive is unplugged (or the folder gone), before
any re-scan: the library panel said the folder offline (e0085ee) but the status bar counted no video
offline, as `seekframe status` said "0 offline", until a re-scan marked their rows. Both read
core.library_status, which now counts the videos of a folder said offline as offline."""

from __future__ import annotations

import shutil

from app.status_widgets import StatusWidgets
from tests.app.conftest import wait_indexing


def test_the_status_counts_the_videos_of_a_folder_gone_since_the_last_rescan_offline(qtbot, make_session, tmp_path,
                                                                                      demo_clips):
    drive = tmp_path / "drive"
    drive.mkdir()
    for name in sorted(p.name for p in demo_clips.glob("*.mp4"))[:3]:
        shutil.copy(demo_clips / name, drive / name)
    session = make_session(tmp_path / "lib")
    wait_indexing(qtbot, session, lambda: session.add_folder(str(drive)))
    assert session.status.videos == 3 and session.status.offline_videos == 0
    drive.rename(tmp_path / "unplugged")
    session.refresh_status()  # (the periodic read, without its wait; no re-scan)
    qtbot.waitUntil(lambda: str(drive) in session.status.offline_folders, timeout=10_000)
    assert session.status.offline_videos == 3, session.status
    bar = StatusWidgets()
    qtbot.addWidget(bar)
    bar.show_status(session.status)
    assert bar.library_label.text().endswith(" · 3 offline"), bar.library_label.text()
