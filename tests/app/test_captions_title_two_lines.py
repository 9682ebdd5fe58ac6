"""The captions panel's title stays on one or two lines: a long file name with spaces ("Captions for
Übertragung der Verkehrskamera Kreuzung Hauptstraße Bahnhofstraße.mp4 at 0:16") wrapped word by
word over six lines of the preview's column in a 1024 px window, pushing the captions down. Now
the file name is cut in its middle, as little as the two lines allow; "Captions for" and the
time are kept, the full title is in the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from app.captions_panel import captions_title
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401

SPACED = "/videos/Übertragung der Verkehrskamera Kreuzung Hauptstraße Bahnhofstraße.mp4"


def _lines(label) -> int:
    fm, rect = label.fontMetrics(), label.contentsRect()
    height = fm.boundingRect(QRect(0, 0, rect.width() - 2, 100_000), int(Qt.TextFlag.TextWordWrap),
                             label.text()).height()
    return round(height / fm.lineSpacing())


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_long_file_name_keeps_the_title_on_two_lines(qtbot, make_app_window, demo_library, scaled_font,
                                                       no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    panel, label = window.captions_panel, window.captions_panel._title
    title = captions_title(SPACED, 16.0)
    panel.show_captions(title, [], ("v", 16.0, 20.0))
    for size, preview in (((1024, 640), 150), ((1024, 640), 300), ((1280, 720), 250), ((1366, 768), 500)):
        window.resize(*size)
        qtbot.waitUntil(lambda: window.width() == max(size[0], window.minimumSizeHint().width()), timeout=10_000)
        splitter = window.main_splitter
        splitter.setSizes([sum(splitter.sizes()) - preview, preview])
        settle(qtbot)
        shown = label.text()
        assert _lines(label) <= 2, (size, preview, label.width(), shown)
        assert label.height() <= 2 * label.fontMetrics().lineSpacing() + label.fontMetrics().height() // 2, \
            (size, preview, label.height(), shown)
        assert shown.startswith("Captions for Über") and shown.endswith(".mp4 at 0:16"), shown
        assert label.toolTip() == title and panel.title() == title
        if "…" not in shown:  # (room for it all)
            assert shown == title

    panel.show_captions(captions_title("/videos/beach.mp4", 72.0), [], ("v", 72.0, 76.0))  # a short one: whole
    settle(qtbot)
    assert label.text() == "Captions for beach.mp4 at 1:12"
