"""The command lines the CLI gives back to paste: ``note ... --remove``'s (``removal_line``), built from the
arguments as parsed, so every option the line was given is kept whatever way it was typed; a note's words
typed before its clip (``swapped_note``), the line as typed with the clip first."""

from __future__ import annotations

import argparse
import os
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


def clip_named(name: str, folders=()) -> bool:
    """Whether the word ``name`` a user typed reads as a clip: ``FILE@TIME`` (or a note's own span), a file
    there (a folder that does not answer: taken as there), or a video's name (an extension) in one of the
    library's ``folders`` (an offline drive's video)."""
    from .clirefs import look_typed, split_clip_ref
    from .note_removal import split_span

    try:
        path, at = split_clip_ref(name)
    except Exception:  # (a time that is no time: a clip mistyped)
        return True
    if at is not None or split_span(name):
        return True
    full = os.path.abspath(os.path.expanduser(name))
    if look_typed(full, os.path.isfile, full, otherwise=True):
        return True
    return bool(os.path.splitext(full)[1]) and any(full.startswith(os.path.join(f, "")) for f in folders)


def swapped_note(parser: argparse.ArgumentParser, clip: str, folders=()) -> str | None:
    """Why ``note "red car" FILE@T`` (the note's words first, the clip after them) is refused, with the line to
    type: only where ``clip`` reads as no clip (``clip_named``) and exactly one of the note's words, an argument
    taken whole as typed (never a part of one), names a clip that is there: a file (FILE, FILE@TIME,
    FILE@START-END) or a video's name in one of the library's ``folders``; else None. The line is the one typed,
    every option kept (``CommandParser._whole``), that argument moved before the clip."""
    from .clirefs import look_typed, split_clip_ref
    from .cli_types import CommandParser

    whole = list(CommandParser._whole)
    if "note" not in whole or clip not in whole[whole.index("note") + 1:] or clip_named(clip, folders):
        return None
    at = whole.index(clip, whole.index("note") + 1)
    words, i = [], at + 1
    while i < len(whole) and whole[i] != "--":
        word = whole[i]
        action = parser._option_string_actions.get(word.split("=")[0]) if word.startswith("-") else None
        i += 1 + (action is not None and "=" not in word and action.nargs != 0)
        if action is None:
            words.append(i - 1)
    words += range(i + 1, len(whole))

    def there(name: str) -> bool:  # (FILE, FILE@TIME, FILE@START-END: its file there, or a library video's name)
        try:
            path = split_clip_ref(name)[0]
        except Exception:
            return False
        full = os.path.abspath(os.path.expanduser(path.rpartition("@")[0] if path == name and "@" in name else path))
        return (look_typed(full, os.path.isfile, full, otherwise=False) or bool(os.path.splitext(full)[1])
                and any(full.startswith(os.path.join(f, "")) for f in folders))

    clips = [j for j in words if there(whole[j])]
    if len(clips) != 1:
        return None
    ref = whole.pop(clips[0])
    whole.insert(at, ref)
    line = " ".join(shlex.quote(w) for w in whole)
    return (f"{shlex.quote(clip)} names no clip, but {shlex.quote(ref)} does: the clip comes first, then the note's "
            f"words: seekframe {line}")


def clip_words(prog: str, given: list[str], at: int, clip_at: int, extra: list[str], parses) -> str:
    """Advice for words typed after ``captions``' or ``similar``'s clip (``captions FILE@1 red wall``), which
    take one clip and no words: the line that searches for them and the one that notes them on that clip,
    each the line as typed (every option kept), given only where it ``parses``; "" for another command, or
    where a left-over is an option. ``given``: the command line, its command at ``at``, its clip at ``clip_at``."""
    name = given[at]
    if name not in ("captions", "similar") or not extra or any(w.startswith("-") for w in extra):
        return ""
    words, clip = " ".join(extra), given[clip_at]
    before, after = given[:at], [w for i, w in enumerate(given[at + 1:], at + 1) if w not in extra and i != clip_at]
    lines = [(what, line) for what, line in (("to search for them", [*before, "search", words, *after]),
                                             ("to add them as a note on that clip", [*before, "note", clip, words,
                                                                                     *after])) if parses(line)]
    said = "; ".join(f"{what}: {prog} {shlex.join(line)}" for what, line in lines)
    return f" ({name} takes one clip, FILE or FILE@TIME, and no words{': ' + said if said else ''})"
