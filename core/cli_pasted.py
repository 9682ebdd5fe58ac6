"""The command lines the CLI gives back to paste: ``note ... --remove``'s (``removal_line``), built from the
arguments as parsed, so every option the line was given is kept whatever way it was typed."""

from __future__ import annotations

import shlex


def removal_line(args, text: str, time: str | None = None, file: str = "") -> str:
    """``note CLIP --remove TEXT`` with the --library, --model, --device and -v ``args`` (``note``'s, parsed)
    were given (pasted, it removes from the same library, an abbreviated ``--re`` or a ``--`` on the line
    typed too): the clip ``CLIP@time`` where ``time`` is given (a moment's note of a whole video's, or a
    note's span: ``file``, the clip's FILE, where it has a time already); words that start with "-" after
    ``--``, a clip that does as ``./CLIP``."""
    clip = f"{file or args.clip}@{time}" if time is not None else args.clip
    options = []
    for flag, value in (("--library", getattr(args, "library", None) or getattr(args, "gui_library", None)),
                        ("--model", getattr(args, "model", None) or getattr(args, "gui_model", None)),
                        ("--device", getattr(args, "device", None))):
        options += [flag, str(value)] if value else []
    options += ["-v"] if getattr(args, "verbose", False) else []
    clip = f"./{clip}" if clip.startswith("-") else clip  # (the same file, never read as an option)
    words = ["note", clip, "--remove", *options, "--", text] if text.startswith("-") else [
        "note", clip, "--remove", text, *options]
    return "seekframe " + " ".join(shlex.quote(w) for w in words)
