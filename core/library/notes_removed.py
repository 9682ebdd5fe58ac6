"""A note the user removed (``core.note_removal``) leaves ``notes.jsonl`` for good: its words are
taken out of the journal, not only followed by a line saying it was removed. A release before that
line existed skips the line it does not know and read the note's earlier line as the note: its next
writer's open put the removed note back in the captions table, and this release kept it there. Once
the note's lines are gone, no release finds anything to put back, and the words a user removed
(something private, something wrong) are no longer kept in plain text beside the library.

The steps, each safe to stop after: the ``removed`` line (``notes_journal.removed``, on disk first),
the row's delete, then ``purge``: the journal rewritten whole without the note's other lines (a
temporary file, fsynced, renamed over it: a crash leaves the one journal or the other). The
``removed`` line stays: it holds no words, and a captions table rolled back or put back from before
the removal is set right by it. Each writer's open (``finish``, from ``notes_journal.restore``: the
next index, the window's open, ``seekframe repair``) finishes a removal cut short between the steps,
or undone by an older release: the rows of notes whose last line says removed are deleted, then their
words purged."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from core import atomic, json_text
from core.errors import is_disk_full
from core.library import notes_journal as nj

log = logging.getLogger("seekframe.library")


def finish(library, present: set[str], scan) -> set[str]:
    """Finish at a writer's open the removals the journal records (``scan``: ``notes_journal.scan_ids``'s,
    None when a line is not as ``append`` writes it: the journal is parsed): the rows of ``present``
    (the captions table's ids) whose note was removed are deleted, then the journal's lines of their
    words purged; the ids deleted. A full disk leaves them for the next open."""
    removed, worded = _parsed(library.root) if scan is None else scan[1:]
    back = removed & present
    if back:
        try:
            library.caption_table.delete(sorted(back))
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            log.warning("%d removed notes could not be taken out of the captions table now: %s", len(back), exc)
            return set()
        log.info("%d notes you removed were taken out of the captions table again (a removal cut short, "
                 "or put back by an older release)", len(back))
    if worded:
        purge(library.root, worded)
    return back


def purge(root, caption_ids) -> bool:
    """``notes.jsonl`` rewritten without the lines holding these removed notes' words (their
    ``removed`` lines kept), atomically and on disk; whether it was. A journal that cannot be read
    or written (a full disk) is left as it is, said in the log: the ``removed`` line keeps the notes
    out, and the next writer's open tries again."""
    wanted = {str(c).encode("ascii", "replace") for c in caption_ids}
    if not wanted:
        return True
    path = Path(os.path.realpath(nj._path(root)))  # (a journal behind a link: the file it names)
    try:
        with atomic.replacing(path, durable=True, make_folder=False) as tmp:
            with nj._open_regular(root, mode="rb") as journal, open(tmp, "wb") as out:
                for line in journal:
                    if not _holds_words(line, wanted):
                        out.write(line)
    except FileNotFoundError:
        return True
    except OSError as exc:
        log.warning("the words of the notes you removed could not be taken out of %s yet: %s", path, exc)
        return False
    return True


def _holds_words(line: bytes, wanted: set[bytes]) -> bool:
    """Whether ``line`` is one of ``wanted``'s notes, other than a line saying it was removed."""
    end = len(nj._ID_PREFIX) + 24
    if line.startswith(nj._ID_PREFIX) and line[end:end + 1] == b'"':  # (as ``append`` writes them)
        return line[len(nj._ID_PREFIX):end] in wanted and not line.startswith(nj._REMOVED, end)
    try:
        entry = json_text.loads(line)
        return str(entry["caption_id"]).encode("ascii", "replace") in wanted and entry.get("removed") is not True
    except (ValueError, KeyError, TypeError, AttributeError):  # (no note's line: kept as it is)
        return False


def _parsed(root) -> tuple[set[str], set[str]]:
    """``scan_ids``'s removed ids and those with words, of a journal parsed line by line (one changed
    by hand): a line that is no note (``record``) neither undoes a removal nor counts."""
    removed: set[str] = set()
    worded: set[str] = set()
    try:
        with nj._open_regular(root, encoding="ascii", errors="replace") as f:
            for line in f:
                try:
                    entry = json_text.loads(line)
                    cid = str(entry["caption_id"])
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
                if entry.get("removed") is True:
                    removed.add(cid)
                    continue
                worded.add(cid)
                try:
                    nj.record(entry)
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
                removed.discard(cid)
    except OSError:
        return set(), set()
    return removed, removed & worded
