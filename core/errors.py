"""Typed errors of the engine. Every error a user can cause carries a message meant for them."""

from __future__ import annotations

import errno
import os
from pathlib import Path


class SeekframeError(Exception):
    """Base class: the message is written for the person using Seekframe."""


# a failure's kind, for code that acts on what failed (never on the words, which may be reworded)
NOT_FOUND = "not_found"  # the file is not at its path on this machine


class Reason(str):
    """A failure's words (a ``str``, recorded and shown as such) with its ``kind`` (``NOT_FOUND`` or
    ""), which crosses a decode process's pipe and a Ray worker's row with them."""

    kind: str

    def __new__(cls, words: str, kind: str = ""):
        self = super().__new__(cls, words)
        self.kind = kind
        return self


class MediaError(SeekframeError):
    """A video could not be read. ``reason`` is a short human-readable cause, a :class:`Reason`
    where ``kind`` is given."""

    def __init__(self, path: str | Path, reason: str, kind: str = ""):
        self.path = str(path)
        self.kind = kind or getattr(reason, "kind", "")
        self.reason = Reason(reason, self.kind) if self.kind else reason
        super().__init__(f"{self.path}: {reason}")


class CutShort(MediaError):
    """A video that ends clearly before the length its header claims (a download or copy that did
    not finish, a recording that stopped): what plays, up to ``plays_s`` of ``claimed_s``
    seconds, can still be indexed (``core.moments.MomentSegmenter`` does, and says so)."""

    def __init__(self, path: str | Path, reason: str, plays_s: float, claimed_s: float):
        super().__init__(path, reason)
        self.plays_s, self.claimed_s = float(plays_s), float(claimed_s)

    def note(self) -> str:
        """What a video indexed this far says about itself (``VideoRecord.error`` of a done video)."""
        plays = f"{self.plays_s:.2f}" if 0 < self.plays_s < 0.095 else f"{self.plays_s:.1f}"  # (a frame or two: not "0.0 s")
        return (f"cut short: plays {plays} s of the {self.claimed_s:.1f} s its header claims; "
                "indexed as far as it plays")


class Damaged(CutShort):
    """A video whose decoder rejected some packets after its first frame (bad sectors, a flaky card,
    a copy with holes): skipped, as players skip them, and the rest indexed; said with how many and
    where. Raised once its moments are made, like :class:`CutShort` (``plays_s`` its whole length)."""

    def __init__(self, path: str | Path, bad: int, where: str, length_s: float):
        packets = f"{bad} packet{'' if bad == 1 else 's'}"
        super().__init__(path, f"damaged: {packets} could not be decoded ({where})", length_s, length_s)
        self.bad, self.where = bad, where

    @classmethod
    def at(cls, path, times, length_s: float) -> "Damaged":
        """Damage at ``times`` (seconds, one per packet rejected), said as a span."""
        from core.timefmt import format_time

        first, last = min(times), max(times)
        where = f"at {format_time(first)}" if last - first < 1.0 else f"from {format_time(first)} to {format_time(last)}"
        return cls(path, len(times), where, length_s)

    def note(self) -> str:
        return f"{self.reason}; the rest is indexed"


DAMAGED = "damaged: "  # how the note of a video indexed around its damage starts


def is_damage_note(note: str) -> bool:
    """Whether a done video's note says it was damaged (else it was cut short)."""
    return str(note).startswith(DAMAGED)


NOT_A_VIDEO = "not a video: "  # how the reason of a file that holds no video starts (audio only)


def is_not_video(reason: str) -> bool:
    """Whether a recorded failure says the file is no video (a voice memo or a song saved as .mp4):
    reported with the files the scan skipped, not as a failure."""
    return str(reason).startswith(NOT_A_VIDEO) or str(reason).endswith("no video track (audio only)")  # (as recorded before)


# An earlier version's words (up to 7f5c30d) for any file FFmpeg could not open whose first bytes it did not
# know: a text file saved under a video's name among them, which is skipped as not a video now, no failure.
EARLIER_UNKNOWN = "not a video file or unsupported format"


def failed_earlier(rec, reader: int) -> bool:
    """Whether the failed video ``rec`` was failed by an earlier reader than ``reader`` (this code's
    ``video_info.READER``), so the next run tries it again (``core.sync``'s retry, said by ``seekframe
    status``), unless it hung (a hang costs the whole bound again): its record's reader an older one, or its
    reason words only an earlier version recorded (``EARLIER_UNKNOWN``: looked at once, a text file then
    recorded as not a video, an unknown format under this version's words, ``core.unopenable.UNKNOWN``)."""
    return (rec.reader < reader or str(rec.error) == EARLIER_UNKNOWN) and not is_hang(rec.error)


EMPTY_REASON = "empty file"  # the reader's reason for a file of 0 bytes
EMPTY_FILE = NOT_A_VIDEO + "an empty file (still being copied or downloaded?)"  # as the library records it


def not_video_kind(reason: str) -> str:
    """What a file ``is_not_video`` says it is, as the scan counts skipped files: "image",
    "text file", "empty file" or "audio file"."""
    if str(reason).startswith(NOT_A_VIDEO + "an image"):
        return "image"
    if str(reason).startswith(NOT_A_VIDEO + "a text file"):
        return "text file"
    return "empty file" if str(reason) == EMPTY_FILE else "audio file"


class DecodeTimeout(MediaError):
    """Decoding took longer than the allowed time (a hung or pathological file)."""


class MomentGoneError(SeekframeError):
    """A moment asked for by id (an earlier search's) is no longer in the library: its video was
    re-indexed or removed since."""

    def __init__(self):
        super().__init__("That moment is no longer in the library (its video was re-indexed or removed "
                         "since): search again.")


class ModelError(SeekframeError):
    """A model could not be loaded, or is not what we expected (pickle, shape mismatch, offline)."""


class LibraryError(SeekframeError):
    """Something is wrong with the library on disk."""


class NoLibraryError(LibraryError):
    """No library where one was looked for (no library.json, no tables)."""


class DamagedTableError(LibraryError):
    """A table of the library whose files are there but cannot be read as a table (its versions
    gone, a data file without one), or ("" for ``table``) the folder of its tables is no folder:
    said as ``damaged_library_message`` says the storage engine's."""

    def __init__(self, table: str, detail: str):
        self.table, self.detail = table, detail
        super().__init__(f"the library's {table or 'tables'} {'table is' if table else 'are'} damaged: {detail}")


class LibraryLockedError(LibraryError):
    """Another process is writing to this library; ``holder``: what it wrote into the lock (its
    ``pid``, ``host``, ``since``, ``by``), as far as it could be read."""

    def __init__(self, message: str, holder: dict | None = None):
        super().__init__(message)
        self.holder = dict(holder or {})


class LibraryGoneError(LibraryError):
    """The library folder a writer opened was moved, renamed or deleted (or its drive unplugged)
    while it was open: nothing more is written where it was (the storage engine would make the
    folders anew there, a stray half library)."""

    def __init__(self, root):
        self.root = root
        super().__init__(
            f"The library folder {root} is no longer the one opened: it was moved, renamed or deleted (or its "
            "drive unplugged) while in use. Nothing more was written; what was written before is in the "
            "library wherever it is now. Put it back (or plug the drive in) and run again, or give "
            "--library where it is now.")


class ReadOnlyLibraryError(LibraryError):
    """A write was attempted on a library opened read-only."""


class ModelMismatchError(LibraryError):
    """The library holds vectors of another model; mixing them would give meaningless results."""


class SchemaVersionError(LibraryError):
    """The library on disk was written by a newer (or unknown) Seekframe version."""


class LibraryNotMade(LibraryError):
    """A new library a full disk kept from being made (``core.library.unmade``): what its open made is
    removed (``left``: not all of it, the next writer's open finishes it). ``said(again)``: in a front
    end's words for trying again (the CLI's by default)."""

    def __init__(self, root, left: bool = False):
        self.root, self.left = root, left
        super().__init__(self.said())

    def said(self, again: str = "run the same command again") -> str:
        return (f"The new library {self.root} was not made: the disk holding it is full (or a disk quota or the file "
                f"size limit was reached). {self.then(again)}")

    def then(self, again: str) -> str:
        """What holds and what to do: nothing indexed, what is left of it, ``again`` once there is room."""
        made = ("what was begun of the library there is finished by the next try" if self.left else
                "nothing of the library was left there")
        return (f"Nothing was indexed and your videos are untouched; {made}. Free some space (or raise the limit), "
                f"then {again}.")


class DamagedDescriptionError(LibraryError):
    """The library's description (``library.json``) cannot be read as one: not JSON, no format,
    an entry of the wrong kind. ``seekframe repair`` sets it aside and rebuilds it from the tables."""

    def __init__(self, path, detail: str):
        self.path, self.detail = path, detail
        super().__init__(f"The library description {path} is damaged ({detail}). Restore it from a backup, "
                         "or run `seekframe repair`: it sets the file aside and rebuilds it from the "
                         "library's tables (its folders from the videos' rows, its model from the vectors).")


class NewerLibraryError(SchemaVersionError):
    """The library was written by a newer Seekframe: nothing is damaged, this one is too old."""


_NO_SPACE = ("no space left on device", "disk quota exceeded", "file too large")


def refused_notes(exc: BaseException) -> list[str]:
    """What a writer's open of a library put right before it was refused with ``exc`` (an
    inconsistent ``library.json``, a full disk, another writer): a data file cut short taken out,
    versions set aside, ``library.json`` rebuilt, done all the same; in the engine's words, for the
    read-only open that follows to say (``VideoLibrary`` gives them to ``exc`` as it is raised)."""
    return list(getattr(exc, "open_notes", None) or ())


def is_disk_full(exc: BaseException | None) -> bool:
    """True when ``exc``, or an exception it was raised from or during, says the disk (or the
    user's quota) is full: an OSError with ENOSPC/EDQUOT/EFBIG, or a storage engine's error
    whose text says so (LanceDB raises its own type)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
            return True
        if any(s in str(exc).lower() for s in _NO_SPACE):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def disk_full_message(where: str | Path, switching: bool = False, again: str = "run the same command again",
                      removing: bool = False, note: bool = False, captions: bool = False, repairing: bool = False,
                      done: str = "", none_indexed: bool = False, earlier: str = "", removal: str = "") -> str:
    """What to say when the disk filled up; ``switching``: during a switch to another model, whose
    old vectors were let go first (the videos are searchable again once embedded anew); ``again``:
    how this front end goes on (the app's re-scan, not a command); ``removing``: during a removal
    of folders (nothing being indexed: what was removed, and what not, is said before this); ``note``:
    while a note was written (it said 'every video indexed before this is in it', and nothing of the
    note; one its journal took is put back by the next writer's open, ``notes_journal.restore``, and
    the same note again is one note); ``captions``: while a caption file was imported (it said the
    index's words too: an import adds the file's new captions in one write, all or none, and one its
    journal took is put back by the next writer's open, so the same import again adds none twice);
    ``repairing``: while `seekframe repair` ran, ``done`` what it did so far (``repair_text.set_aside_text``):
    it said 'the library is consistent', of a library being repaired, and not where a table went;
    ``none_indexed``: the library holds no indexed video (a new one the disk filled before its first): it
    said 'every video indexed before this is in it' of a library that never held one; ``earlier``: the
    videos a re-index of folders on the library's model had not embedded anew, which keep their earlier
    moments (``reindex_scope.earlier_words``; it said no more, as if the run had embedded them); ``removal``:
    while a note was removed (``note_removal.RemovalStopped``: it said 'The note is not in the library yet', of
    a note still in it), "refused" before anything was written, "recorded" its removal written down, not done
    yet: the next writer's open finishes it (``notes_removed.finish``)."""
    full = f"the disk holding {where} is full (or a disk quota or the file size limit was reached). "
    if removal == "refused":
        return (full + "Nothing was removed: the note is still on the clip, and nothing else changed. Free some "
                f"space (or raise the limit), then {again}.")
    if removal:
        return (full + "The note is not removed yet: its removal is recorded, and the next time the library is "
                "opened to write with room to spare finishes it; until then the note is still on the clip and a "
                f"search finds it. Free some space (or raise the limit), then {again}.")
    if removing:
        return (full + "The library is consistent: a folder is removed whole or not at all, one whose removal "
                "was begun is finished the next time the library is opened to write, and the others not "
                f"removed are still in it. Free some space (or raise the limit), then {again} to remove the rest.")
    if switching:
        return (full + "The library is consistent and your captions and notes are kept; the switch to the "
                "new model is recorded, and the videos not yet embedded with it are not searched until "
                "it is finished. Free some space (or raise the limit), then run `seekframe index` to finish it.")
    if note:
        return (full + "The note is not in the library yet; nothing else changed: the library is consistent. Free "
                f"some space (or raise the limit), then {again}.")
    if repairing:
        return (full + (f"The repair did not finish; so far: {done} " if done else
                        "The repair did not finish; no table was set aside. ")
                + f"Free some space (or raise the limit), then {again} to finish it.")
    if captions:
        return (full + "The file's captions are not in the library yet (an import adds all of them or none); nothing "
                f"was lost: the library is consistent. Free some space (or raise the limit), then {again}: no caption "
                "is added twice.")
    if none_indexed:
        return (full + "No video was indexed yet: the library is consistent but holds none, and your videos are "
                f"untouched. Free some space (or raise the limit), then {again}.")
    return (full + "Nothing was lost: the library is consistent, and every video indexed before this is "
            f"in it{'; ' + earlier if earlier else ''}. Free some space (or raise the limit), then {again}.")


_REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS)


UNWRITABLE_THEN = "run the same command again"  # (what the CLI says to do once the file is made writable)


def unwritable_file_message(exc: BaseException | None, where: str | Path, then: str = UNWRITABLE_THEN) -> str | None:
    """What to say when a file of the library at ``where`` could not be written or replaced, as
    the system refused it (an immutable or read-only file, another user's, a read-only disk):
    ``exc``, or an exception it was raised from, an OSError of EACCES/EPERM/EROFS naming a path
    in that folder; None for any other error, and for a ``SeekframeError``, which says it already.
    Each write is whole or not made: nothing is damaged. ``then``: what to do once the file is
    writable, in the front end's words (the CLI's: ``UNWRITABLE_THEN``)."""
    if isinstance(exc, SeekframeError):
        return None
    try:
        folder = Path(where).absolute()
    except OSError:  # (a relative library in a working folder that is gone: no file of it to name)
        return None
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        names = [n for n in (getattr(exc, "filename2", None), getattr(exc, "filename", None)) if n]
        if isinstance(exc, OSError) and exc.errno in _REFUSED and names:
            path = Path(os.fsdecode(names[0])).absolute()
            if folder == path or folder in path.parents:
                shown = path.name if path.parent == folder else str(path.relative_to(folder))
                if shown.startswith(".") and shown.endswith(".part"):  # (the temporary beside it)
                    shown = shown[1:].rsplit(".", 2)[0]
                return (f"{shown} in the library at {where} cannot be written ({exc.strerror or exc}): it may "
                        "be read-only, immutable, or belong to another user. Make it writable by you (e.g. "
                        f"`chmod u+w`, `chattr -i`, or `sudo chown \"$USER\"` on it), then {then}. "
                        "Nothing is damaged: the library is consistent and can be searched.")
        exc = exc.__cause__ or exc.__context__
    return None


_HUNG = "decoding hung for more than"


def hung_reason(timeout_s: float) -> str:
    """A file's failure when its decoder made no progress for ``timeout_s``."""
    return f"{_HUNG} {timeout_s:g} s"


def is_hang(reason: str) -> bool:
    """Whether a recorded failure is a decoder that hung: trying it again costs the whole bound."""
    return str(reason).startswith(_HUNG)
