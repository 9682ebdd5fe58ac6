"""The library folders a folder reaches through links in its tree: ``A/toB`` in the library
folder ``A``, a link to the library folder ``B`` (or into it, or to a folder above it). The walk
of ``A`` leaves ``B`` to its own runs, so the library knows ``B``'s videos under ``B``'s spelling
only, yet the user sees them under ``A`` on disk: ``search --folder A`` finds them through these
spellings (``core.filters.folder_spellings``)."""

from __future__ import annotations

import os
from collections.abc import Callable

from .scan import is_under


def reach(real: str, folders, real_of: Callable[[str], str]) -> list[str]:
    """The spellings, among ``folders`` (library folders), of what the real path ``real`` holds
    or lies in: a library folder in or at ``real`` (or above it, the library folder's subfolder,
    spelled under it). A library folder's own links are resolved (``real_of``) only when its
    spelling does not already say."""
    out = []
    for f in folders:
        # (one in or above ``real`` as spelled: the same spelling, nothing to resolve)
        there = f if is_under(f, real) or is_under(real, f) else real_of(f)
        if is_under(there, real):  # the whole library folder lies in it
            out.append(f)
        elif is_under(real, there):  # a folder in that library folder
            out.append(os.path.join(f, os.path.relpath(real, there)))
    return out


def linked_folders(tops: list[str], folders, real_of: Callable[[str], str], away=()) -> list[str]:
    """The spellings of the ``folders`` (other library folders) that links in the trees of
    ``tops`` lead to (``reach``), walked as the index walks a folder (hidden entries left out,
    a link elsewhere walked through, each link's target once); folders only, no file looked at.
    A link is resolved once; a folder that cannot be listed is passed over, and so is a link
    into or above one of ``away`` (library folders whose videos are all offline: never listed)."""
    out, seen, stack = [], set(), list(tops)
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                found = [e for e in entries if not e.name.startswith(".")]
        except (OSError, ValueError):
            continue
        for entry in found:
            try:
                if not entry.is_dir():  # (a plain folder from its directory entry; a link: one stat)
                    continue
                if not entry.is_symlink():
                    stack.append(entry.path)
                    continue
                real = os.path.realpath(entry.path)
            except (OSError, ValueError):
                continue
            if real in seen:
                continue
            seen.add(real)
            if any(is_under(real, f) or is_under(f, real) for f in away):
                continue
            if spelled := reach(real, folders, real_of):
                out.extend(s for s in spelled if s not in out)  # (their videos are spelled there)
            else:
                stack.append(entry.path)  # a folder the index walks through the link
    return out
