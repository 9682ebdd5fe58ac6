"""A run that ended with files that could not be read left the index strip's bar full, in the colour of a
run that went well, beside "1 failed": the bar read as all done. While failures are listed it now reads as
finished with problems (the warning's colour, "Finished: 1 failed" on it and read out), and is plain again
once the list is empty (tried again and read, or their folder forgotten) (s58 E)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from app.index_panel import IndexPanel
from app.level_colours import level_colours
from tests.app.test_index_panel_retried_failure import _runs


def _look(panel):
    bar = panel._bar
    return (bar.isVisible(), bar.isTextVisible() and bar.format(), bar.accessibleDescription(),
            bar.palette().color(QPalette.ColorRole.Highlight))


def test_a_run_with_failures_ends_on_a_bar_that_says_so_until_they_are_gone(qtbot, show_view, tmp_path):
    events = _runs(tmp_path)
    panel = show_view(IndexPanel())
    plain = panel.palette().color(QPalette.ColorRole.Highlight)
    warning = QColor(level_colours(panel.palette(), "warning")[2])
    assert warning != plain
    panel.start()
    for ev in events[:-1]:
        panel.on_event(ev)
    assert _look(panel)[1:] == (False, "", plain)  # (going on: as ever)
    panel.on_event(events[-1])
    assert panel._bar.value() == panel._bar.maximum()  # (the run is over: full, as before)
    assert _look(panel) == (True, "Finished: 1 failed", "Finished: 1 failed", warning)
    panel.set_failed(events[-1].failed)  # (the status's list, the same: kept so)
    assert _look(panel)[1] == "Finished: 1 failed"
    panel.set_failed([])  # (tried again and read, or forgotten: the status lists none)
    assert _look(panel) == (True, False, "", plain)

    panel.start()  # (the next run: plain while it goes)
    assert _look(panel)[1:] == (False, "", plain)
    for ev in events:
        panel.on_event(ev)
    assert _look(panel)[1] == "Finished: 1 failed"
    panel.start()
    for ev in events[:-1]:
        panel.on_event(ev)
    qtbot.waitUntil(lambda: panel.failed() == events[-1].failed)  # (its failure listed, as the run went)
    panel.stopped()  # (a run that failed: stopped, not finished, its failures still said on the bar)
    assert _look(panel)[1:] == ("1 failed", "1 failed", warning)


def test_a_run_without_failures_ends_on_a_plain_full_bar(show_view, tmp_path):
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder
    from tests.videos import Segment, write_video

    write_video(tmp_path / "videos" / "park.mp4", [Segment(2, "green", "white")])
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder()).run([str(tmp_path / "videos")]))
    panel = show_view(IndexPanel())
    panel.start()
    for ev in events:
        panel.on_event(ev)
    assert _look(panel) == (True, False, "", panel.palette().color(QPalette.ColorRole.Highlight))
    assert panel._bar.value() == panel._bar.maximum()
