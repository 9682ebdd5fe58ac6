"""What ``seekframe status`` says of a damaged library, said in the window too: a table whose
newest version file is gone reads as the version before without a word (an empty or smaller
library), and one whose file cannot be read fails only once a search or a re-scan reads it. Once
the library opens, and after work failed as its tables cannot be read, ``core.library.repair.
damaged_tables`` looks in a worker (its files read, off the GUI thread) and what it finds is said
in the repair notice with the CLI's words (``damaged_text``), the window's button and re-scan
named in them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from .workers import Task

REPAIR_WORDS = "Repair library"  # (the repair notice's button)
INDEX_WORDS = "the next re-scan"


def damage_words(library_dir: str) -> str:
    """What is damaged in the library at ``library_dir`` and the way out, '' when nothing is (a
    read error of the moment is no damage: the window says those as they happen; a moments data
    file cut short is taken out by the writer's open)."""
    from core.library.repair import Cut, Momentary, damaged_tables, damaged_text

    found = {table: why for table, why in damaged_tables(library_dir).items()
             if not isinstance(why, (Momentary, Cut))}
    return damaged_text(found, repair=REPAIR_WORDS, index=INDEX_WORDS) if found else ""


class DamageLook(QObject):
    """``check()`` looks at the session's library in a worker; ``found(text)`` when it is damaged."""

    found = Signal(str)

    def __init__(self, session):
        super().__init__(session)
        self.session = session

    def check(self, *_args) -> None:
        s = self.session
        root = s.library_dir
        if not root or "://" in str(root):  # (a library given by URI: its files are not read here)
            return
        s.start_worker(Task(damage_words, root, name="damage-look"), report_failure=False,
                       done=lambda text: self._done(root, text))

    def _done(self, root: str, text: str) -> None:
        if text and root == self.session.library_dir:
            self.found.emit(text)
