"""What ``repair.damaged_tables`` found, in words, with the way out: `seekframe status`'s, and
the window's (``app.damage_look``: its button and re-scan named). Where the library refuses
writers (``lock.refuses_writers``: a read-only drive or folder, a share mounted read-only) no
repair can run, so the words say what to do first instead of offering one that is refused."""

from __future__ import annotations

from core.library import gone_versions, torn_fragments

# where the library refuses writers: what to do first, in the CLI's words (the window says its own)
REFUSED_THEN = ("make its folder writable, then run `seekframe repair`; or copy it somewhere writable and run "
                "`seekframe repair --library` on the copy.")

# a library given by URI (only ever read: ``location``): where it can be repaired, in the CLI's words
URI_THEN = ("run `seekframe repair --library /path/to/library` on a machine that has the library's folder, then "
            "upload the folder again.")


class Found(dict):
    """``damaged_tables``'s {table: why}; ``unwritable``: the library refuses writers, so no repair
    can run there; ``uri``: it is given by URI (``uri_damage``), so no repair runs on it at all."""

    def __init__(self, found=(), unwritable: bool = False, uri: bool = False):
        super().__init__(found)
        self.unwritable = unwritable or uri
        self.uri = uri


def refused_text(repair: str, refused: str) -> str:
    """Where the library cannot be written: why ``repair`` cannot run here, and what to do first."""
    return (f"The library cannot be written here (a read-only drive or folder), so {repair} cannot run here: "
            f"{refused}")


def uri_text(repair: str, then: str) -> str:
    """Where the library is given by URI (only ever read): why ``repair`` cannot run on it, and
    where it can (``then``)."""
    return f"The library is given as a URI, so it is only read here and {repair} cannot run on it: {then}"


def damaged_text(damaged: dict[str, str], shown=str, repair: str = "`seekframe repair`",
                 index: str = "the next `seekframe index`", unwritable: str = torn_fragments.UNWRITABLE_THEN,
                 refused: str = REFUSED_THEN) -> str:
    """What ``damaged_tables`` found, in words, with the way out (a line each); ``repair``,
    ``index``: how the user repairs and indexes (the app's button and re-scan); ``unwritable``:
    what to do with a cut moments file where the library refuses writers; ``refused``: what to do
    first with other damage there (``damaged.unwritable``, a ``Found``), where ``repair`` cannot run;
    a library given by URI (``damaged.uri``) is said as a search on it says it (``uri_text``)."""
    from core.library.repair import Cut, Gone, Momentary
    from core.unreadable import plain_why

    lines = []
    blocked = getattr(damaged, "unwritable", False)
    cannot = (uri_text(repair, URI_THEN) if getattr(damaged, "uri", False)  # (only ever read: never `repair` on it)
              else refused_text(repair, refused))
    for table, why in damaged.items():
        if isinstance(why, Gone):  # (its own words)
            then = f"{cannot} Or restore the library folder from a backup." if blocked else ""
            lines.append(gone_versions.gone_text(table, *why.lost, repair, index, then) if why.lost else str(why))
        elif isinstance(why, Momentary):
            lines.append(f"Could not read the {table} table just now ({shown(why)}): an error of the disk or share "
                         "(or a permission), not damage it shows. Try again once the drive reads.")
        elif isinstance(why, Cut):
            plain_why(why)  # (the engine's words to the log)
            lines.append(torn_fragments.cut_text(why.files, unwritable=unwritable if why.unwritable else ""))
        elif blocked:
            lines.append(f"Damaged: the {table} table cannot be read ({plain_why(why)}). "
                         f"{cannot} Or restore the library folder from a backup.")
        else:  # (what is damaged and what to do: the engine's words go to the log)
            lines.append(f"Damaged: the {table} table cannot be read ({plain_why(why)}). {repair} sets it "
                         f"aside and says what {index} does; or restore the library folder from a backup.")
    return "\n".join(lines)
