"""A library's files the storage engine (LanceDB), or ``library.json``'s read, could not read or was
refused: why (``unread_kind``, the one rule a front end follows to offer a repair or a try again:
damage a repair sets aside, a read of the moment, files refused) and what to tell the user
(``damaged_library_message``, in the front end's words for its repair and index)."""

from __future__ import annotations

import logging
import re
import shlex

from .errors import DamagedDescriptionError, DamagedTableError, is_disk_full

_DAMAGED_TABLE = re.compile(r"([A-Za-z_]+)\.lance\b")
# where in the storage engine's source (its compiler's or its crates' paths): nothing a user can use
_RUST_SOURCE = re.compile(r",?\s*(?:/rustc/\S+|\S+\.rs:\d+(?::\d+)?)")
_DENIED = re.compile(r"permission denied|os error 13\b|read-only file system|os error 30\b|operation not permitted|"
                     r"os error 1\b", re.IGNORECASE)  # (EACCES, EROFS, EPERM: ``errors._REFUSED``'s, as the engine words them)


def engine_text(text: str) -> str:
    """The first line of a storage engine's error, without where in its source it was raised."""
    text = str(text).strip()
    return _RUST_SOURCE.sub("", text.splitlines()[0])[:300] if text else ""


_GONE = re.compile(r"not found|no such file|os error 2\b|does not exist", re.IGNORECASE)
log = logging.getLogger("seekframe.library")


def plain_why(text: str) -> str:
    """What a storage engine's error (``lance error: LanceError(IO): Generic … Wrapped error: …``)
    says of a table, in a few plain words for the user; its own text goes to the log (the app's
    log file), for whoever looks into it."""
    if text := str(text).strip():
        log.info("the storage engine could not read a table: %s", text)
    return "a file is missing" if _GONE.search(text) else "a file cannot be read"


def denied_why(text: str) -> str:
    """What the system refused the storage engine, in plain words; the engine's own text (``lance error:
    LanceError(IO): Permission denied (os error 13) at path "…/data/.tmpCn6RtZ", /root/.cargo/…``,
    said whole before) to the log."""
    log.info("the storage engine was refused a library file: %s", text)
    return ("its drive is read-only" if re.search(r"read-only file system|os error 30\b", text, re.IGNORECASE) else
            "operation not permitted" if re.search(r"operation not permitted|os error 1\b", text, re.IGNORECASE)
            else "permission denied")


def _chown(where) -> str:
    """The command that gives the library's files back, for the folder ``where`` (the window names none:
    it said `sudo chown -R "$USER" LIBRARY`, a word to type that is no folder)."""
    return (f'`sudo chown -R "$USER" {shlex.quote(str(where))}`' if where else  # (quoted: a space in it,
            '`sudo chown -R "$USER"` on the library\'s folder')  # as macOS's "Application Support", split it in two)


def is_denied(exc: BaseException) -> bool:
    """Whether the storage engine was refused the library's files (another user's, a read-only
    disk): ``damaged_library_message`` says so, and no repair is offered."""
    return bool(_DENIED.search(str(exc))) and ("lance error" in str(exc).lower() or "LanceError" in str(exc))


def damaged_library_message(exc: BaseException, where=None, repair: str = "`seekframe repair`",
                            index: str = "`seekframe index`", tables=None, refused: str = "") -> str | None:
    """What to tell a user whose library's files the storage engine (LanceDB) could not read: a
    data file or a version cut short or gone (a disk error, a copy interrupted, a file changed
    by hand); None for an error that is not one of those. ``repair``, ``index``: how the user
    repairs and indexes (the CLI's commands, the app's buttons); ``tables``: the tables found
    unreadable (``core.library.repair.unreadable_tables``), when the error does not name them;
    ``refused``: where the library refuses writers (a read-only drive), why ``repair`` cannot run
    there and what to do first (``damage_text.refused_text``), said instead of offering it."""
    text = str(exc)
    if (kind := unread_kind(exc)) == NOT_READ_NOW:
        return _not_read_now(exc, text, where)
    if kind == DENIED and isinstance(exc, DamagedDescriptionError):  # (its read refused: no damage)
        return (f"the library{f' at {where}' if where else ''} cannot be read: {_description_why(exc)}. Its files "
                f"may belong to another user (a `sudo seekframe …` run?): give them back to you (e.g. {_chown(where)}) "
                "or use another library. Nothing is damaged.")
    if isinstance(exc, DamagedDescriptionError):
        return (f"the library{f' at {where}' if where else ''} cannot be read: its description "
                f"library.json is damaged ({exc.detail}). Your videos, vectors and notes are untouched. " + (
                    f"{refused} Or restore library.json from a backup." if refused else
                    f"{repair} sets the file aside and rebuilds it from the tables (its folders from the "
                    "videos' rows, its model from the vectors); or restore library.json from a backup."))
    if isinstance(exc, DamagedTableError):
        what, first = (f"its {exc.table} table is" if exc.table else "its tables are"), exc.detail
    elif not kind:
        return None
    elif kind == DENIED:  # (no damage: files another user owns, a read-only disk; repair cannot help)
        at = f" at {where}" if where else ""
        return (f"the library{at} cannot be written ({denied_why(text)}). Its files may belong to another "
                "user (a `sudo seekframe …` run?) or be on a read-only disk: give them back to you (e.g. "
                f"{_chown(where)}) or use another library. Nothing is damaged.")
    else:
        table = _DAMAGED_TABLE.search(text)
        named = [table.group(1)] if table else sorted(tables or ())
        what = ("its tables are" if not named else f"its {named[0]} table is" if len(named) == 1
                else f"its {' and '.join(named)} tables are")
        first = plain_why(text)
    at = f" at {where}" if where else ""
    if refused:
        return (f"the library{at} cannot be read: {what} damaged ({first}). Your videos are untouched. "
                f"{refused} Or restore the library folder from a backup.")
    return (f"the library{at} cannot be read: {what} damaged ({first}). Your videos are "
            f"untouched. {repair} sets what cannot be read aside and says what the next "
            f"{index} does (for the moments: embeds the videos again, your notes kept); or "
            "restore the library folder from a backup.")


NOT_READ_NOW, DAMAGED_FILES, DENIED = "not read now", "damaged", "denied"  # unread_kind's answers


def _engine_error(exc: BaseException) -> bool:
    """Whether ``exc`` is the storage engine's (LanceDB's) error."""
    return isinstance(exc, (RuntimeError, OSError, ValueError)) and (
        "lance error" in str(exc).lower() or "LanceError" in str(exc))


def unread_kind(exc: BaseException) -> str:
    """Why the library's files could not be read or written, when ``exc`` says (what
    ``damaged_library_message`` tells; '' an error of another kind, for which it says nothing):

    - ``NOT_READ_NOW``: a read failed with an error of the moment (``core.momentary.is_momentary``:
      EIO, ESTALE, a share not connected), or another OS error that says nothing of what the file
      holds (``core.momentary.says_nothing``, the rule ``seekframe repair`` keeps: it refuses such a
      read, setting nothing aside), no damage it shows: nothing to repair, try again;
    - ``DAMAGED_FILES``: a table or ``library.json`` cut short, bad bytes, a file gone: a repair sets
      it aside (``core.library.repair``);
    - ``DENIED``: the files refused (another user's, a read-only disk): nothing damaged, no repair.

    The one rule a front end follows to offer a repair, or a try again, for what the engine raised."""
    from .momentary import is_momentary, says_nothing

    if isinstance(exc, DamagedDescriptionError):  # (its OS error, when its read failed: its context)
        cause = exc.__context__
        if cause is None or not says_nothing(cause):
            return DAMAGED_FILES
        return DENIED if not is_momentary(cause) and _DENIED.search(str(cause)) else NOT_READ_NOW
    if isinstance(exc, DamagedTableError):
        return DAMAGED_FILES
    if not _engine_error(exc):
        return ""
    text = str(exc)
    return (NOT_READ_NOW if is_momentary(text) else DENIED if _DENIED.search(text)
            else NOT_READ_NOW if says_nothing(text) and not is_disk_full(exc) else DAMAGED_FILES)


def _not_read_now(exc: BaseException, text: str, where) -> str:
    """``damaged_library_message``'s word on a library file the storage engine (or ``library.json``'s
    read) could not read for an error of the moment (``unread_kind``'s ``NOT_READ_NOW``), which is
    no damage it shows: nothing to repair, try again."""
    from .momentary import brief

    if isinstance(exc, DamagedDescriptionError):
        why = _description_why(exc)
    else:
        why = brief(text) or engine_text(text)
    return (f"the library{f' at {where}' if where else ''} could not be read just now ({why}): an error of the "
            "disk or network share it is on (one that blipped, or unplugged?), not damage it shows. Nothing "
            "was changed; try again once the drive reads.")


def _description_why(exc: DamagedDescriptionError) -> str:
    """"library.json: ERROR", the OS error under ``exc`` (its read's, or a description's read's)."""
    cause, seen = exc.__context__, set()
    while isinstance(cause.__context__, BaseException) and not isinstance(cause, OSError) and id(cause) not in seen:
        seen.add(id(cause))
        cause = cause.__context__
    return f"library.json: {getattr(cause, 'strerror', None) or cause}"
