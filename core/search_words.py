"""What of a text query can be searched by: its words, not its punctuation.

A query of punctuation alone ("???", "...", "—") holds nothing to search by, yet a WordPiece
vocabulary has a token for each such mark, so the model's own check (``Encoder.reads``: any token
that is not a special one) takes it for words, and its vector, like that of any query about
nothing, lists the same "poor match" moments. Which characters can make a word is Unicode's to
say (its general categories); whether the model knows the word is the tokenizer's.
"""

from __future__ import annotations

import unicodedata

from .filenames import shown as shown_text


# what the CLI (``seekframe search``) and the window say of a query holding no word the model reads
NO_WORDS_TEXT = ("Nothing to search for: this model reads no word in that query (it does not know emoji or "
                 "symbols like these, and punctuation is no word). Describe what you are looking for in "
                 "words instead, e.g. “a dog on the beach”, not 🐶🏖️.")
# what the CLI says of one whose letters (or digits) the model reads as its unknown token alone: a
# script its vocabulary lacks (Georgian, runes), or a word longer than its tokenizer takes (WordPiece:
# over 100 characters): neither emoji, symbols nor punctuation
NO_KNOWN_WORDS_TEXT = ("Nothing to search for: this model knows no word in that query (it does not read that "
                       "script, or a word that long). Describe what you are looking for in words it knows "
                       "instead, e.g. “a dog on the beach”.")


def no_words_text(query: str) -> str:
    """What is said of ``query``, which holds no word the model reads (``reads``): ``NO_WORDS_TEXT``
    for emoji, symbols and punctuation alone; ``NO_KNOWN_WORDS_TEXT`` when it holds a letter or digit
    (of any script, the model's tokenizer read it as unknown all the same)."""
    return NO_KNOWN_WORDS_TEXT if any(unicodedata.category(c)[0] in "LN" for c in query) else NO_WORDS_TEXT


# what the CLI and the window say of a note of punctuation or math symbols alone ("???", "→"): no model
# reads a word in it, so no search could ever find it (``word_text`` is empty): it is not added
NO_NOTE_WORDS_TEXT = ("Nothing was added: that note holds no word (punctuation and symbols like these are none), "
                      "so no search could find it. Write what the moment shows in words, e.g. “a dog on the beach”.")


def unread_note_text(note: str) -> str:
    """What is said of a note that was added though this model reads no word in it (``reads``: an
    emoji, a script or words its vocabulary lacks; another model may): a search for it finds nothing."""
    what = ("knows no word in it" if any(unicodedata.category(c)[0] in "LN" for c in note)
            else "does not read the emoji or symbols in it")
    return f"This model {what}, so searching does not find this moment by that note."


def is_word_char(c: str) -> bool:
    """Whether ``c`` can be (part of) a word: a letter of any script, a digit or number ("2019",
    "½"), a combining mark (an accent typed apart), an other symbol (an emoji, ♥, ★: a multilingual
    vocabulary may hold them, MiniLM's reads an emoji as [UNK]); not punctuation, a space, a control
    or format character, nor a math, currency or modifier symbol ("+", "$", "^", "→")."""
    category = unicodedata.category(c)
    return category[0] in "LNM" or category == "So"


def word_text(query: str) -> str:
    """``query`` with each character that can be no word as a space, stripped: "" when nothing
    is left to search by ("???", "—", "..."); "dog!" is "dog", "🙂?" is "🙂"."""
    return "".join(c if is_word_char(c) else " " for c in query).strip()


def reads(query: str, model_reads=None) -> bool:
    """Whether ``query`` holds a word to search by: one of the characters a word is made of
    (``word_text``) that the model's tokenizer reads as more than its unknown token
    (``model_reads(text)``, the encoder's ``reads``; without one, the characters alone say)."""
    words = word_text(query)
    return bool(words) and (model_reads is None or bool(model_reads(words)))


def unread_words(tail: str) -> int:
    """How many words ``tail`` holds: its parts between spaces that hold a word's character ("bus."
    is one, "—" none)."""
    return sum(1 for part in tail.split() if word_text(part))


def unread_quote(tail: str, shown: int = 40) -> str:
    """How a note quotes ``tail``, the end of a query the model left out (``Searcher.unread``), the
    CLI's and the app's: "" when it holds no word (a full stop, "?!": nothing a search would have
    gone by); else on one line (a pasted paragraph's line breaks and tabs, each run of whitespace, as
    one space), its last ``shown`` characters from a word's start, "…" before them when cut (a word
    cut in two left out, unless it is all there is), control characters as escapes (as
    ``filenames.shown``)."""
    if not word_text(tail):
        return ""
    tail = " ".join(tail.split())
    return shown_text(tail if len(tail) <= shown else "…" + _last_words(tail, shown))


def _last_words(text: str, shown: int) -> str:
    """The end of ``text`` (longer than ``shown``) in ``shown`` characters, from a word's start."""
    end = text[-shown:]
    if not (end[0].isspace() or text[-shown - 1].isspace()):  # (it starts inside a word)
        rest = end.split(None, 1)
        end = rest[1] if len(rest) > 1 else end
    return end.lstrip()


def unread_text(tail: str, shown: int = 40) -> str:
    """What ``seekframe search`` says of a query longer than the model reads: ``tail``, the end it
    left out, quoted (``unread_quote``); "" when it read it all, or left out no word."""
    quoted = unread_quote(tail, shown)
    if not quoted:
        return ""
    return (f"Note: the model reads only the start of a query this long; its end was not searched "
            f"(\"{quoted}\"): put what matters first, in fewer words.")
