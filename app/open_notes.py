"""What the engine put right on its own as it opened the library (``VideoLibrary.meta_notes``: a
moments data file cut short taken out, versions cut short set aside, ``library.json`` rebuilt
from the tables), in the app's words: ``seekframe status`` prints them as "Note:", the window
says them once when the library opens (``engine.OpenRun``; a window that opens read-only says
them with its reason, ``with_notes``, in one banner), so a user who finds videos waiting to be
indexed learns why. A writer's open refused after it put things right (an inconsistent
``library.json``, a full disk) keeps them for the read-only open that follows (``keep_refused``).
Also the videos whose moments are gone while the window has the library open (``lost_words``:
``seekframe status``'s note, a reader's search that took a cut data file out). Plain functions,
no Qt; the engine's modules are imported inside them."""

from __future__ import annotations

RESCAN = "a re-scan"  # how the app indexes again (app.library_repair says so too)
# the command line's words in the notes of a library.json rebuilt (core.library.reconcile), the app's instead
APP_WORDS = (("give a folder that held no video again: seekframe index FOLDER",
              "add a folder that held no video again: File › Add folder"),
             ("give a folder that held no video again with `seekframe index FOLDER`",  # (core.library.repair's)
              "add a folder that held no video again with File › Add folder"),
             ("or give its folder once with --model", "or pick its folder once in File › Model…"),
             ("the next run finds it", "the app finds it"),
             ("the next `seekframe index`", RESCAN), ("`seekframe index`", RESCAN),
             # (core.library.forget_request.unread_text: a stopped forget's record that could not be read)
             ("forget those `seekframe status` still lists again", "remove those the library panel still lists again"),
             ("the next command that writes the library", "the next Seekframe window or `seekframe` command that "
              "writes the library"))
CUT_NOTE = "The moments table had "  # how core.library.torn_fragments.dropped_text begins
# who embeds lost moments again, as a window that can write the library says it, and as a read-only one does
WRITER_FIX = "a re-scan (File › Re-scan) embeds them again"
READER_FIX = ("whatever writes the library (the Seekframe window that has it open for writing, or `seekframe "
              "index`) embeds them again: this window cannot")


def in_app_words(note: str) -> str:
    for cli, app in APP_WORDS:
        note = note.replace(cli, app)
    return note


def _sentence(note: str) -> str:
    note = note.rstrip()
    return note + ("" if note.endswith((".", "!", "?")) else ".")


def open_notes(library) -> list[str]:
    """The notes of ``library``'s open, each in the app's words, ending its sentence."""
    return [_sentence(in_app_words(note)) for note in getattr(library, "meta_notes", ()) if note.strip()]


def notes_text(library) -> str:
    """What the window says of them ('' none): one message, a note a line."""
    return "\n".join(open_notes(library))


def with_notes(library, reason: str) -> str:
    """A read-only window's reason, after what its open put right (one banner: the reason last)."""
    return "\n".join(t for t in (notes_text(library), reason) if t)


def cut_by(library):
    """The moments' data files cut short that ``library``'s handle took out (core's ``Dropped``:
    at a writer's open, or at a read that met them), None when none."""
    return getattr(getattr(library, "conn", None), "dropped", None)


def says_cut(library) -> bool:
    """Whether ``library``'s open notes say that moments were taken out (their videos' loss said)."""
    return cut_by(library) is not None or any(n.startswith(CUT_NOTE) for n in getattr(library, "meta_notes", ()))


def keep_refused(reader, refused: list[str]) -> None:
    """The read-only handle ``reader``, opened after a writer's open was refused, says what that one
    did (``refused``: ``core.errors.refused_notes`` of its refusal; taken out, set aside: done all
    the same) first among its notes."""
    have = list(getattr(reader, "meta_notes", ()))
    reader.meta_notes = [n for n in refused if n not in have] + have


def lost_words(videos: int, read_only: bool, cut=None) -> str:
    """What to say of ``videos`` whose moments are gone (``core.service.lost_text``, the status's
    note), with who embeds them again; ``cut``: the cut data files a search of this window took
    out (core's ``Dropped``), said as what happened."""
    from core.plural import count
    from core.service import lost_text

    fix = READER_FIX if read_only else WRITER_FIX
    if cut is not None:
        files = "a data file" if len(cut.files) == 1 else f"{len(cut.files)} data files"
        rows = f"the {count(cut.rows, 'moment')}" if cut.rows else "the moments"
        return (f"A search found {files} of the moments table cut short or missing (a disk error, or a copy "
                f"of the library cut short) and took out {rows} in {'it' if len(cut.files) == 1 else 'them'}, "
                f"keeping the rest: no search finds {'that video' if videos == 1 else f'those {videos} videos'} "
                f"until {fix}.")
    text = in_app_words(lost_text(videos)).replace(f"; {RESCAN} embeds them again", "")
    return _sentence(f"{text[:1].upper()}{text[1:]}: no search finds them until {fix}")
