"""An unmounted drive in the app (issue 10, point 1): a re-scan of a folder left empty keeps its
videos (offline), says so in the banner and the indexing panel, and "Remove them" prunes."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from tests.app.conftest import wait_indexing
from tests.mounts import on_another_device



def _three_clips(folder: Path, demo_clips: Path) -> Path:
    folder.mkdir()
    for name in sorted(p.name for p in demo_clips.glob("*.mp4"))[:3]:
        shutil.copy(demo_clips / name, folder / name)
    return folder


def test_rescan_of_an_empty_mount_point_keeps_the_videos_and_offers_removal(qtbot, make_session,
                                                                            tmp_path, demo_clips, monkeypatch):
    from app.index_panel import IndexPanel

    drive = _three_clips(tmp_path / "drive", demo_clips)
    session = make_session(tmp_path / "lib")
    wait_indexing(qtbot, session, lambda: session.add_folder(str(drive)))
    assert session.status.videos == 3
    drive.rename(tmp_path / "unplugged")
    drive.mkdir()  # the empty mount point an unmounted drive leaves (on the computer's disk)
    on_another_device(monkeypatch).add(str(drive))

    events = wait_indexing(qtbot, session, session.rescan)
    held = events[-1].summary["held"]
    assert [(h["root"], h["videos"]) for h in held] == [(str(drive), 3)]
    assert session.status.videos == 3 and session.status.offline_videos == 3
    assert str(drive) in session.status.offline_folders
    said = [t for lvl, t in session.messages if lvl == "warning" and "seem to be gone" in t]
    assert said and "3 videos" in said[-1] and str(drive) in said[-1] and "nothing was removed" in said[-1]

    panel = IndexPanel()
    qtbot.addWidget(panel)
    panel.prune_requested.connect(session.prune_missing)
    for ev in events:
        panel.on_event(ev)
    assert "3 videos seem to be gone from" in panel.summary_text() and "nothing was removed" in panel.summary_text()
    assert panel.held() == [str(drive)]
    wait_indexing(qtbot, session, lambda: qtbot.mouseClick(panel._prune, Qt.MouseButton.LeftButton))
    assert session.status.videos == 0 and panel.held() == []
