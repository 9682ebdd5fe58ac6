"""The command lines the CLI gives back to paste that are the line as typed, changed: ``note ... --remove``'s
(``removal_line``), its options and their values kept, the clip and the note's words told from them."""

from __future__ import annotations

import shlex

from .cli_types import CommandParser


def removal_line(clip: str, text: str, time: str | None = None, typed: str = "", file: str = "") -> str:
    """``note ... --remove``'s line as typed (its --library, -v kept, as ``cli_args._name_quoted`` keeps them:
    pasted, it removes from the same library), the note's words ``text`` after ``--remove`` (``typed``,
    the words typed, taken out), the clip ``CLIP@time`` where ``time`` is given (a moment's note of a whole
    video's, or a note's span: ``file``, the clip's FILE, where it has a time already); where the line last
    parsed is not such a one (or holds "--"), ``note CLIP --remove TEXT``."""
    words = list(CommandParser._whole)
    at = next((i for i, w in enumerate(words) if len(w) > 4 and "--remove".startswith(w)), None)
    plain = [] if "note" not in words or "--" in words else _plain(words, words.index("note") + 1)
    if typed.strip() and at is not None and (span := _typed_words(words, plain[1:], typed)) is not None:
        words = words[:span[0]] + words[span[1]:]
        at = next(i for i, w in enumerate(words) if len(w) > 4 and "--remove".startswith(w))
    elif typed.strip():
        at = None  # (not found as typed: the plain line)
    if not plain or at is None or (time is not None and words[plain[0]] != clip):
        words, at, plain = ["note", clip, "--remove"], 2, [1]
    if time is not None:  # (the clip: the first word after `note` that is no option nor an option's value)
        words[plain[0]] = f"{file or clip}@{time}"
    return "seekframe " + " ".join(shlex.quote(a) for a in [*words[:at + 1], text, *words[at + 1:]])


VALUED = ("--library", "--model", "--device")  # (`note`'s options that take a value)


def _plain(words: list[str], start: int) -> list[int]:
    """Where in ``words`` from ``start`` on the words are that are no option nor an option's value
    (``--library DIR``, ``--lib DIR``: ``VALUED``; ``--library=DIR`` is one word): the clip, then the note's."""
    plain, value = [], False
    for i in range(start, len(words)):
        if value:
            value = False
        elif words[i].startswith("-") and len(words[i]) > 1:
            value = "=" not in words[i] and len(words[i]) > 2 and any(o.startswith(words[i]) for o in VALUED)
        else:
            plain.append(i)
    return plain


def _typed_words(words: list[str], plain: list[int], typed: str) -> tuple[int, int] | None:
    """Where in ``words`` the note's words ``typed`` are (``Words``: one quoted word or several joined), among
    the words at ``plain`` side by side (never an option's value that reads the same: ``--library sunset``)."""
    want = " ".join(typed.split())
    for a, i in enumerate(plain):
        for b in range(a, len(plain)):
            if plain[b] - i != b - a:  # (an option between: no longer the words typed side by side)
                break
            if " ".join(" ".join(words[i:plain[b] + 1]).split()) == want:
                return i, plain[b] + 1
    return None
