"""The notices above the results that offer a way out with their button (the controllers decide
when they show): ``ModelNotice`` when the library's model does not know its videos, ``EarlierBuildNotice`` when
it searches with an earlier build of a bundled model (an upgrade rebuilt it), ``RepairNotice``
when the library's tables cannot be read (damaged: a repair; a read error of the moment: try
again), ``GoneNotice`` when its folder went away while open,
``FileNotice`` when the video in hand is gone or changed since it was indexed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from core.plural import count

from .file_state import problem_text
from .status_widgets import ActionBanner

def generated_model_text(named: str = "the demo model") -> str:
    """The notice's words for a model of the generated world, named as ``SessionStatus.model_named``
    (``core.model_choice.generated_model_named``: a student trained on that world is no demo model)."""
    return (f"This library uses {named}, which only knows generated shapes; switch to the "
            "real-footage model to search your videos by what they show.")


DEMO_MODEL_TEXT = generated_model_text()
REPAIR_TEXT = ("Part of this library cannot be read (a file of it damaged by a disk error or an interrupted "
               "copy). Repair sets what cannot be read aside, renamed, never deleted, and opens the library "
               "again; what it held is rebuilt from the rest (a re-scan embeds videos again where it must), "
               "your notes kept.")
# (a library that refuses writers, a read-only drive: said until the damage look names what is damaged)
REFUSED_TEXT = ("Part of this library cannot be read (a file of it damaged by a disk error or an interrupted copy), "
                "and the library cannot be written here (a read-only drive or folder), so nothing can put it right "
                "here: make the library's folder writable, then Try again. Or copy the library somewhere writable "
                "and start Seekframe with --library on the copy.")
# (a library given by URI, only ever read: where it can be put right)
URI_TEXT = ("Part of this library cannot be read (a file of it damaged by a disk error or an interrupted upload or "
            "copy), and the library is given as a URI, so it is only read here and nothing can put it right here: "
            "open the library's folder itself (start Seekframe with --library /path/to/library on a machine that has "
            "it), Repair library there, then upload the folder again and Try again.")
NOT_READ_NOW_TEXT = ("The library could not be read just now: an error of the disk, USB stick or network share it "
                     "is on (one that blipped, or was unplugged?), not damage. Nothing was changed and nothing needs "
                     "repairing: try again once the drive reads.")

TRY_AGAIN_TEXT = ("This window could not open the library to write: the rest of a removal that stopped part-way "
                  "could not be finished (what is left and why: in the message above). Searching works. Once its "
                  "cause is put right (a file's permission, a drive that answers again), Try again opens the "
                  "library to write, finishing the removal.")


class ModelNotice(ActionBanner):
    """The warning banner's look, with a button; ✕ hides it until the next library (``dismissed``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Switch to the real-footage model…", "Model notice", parent)

    def show_notice(self, named: str = "the demo model") -> None:
        self.show_message("warning", generated_model_text(named))


def earlier_build_text(build: str, now: str, videos: int) -> str:
    """The notice's words for a library on an earlier build of a bundled model (``app.earlier_build``)."""
    return (f"This library searches with an earlier build of the bundled model ({build}), the one its videos were "
            f"indexed with. Moving it to this version's build ({now}) indexes its {count(videos, 'video')} again; "
            "captions and notes are kept.")


class EarlierBuildNotice(ActionBanner):
    """A calm banner while the library is on an earlier build of a bundled model, its button the move
    (``triggered``: File › Model… on this version's build); ✕ hides it until the next library."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Move to this version's model…", "Earlier model build notice", parent)
        self.button.setToolTip("Choose this version's build of the bundled model: the library is indexed "
                               "again with it, captions and notes kept")

    def show_build(self, build: str, now: str, videos: int) -> None:
        self.show_message("info", earlier_build_text(build, now, videos))


class RepairNotice(ActionBanner):
    """An error banner shown while the library cannot be read: with "Repair library" (``triggered``)
    when its files are damaged (``show_notice``), with "Try again" (``again``: open it again) instead
    when a read failed with an error of the moment, which no repair puts right (``show_not_read_now``), the
    library refuses writers (``show_refused``: a read-only drive, where a repair would be refused), or
    the writer's open was refused for a cause the user may put right (``show_try_again``)."""

    again = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Repair library", "Repair notice", parent)
        self.button.setToolTip("Set aside the library's files that cannot be read (nothing is deleted), "
                               "then open the library again")
        self.again_button = QPushButton("Try again", self, visible=False)
        self.again_button.setToolTip("Open the library again: its files are read anew")
        self.again_button.clicked.connect(self.again.emit)
        self.layout().insertWidget(1, self.again_button, 0, Qt.AlignmentFlag.AlignVCenter)
        QWidget.setTabOrder(self.again_button, self.close_button)  # (✕ still last: ActionBanner)

    @property
    def not_read_now(self) -> bool:
        """Whether it shows a read error of the moment (its button: Try again)."""
        return self.again_button.isVisibleTo(self)

    def show_notice(self) -> None:
        self._show(REPAIR_TEXT, repair=True)

    def show_damage(self, text: str, repair: bool = True) -> None:
        """What is damaged, in ``seekframe status``'s words (``app.damage_look``), with Repair library
        (``repair``), else with Try again (a library that refuses writers: no repair can run)."""
        self._show(text, repair=repair)

    def show_refused(self, uri: bool = False) -> None:
        """Damaged where the library refuses writers: no repair can run there; Try again, once its
        folder is writable (``app.damage_look`` says what is damaged in its place), or, for a library
        given by URI (``uri``: only ever read), once its folder, repaired where it is one, is uploaded again."""
        self._show(URI_TEXT if uri else REFUSED_TEXT, repair=False)

    def show_not_read_now(self) -> None:
        self._show(NOT_READ_NOW_TEXT, repair=False)

    def show_try_again(self) -> None:
        """The writer's open refused for a cause the user may put right (``Session.retry_offered``):
        Try again opens the library again, as after a read error of the moment."""
        self._show(TRY_AGAIN_TEXT, repair=False)

    def _show(self, text: str, repair: bool) -> None:
        self.button.setVisible(repair)
        self.again_button.setVisible(not repair)
        self.show_message("error", text)


class GoneNotice(ActionBanner):
    """An error banner with "Open again" (``triggered``), shown while the library's folder is gone
    (``app.library_gone``); ``show_text('')`` hides it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Open again", "Library gone notice", parent)
        self.button.setToolTip("Open the library again where it was, once its folder is back")

    def show_text(self, text: str) -> None:
        if text:
            self.show_message("error", text)
        else:
            self.dismiss()


class FileNotice(ActionBanner):
    """A warning banner with "Re-scan its folder" (``triggered``), shown while the result in hand's
    file is gone or has changed since it was indexed (``app.file_state``); ``root``: that folder."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Re-scan its folder", "File notice", parent)
        self._tip = ("Index that folder again: files gone leave the library, changed ones are indexed as "
                     "they are now")
        self.root = ""
        self.path = ""

    def show_problem(self, result, state: str, doing: str = "", writable: bool = True, why_not: str = "") -> None:
        """What happened to ``result``'s file (``state``), when asked to do ``doing`` (``problem_text``);
        the button is off where the library cannot be written (``why_not``)."""
        self.path, self.root = result.path, getattr(result, "root", "")
        self.button.setEnabled(writable)
        self.button.setToolTip(why_not or self._tip)
        self.show_message("warning", problem_text(result, state, doing))
