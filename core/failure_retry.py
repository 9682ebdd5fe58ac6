"""Which failed videos a later run tries again (``core.sync.plan_sync``), and what a failure records.

A video that failed on its content (bad bytes, no video track, a decoder's error or crash) is
not read again until its file changes (or ``seekframe index --retry-failed``). One whose failure
may have been of the moment (``of_the_moment``: a decoder that hung or ran out of time, one killed
or out of the machine's memory, a read that failed with an I/O error of a disk or network share
that blipped: ``core.momentary``) is tried again by the next runs, ``TRIES`` runs in all, so that a
file that always hangs does not cost every run the hang bound. How many runs in a row failed so
is kept in the failure's reason (``recorded``: "decoding hung for more than 120 s (in 2 runs)"), as
the user reads it in ``seekframe status`` (``shown_reason``: with what tries it again all the same).
One whose read was denied is tried again once its file can be opened (``readable_again``: its
permissions put right); one that opens but whose read is denied all the same (a byte-range lock, a
read refused by a security module after the open) in ``TRIES`` runs in all, counted so too.
"""

from __future__ import annotations

import re

from .bounded_read import scan_open
from .index_passes import of_the_moment as _decode_of_the_moment
from .library.records import FAILED, VideoRecord
from .momentary import is_momentary
from .plural import count

TRIES = 3  # runs in all that try a video whose failure was of the moment, before it waits for a change
_RUNS = re.compile(r" \(in (\d+) runs(?:; [^()]*)?\)$")
_LAST = "not tried again until the file changes"
_DENIED = re.compile(r"permission denied|\[errno 13\]", re.IGNORECASE)  # (EACCES, as a reason words it)
RETRY_FAILED = "`seekframe index --retry-failed`"  # what tries a failed video again all the same
RETRY_NOW = f"by {RETRY_FAILED}"  # (``retried_text``'s way to read them now: the CLI's)
TRY_AGAIN = "with Try again"  # (the window's: the indexing panel's button under the failed files)


def of_the_moment(reason: str) -> bool:
    """Whether a failure's ``reason`` may not come again when the same bytes are read again."""
    return _decode_of_the_moment(reason) or is_momentary(reason)


def denied(reason: str) -> bool:
    """Whether a failure's ``reason`` says its file's read was denied (tried again once it opens)."""
    return bool(_DENIED.search(str(reason)))


def _counted(reason: str) -> str:
    """Which failures, tried again with the file unchanged, are counted in runs in a row with it
    ("moment", "denied"; "": none)."""
    return "moment" if of_the_moment(reason) else "denied" if denied(reason) else ""


def runs(reason: str) -> int:
    """How many runs in a row a recorded failure of the moment (or a read denied) came in (1: one,
    or none said)."""
    found = _RUNS.search(str(reason))
    return int(found.group(1)) if found else 1


def due(rec: VideoRecord) -> bool:
    """Whether a failed video whose file is unchanged is tried again by this run."""
    return rec.status == FAILED and _tried_again(rec.error)


def tries_again(reason: str) -> bool:
    """Whether the next run tries again a video that failed so, its file unchanged (a failure of the
    moment, or a read denied, in fewer than ``TRIES`` runs in a row: ``counted_after``)."""
    return bool(_counted(reason)) and runs(reason) < TRIES


def denied_due(reason: str) -> bool:
    """Whether a failure's ``reason`` says a read denied that a run tries again once its file opens
    (``readable_again``), not one denied in ``TRIES`` runs that opened it."""
    return denied(reason) and runs(reason) < TRIES


def readable_again(rec: VideoRecord) -> bool:
    """Whether a video whose read was denied (its file's permissions) can be opened now: its
    permissions put right (``chmod`` changes no modification time, so the file looks unchanged),
    it is tried again. One open of each such file a run, none of any other; none once its read was
    denied in ``TRIES`` runs that opened it (a lock or a security module that refuses the read after
    the open: not decoded again every run)."""
    if rec.status != FAILED or not denied_due(rec.error):
        return False
    try:  # (not blocking: a pipe put in its place is the reader's to refuse; bounded: a share that hangs)
        with scan_open(rec.path, buffered=False):
            return True
    except (OSError, ValueError):
        return False


def recorded(rec: VideoRecord, reason: str) -> str:
    """The reason to record for ``rec``'s failure now (``rec``: as planned, its earlier failure on
    it when it was tried again): a failure of the moment that came in the run before too says in
    how many runs in a row, and when no run tries it again; so does a read denied again."""
    return counted_after(rec.error if rec.status == FAILED else "", reason)


def counted_after(before: str, reason: str) -> str:
    """``recorded``'s reason for a failure now, ``before`` the failure recorded before ("": none): also a
    video's whose embedding again failed (``core.reembed_failed``), which keeps its row as it was."""
    kind = _counted(reason)
    if not kind:
        return reason
    n = runs(before) + 1 if _counted(before) == kind else 1
    if n == 1:
        return reason
    return f"{_RUNS.sub('', reason)} (in {n} runs{f'; {_LAST}' if n >= TRIES else ''})"


def bare(reason: str) -> str:
    """A recorded failure's ``reason`` without its count of runs in a row (``runs`` says it)."""
    return _RUNS.sub("", str(reason))


def shown_reason(reason: str) -> str:
    """A recorded failure as the command line shows it: one no run tries again says what does."""
    end = f"; {_LAST})"
    if not str(reason).endswith(end):
        return reason
    return f"{reason[:-len(end)]}; {_LAST}: {RETRY_FAILED} tries it again)"


def again_text(videos: int) -> str:
    """The run's word on the failed videos it tries again (``SyncPlan.again``)."""
    return (f"Trying again {count(videos, 'video')} whose failure may have been of the moment (a decoder that "
            f"hung or was killed, a read error of a disk or share): each is tried in up to {TRIES} runs.")


def _tried_again(reason: str) -> bool:
    """Whether the next run tries a video that failed for ``reason`` again (``core.failure_retry``:
    a failure of the moment, in fewer runs in a row than it tries), not waiting for a change."""
    return of_the_moment(reason) and runs(reason) < TRIES


def _opens_again(reason: str) -> bool:
    """Whether the next run tries a video whose read was denied (``reason``) again once its file
    opens, its permissions put right (``core.failure_retry.readable_again``)."""
    return denied_due(reason) and not _tried_again(reason)  # (one of the moment too: the next run's)


def retried_text(reasons: list[str], now: str = RETRY_NOW) -> str:
    """When the failed files of a run are read again: at the next run (a re-scan) those whose
    failure may have been of the moment, those whose read was denied once their permissions are
    put right, the others when they change; or any of them ``now`` (the CLI's --retry-failed, the
    window's Try again: each reads every failed file whatever its failure, so it is named whatever it was)."""
    again, one = sum(map(_tried_again, reasons)), len(reasons) == 1
    shut = sum(map(_opens_again, reasons))
    if not again and not shut:
        return f"{'It is' if one else 'They are'} retried when {'it changes' if one else 'they change'}, or now {now}."
    if again == len(reasons):
        return (f"{'Its' if one else 'Their'} failure may have been of the moment (a read error of a disk or "
                f"share, a decoder that hung): the next indexing run (a re-scan) tries {'it' if one else 'them'} "
                f"again, or now {now}.")
    if shut == len(reasons):
        return (f"{'Its' if one else 'Their'} read was denied: the next indexing run (a re-scan) after "
                f"{'its' if one else 'their'} permissions are put right reads {'it' if one else 'them'} again, "
                f"or now {now} once they are.")
    parts = [f"{again} of them, whose failure may have been of the moment, {'is' if again == 1 else 'are'} tried "
             "again by the next indexing run (a re-scan)"] if again else []
    its = "its" if shut == 1 else "their"
    if shut and again:
        parts.append(f"{shut}, whose read was denied, once {its} permissions are put right")
    elif shut:
        parts.append(f"{shut} of them, whose read was denied, {'is' if shut == 1 else 'are'} tried again by the "
                     f"next indexing run (a re-scan) after {its} permissions are put right")
    if again + shut < len(reasons):
        parts.append(f"the others when they change, or now {now}")
    else:
        parts.append(f"or {'both' if len(reasons) == 2 else 'all of them'} now {now}")
    return "; ".join(parts) + "."
