"""What ``seekframe status`` says of a damaged library, said in the window too: a table whose
newest version file is gone reads as the version before without a word (an empty or smaller
library), and one whose file cannot be read fails only once a search or a re-scan reads it. Once
the library opens, and after work failed as its tables cannot be read, ``core.library.repair.
damaged_tables`` looks in a worker (its files read, off the GUI thread) and what it finds is said
in the repair notice with the CLI's words (``damaged_text``), the window's button and re-scan
named in them; in a library that refuses writers (a read-only drive: no open there takes a moments
data file cut short out, and a repair would be refused) with what to do first and Try again."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from .workers import Task

REPAIR_WORDS = "Repair library"  # (the repair notice's button)
INDEX_WORDS = "the next re-scan"
# (a moments data file cut short in a library that refuses writers: nothing here can take it out)
# (the window opens no other library: a copy is opened by starting it on one, as library_look says)
UNWRITABLE_WORDS = ("make the library's folder writable, then Try again: opening it takes them out, keeps the rest "
                    "and embeds again only the videos they were of. Or copy the library somewhere writable and "
                    "start Seekframe with --library on the copy.")
# (other damage there: a repair is refused until the folder is writable)
REFUSED_WORDS = ("make the library's folder writable, then Try again: once it opens writable, Repair library is "
                 "offered. Or copy the library somewhere writable and start Seekframe with --library on the copy.")


def damage_words(library_dir: str) -> str:
    """``look``'s words alone."""
    return look(library_dir)[0]


def look(library_dir: str) -> tuple[str, bool]:
    """What is damaged in the library at ``library_dir`` and the way out, '' when nothing is (a
    read error of the moment is no damage: the window says those as they happen; a moments data
    file cut short is taken out by the writer's open, but where the library refuses writers, a
    read-only drive, where it is said with what to do first); and whether Repair library is the way
    out (else Try again, once the folder is writable)."""
    from core.library.damage_text import Found
    from core.library.repair import Cut, Momentary, damaged_tables, damaged_text

    damaged = damaged_tables(library_dir)
    found = Found({table: why for table, why in damaged.items()
                   if not isinstance(why, Momentary) and not (isinstance(why, Cut) and not why.unwritable)},
                  damaged.unwritable)  # (a read-only drive: no repair can run there)
    repairable = not found.unwritable and not any(isinstance(why, Cut) for why in found.values())
    return (damaged_text(found, repair=REPAIR_WORDS, index=INDEX_WORDS, unwritable=UNWRITABLE_WORDS,
                         refused=REFUSED_WORDS) if found else "", repairable)


class DamageLook(QObject):
    """``check()`` looks at the session's library in a worker; ``found(text)`` when it is damaged."""

    found = Signal(str, bool)  # (its words, whether Repair library is the way out: else Try again)

    def __init__(self, session):
        super().__init__(session)
        self.session = session

    def check(self, *_args) -> None:
        s = self.session
        root = s.library_dir
        if not root or "://" in str(root):  # (a library given by URI: its files are not read here)
            return
        s.start_worker(Task(look, root, name="damage-look"), report_failure=False,
                       done=lambda said: self._done(root, *said))

    def _done(self, root: str, text: str, repairable: bool) -> None:
        if text and root == self.session.library_dir:
            self.found.emit(text, repairable)
