"""A decoder for the tests of a file replaced between the scan and its read, importable by the
decode pool's worker processes: ``swap_then_decode`` moves a file named ``swap*`` aside, into
``kept/`` beside it, and puts another video (``new_<name>`` beside it) at its name before it reads
it, as a user does who saves a new take over a clip while the folder is being indexed."""

from __future__ import annotations

import os
from pathlib import Path

from core.decode_pool import decode_file


def swap_then_decode(path, spec):
    p = Path(path)
    fresh = p.with_name(f"new_{p.name}.part")  # (not a video name: the scan never lists it)
    if p.name.startswith("swap") and fresh.exists():
        (p.parent / "kept").mkdir(exist_ok=True)
        os.rename(p, p.parent / "kept" / p.name)
        os.rename(fresh, p)
    return decode_file(path, spec)
