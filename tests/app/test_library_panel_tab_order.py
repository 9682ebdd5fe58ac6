"""Tab into the library panel (from the search side, as in the window) reached the folders list,
"Add folder…" and "Remove" before "Re-scan", which stands at the panel's top beside its title: a
keyboard user went down the panel and then back up to its head. Now Tab goes as they read: Re-scan,
the folders list, Add folder…, Remove, then on out of the panel."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.library_panel import LibraryPanel


def _tab_order(start, end, named) -> list[str]:
    """The ``named`` widgets in the order Tab reaches them going from ``start`` to ``end``."""
    order, w = [], start.nextInFocusChain()
    while w is not end and w is not start:
        if w in named and named[w] not in order:
            order.append(named[w])
        w = w.nextInFocusChain()
    return order


def test_tab_goes_through_the_panel_top_to_bottom_left_to_right(show_view, tmp_path):
    window = QWidget()
    before, panel, after = QLineEdit(window), LibraryPanel(window), QLineEdit(window)
    layout = QVBoxLayout(window)
    for w in (before, panel, after):
        layout.addWidget(w)
    show_view(window, (320, 520))
    panel.set_folders([str(tmp_path)])
    named = {b: b.text() for b in panel.findChildren(QPushButton)}
    lst = panel.findChild(QListWidget)
    named[lst] = "list"
    # ("Finish indexing", under the list when an index stopped before it finished: hidden here, Tab skips it)
    assert _tab_order(before, after, named) == ["Re-scan", "list", "Finish indexing", "Add folder…", "Remove"]
    by_text = {t: b for b, t in named.items()}
    top = lambda w: w.mapTo(window, w.rect().topLeft())  # noqa: E731
    assert top(by_text["Re-scan"]).y() < top(lst).y() < top(by_text["Add folder…"]).y()  # (as they stand)
    assert top(by_text["Add folder…"]).y() == top(by_text["Remove"]).y()
    assert top(by_text["Add folder…"]).x() < top(by_text["Remove"]).x()
