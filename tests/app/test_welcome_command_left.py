"""The welcome page's way to get a better model without a network ends in a command to type on a
connected computer (``core.hub_offer.how_to_get``). It was a line of the centred paragraph, centred
with it, in the page's proportional font. Now the command is on a line of its own, left-aligned in
a fixed-width font as a terminal shows it, selectable by mouse and keyboard; the words around it
are said as before (``offer_text`` whole)."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from app.welcome import WelcomePage
from core.hub_offer import how_to_get
from tests.app.layout_settle import settle

REPO = "openai/clip-vit-base-patch32"
COMMAND = f"hf download {REPO} --local-dir DIR"


def _offline_page(qtbot, show_view):
    page = show_view(WelcomePage(), (1000, 800))
    page.set_offer(SimpleNamespace(repo_id=REPO, state="offline", how_to=how_to_get(REPO), size=0), "CLIP")
    qtbot.waitUntil(lambda: bool(page.offer_text()), timeout=10_000)
    settle(qtbot)  # (the page's layout done)
    return page


def _first_ink_column(label: QLabel) -> int:
    """The leftmost column of the label's picture where its text's colour shows."""
    image = label.grab().toImage()
    ink = label.palette().color(label.foregroundRole())
    for x in range(image.width()):
        for y in range(image.height()):
            pixel = QColor(image.pixel(x, y))
            if abs(pixel.lightness() - ink.lightness()) < 60 and abs(pixel.lightness() - label.palette().color(
                    label.backgroundRole()).lightness()) > 100:
                return x
    return -1


def test_the_offline_command_is_a_left_aligned_selectable_line(qtbot, show_view):
    page = _offline_page(qtbot, show_view)
    assert COMMAND in page.offer_text() and page.offer_text().startswith("No connection")  # (whole, as before)
    lines = [lb for lb in page.findChildren(QLabel) if lb.isVisible() and lb.text().strip() == COMMAND]
    assert len(lines) == 1, [lb.text() for lb in page.findChildren(QLabel) if lb.isVisible()]
    line = lines[0]
    assert line.font().fixedPitch() or line.fontInfo().fixedPitch()
    room = line.contentsRect().width() - 2 * line.margin()
    assert room > line.fontMetrics().horizontalAdvance(COMMAND) + 40  # (centred, it would start far in)
    start = _first_ink_column(line)
    assert 0 <= start <= line.contentsRect().left() + line.margin() + 3, start
    line.setFocus()
    qtbot.keyClick(line, "a", modifier=Qt.KeyboardModifier.ControlModifier)  # (by keyboard too)
    assert line.selectedText() == COMMAND


def test_split_command():
    from app.welcome import split_command

    assert split_command(how_to_get(REPO))[1] == COMMAND
    assert split_command("No command here.") == ("No command here.", "", "")
