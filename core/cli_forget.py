"""``seekframe forget FOLDER``: remove a folder (or a file) and its videos from the library.

While another folder's removal, stopped by a full disk, waits (``library.json``'s ``forgetting``),
the writer's open tries to finish it first, and fails again while the disk is full: so the path
is checked against the library read-only before the writer opens (a typo is told it is no
library folder, exit 2), and a real folder whose removal the full disk keeps waiting is told which
removal waits (the disk-full exit code)."""

from __future__ import annotations

import sys

from .errors import is_disk_full
from .filenames import shown


def _check_while_a_removal_waits(root, folder: str) -> str | None:
    """Before the writer opens (its lock held): the removal that waits (None when none, or when
    ``folder`` is in it: the same removal asked again); ``NotInLibrary`` when ``folder`` is no
    library folder, nor in one, nor holds one."""
    from .library.meta import read_meta
    from .scan import is_under

    try:
        pending = read_meta(root).forgetting
    except Exception:  # no library.json (rebuilt by the open), or unreadable: the open says it
        return None
    if not pending or is_under(folder, pending):
        return None
    from .library import VideoLibrary
    from .service import in_library, not_in_library

    with VideoLibrary(root, read_only=True) as library:  # (the writer's open would try the removal first)
        if not in_library(library, folder):
            raise not_in_library(library, folder)
    return pending


def cmd_forget(args) -> int:
    from .cli import EXIT_DISK_FULL, _writer
    from .scan import is_under, normalise_root

    root = normalise_root(args.folder)
    waits: list[str | None] = [None]

    def before(where) -> bool:
        waits[0] = _check_while_a_removal_waits(where, root)
        return False

    opened = False
    try:
        with _writer(args, existing=True, forgetting=root, before=before) as lib:
            opened = True
            from .service import forget_folder, forget_summary

            n = forget_folder(lib, args.folder)
            still = [f for f in lib.meta.settings.folders or [] if is_under(root, f)]
    except Exception as exc:
        if opened or waits[0] is None or not is_disk_full(exc):
            raise
        from .service import removal_waits  # the open's finishing of the waiting removal was refused

        said = removal_waits(root, waits[0], again="run the same command again")
        print(f"seekframe: {said}", file=sys.stderr)
        return EXIT_DISK_FULL
    print(forget_summary(n, args.folder))
    if still:  # a subfolder of a library folder: the next run of that folder finds its videos again
        they = "They are" if n else f"{shown(args.folder)} is"
        print(f"{they} still in the library folder {shown(still[0])}: the next `seekframe index` finds "
              f"{'them' if n else 'any video in it'} again (move {'them' if n else 'it'} out of it, or forget that folder).")
    return 0
