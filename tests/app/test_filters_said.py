"""The search's filters as a screen reader meets them: each box was read without a name (the
duration and date boxes as bare spin boxes, "any"; the folder box by its value alone, "All
folders"), the words before it on the row never tied to it. Each is now labelled by them (its
buddy: the name where a platform takes it, the label relation AT-SPI reads), the second box of a
row named whole ("Duration to", not "to")."""

from __future__ import annotations

from PySide6.QtGui import QAccessible

from app.filters_row import FiltersRow


def spoken(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def labelled_by(widget) -> list[str]:
    return [other.text(QAccessible.Text.Name)
            for other, _ in QAccessible.queryAccessibleInterface(widget).relations(QAccessible.Relation.Label)]


def test_every_filter_is_said_by_what_it_filters(show_view):
    row = show_view(FiltersRow(), (600, 200))
    assert labelled_by(row.folder_combo) == ["Folder"]
    said = {box: spoken(box) for box in (row.min_duration, row.max_duration, row.after, row.before)}
    assert list(said.values()) == ["Duration from", "Duration to", "Modified after", "Modified before"], said
    assert labelled_by(row.max_duration) == ["to"] and labelled_by(row.after) == ["Modified after"]
