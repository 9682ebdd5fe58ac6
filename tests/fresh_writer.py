"""A clip written by a fresh Python process (``written_fresh``). x264's bytes, and with them an
MPEG-PS/TS's packet sizes and which PES carry a stamp, vary with what the process encoded before, even
from the same YUV frames on one thread, while a fresh process's first clip is always the same (s51:
8035950, helper I's one-off seek failure). A test whose assertions hang on a clip's exact stream shape
(B-frames, keyframes, which packets are stamped) has it written so, and passes or fails whatever xdist
ran before it in its worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def written_fresh(writer: str, path, *args) -> Path:
    """``writer`` ("tests.module:function") called as ``function(Path(path), *args)`` (each arg as a
    string) in a fresh process; returns the path."""
    module, name = writer.split(":")
    code = (f"import sys; from pathlib import Path; from {module} import {name}; "
            f"{name}(Path(sys.argv[1]), *sys.argv[2:])")
    subprocess.run([sys.executable, "-c", code, str(path), *map(str, args)], check=True, timeout=120, cwd=ROOT)
    return Path(path)
