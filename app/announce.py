"""``announce``: words a screen reader says without its focus moving (a search's answer, a notice
appearing). Nothing said them: a user who cannot see the window heard nothing when the results
came, nor when a notice (a file gone, a library to repair) showed above them.

Qt 6.8 and later: an announcement event (``QAccessibleAnnouncementEvent``; polite: said after what
is being said; urgent: at once). Older Qt (Seekframe runs on 6.6 and later): the widget's
accessible description takes the words (Qt sends a description change, which screen readers
follow as a live region's), so the caller names a widget whose description may say the latest
news."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str, urgent: bool = False) -> None:
    """Have a screen reader say ``text`` about ``widget`` (nothing for no text)."""
    if not text:
        return
    event_type = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_type is None:  # (Qt before 6.8)
        widget.setAccessibleDescription(text)
        return
    event = event_type(widget, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
    QAccessible.updateAccessibility(event)
