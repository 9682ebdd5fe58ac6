"""The window said nothing of a video whose re-embed failed on its content (``core.reembed_failed``) but
"· 1 to embed again" in the library panel, with Finish indexing offered, which a plain run would now
pass over: the status carries it apart (``SessionStatus.reembed_failed``), no Finish indexing is offered
for it, and the status bar counts it and says why, what it is searched with and what tries it again."""

from __future__ import annotations

from app.engine import session_status
from app.status_widgets import StatusWidgets
from core.library import VideoLibrary
from tests.decode_blips import BROKEN, EIO
from tests.test_reembed_failed import _library, held_after_its_last_try


def test_the_window_says_a_video_whose_reembed_failed_and_offers_no_finish_for_it(tmp_path, qtbot):
    _library(tmp_path)
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = session_status(lib, read_only=True)
    assert status.folder_reembed == () and status.failed == (), status  # (before 1be4dd8: ((videos, 1),), Finish)
    [(path, reason)] = status.reembed_failed
    assert path.endswith("broken.mp4") and reason == BROKEN

    widgets = StatusWidgets()
    qtbot.addWidget(widgets.library_label)
    widgets.show_status(status)
    assert widgets.library_label.text().endswith("· 1 not embedded again"), widgets.library_label.text()
    tip = widgets.library_label.toolTip()
    assert "Could not be embedded again, so searched with their earlier moments" in tip, tip
    assert "once its file changes" in tip and tip.endswith(f":\nbroken.mp4: {BROKEN}"), tip


def test_the_tooltip_says_a_failure_held_after_its_last_try_once(tmp_path, qtbot):
    """It listed the recorded reason raw: "flaky.mp4: … (in 3 runs; not tried again until the file changes)"
    under its own "each is tried again once its file changes"."""
    held_after_its_last_try(tmp_path)
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = session_status(lib, read_only=True)
    widgets = StatusWidgets()
    qtbot.addWidget(widgets.library_label)
    widgets.show_status(status)
    tip = widgets.library_label.toolTip()
    assert tip.endswith(f":\nflaky.mp4: {EIO} (in 3 runs)"), tip
