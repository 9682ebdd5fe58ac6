"""``app.demo_library.add_once_open``: a folder chosen while the library opens is added once it is."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.demo_library import add_once_open


class _Session(QObject):
    opened = Signal(str, bool)

    def __init__(self, is_open: bool):
        super().__init__()
        self.is_open, self.added = is_open, []

    def add_folder(self, folder) -> None:
        self.added.append(folder)


def test_a_folder_is_added_now_or_once_when_the_library_opens(qapp):
    now = _Session(is_open=True)
    add_once_open(now, "/videos")
    assert now.added == ["/videos"]

    later = _Session(is_open=False)
    add_once_open(later, "/videos")
    assert later.added == []
    later.opened.emit("/lib", False)
    later.opened.emit("/other-lib", False)  # a library opened after that one gets nothing more
    assert later.added == ["/videos"]
