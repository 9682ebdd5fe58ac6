"""What the window's banner says of an index a full disk stopped (``app.worker_messages.user_message``),
read from the library while its writer still holds it (``app.engine.events_as_writer``): the action the
library panel offers to go on, and whether the library holds any indexed video. The library's rows are
read once for both (before, each read them all again, on the failure's way to the banner)."""

from __future__ import annotations


def mark(exc: BaseException, library) -> None:
    """Mark ``exc``, a full disk's, with ``finish_offered`` (the panel offers Finish indexing: the banner
    names it, else Re-scan) and ``none_indexed`` (the library holds no indexed video: the banner says no
    video was indexed yet, not 'every video indexed before this is in it'; not during a model switch, whose
    videos all wait to be embedded again). Rows not read: neither (the usual words, and the Re-scan, which
    any state allows)."""
    exc.finish_offered = exc.none_indexed = False
    try:
        rows = library.video_table.all()
    except Exception:
        return
    exc.none_indexed = not any(v.status == "done" for v in rows) and not _switching(library)
    exc.finish_offered = finish_offered(library, rows)


def _switching(library) -> bool:
    """Whether a model switch is under way (``VideoLibrary.model_switch``): every video it held went back to
    pending, to be embedded with the new model, so none is done, yet the library is no new one holding
    none (said so, a library of a thousand videos was 'consistent but holds none'). Not read: taken as one."""
    try:
        return library.model_switch is not None
    except Exception:
        return True


def finish_offered(library, rows) -> bool:
    """Whether the library panel offers Finish indexing now: a stopped run left files in the library's
    folders (``session_status``' ``folder_stopped``), as a run a full disk stopped once its plan was
    recorded (whole, or in its room: ``core.run_room``); else only a Re-scan indexes the rest. ``rows``:
    the library's videos."""
    from core import stopped_runs

    try:
        settings = library.meta.settings
        return bool(stopped_runs.per_folder(stopped_runs.stopped(settings, rows), settings.folders or []))
    except Exception:  # (not read: the Re-scan)
        return False
