"""A library opened for the window (``open_library``, in the opening worker: ``app.engine.OpenRun``):
the writer's handle, else a read-only one with why it is read-only, a writer's open refused said in
the window's words (its repair notice's buttons, the window's re-scan), not the CLI's commands."""

from __future__ import annotations

from core.errors import LibraryError, LibraryLockedError, SeekframeError, is_disk_full, refused_notes

from .open_notes import keep_refused


def open_library(library_dir: str):
    """(library, read_only, problem): the writer's handle, else a read-only one, with why when it
    is not only that another process writes it (a URI library, or one that refuses writers). A
    writer's open refused after it put things right (a cut data file taken out, versions set
    aside) leaves its notes to the read-only handle (``core.errors.refused_notes`` of its refusal:
    ``open_notes.keep_refused``)."""
    from core.library import VideoLibrary
    from core.paths import is_uri

    if is_uri(library_dir):
        from core.library.location import read_only_message

        return VideoLibrary(library_dir, read_only=True), True, read_only_message(library_dir)

    def reader(refused: BaseException) -> VideoLibrary:  # (what the refused open did is done: said by it)
        library = VideoLibrary(library_dir, read_only=True)
        keep_refused(library, refused_notes(refused))
        return library

    try:
        return VideoLibrary(library_dir), False, ""
    except LibraryLockedError as exc:
        return reader(exc), True, ""
    except OSError as exc:  # a removal left part-way that a full disk still keeps its writer's open from finishing
        if not is_disk_full(exc):
            raise
        library = reader(exc)
        if not library.meta.forgetting:
            library.close()
            raise
        return library, True, removal_waits_text(library.meta.forgetting)
    except LibraryError as exc:  # searchable, not writable: open it to read and say why
        try:
            library = reader(exc)
            library.refused_damaged = getattr(exc, "damaged", False)  # (its repair offered: OpenRun.steps)
            library.refused_retry = retry_offered(exc)  # (a try again offered: OpenRun.steps)
            return library, True, window_words(exc)
        except SeekframeError:  # not even readable (a folder that cannot be created): the writer's why
            raise exc from None


REPAIR_WORDS = "Repair library (below)"  # (as app.workers says a damaged library: the repair notice's button)


TRY_AGAIN_WORDS = "Try again below"  # (the repair notice's other button: app.model_notice.RepairNotice.show_try_again)


def retry_offered(exc: BaseException) -> bool:
    """Whether the writer's open refused with ``exc`` may succeed once the user puts its cause right
    (the rest of a stopped removal not removed for a file refused, a drive that did not answer: no
    damage, which a repair is offered for): the window offers to try again (``OpenRun.steps``)."""
    from core.library.forget_request import ResumeFailed

    return isinstance(exc, ResumeFailed) and not exc.damaged


def window_words(exc: BaseException) -> str:
    """``exc``, a writer's open refused, in the window's words: the rest of a stopped removal that could not
    be removed (``core.library.forget_request.ResumeFailed``) names the window's repair and re-scan, not the
    CLI's commands (its repair notice shown: ``OpenRun.steps``), or its try again (after a file made writable
    too); another error its own words."""
    from core.library.forget_request import ResumeFailed

    if isinstance(exc, ResumeFailed):
        again, retry = "opening it again in Seekframe, or any `seekframe index`", retry_offered(exc)
        return exc.said(repair=REPAIR_WORDS, index="re-scan", again=f"{TRY_AGAIN_WORDS}, {again}" if retry else again,
                        then=f"use {TRY_AGAIN_WORDS}" if retry else "open the library again in Seekframe")
    return str(exc)


def removal_waits_text(folder: str) -> str:
    from core.filenames import shown

    return (f"The library is open read-only: the disk holding it is full, and the removal of {shown(folder)}, "
            "which stopped part-way, waits to be finished (its videos are no longer searched). Searching works. "
            "Free some space (or raise the limit): within a few seconds of that the window finishes the removal "
            "and can write the library again.")
