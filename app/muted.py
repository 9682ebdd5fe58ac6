"""Muted secondary text that stays readable: WCAG's ``luminance`` and ``contrast``, ``secondary``
(a text colour blended towards its background while the two keep AA contrast), ``muted`` (that
colour of a palette's text on its background: a view's Base, or a selected row's Highlight) and
``behind`` (a background shaded until a text reads on it at AA: a selected result card's Highlight).

The app's quieter lines (the welcome page's notes, a caption's score and source line, the note of
a clip without captions, an offline folder's row, a result's "+1 copy", the empty grid's words)
were painted in the palette's Disabled text or its PlaceholderText: 1.86:1 (#bebebe on white) and
4.0:1 in Fusion's light palette, 4.2:1 and 4.4:1 in a common dark one; they looked unavailable or read
faintly. Each asks ``muted`` at paint time, so a palette changed while the app runs (a system
switched to dark) is followed. A control that does nothing now stays disabled, in its Disabled
colours: this is for text that is only quieter."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle

AA_CONTRAST = 4.5  # WCAG AA, normal text: the least contrast of a text on its background
MARGIN = 0.2  # kept above it: a colour rounded to 8 bits, a background a shade off, still pass


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance of ``colour`` (its alpha ignored: see ``over``)."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def over(colour: QColor, background: QColor) -> QColor:
    """``colour`` as it shows painted on ``background`` (a translucent PlaceholderText, #80000000)."""
    a = colour.alphaF()
    if a >= 1.0:
        return QColor(colour)
    return QColor.fromRgbF(*(a * x + (1 - a) * y for x, y in zip(colour.getRgbF()[:3], background.getRgbF()[:3])))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of the colour ``a`` painted on ``b``, 1 to 21."""
    light, dark = sorted((luminance(over(a, b)), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def secondary(text: QColor, background: QColor, least: float = AA_CONTRAST + MARGIN) -> QColor:
    """A quieter ``text`` on ``background``: blended towards it while the two keep ``least``
    contrast (the text itself when even it has less: a palette of low contrast is left as it is)."""
    text = over(text, background)

    def blend(t: float) -> QColor:
        return QColor.fromRgbF(*(t * x + (1 - t) * y for x, y in zip(text.getRgbF()[:3], background.getRgbF()[:3])))
    for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        if contrast(blend(t), background) >= least:
            return blend(t)
    return text


def dimmed(text: QColor, background: QColor, opacity: float, least: float = AA_CONTRAST + MARGIN) -> QColor:
    """``text`` as it shows at ``opacity`` on ``background``, or ``secondary`` where that is fainter
    than ``least``: a dimmed result card's words (a card of no real match, at 40 %: 2.85:1)."""
    faded = QColor(text)
    faded.setAlphaF(text.alphaF() * opacity)
    faded = over(faded, background)
    return faded if contrast(faded, background) >= least else secondary(text, background, least)


def behind(text: QColor, background: QColor, least: float = AA_CONTRAST + MARGIN) -> QColor:
    """``background`` shaded just as far as ``text`` reads on it at ``least`` contrast: darker under
    a light text, lighter under a dark one; itself where it does already (a selected result card's
    Highlight: Fusion's #308cc6 under white, 3.69:1)."""
    if contrast(text, background) >= least:
        return QColor(background)
    towards = (0.0, 0.0, 0.0) if luminance(over(text, background)) > luminance(background) else (1.0, 1.0, 1.0)
    shade = QColor(background)
    for step in range(1, 21):
        t = step / 20
        shade = QColor.fromRgbF(*(t * x + (1 - t) * y for x, y in zip(towards, background.getRgbF()[:3])))
        if contrast(text, shade) >= least:
            break
    return shade


def muted(palette: QPalette, group: QPalette.ColorGroup = QPalette.ColorGroup.Active, selected: bool = False,
          text: QPalette.ColorRole = QPalette.ColorRole.Text,
          background: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """The secondary text colour of ``palette``'s ``group``: its ``text`` on its ``background``
    (a list's rows: Text on Base), a selected row's HighlightedText on Highlight."""
    if selected:
        text, background = QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight
    return secondary(palette.color(group, text), palette.color(group, background))


def row_group(state) -> QPalette.ColorGroup:
    """The colour group a view paints a row of ``state`` (a QStyle.StateFlag) in, as if enabled:
    muted text is read, not a control that does nothing now."""
    active = bool(state & QStyle.StateFlag.State_Active)
    return QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive


def muted_rows(palette: QPalette) -> QPalette:
    """A copy of a view's ``palette`` whose Text and HighlightedText are ``muted`` (Active and
    Inactive): a row painted with it by the style reads quieter, selected or not."""
    palette = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        quiet, picked = muted(palette, group), muted(palette, group, selected=True)
        palette.setColor(group, QPalette.ColorRole.Text, quiet)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, picked)
    return palette
