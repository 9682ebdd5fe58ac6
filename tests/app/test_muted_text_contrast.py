"""Muted secondary text reads at WCAG AA on its real background, in a light and a dark palette and
after a palette change: a caption's score and source line and the note of a clip without captions
(the captions list), an offline or being-removed folder's row (the library panel), a result's "+1
copy" and the empty grid's words. They were the palette's Disabled text (#bebebe on white: 1.86:1;
#808080 on a dark #1e1e1e: 4.22:1) or its PlaceholderText (4.0:1 on white, 4.36:1 dark), and the
library's grey was taken once, so a palette changed while the app ran kept the old one. Contrast is
worked out from the colours the delegate or view gives the painter or the style, not pixels."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QWidget

import app.results
from app.captions_panel import OWN_EMPTY, CaptionsPanel
from app.file_state import copies_text
from app.library_panel import LibraryPanel
from app.results import ResultDelegate, ResultsModel, ResultsView
from core.search import SearchResult
from tests.app.palettes import GROUPS, PALETTES, G, R, app_palette, assert_secondary, dark_palette, light_palette, wcag
from tests.app.test_captions_none_chosen import caps

__all__ = ["app_palette"]  # (the fixture, imported for the tests here)
S = QStyle.StateFlag


class PenRecorder(QPainter):
    """Records the pen colour each time the app's code sets one, and each text drawn with it."""

    def __init__(self, device):
        super().__init__(device)
        self.pens: list[QColor] = []
        self.texts: dict[str, QColor] = {}

    def setPen(self, pen):
        self.pens.append(QColor(pen) if isinstance(pen, QColor) else QPen(pen).color())
        return super().setPen(pen)

    def drawText(self, *args):
        self.texts[str(args[-1])] = QColor(self.pen().color())
        return super().drawText(*args)


def _state(group, selected: bool, enabled: bool = True):
    state = S.State_Active if group == G.Active else S.State_None
    return state | (S.State_Enabled if enabled else S.State_None) | (S.State_Selected if selected else S.State_None)


def _row_option(view, index, group, selected: bool) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    option.rect = view.visualRect(index) if view.visualRect(index).isValid() else QRect(0, 0, 200, 40)
    option.state = _state(group, selected, bool(index.flags() & Qt.ItemFlag.ItemIsEnabled))
    return option


def _background(view, group, selected: bool) -> QColor:
    return view.palette().color(group, R.Highlight if selected else R.Base)


def _primary(view, group, selected: bool) -> QColor:
    return view.palette().color(group, R.HighlightedText if selected else R.Text)


# --- the captions list: the score and source line, and a section's note ----------------------------

def _captions(show_view):
    host = show_view(QWidget(), (240, 500))
    panel = CaptionsPanel(host)
    panel.resize(230, 480)  # (narrow: each caption's score and source on a line under it)
    panel.show()
    panel.show_captions("Captions for dog.mp4 at 0:00", caps(), clip=("v9", 0.0, 4.0))  # (none on this clip)
    tree = panel._tree
    tree.fit_columns()
    assert tree.stacked()
    tree.host = host  # (kept: the panel lives as long as the list is looked at)
    return tree


def _paint_row(tree, index, group, selected: bool) -> PenRecorder:
    option = _row_option(tree, index, group, selected)
    image = QImage(max(1, option.rect.width()), max(1, option.rect.height()) + 200, QImage.Format.Format_ARGB32)
    painter = PenRecorder(image)
    try:
        tree.itemDelegate().paint(painter, option, index)
    finally:
        painter.end()
    return painter


def _assert_captions_readable(tree) -> None:
    note_item = tree.topLevelItem(0).child(0)
    assert note_item.text(0) == OWN_EMPTY
    note = tree.indexFromItem(note_item)
    caption = tree.indexFromItem(tree.topLevelItem(1).child(0))
    for group in GROUPS:
        pens = _paint_row(tree, note, group, False).pens
        assert_secondary(pens[0], _background(tree, group, False), _primary(tree, group, False), "the note")
        assert wcag(pens[0], _background(tree, group, False)) < wcag(_primary(tree, group, False),
                                                                    _background(tree, group, False))
        for selected in (False, True):
            pens = _paint_row(tree, caption, group, selected).pens
            text, detail = pens[0], pens[-1]
            assert len(pens) >= 2 and text == _primary(tree, group, selected)
            assert_secondary(detail, _background(tree, group, selected), text, f"score and source {selected=}")


@PALETTES
def test_a_captions_score_and_source_line_and_a_note_read_at_aa(show_view, app_palette, make_palette,
                                                                  no_real_dialogs):
    app_palette(make_palette())
    _assert_captions_readable(_captions(show_view))


def test_the_captions_follow_a_palette_changed_while_the_app_runs(show_view, qtbot, app_palette, no_real_dialogs):
    app_palette(light_palette())
    tree = _captions(show_view)
    app_palette(dark_palette())
    qtbot.waitUntil(lambda: tree.palette().color(R.Base) == QColor("#1e1e1e"), timeout=10_000)
    _assert_captions_readable(tree)


# --- the library panel: offline and being-removed folders ------------------------------------------

FOLDERS = ["/videos/here", "/videos/away", "/videos/going"]


def _library(show_view):
    panel = show_view(LibraryPanel(), (420, 300))
    panel.set_folders(FOLDERS, offline={"/videos/away"}, forgetting="/videos/going")
    return panel


def _row_text_colour(view, row: int, group, selected: bool) -> QColor:
    """The colour the style paints row ``row``'s text in: the option the delegate fills in."""
    index = view.model().index(row, 0)
    option = _row_option(view, index, group, selected)
    view.itemDelegate().initStyleOption(option, index)
    return option.palette.color(group, R.HighlightedText if selected else R.Text)


def _assert_library_readable(panel) -> None:
    view = panel._list
    for group in GROUPS:
        for selected in (False, True):
            background, primary = _background(view, group, selected), _primary(view, group, selected)
            assert _row_text_colour(view, 0, group, selected) == primary  # (an online folder: the text itself)
            for row in (1, 2):
                colour = _row_text_colour(view, row, group, selected)
                assert_secondary(colour, background, primary, (FOLDERS[row], group, selected))
                if not selected:  # (still told apart from the folders that are here)
                    assert wcag(colour, background) < wcag(primary, background)


@PALETTES
def test_offline_and_going_folders_read_at_aa(show_view, app_palette, make_palette):
    app_palette(make_palette())
    _assert_library_readable(_library(show_view))


def test_the_folders_follow_a_palette_changed_while_the_app_runs(show_view, qtbot, app_palette):
    app_palette(dark_palette())
    panel = _library(show_view)
    app_palette(light_palette())  # (the system switched back to light: the rows are not set again)
    qtbot.waitUntil(lambda: panel._list.palette().color(R.Base) == QColor("#ffffff"), timeout=10_000)
    _assert_library_readable(panel)


# --- the results grid: "+1 copy", and the empty grid's words ---------------------------------------

def _card_copies(view, model, selected: bool) -> tuple[QColor, QColor, QColor]:
    """(the "+1 copy" pen, the name's pen, the card's background) as the delegate paints them."""
    delegate, index = ResultDelegate(view), model.index(0)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, *delegate.sizeHint(option, index).toTuple())
    option.state = _state(G.Active, selected)
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    painter = PenRecorder(image)
    try:
        delegate.paint(painter, option, index)
    finally:
        painter.end()
    background = view.palette().color(R.Highlight if selected else R.Base)
    return painter.texts[copies_text(["b"])], painter.texts["a.mp4"], background


@PALETTES
def test_a_results_copies_note_reads_at_aa(qtbot, tmp_path, app_palette, make_palette):
    app_palette(make_palette())
    view = ResultsView()
    qtbot.addWidget(view)
    model = ResultsModel()
    model.set_results(None, [SearchResult(str(tmp_path / "a.mp4"), 0, 4, 0.6, "v", "m", 2.0, strength="strong",
                                          copies=[str(tmp_path / "b.mp4")])])
    for selected in (False, True):
        copies, name, background = _card_copies(view, model, selected)
        assert_secondary(copies, background, name, f"+1 copy {selected=}")


@PALETTES
def test_the_empty_grids_words_read_at_aa(qtbot, app_palette, make_palette, monkeypatch):
    app_palette(make_palette())
    monkeypatch.setattr(app.results, "QPainter", PenRecorder)
    painted = []
    real = PenRecorder.drawText
    monkeypatch.setattr(PenRecorder, "drawText", lambda self, *a: (painted.append(QColor(self.pen().color())),
                                                                    real(self, *a))[1])
    empty = ResultsView()
    empty.set_empty_text("Type what you are looking for")
    empty.resize(400, 300)
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    empty.viewport().update()
    qtbot.waitUntil(lambda: bool(painted), timeout=10_000)  # (the empty grid's words painted)
    group = empty.viewport().palette().currentColorGroup()
    assert_secondary(painted[-1], empty.palette().color(group, R.Base), empty.palette().color(group, R.Text),
                     "the empty grid's words")
