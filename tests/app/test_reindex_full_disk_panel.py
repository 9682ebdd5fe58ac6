"""A `seekframe index --reindex A` stopped by a full disk: the window's library panel said of A's videos
what it says of a killed --reindex ("an interrupted --reindex ... Finish indexing embeds them anew"),
nothing of the full disk nor that room was to be made first, where a plain index a full disk stopped is
told so ('stopped before it finished: the disk holding the library was full ...; free some space, then
Finish indexing indexes the rest'). It says it now in those words, as `seekframe status` does
(``SessionStatus.folder_reembed_full``), and still offers Finish indexing."""

from __future__ import annotations

import errno

import pytest

from app import engine
from app.library_panel import LibraryPanel
from core import service
from core.cli import EXIT_DISK_FULL
from core.filenames import shown
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_reindex_keeps_searchable import _two_folders
from tests.videos import Segment, write_video

SAID = ("2 videos of {} wait to be embedded again (a --reindex stopped before it finished: the disk holding the "
        "library was full), searched meanwhile with their earlier moments; free some space, then Finish indexing "
        "embeds them anew.")


def test_the_panel_says_a_full_disk_stopped_the_reindex_and_to_make_room_first(tmp_path, capsys, monkeypatch, qtbot,
                                                                               make_app_window):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    real = MomentTable.commit

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    assert run_cli(capsys, "index", "--reindex", a, "--library", lib, "-q")[0] == EXIT_DISK_FULL
    monkeypatch.setattr(MomentTable, "commit", real)
    window = make_app_window(lib, ready=False)
    session, panel = window.session, window.library_panel
    qtbot.waitUntil(lambda: session.status.folder_reembed == ((str(a), 2),), timeout=SESSION_TIMEOUT_MS)
    assert session.status.folder_reembed_full == ((str(a), 2),)
    row = next(panel._list.item(i) for i in range(panel._list.count())
               if panel._list.item(i).text().startswith(str(a)))
    qtbot.waitUntil(lambda: SAID.format(a) in row.toolTip(), timeout=SESSION_TIMEOUT_MS)
    assert "interrupted --reindex" not in row.toolTip() and "2 to embed again" in row.text(), row.text()
    assert panel._finish.isVisible() and panel._finish.isEnabled()



def test_a_folder_with_a_full_disk_part_and_an_interrupted_part_says_each_as_status_does(tmp_path, capsys,
                                                                                          monkeypatch, qtbot):
    """`--reindex A` stopped by a full disk (A's 3 videos wait), then `--reindex A/sub` crashed (its video
    counted in A/sub's run): `seekframe status` says one sentence each; the panel said all 3 of A stopped by
    a full disk (the parts merged into their library folder, one kind for all: s59 rv_3). Each kind is
    counted apart now (``SessionStatus.folder_reembed_full``: how many), the row and Finish indexing say both."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, lib = tmp_path / "A", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(a / "green.mp4", [Segment(2, "green")], seed=3)
    write_video(a / "sub" / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", a, "--library", lib, "-q")[0] == 0
    real = MomentTable.commit

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    def crash(self, items):
        raise RuntimeError("crashed")

    monkeypatch.setattr(MomentTable, "commit", full)
    assert run_cli(capsys, "index", "--reindex", a, "--library", lib, "-q")[0] == EXIT_DISK_FULL
    monkeypatch.setattr(MomentTable, "commit", crash)
    with VideoLibrary(lib) as writer, pytest.raises(RuntimeError, match="crashed"):
        list(service.IndexRun(writer, FixedTextEncoder(), [str(a / "sub")], reindex=True,
                              part_of_folder=True).events())  # (as `seekframe index --reindex A/sub`)
    monkeypatch.setattr(MomentTable, "commit", real)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    sub = str(a / "sub")
    assert f"2 videos of {a} wait" in out and f"1 video of {sub} waits" in out, out  # (status: each its own)
    with VideoLibrary(lib, read_only=True) as library:
        st = engine.session_status(library, read_only=True)
    assert (st.folder_reembed, st.folder_reembed_full) == (((str(a), 3),), ((str(a), 2),)), st

    panel = LibraryPanel()  # (as the window's LibraryController shows the status: app.wiring.library)
    qtbot.addWidget(panel)
    panel.set_folders(st.folders, counts=st.videos_per_folder, reembed=dict(st.folder_reembed),
                      reembed_full=st.folder_reembed_full)
    tip = panel._list.item(0).toolTip()
    assert (f"1 video of {shown(str(a))} waits to be embedded again (an interrupted --reindex), searched meanwhile "
            "with its earlier moments; Finish indexing embeds it anew.") in tip, tip
    assert (f"2 videos of {shown(str(a))} wait to be embedded again (a --reindex stopped before it finished: the "
            "disk holding the library was full), searched meanwhile with their earlier moments; free some space, "
            "then Finish indexing embeds them anew.") in tip, tip
    assert "3 videos" not in tip, tip
    assert panel._finish.toolTip() == (
        f"Embed again the 1 video an interrupted --reindex left in {shown(str(a))}; embed again the 2 videos left "
        f"in {shown(str(a))} by a --reindex stopped before it finished: the disk holding the library was full; "
        "free some space first"), panel._finish.toolTip()
