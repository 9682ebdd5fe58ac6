"""The line over the results of "Find similar clips" reads whole at the window's narrowest: cut to
one line it read "Clips like car-d… in other videos" at the window's minimum width ("Clips like
car-…in other videos" at 1.5x the font, the time lost too), the whole only in its tooltip. Now it
wraps onto the lines it needs, the clip's name and time whole; a name wider than the whole line
is broken where the line ends, never cut (tests/app/test_narrow_window.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_captions_title_fits import at_the_narrowest, scaled_font, settle  # noqa: F401 (a fixture)
from tests.app.test_session_search import RED_BALL

BREAK = "\u200b"  # (a zero-width space: where a line may break, nothing shown)


def reads(label) -> str:
    """The label's text as it reads."""
    return label.text().replace(BREAK, "")


def lines_fit(label) -> bool:
    """Every line of the label's text inside its width, and its height holding them all."""
    rect = label.contentsRect()
    needs = label.fontMetrics().boundingRect(QRect(0, 0, rect.width(), 100_000),
                                             int(Qt.TextFlag.TextWordWrap), label.text())
    return needs.width() <= rect.width() and rect.height() >= needs.height()


def inside(widget, window) -> bool:
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return window.rect().contains(rect)


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_clips_like_line_reads_whole_at_the_windows_minimum_width(qtbot, make_app_window, demo_library,
                                                                     scaled_font, no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    results = type_query(qtbot, window, RED_BALL.query)
    # a clip of a long name, at a time past 0:00
    clip = max((r for r in results if r.start > 0), key=lambda r: len(Path(r.path).name))
    window.results_view.setCurrentIndex(window.results_model.index(results.index(clip)))
    window.wiring.clips.actions.find_similar_clips.trigger()
    qtbot.waitUntil(lambda: window.results_model.request.kind == "similar", timeout=SESSION_TIMEOUT_MS)
    line = window.search_panel.context_label
    full = line.full_text()
    name, at = Path(clip.path).name, f"at {int(clip.start) // 60}:{int(clip.start) % 60:02d}"
    assert full == f"Clips like {name} {at} in other videos"
    at_the_narrowest(qtbot, window, 700, scaled_font)  # (the line did not widen the window's minimum)
    settle(qtbot)
    assert line.isVisible() and reads(line) == full, reads(line)  # the name and its time whole
    assert lines_fit(line) and inside(line, window)
    assert line.fontMetrics().horizontalAdvance(full) > line.contentsRect().width()  # (it did need to wrap)

