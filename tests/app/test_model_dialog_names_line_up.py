"""The model dialog's list: every model's name starts at the same place. The model in use has a
check mark and a hub model to download an arrow; the others had no icon, so their text started an
icon's width further left than the rest (seen in screenshots: "Seekframe demo model" out of line
between the bundled model in use and the CLIP models)."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from app.model_dialog import ModelDialog, ModelEntry, known_hub_models

REAL = "/app/resources/models/real"


def text_left(view, row: int) -> int:
    """Where the style draws row ``row``'s text (the item's rect, its icon's room taken)."""
    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    view.itemDelegate().initStyleOption(option, index)
    return view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view).left()


def test_every_models_name_starts_where_the_others_do(qtbot):
    entries = [ModelEntry("bundled", REAL, "Seekframe everyday scenes (bundled)", "for your own videos"),
               ModelEntry("demo", "/app/resources/models/demo", "Seekframe demo model", "for the demo clips"),
               ModelEntry("exported", "/home/me/models/student", "student-2024", "trained 2024-05-01"),
               *known_hub_models()]
    dialog = ModelDialog(entries, REAL, 9)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog._list
    assert view.count() == len(entries) and any(e.needs_download for e in entries)
    lefts = {view.item(row).text().split("\n")[0]: text_left(view, row) for row in range(view.count())}
    assert len(set(lefts.values())) == 1, lefts
