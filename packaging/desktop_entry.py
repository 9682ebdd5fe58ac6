"""Write Seekframe's desktop entry for a given ``seekframe`` binary (a build folder, a venv).

    python packaging/desktop_entry.py BINARY [--icon SVG] [--out FILE]

Copies ``packaging/seekframe.desktop`` with ``Exec`` and ``TryExec`` set to BINARY's absolute path
and, with ``--icon``, ``Icon`` set to that file's (default output: ``seekframe.desktop`` beside
BINARY). ``packaging/build.sh`` writes one into ``dist/seekframe``; after moving the folder, run
this again with its new place. Standard library only.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "seekframe.desktop"


def desktop_entry(binary: Path, icon: Path | None = None) -> str:
    """The template with Exec and TryExec naming ``binary`` (quoted for Exec when it must be) and
    Icon naming ``icon`` when given (else the icon theme's ``seekframe``)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    path = str(binary.resolve())
    exec_value = path if re.fullmatch(r"[\w./+-]+", path) else '"' + re.sub(r'(["`$\\])', r"\\\1", path) + '"'
    text, n_exec = re.subn(r"(?m)^Exec=.*$", lambda _: f"Exec={exec_value}", text)
    text, n_try = re.subn(r"(?m)^TryExec=.*$", lambda _: f"TryExec={path}", text)
    n_icon = 1
    if icon is not None:
        text, n_icon = re.subn(r"(?m)^Icon=.*$", lambda _: f"Icon={icon.resolve()}", text)
    if (n_exec, n_try, n_icon) != (1, 1, 1):
        raise ValueError(f"{TEMPLATE} must hold one Exec=, one TryExec= and one Icon= line")
    return text


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("binary", type=Path)
    p.add_argument("--icon", type=Path, metavar="SVG", help="the icon file (default: the theme's 'seekframe')")
    p.add_argument("--out", type=Path, help="where to write it (default: seekframe.desktop beside BINARY)")
    args = p.parse_args(argv)
    for what, path in (("binary", args.binary), ("icon", args.icon)):
        if path is not None and not path.is_file():
            print(f"desktop_entry: the {what} {path} is not a file (build first: packaging/build.sh)", file=sys.stderr)
            return 2
    out = args.out or args.binary.resolve().parent / "seekframe.desktop"
    out.write_text(desktop_entry(args.binary, args.icon), encoding="utf-8")
    print(f"Wrote {out} (Exec={shlex.quote(str(args.binary.resolve()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
