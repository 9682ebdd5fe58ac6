"""What the session's last status read says of a folder's removal, for ``app.job_runner``: whether
the window knows the folder as in the library (``listed``: one it never knew is refused, not taken
for another process's removal), the folders a removal keeping those it took in keeps (``kept``),
and the removal done in words (``done_text``: ``run_words.removal_done_text``, with the status
reader's news of a removal another process finished)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from .forget_news import STATUS_READER, finished_elsewhere_text
from .run_words import removal_done_text


def listed(session: QObject, folder: str) -> bool:
    """Whether the status read last knows ``folder`` as in the library (is, is in or holds one
    of its folders, not those on their way; no status reader: taken as known). Before the library's
    first read, not known: the window lists no library folder then, only folders on their way, whose
    removal is said as of a folder not in the library yet (one the library holds all the same is
    removed as any, ``engine.forget_folder``), but for those of a run a closed window left
    (``IndexResume.runs_named``): the library's, as far as it knows, another process's removal of which is
    said as such."""
    from core.scan import is_under

    status = getattr(session.findChild(QObject, STATUS_READER), "status", None)
    if status is not None and not status.opened:
        resume = getattr(session, "resume", None)
        return resume is not None and resume.runs_named(folder)
    return status is None or any(is_under(f, folder) or is_under(folder, f) for f in status.folders)


def kept(session: QObject, folder: str) -> tuple[str, ...]:
    """The folders a removal of ``folder`` keeping those taken in keeps (as far as the status
    read last knows: ``core.forgetting.kept_folders`` decides)."""
    from core.scan import is_under

    took_in = getattr(getattr(session, "status", None), "took_in", ())
    return tuple(k for f, took in took_in if is_under(f, folder) for k, _videos in took)


def done_text(session: QObject, n: int | None, folder: str, kept: bool = False, dropped: tuple[str, ...] = (),
              new: bool = False, same: tuple[str, ...] = ()) -> str:
    """A removal done, in words (``run_words.removal_done_text``): ``n`` videos went, or None (another
    process removed it meanwhile: the status reader, a sibling found by its name, says that once);
    ``same``: those of ``dropped`` that are ``folder`` itself through a link."""
    reader = session.findChild(QObject, STATUS_READER)
    elsewhere = reader.removed_elsewhere if reader is not None else finished_elsewhere_text
    return removal_done_text(n, folder, kept, dropped, new, elsewhere, same)
