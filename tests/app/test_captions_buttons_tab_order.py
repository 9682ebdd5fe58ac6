"""Tab through the captions panel reached "Import captions…" before "Add note…", which stands left of
it (and above it in a narrow window): a keyboard user went right to left. Now Tab goes from the list
to "Add note…", then "Import captions…", as they read."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from app.captions_panel import CaptionsPanel


def _tab_order(panel) -> list[str]:
    """The panel's buttons in the order Tab reaches them, from its captions list."""
    buttons = {b: b.text() for b in panel.findChildren(QPushButton)}
    order, w = [], panel._tree.nextInFocusChain()
    while w is not panel._tree and len(order) < len(buttons):
        if w in buttons and buttons[w] not in order:
            order.append(buttons[w])
        w = w.nextInFocusChain()
    return order


def test_tab_reaches_add_note_before_import_captions(show_view):
    panel = show_view(CaptionsPanel(), (420, 500))
    assert _tab_order(panel) == ["Add note…", "Import captions…"]
    note, imp = (next(b for b in panel.findChildren(QPushButton) if b.text() == t)
                 for t in ("Add note…", "Import captions…"))
    assert note.x() < imp.x() or note.y() < imp.y()  # (as they stand: the first left of or above the other)
