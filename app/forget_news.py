"""``ForgetNews``: what the window says of a folder's removal that an earlier one left part-way
(Seekframe closed, or a full disk refused its last write: ``library.json``'s ``forgetting``,
``core.library.VideoLibrary.forget_folder``) once it is finished: by this window's writer open
(``VideoLibrary.forget_finished``), or, in a window read-only as another process writes, by that
process. Plain values, no Qt: ``app.status_reader`` asks it after each status read."""

from __future__ import annotations

from core.filenames import shown
from core.forget_words import removed_count, together


STATUS_READER = "status-reader"  # the objectName of app.status_reader's StatusReader, which holds the news


def finished_text(root: str, videos: int) -> str:
    """``videos``: a ``core.library.folder_forget.Removed`` says the files that could not be read that
    went too, as the removal's own message does (``core.forget_words.removed_count``)."""
    went = f": {removed_count(videos)} left it now" if videos or getattr(videos, "unread", 0) else ""
    return (f"Finished removing {shown(root)} from the library (an earlier removal had stopped part-way: "
            f"Seekframe closed, or the disk was full){went}. The files are untouched.")


def resumed_text(resumed) -> str:
    """Said of the folders this window's writer open removed as the rest of a forget of several that
    stopped part-way (``VideoLibrary.forget_resumed``: (folder, videos) each)."""
    one, named = len(resumed) == 1, ", ".join(shown(f) for f, _ in resumed)
    went = together(k for _, k in resumed)  # (``folder_forget.Removed``: the files no videos that went too)
    return (f"Removed {named} from the library ({removed_count(went)}): an earlier `seekframe forget` of several folders, "
            f"{'it' if one else 'them'} among them, had stopped part-way, and the rest of it is done now. The files "
            "are untouched.")


def finished_elsewhere_text(root: str) -> str:
    return (f"{shown(root)} is removed from the library now: the other Seekframe process finished removing it. "
            "The files are untouched.")


class ForgetNews:
    """Each finish said once: ``heard`` after each read of one open library (``reset`` at the next)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._finished: tuple[str, int] | None = None  # the handle's forget_finished last heard
        self._resumed: list | None = None  # the handle's forget_resumed last heard
        # finishes said one way, not to be said again the other (a read may see one before the other)
        self._by_open: set[str] = set()
        self._elsewhere: set[str] = set()
        self._told: set[str] = set()  # removals by another process said (here or by removed_elsewhere)

    def heard(self, before: str, now: str, finished: tuple[str, int] | None, by_other: bool, resumed=None) -> str:
        """What to say ('' nothing). ``before``, ``now``: the path whose removal was pending at the
        last read and at this one ('' none); ``finished``: the library handle's ``forget_finished``
        (a new one each time an open finished a removal); ``by_other``: the window is read-only
        because another process writes (only then is a removal gone meanwhile that one's doing: this
        window's own removals are said by its job runner); ``resumed``: the handle's ``forget_resumed``
        (the rest of a stopped forget of several folders, removed by its open), said after the finish."""
        said = self._heard(before, now, finished, by_other)
        if resumed and resumed is not self._resumed:
            self._resumed = resumed
            said = " ".join(filter(None, (said, resumed_text(resumed))))
        return said

    def _heard(self, before: str, now: str, finished, by_other: bool) -> str:
        if now:  # (pending again: its next finish is news)
            self._by_open.discard(now)
            self._elsewhere.discard(now)
            self._told.discard(now)
        if finished is not None and finished is not self._finished:
            self._finished = finished
            if finished[0] in self._elsewhere:
                self._elsewhere.discard(finished[0])
            else:
                self._by_open.add(finished[0])
                return finished_text(*finished)
        if before and not now and by_other:
            if before in self._by_open:
                self._by_open.discard(before)
            elif before not in self._told:
                self._elsewhere.add(before)
                self._told.add(before)
                return finished_elsewhere_text(before)
        return ""

    def removed_elsewhere(self, root: str) -> str:
        """What to say when this window's removal of ``root`` found it gone from the library: the
        other process removed it meanwhile ('' when a read said so already)."""
        if root in self._told:
            return ""
        self._told.add(root)
        self._elsewhere.add(root)
        return finished_elsewhere_text(root)
