"""The indexing panel's failed-files button said "2 failed" for a file that could not be indexed and a
video whose embedding again failed (core.reembed_failed), which is indexed and searched with its earlier
moments: its screen reader name (61538a9) and the run's words counted it apart, the button's own text
did not. It says "1 failed, 1 not embedded again" now, and "1 not embedded again" for such a video alone."""

from __future__ import annotations

from app.index_panel import IndexPanel
from core.reembed_failed import kept_reason


def test_the_failed_button_counts_a_video_not_embedded_again_apart(qtbot):
    panel = IndexPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_failed([("/v/b.mp4", kept_reason("Invalid data found when processing input"))])
    button = panel._failed_button
    assert button.text() == "1 not embedded again", button.text()
    assert button.toolTip().startswith("Show the videos not embedded again, and why"), button.toolTip()
    panel.set_failed([("/v/b.mp4", kept_reason("Invalid data")), ("/v/c.mp4", "Invalid data")])
    assert button.text() == "1 failed, 1 not embedded again", button.text()
    assert button.toolTip().startswith("Show the files that could not be read and the videos not embedded again")
    panel.set_failed([("/v/c.mp4", "Invalid data"), ("/v/d", "cannot open folder: x")])
    assert button.text() == "2 failed" and button.toolTip().startswith("Show the files and folders that could not")
