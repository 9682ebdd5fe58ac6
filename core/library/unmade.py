"""A new library that a full disk kept from being made (``VideoLibrary``'s writer open of a folder
holding no library yet: its tables or its first ``library.json`` refused). Before, what the open had
made stayed (a lock file, empty table folders, no ``library.json``): `seekframe status` read it as a
library with no model and no folder, and the CLI said the index's words, 'every video indexed before
this is in it', of a library never made. Now what that open made goes (``undo``: its tables, its
description, its lock file, the folders it made), so the folder is as it was, and the refusal is
said as a library not made (``core.errors.LibraryNotMade``); whatever could not be removed is what a
library's making left, which the next writer's open finishes (``meta.check_new_library_folder``)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from core.errors import LibraryNotMade
from core.library import meta as meta_io


def undo(conn, root: Path) -> LibraryNotMade:
    """Remove what the open of the new library at ``root`` made (``conn``, its connection, holding the
    writer lock until its tables are gone), and the refusal to raise: ``LibraryNotMade``."""
    log = logging.getLogger("seekframe.library")
    left = False
    for path in (root / meta_io.DB_DIR, root / meta_io.META_FILE):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
        except OSError as exc:
            log.info("could not remove %s of a library not made: %s", path, exc)
            left = True
    lock = conn.lock
    made = getattr(lock, "made_folders", ()) if lock is not None else ()
    if lock is not None:
        lock.release(remove=True)
    conn.close()
    if (root / meta_io.LOCK_FILE).exists():
        left = True
    for folder in made:  # (the library's folder, then those above it, each made for it: removed while empty)
        try:
            os.rmdir(folder)
        except OSError:
            break
    return LibraryNotMade(root, left=left)
