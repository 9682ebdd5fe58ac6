"""The indexing panel listed a video whose embedding again failed, as a run reported it, with the CLI's
words: "… (its earlier moments are kept; not tried again until the file changes: `seekframe index
--retry-failed` tries it again)", a command the window's user has no reason to type, beside the panel's
own Try again (893e8e4). The window's list names its Try again; the CLI's words are the run's as before."""

from __future__ import annotations

from app.index_panel import IndexPanel
from core.pass_book import reembed_words
from core.reembed_failed import Failure, earlier_kept, kept_why


def test_a_video_not_embedded_again_is_listed_with_try_again_not_the_cli_option(qtbot):
    reason = reembed_words(Failure("/v/b.mp4", 10, 1.0, 2.0, "Invalid data found when processing input", False))
    assert "`seekframe index --retry-failed` tries it again" in reason  # (the run's words: the CLI prints them)
    panel = IndexPanel()
    qtbot.addWidget(panel)
    panel.set_failed([("/v/b.mp4", reason), ("/v/c.mp4", "not a video file")])
    listed = dict(panel.failed())
    assert listed["/v/b.mp4"] == ("Invalid data found when processing input (its earlier moments are kept; not tried "
                                  "again until the file changes, or now with Try again)"), listed
    assert listed["/v/c.mp4"] == "not a video file"
    assert panel._tree.topLevelItem(0).text(1) == listed["/v/b.mp4"]
    assert earlier_kept(listed["/v/b.mp4"]) and kept_why(listed["/v/b.mp4"])[0] == "Invalid data found when processing input"
    assert panel._failed_button.text() == "1 failed, 1 not embedded again"
