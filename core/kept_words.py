"""The words for videos a re-scan of one library folder removed and keeps a while by their content
(``core.library.gone_kept``, ``core.sync_gone``), should their file turn up in another of the
library's folders: what the CLI's run and ``seekframe status`` say, and the window's index strip and
library panel (the status bar's "Found …" says "no longer there" alone: said once). A whole re-scan, or a library of one folder, keeps nothing so: its
"removed" is said plain."""

from __future__ import annotations

from .library.gone_kept import MAX_AGE_S
from .plural import count

DAYS = int(MAX_AGE_S // 86400)


def _it(n: int) -> tuple[str, str, str]:
    """(it, its, turns) or (they, their, turn)."""
    return ("it", "its", "turns") if n == 1 else ("they", "their", "turn")


def run_text(kept: int, removed: int) -> str:
    """The CLI run's line under its "Found …" (``core.progress``): of the ``removed``, the ``kept``."""
    it, its, turns = _it(kept)
    who = (("It is" if kept == 1 else "They are") if kept >= removed
           else f"{kept} of them {'is' if kept == 1 else 'are'}")
    return (f"  {who} kept by {its} content for up to {DAYS} days, in case {it} {turns} up in another of the "
            f"library's folders: a re-scan of that folder brings {'it' if kept == 1 else 'them'} back with "
            f"{its} moments and notes. Until then {it} {'is' if kept == 1 else 'are'} not searchable; a re-scan "
            "of the whole library lets go of those it does not find.")


def note_text(kept: int, removed: int) -> str:
    """The window's words in the brackets after "N removed" (``app.index_panel``, ``app.run_words``):
    "no longer there", and of those kept, what brings them back."""
    it, its, turns = _it(kept)
    who = "" if kept >= removed else f"{kept} of them "
    return (f"no longer there; {who}kept by {its} content for up to {DAYS} days in case {it} {turns} up in "
            f"another library folder: a re-scan of that folder brings {'it' if kept == 1 else 'them'} back")


def status_text(kept: int) -> str:
    """``seekframe status``'s line, and the window's library panel's, for ``kept`` > 0 videos so kept."""
    it, its, turns = _it(kept)
    return (f"Kept by content: {count(kept, 'video')} a re-scan of one folder removed, kept for up to {DAYS} days "
            f"in case {it} {turns} up in another of the library's folders; not searchable until a re-scan of "
            f"that folder finds {'it' if kept == 1 else 'them'} there.")
