"""``app.demo_library.add_once_open``: a folder chosen while the library opens is added once it is (its open
taken in wholly: not inside ``opened``, ``tests/app/test_demo_open_order.py``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.demo_library import add_once_open


class _Session(QObject):
    opened = Signal(str, bool)

    def __init__(self, is_open: bool):
        super().__init__()
        self.is_open, self.added, self.library_dir = is_open, [], ""

    def add_folder(self, folder) -> None:
        self.added.append(folder)


def test_a_folder_is_added_now_or_once_when_the_library_opens(qapp):
    now = _Session(is_open=True)
    add_once_open(now, "/videos")
    assert now.added == ["/videos"]

    later = _Session(is_open=False)
    add_once_open(later, "/videos")
    assert later.added == []
    later.library_dir = "/lib"
    later.opened.emit("/lib", False)
    assert later.added == []  # (not inside opened: the open's other steps come first)
    later.opened.emit("/other-lib", False)  # a library opened after that one gets nothing more
    qapp.processEvents()
    assert later.added == ["/videos"]
    qapp.processEvents()
    assert later.added == ["/videos"]

    switched = _Session(is_open=False)
    add_once_open(switched, "/videos")
    switched.library_dir = "/lib"
    switched.opened.emit("/lib", False)
    switched.library_dir = "/other-lib"  # (another library opened before the add came: not into that one)
    qapp.processEvents()
    assert switched.added == []
