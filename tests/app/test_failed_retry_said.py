"""A library made by an earlier version lists the files that version could not index (0fd2f02 failed a
clip cut short as 'truncated: decodes only 11.8 s of 30.2 s'), and the next re-scan tries each again
(``core.sync``'s retry: this version may read what that one could not). `seekframe status` says so
(d948c46); the window showed '2 failed' and the list and said nothing of it, so a user who updated read
them as lost for good (the s54 audit: a library of 0fd2f02 in the window). Under the button it now says
'The next re-scan tries 2 of them again: an earlier version could not read them.', status's words
(``core.status_words.retry_text``, ``LibraryStatus.to_retry``), and the status bar's tooltip with it."""

from __future__ import annotations

import os

from core.library import VideoLibrary
from core.library.records import VideoRecord
from core.unopenable import UNKNOWN
from core.video_info import READER

SAID = "The next re-scan tries 2 of them again: an earlier version could not read them."


def _failed(lib, folder: str, i: int, why: str, reader: int) -> None:
    rec = VideoRecord(f"{i:016x}", os.path.join(folder, f"broken{i}.mp4"), folder, 10 + i, 1.7e9, f"h{i}")
    lib.video_table.record_failure(rec, why)
    lib.video_table.set_reader([rec.video_id], reader)


def test_the_window_says_the_next_rescan_tries_again_what_an_earlier_version_failed(qtbot, make_app_window,
                                                                                     demo_library):
    with VideoLibrary(demo_library) as lib:
        folder = lib.meta.settings.folders[0]
        _failed(lib, folder, 1, "truncated: decodes only 11.8 s of 30.2 s", 0)  # (an earlier version's)
        _failed(lib, folder, 2, "not a video file or unsupported format", 0)
        _failed(lib, folder, 3, UNKNOWN, READER)  # (this version's: not again)
    window = make_app_window(demo_library)
    panel = window.index_panel
    qtbot.waitUntil(lambda: len(panel.failed()) == 3, timeout=10_000)
    assert window.session.status.to_retry == 2
    assert panel._failed_button.isVisible() and panel._failed_button.text() == "3 failed"
    qtbot.waitUntil(panel._retry.isVisible, timeout=10_000)  # (the list folded: said all the same)
    assert panel._retry.text() == SAID
    assert SAID in panel._failed_button.toolTip() and panel._failed_button.accessibleDescription() == SAID
    assert SAID in window.status_widgets.library_label.toolTip()


def test_nothing_is_said_of_this_versions_failures_nor_during_a_run(qtbot, show_view):
    from app.index_panel import IndexPanel

    panel = show_view(IndexPanel(), (700, 400))
    failed = [("/v/a.mp4", "not a video file or unsupported format"), ("/v/b.mp4", "truncated")]
    panel.set_failed(failed)  # (none an earlier version's)
    assert panel._failed_button.isVisible() and not panel._retry.isVisible() and not panel._retry.text()
    panel.set_failed(failed, 2)
    assert panel._retry.isVisible() and panel._retry.text() == SAID
    panel.set_failed(failed)  # (a run's: it tries them now)
    assert not panel._retry.isVisible()
