"""One benchmark's steps timed, written as ``<out>/<name>.json`` (the result, with the machine)
and ``<out>/<name>.md`` (a titled table of ``| step | <unit> |``), and printed: the shape the
library-open benchmarks share (``journal_open``, ``writer_lease``)."""

from __future__ import annotations

import json
import platform
from pathlib import Path


def write(out: Path, name: str, title: str, result: dict, unit: str, fmt: str) -> None:
    """``result["rows"]``: ``{"step": ..., unit: value}`` each, the value written with ``fmt``."""
    result = {**result, "machine": platform.platform()}
    table = [title, "", f"| step | {unit} |", "|---|---|"] + [f"| {r['step']} | {r[unit]:{fmt}} |"
                                                            for r in result["rows"]]
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, indent=2))
    (out / f"{name}.md").write_text("\n".join(table) + "\n")
    print("\n".join(table))
