"""File names on result cards: cut at their end to one line, a card of a 1024 px window read
"VID_20240612_18…" or "Family trip - Da…", the part that tells one clip from the next gone (the
whole name only in the tooltip). A name now takes up to two lines, broken after a space, "_" or "-",
and a second line too long is cut in its middle: its start and its end (the number, the
extension) read on the card."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from app.card_name import card_name
from app.results import ResultsModel, ResultsView
from tests.app.test_results import result


class Texts(QPainter):
    """Records each text painted, with the rectangle it went in."""

    def __init__(self, device):
        super().__init__(device)
        self.texts: list[tuple[str, QRect]] = []

    def drawText(self, *args):  # noqa: N802 - Qt's name
        if isinstance(args[0], QRect):
            self.texts.append((str(args[-1]), QRect(args[0])))
        return super().drawText(*args)


def painted(qtbot, tmp_path, name: str, width: int = 488) -> tuple[list[tuple[str, QRect]], QRect]:
    """The texts a card of ``name`` paints in a grid ``width`` px wide (a 1024 px window's), and its rect."""
    model, view = ResultsModel(), ResultsView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(width, 500)
    view.show()
    model.set_results(None, [result(tmp_path / name, 72.0, 0.5, offline=True)])
    qtbot.waitUntil(lambda: view.visualRect(model.index(0)).isValid(), timeout=10_000)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(view.visualRect(model.index(0)))
    option.state = QStyle.StateFlag.State_Enabled
    option.rect.moveTo(0, 0)
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    painter = Texts(image)
    try:
        view.itemDelegate().paint(painter, option, model.index(0))
    finally:
        painter.end()
    return painter.texts, QRect(option.rect)


@pytest.mark.parametrize("name, start, end", [
    ("VID_20240612_183422.mp4", "VID_20240612_", "183422.mp4"),
    ("Family trip - Day 2 (beach).mov", "Family trip - Day", "(beach).mov"),
    ("PXL_20230815_123426123.TS.mp4", "PXL_20230815_", "123426123.TS.mp4"),
])
def test_a_cards_name_keeps_its_start_and_its_end(qtbot, tmp_path, name, start, end):
    texts, card = painted(qtbot, tmp_path, name)
    lines = [t for t, _ in texts]
    assert lines[0].startswith(start) and lines[1].endswith(end), lines
    assert (lines[0] + lines[1]).replace(" ", "") == name.replace(" ", "")  # (short enough: whole)
    for text, rect in texts:  # every line inside the card
        assert card.contains(rect), (text, rect, card)
    assert lines[2] == "1:12–1:16"  # the time under the name


def test_a_long_name_is_cut_in_its_middle_on_its_second_line(qtbot, tmp_path):
    name = "Family trip - Day 37 (beach at sunset with the kids and grandma).mp4"
    texts, _card = painted(qtbot, tmp_path, name)
    first, second = texts[0][0], texts[1][0]
    assert name.startswith(first) and "…" in second and second.endswith("grandma).mp4"[-8:])
    assert second.split("…")[0] in name and name.endswith(second.split("…")[1])


def test_a_short_name_takes_one_line_and_the_time_stays_in_its_place(qtbot, tmp_path):
    short, _ = painted(qtbot, tmp_path, "beach.mp4")
    long, _ = painted(qtbot, tmp_path, "VID_20240612_183422.mp4")
    assert short[0][0] == "beach.mp4" and short[1][0] == "1:12–1:16"
    assert short[1][1].top() == long[2][1].top()  # (the time on the same line of every card)


def test_card_name_breaks_after_a_separator_and_keeps_the_end():
    from PySide6.QtGui import QFont, QFontMetrics

    fm = QFontMetrics(QFont())
    assert card_name(fm, "beach.mp4", 120) == ("beach.mp4",)
    first, second = card_name(fm, "VID_20240612_183422.mp4", fm.horizontalAdvance("VID_20240612_1834"))
    assert (first, second) == ("VID_20240612_", "183422.mp4")
