"""The files beside a missing annotation file that are that file under a copy's name: another case
(``msrvtt_data.json``), a browser's second download (``MSRVTT_data (1).json``) or a file manager's
copy (``MSRVTT_data - Copy.json``). Said with the missing file, so a researcher renames one instead
of looking for a download that is there. Only such names: a close name can be another file of the
release (``vatex_validation_v1.0.json`` beside a missing ``vatex_training_v1.0.json``, the 7k list
beside a missing 9k one)."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

MAX_LISTED = 5000  # names looked at in the folder (a folder of clips is not listed whole)


def _plain(name: str) -> str:
    """``name`` in lower case without a copy's mark before its extensions."""
    name = name.lower()
    m = re.search(r"(\.[a-z0-9]+)*$", name)
    stem, ext = name[: m.start()], name[m.start():]
    return re.sub(r"(\s*-\s*copy|\s+copy)?(\s*\(\d+\))?$", "", stem) + ext


def copies(path: str | Path) -> list[str]:
    """Up to 3 names in ``path``'s folder that are its name under a copy's mark or in another case."""
    path = Path(path)
    want = _plain(path.name)
    try:
        with os.scandir(path.parent) as it:
            return [e.name for e in itertools.islice(it, MAX_LISTED)
                    if e.name != path.name and _plain(e.name) == want][:3]
    except OSError:
        return []


def said(path: str | Path) -> str:
    """``"; MSRVTT_data (1).json is there: rename it to MSRVTT_data.json"`` or ""."""
    found = sorted(copies(path))
    if not found:
        return ""
    return (f"; {', '.join(found)} {'is' if len(found) == 1 else 'are'} there: rename "
            f"{'it' if len(found) == 1 else 'one of them'} to {Path(path).name}")
