"""A folder row whose folders above it were cut to a bare "…" read "…Birthday parties 01  ·  1 video"
in a 236 px dock: the folder's own name seemingly cut at its start. The folders above are now said
as "…/" ("…/Birthday parties 01"), or left out where even that does not fit beside the whole name."""

from __future__ import annotations

from PySide6.QtWidgets import QStyleOptionViewItem

from app.library_panel import LibraryPanel

FOLDER = "/tmp/a_clips/Birthday parties 01"


def shown_at(qtbot, show_view, width: int) -> str:
    panel = show_view(LibraryPanel(), (width, 300))
    panel.set_folders([FOLDER], counts={FOLDER: 1})
    view = panel._list
    qtbot.waitUntil(lambda: view.isVisible() and view.visualRect(view.model().index(0, 0)).width() > 0,
                    timeout=10_000)
    index = view.model().index(0, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    view.itemDelegate().initStyleOption(option, index)
    return option.text


def test_the_folders_above_are_never_a_bare_ellipsis_before_the_name(qtbot, show_view):
    texts = {shown_at(qtbot, show_view, width) for width in range(180, 300, 4)}
    cut = [t for t in texts if t != FOLDER + "  ·  1 video"]
    assert cut  # (some widths had to cut the row)
    for text in cut:
        assert not text.startswith("…B"), text
        assert text.endswith("Birthday parties 01  ·  1 video") or "…" in text.split("  ·  ")[0], text
