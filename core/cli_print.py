"""How the commands print search results: a numbered line per moment, or JSON for scripts."""

from __future__ import annotations

import os
import sys

from .filenames import json_text, shown, shown_name
from .timefmt import format_time


def print_json(rows) -> None:
    sys.stdout.write(json_text(rows, indent=2))  # (a file name that is no text as its escapes)
    sys.stdout.write("\n")


NO_STRONG_MATCH = "No strong match for this query; the closest moments:"
_MARKS = {"weak": "  (weak match)", "none": "  (poor match)"}


def missing(result) -> bool:
    """Whether a result's file is gone since it was indexed (deleted, or moved by hand) while its
    drive is there (an offline one is said so): the folder's next index removes it. One ``stat``
    per printed result."""
    return not result.offline and not os.path.exists(result.path)


def print_hits(results, as_json: bool) -> None:
    from .search import no_strong_match

    if as_json:
        print_json([{**r.to_json(), "missing": missing(r)} for r in results])
        return
    if not results:
        print("No results.")
    elif no_strong_match(results):
        print(NO_STRONG_MATCH)
    for i, r in enumerate(results, 1):
        off = "  (offline)" if r.offline else "  (file gone since it was indexed)" if missing(r) else ""
        mark = _MARKS.get(getattr(r, "strength", ""), "")
        when = f"{format_time(r.start, 1)}–{format_time(r.end, 1)}"
        print(f"{i:>3}. {r.score:6.3f}  {when}  {shown(r.path)}{off}{mark}{copies_text(r.copies)}")


def copies_text(copies) -> str:
    """A result's byte-identical copies, after its path: "  (identical copy: b.mp4)"; up to three
    named (their file names; --json lists their paths)."""
    if not copies:
        return ""
    names = ", ".join(shown_name(p) for p in copies[:3]) + (f", {len(copies) - 3} more" if len(copies) > 3 else "")
    return f"  (identical {'copy' if len(copies) == 1 else 'copies'}: {names})"
