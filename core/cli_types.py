"""The ``seekframe`` command's parser class (``CommandParser``) and its reading of the words typed: a
word argparse takes for an option where a text was due, an option mistyped or misplaced, a name
with spaces typed without quotes (``spaced_names``), a text of several words (``Words``) is exit
code 2 with a message saying what to type, before anything heavy is imported or a model is loaded.
The types of its arguments' values (a duration, a date, FILE@TIME): ``core.cli_values``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys


class _WouldFail(Exception):
    """A command line ``CommandParser._parses`` tried would have been refused."""


def _end(given: list[str]) -> int:
    """Where ``given``'s options end: at a "--", after which every word is text."""
    return given.index("--") if "--" in given else len(given)


def _edits(a: str, b: str) -> int:
    """The letters to change, add, drop or swap with the next to make ``a`` of ``b`` (serach: 1 from search)."""
    d = [[i + j if not i * j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


class CommandParser(argparse.ArgumentParser):
    """A command's parser. A word that starts with "-" where a query or a note's text was due
    (``seekframe search -x``) is taken by argparse for an option it does not know, and the text
    is said to be missing: the message then says how to give it (after ``--``)."""

    outer = False  # the ``seekframe`` parser itself, whose command line holds a command's own
    _whole: list[str] = []  # the whole command line the outer parser was last given
    # the option given which the words ("text") may be left out (``note FILE@T --remove``); the words
    # are then read wherever they stand among the options (argparse's intermixed parse: its plain one
    # took ``note F@1 --remove the text``'s words for unknown arguments, a "*" matched empty before it)
    words_optional_with: str | None = None
    _mixing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._mixing:  # (Python 3.11's intermixed parse comes back here, 3.12.8's and 3.13.1's do not:
            return super().parse_known_args(args, namespace)  # the command line said is the one first given)
        given = list(sys.argv[1:] if args is None else args)
        self._given = given
        if self.outer:
            CommandParser._whole = self._given
        if (flag := self.words_optional_with) and flag in given[:_end(given)]:
            words = next(a for a in self._actions if a.dest == "text")
            self._mixing, nargs, words.nargs = True, words.nargs, "*"
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                words.nargs, self._mixing = nargs, False
        return super().parse_known_args(args, namespace)

    def error(self, message):
        given, plain = getattr(self, "_given", []), message
        word = next((a for a in given if a.startswith("-") and a != "--" and not self._is_option(a)), None)
        if "arguments are required" in message and word is not None and "--" not in given and not self.outer:
            i = given.index(word)  # (the same command line, "--" before that word: what to type)
            whole = CommandParser._whole
            before = whole[:len(whole) - len(given)] if given and whole[-len(given):] == given else []
            top, _, name = self.prog.rpartition(" ")
            if not before or before[-1] != name:  # (this parser used on its own)
                top, before = self.prog, []
            retyped = [*given[:i], *given[i + 1:], "--", word]
            if self._parses(retyped):  # (`note -x`: `note -- -x` still lacks the note's text: no advice)
                again = " ".join(shlex.quote(a) for a in [*before, *retyped])
                message += (f' ({word!r} is no option of {self.prog}; a text that starts with "-" goes after '
                            f'"--": {top} {again})')
        elif message.endswith("required: WORDS") and self.words_optional_with and given and not self._clip_of(
                given):  # (`note "red car"`: words alone, the clip left out)
            at = self._positional(given)
            typed = " ".join(shlex.quote(a) for a in [*given[:at], "FILE@TIME", *given[at:]])
            message += f" (the clip is missing: the note's words come after it: {self.prog} {typed})"
        elif message.endswith("required: WORDS") and self.words_optional_with and given:  # (`note FILE@T`: no words)
            typed = " ".join(shlex.quote(a) for a in given)
            message += (f" (the note's words come after the clip: {self.prog} {typed} 'your words'; to take back "
                        f"the note there: {self.prog} {typed} {self.words_optional_with})")
        elif message.startswith(("unrecognized arguments", "argument COMMAND: invalid choice")) and self.outer and (
                typo := self._typo(given, before=True)):  # (`seekframe --lbrary x status`: 'x' is no command)
            message = f"unrecognized arguments: {typo}"
        elif (message.startswith(("unrecognized arguments", "argument COMMAND: invalid choice")) and self.outer
              and (moved := self._misplaced(given))):
            message += moved
        elif message.startswith("argument COMMAND: invalid choice") and self.outer:
            message += self._no_such_command(given, message)
        elif message.startswith("unrecognized arguments") and self.outer and (spaced := self._spaced(given)):
            message += spaced
        elif message.startswith("unrecognized arguments") and self.outer and (typo := self._typo(given)):
            message += f" {typo}"
        elif message.startswith("unrecognized arguments") and self.outer and (together := self._together(given)):
            message += together
        elif message.startswith("unrecognized arguments") and self.outer and "--" not in given:
            message += self._after_dashes(given)
        elif message.endswith("expected one argument"):
            message += self._with_equals(given)
        if self._trying:
            raise _WouldFail
        name, own = self._command(given) if self.outer and message.startswith("unrecognized") else (None, None)
        at, extra = (given.index(name), self._extra(given) or []) if own is not None else (0, [])
        if extra and all(w in given[at + 1:] for w in extra):  # (the command's own words: said with its usage,
            from .cli_pasted import clip_words  # not seekframe's: `captions FILE@1 red wall`)

            message += clip_words(self.prog, given, at, at + 1 + own._positional(given[at + 1:]),
                                  extra, self._parses) if message == plain else ""
            own.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: error: {message}\n")
        super().error(message)

    def _positional(self, given: list[str]) -> int:
        """Where the first word of ``given`` that is no option nor an option's value stands."""
        i = 0
        while i < len(given) and given[i].startswith("-") and given[i] != "--":
            action = self._option_string_actions.get(given[i].split("=")[0])
            i += 1 + (action is not None and "=" not in given[i] and action.nargs != 0)
        return min(i + (i < len(given) and given[i] == "--"), len(given))

    def _clip_of(self, given: list[str]) -> bool:
        """Whether ``note``'s one word given reads as a clip (``cli_pasted.clip_named``, or a file's name)."""
        from .cli_pasted import clip_named

        word = given[self._positional(given)] if self._positional(given) < len(given) else ""
        return not word or clip_named(word) or bool(os.path.splitext(word)[1])

    def _with_equals(self, given: list[str]) -> str:
        """Advice for an option whose value starts with "-" (``--folder -clips``, ``--library -lib``),
        which argparse took for an option and said the value missing: given with "=" it reads."""
        for i, word in enumerate(given[:-1]):
            value = given[i + 1]
            if (word.startswith("--") and "=" not in word and self._is_option(word) and value.startswith("-")
                    and value != "--" and not self._is_option(value)):
                return f' (a value that starts with "-" is given with "=": {word}={shlex.quote(value)})'
        return ""

    def _command(self, given: list[str]):
        """(name, parser) of the command ``given`` names, else (None, None)."""
        sub = next((a for a in self._actions if isinstance(a, argparse._SubParsersAction)), None)
        name = next((w for w in given if sub is not None and w in sub.choices), None)
        return (name, sub.choices[name]) if name else (None, None)

    def _misplaced(self, given: list[str]) -> str:
        """Advice for a command's option given before the command (``seekframe -v status``, ``seekframe
        --json status``, ``seekframe -k 3 search dog``): argparse said "unrecognized arguments: -v", or took
        the option's value for the command ("invalid choice: '3'"). The command line with them after the
        command is said, where it reads."""
        import contextlib
        import io

        name, command = self._command(given)
        if command is None or "--" in given[:given.index(name)]:
            return ""
        own, moved, words = [], [], iter(given[:given.index(name)])
        for word in words:  # (the outer options and their values stay before the command)
            if word.startswith("--") and self._is_option(word):
                own += [word] if "=" in word else [word, next(words, "")]
            else:
                moved.append(word)
        if not any(w.startswith("-") and command._is_option(w) for w in moved):
            return ""
        retyped = [*own, name, *moved, *given[given.index(name) + 1:]]
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            try:
                reads = self._parses(retyped)
            except SystemExit:
                reads = False
        if not reads:
            return ""
        options = " ".join(w for w in moved if w.startswith("-"))
        one, again = " " not in options, " ".join(shlex.quote(a) for a in retyped)
        return (f" ({options} {'is an option' if one else 'are options'} of `{self.prog} {name}`: give "
                f"{'it' if one else 'them'} after the command: {self.prog} {again})")

    def _no_such_command(self, given: list[str], message: str) -> str:
        """Advice for a command that is none: ``seekframe help [COMMAND]``, a typo (``seekframe statu``)."""
        import difflib

        sub = next((a for a in self._actions if isinstance(a, argparse._SubParsersAction)), None)
        word = next((w for w in given if f"invalid choice: {w!r}" in message), None)
        if sub is None or word is None:
            return ""
        if word == "help":
            after = given[given.index(word) + 1:]
            if after and after[0] in sub.choices:
                return f" (`{self.prog} {after[0]} --help` gives its options and examples)"
            return f" (`{self.prog} --help` lists the commands, `{self.prog} COMMAND --help` a command's options)"
        at = given.index(word)  # (`seekframe "a car" search`, `seekframe clip.mp4 similar`: the command typed last,
        typo = next((c for c in sub.choices if _edits(word, c) <= (1 if len(word) < 7 else 2)), None)
        command = next((w for w in given[at + 1:] if w in sub.choices), None)  # its words no typo of one; a typo
        if command and not typo:  # of one, `serach a note on the fridge`, is one whatever words follow it)
            rest = given[at:]  # "red car" is close to repair, beach to search)
            rest.remove(command)
            if self._parses(retyped := [*given[:at], command, *rest]):
                return f" (the command comes first: {self.prog} {' '.join(shlex.quote(a) for a in retyped)})"
            return f" (the command comes first: `{self.prog} {command} --help` gives its options and examples)"
        if close := [typo] if typo else difflib.get_close_matches(word, list(sub.choices), n=1, cutoff=0.6):
            return f" (did you mean {close[0]}?)"
        return ""

    def _spaced(self, given: list[str]) -> str:
        """Advice for names with spaces typed without quotes (``seekframe similar ~/v/bird copy.mkv``: argparse
        said "unrecognized arguments: copy.mkv"; an option's value too: ``search dog --folder ~/my videos``,
        which _together read as the query's words): the command line with each such name in quotes."""
        name, command = self._command(given)
        if command is None:
            return ""
        after = given[given.index(name) + 1:]
        if (out := spaced_names(after)) == after:
            return ""
        again = " ".join(shlex.quote(a) for a in [*given[:given.index(name) + 1], *out])
        return f" (a name with spaces goes in quotes: {self.prog} {again})"

    def _typo(self, given: list[str], before: bool = False) -> str:
        """Advice for an option mistyped (``seekframe index --lbrary L``, ``search --vidoes``): the
        command's option it is closest to, and where its options are listed. argparse said only
        "unrecognized arguments", or, for a command taking folders, advised the word as a folder's
        name after "--", a typo's reading least likely. ``before``: ``seekframe``'s own before the command
        (``--lbrary L status``: "invalid choice: 'L'"), the word said too."""
        import difflib

        name, command = self._command(given)
        at = given.index(name) if name else len(given)
        parser, words = (self, given[:at]) if before else (command, given[at + 1:])
        if parser is None:
            return ""
        options = [o for o in parser._option_string_actions if o.startswith("--")]
        for word in words:
            if word == "--":
                break
            if not word.startswith("--") or any(p is not None and p._is_option(word) for p in (parser, command)):
                continue
            if close := difflib.get_close_matches(word.split("=")[0], options, n=1, cutoff=0.75):
                return f"{word + ' ' if before else ''}(did you mean {close[0]}? `{parser.prog} --help` lists its options)"
        return ""

    def _after_dashes(self, given: list[str]) -> str:
        """Advice for the first word of ``given`` that starts with "-" and is no option of its
        command, where the command line reads whole with it after "--" (``seekframe index -clips``,
        a folder so named, which ``index`` takes among its folders: argparse left it over)."""
        import contextlib
        import io

        _, command = self._command(given)
        for i, word in enumerate(given):
            if (not word.startswith("-") or word in ("-", "--") or self._is_option(word)
                    or command is not None and command._is_option(word)):  # (`search red -k 3 car`: -k is one)
                continue
            retyped = [*given[:i], *given[i + 1:], "--", word]
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                try:  # (a command's parser refusing it prints nothing here: no advice)
                    reads = self._parses(retyped)
                except SystemExit:
                    reads = False
            if reads:
                again = " ".join(shlex.quote(a) for a in retyped)
                return (f' ({word!r} is no option; a name that starts with "-" goes after "--": '
                        f"{self.prog} {again})")
        return ""

    def _together(self, given: list[str]) -> str:
        """Advice for a query's or a note's words, or the PATHs to index, split by an option (``seekframe search
        red -k 3 car``, ``note clip.mp4@3 great -v catch``): argparse took the words before the option and
        left the others over. They are not joined as typed: an option's value typed twice (``-k 3 5``,
        ``--after D1 D2``) would then be searched for, unsaid; the command line with them together is said."""
        name, command = self._command(given)
        many = next((a for a in getattr(command, "_actions", ()) if a.nargs in ("+", "*") and not a.option_strings),
                    None)
        start = given.index(name) + 1 if many is not None else 0
        extra = self._extra(given) if many is not None and "--" not in given[start:] else None
        if not extra or any(w.startswith("-") for w in extra):
            return ""
        after, left = given[start:], []
        for word in reversed(extra):  # (each left-over word, found from the end: the ones argparse left)
            at = max(i for i, w in enumerate(after) if w == word and i not in left) if word in after else None
            if at is None:
                return ""
            left.append(at)
        kept = [w for i, w in enumerate(after) if i not in left]
        end, i = None, 0
        while i < len(kept) and end is None:  # (the end of the first run of words that are no option's value)
            if kept[i].startswith("-") and kept[i] != "-":
                i += 1 + _values(command, kept[i])
                continue
            end = i
            while end < len(kept) and not (kept[end].startswith("-") and kept[end] != "-"):
                end += 1
        if end is None:
            return ""
        retyped = [*given[:start], *kept[:end], *extra, *kept[end:]]
        if self._extra(retyped) != []:
            return ""
        what = {"query": "the words of a query", "text": "the words of a note"}.get(many.dest, "the PATHs")
        again = " ".join(shlex.quote(a) for a in retyped)
        return f" ({what} go together: {self.prog} {again})"

    def _extra(self, argv: list[str]) -> list[str] | None:
        """The words this parser leaves over from ``argv`` (None: it refuses it; nothing printed, no exit)."""
        import contextlib
        import io

        given, self._trying = getattr(self, "_given", []), True
        try:
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                return self.parse_known_args(argv, argparse.Namespace())[1]
        except (_WouldFail, SystemExit):
            return None
        finally:
            self._given, self._trying = given, False

    _trying = False  # set while ``_parses`` tries a command line: an error then prints nothing, exits not

    def _parses(self, argv: list[str]) -> bool:
        """Whether this parser reads ``argv`` whole without an error (nothing printed, no exit)."""
        given, self._trying = getattr(self, "_given", []), True
        try:
            _, extra = self.parse_known_args(argv, argparse.Namespace())
            return not extra
        except _WouldFail:
            return False
        finally:
            self._given, self._trying = given, False

    def _is_option(self, word: str) -> bool:
        """Whether argparse reads ``word`` as one of this parser's options (``--fold`` for
        ``--folder``, ``-k3``, ``--after=2024-01-01`` included)."""
        name = word.split("=")[0]
        return any(opt == name or opt.startswith(name) if name.startswith("--") else name[:2] == opt
                   for opt in self._option_string_actions)


def _values(command, word: str) -> int:
    """How many of the words after ``word`` the option it is of ``command`` takes as its value (0 for a
    flag, for ``--opt=VALUE`` and ``-k3``, and for a word that is none of its options)."""
    if "=" in word or not command._is_option(word) or not word.startswith("--") and len(word) > 2:
        return 0
    name = (word if word in command._option_string_actions else None) or next(
        (o for o in command._option_string_actions if o.startswith(word)), None)
    nargs = command._option_string_actions[name].nargs if name else 0
    return 1 if nargs is None else nargs if isinstance(nargs, int) else 0


def spaced_name(words: list[str]) -> str | None:
    """The file a name with spaces typed without quotes names (``/v/bird copy.mkv@3`` split by the shell
    into ``/v/bird``, ``copy.mkv@3``): the shortest run of ``words``, from the first, joined by a space,
    that names a file there (its ``@TIME`` left out) where the first word alone names none; else None.
    Each look bounded (``clirefs.look_typed``: a share that does not answer names none)."""
    from .clirefs import look_typed

    def there(name: str) -> bool:
        name = os.path.expanduser(name)
        return any(look_typed(n, os.path.exists, n, otherwise=False) for n in {name, name.rpartition("@")[0]} if n)

    if not words or words[0].startswith("-") or there(words[0]):
        return None
    for end in range(2, min(len(words), 8) + 1):
        if words[end - 1].startswith("-"):
            break
        if there(joined := " ".join(words[:end])):
            return joined
    return None


def spaced_names(words: list[str]) -> list[str]:
    """``words`` (up to a "--") with each run of them that ``spaced_name`` joins into a name with spaces
    joined: the words to type, each such name one word."""
    out, i = [], 0
    while i < len(words) and words[i] != "--":
        joined = spaced_name(words[i:])
        out.append(joined or words[i])
        i += len(joined.split(" ")) if joined else 1
    return out + words[i:]


class Words(argparse.Action):
    """A query or a note's text typed without quotes (``seekframe search red car -k 3``), its
    words joined by one space, as one quoted argument gives them: argparse took the first word
    alone and refused the others ("unrecognized arguments: car")."""

    def __call__(self, parser, namespace, values, option_string=None):
        if len(values) > 1 and not all(values):  # (`search dog "$UNSET"`: one alone is said later)
            parser.error(f'one of the words of the {"note" if self.dest == "text" else self.dest} is empty (""): '
                         "name it, or leave it out; nothing was done")
        setattr(namespace, self.dest, " ".join(values))
