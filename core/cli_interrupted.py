"""What a Ctrl-C of a ``seekframe`` command says (``core.cli``'s ``_run``, exit 130): what it left and
how to go on. An in-place ``index --reindex`` (the library's own model) is not finished by the same
command, which would embed every video again: it names the videos still waiting and the plain
``seekframe index`` that embeds only those, as a full disk's message does (``cli_failures.earlier_left``)."""

from __future__ import annotations

from pathlib import Path

from .cli_failures import earlier_left
from .cli_library import library_dir

READERS = ("status", "search", "similar", "captions")  # (commands that open the library read-only)


def interrupted_text(command: str, args=None) -> str:
    """What a Ctrl-C of ``command`` says: a reader changed nothing; a writer left the library
    consistent, and running it again finishes (an index says what it left: `seekframe status`), but an
    in-place re-index, whose waiting videos a plain `seekframe index` embeds; an index stopped before
    its new library was made (its scan, its checks), that none was made."""
    if command == "index" and args is not None and not _library_there(args):
        return "seekframe: interrupted before the library was made; nothing was indexed: run the same command again."
    if command in READERS:
        return f"seekframe: interrupted; nothing was changed (`seekframe {command}` only reads the library)."
    if command == "demo":  # (it writes clips, each whole or not at all: no library to be consistent)
        return ("seekframe: interrupted; the demo clips written so far are whole, and no library was touched: run "
                "the same command again to write them all.")
    if command == "index" and (run := getattr(args, "index_run", None)) is not None and \
            (left := earlier_left(library_dir(args), run)):  # (an in-place --reindex: the same command starts over)
        return f"seekframe: interrupted; the library is consistent. {left['earlier']}: {left['again']}."
    return "seekframe: interrupted; the library is consistent, run the same command to finish."


def _library_there(args) -> bool:
    """Whether ``args``' library is there, or being made (True where that cannot be told)."""
    from .library.meta import library_or_made

    try:
        return library_or_made(Path(library_dir(args)))
    except Exception:
        return True
