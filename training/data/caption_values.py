"""A caption field's value as the caption texts it holds, whatever shape a data set gives it.

Read: a string; a list of strings; an object with a text field (``caption``, ``text``, ``sentence``,
``description``…), or a list of such objects (VATEX-style ``[{"caption": ..., "lang": "en"}]``,
WebVid's or a KEY.json's ``{"text": ...}`` entries); an object keyed by language
(``{"en": [...], "zh": [...]}``). Where entries mark their language (``lang``, ``language``,
``locale``…), the English ones are kept (an entry that marks none is kept too: a blank, null or ``und``
mark is none). Anything else
(a number, a list of lists, an object without a text field, captions all in other languages) is a
``CaptionShape`` naming the shape found: never a caption made of ``str(dict)``.
"""

from __future__ import annotations

TEXT_KEYS = ("caption", "text", "sentence", "description", "desc", "content", "value", "en_caption", "enCap")
LANG_KEYS = ("lang", "language", "lan", "locale", "lang_code", "language_code")
ENGLISH = frozenset({"en", "eng", "english"})
UNMARKED = frozenset({"", "und", "unknown", "none", "null", "nan", "n/a", "-"})  # (a language field saying none)
EXPECTED = "text, a list of texts, or objects with a caption or text field"


class CaptionShape(ValueError):
    """A caption value of a shape that holds no caption text; the message says the shape found."""


class NoEnglish(CaptionShape):
    """Captions all marked in other languages than English (the message names them)."""


def english(lang) -> bool:
    """Whether a language mark names English (``en``, ``eng``, ``English``, ``en-US``, ``en_GB``)."""
    said = str(lang).strip().lower().replace("_", "-")
    return said in ENGLISH or said.split("-", 1)[0] in ENGLISH


def caption_texts(value) -> list[str]:
    """The caption texts of ``value`` (stripped, the empty ones left out; see the module docstring),
    or CaptionShape: ``value`` holds none, or only captions marked in other languages."""
    items = value if isinstance(value, list) else [value]
    texts, others = [], []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
            continue
        if not isinstance(item, dict):
            raise CaptionShape(f"is {shape(value)}: expected {EXPECTED}")
        lang = next((item[k] for k in LANG_KEYS if not _unmarked(item.get(k))), None)
        found = _object_texts(item)
        if found is None:
            raise CaptionShape(f"is {shape(value)}: expected {EXPECTED}")
        if lang is None or english(lang):
            texts += found
        else:
            others.append(str(lang))
    if others and not texts:
        raise NoEnglish(f"holds captions in {', '.join(dict.fromkeys(others))} only: no English caption")
    return [t.strip() for t in texts if t.strip()]


def _unmarked(lang) -> bool:
    """Whether a language field marks no language: absent, null, NaN (a table's missing cell), blank,
    ``und``/``unknown``: its entry is kept as one that marks none."""
    if lang is None or (isinstance(lang, float) and lang != lang):
        return True
    return isinstance(lang, str) and lang.strip().lower() in UNMARKED


def _object_texts(item: dict) -> list[str] | None:
    """The texts of one caption object: its text field's (a string or a list of strings), else its
    English key's (``{"en": ..., "zh": ...}``); None when it has neither."""
    for keys in (TEXT_KEYS, tuple(k for k in item if isinstance(k, str) and english(k))):
        for k in keys:
            v = item.get(k)
            if isinstance(v, str):
                return [v]
            if isinstance(v, list) and v and all(isinstance(t, str) for t in v):
                return v
    return None


def shape(value, depth: int = 0) -> str:
    """``value``'s shape in words: ``a list of objects with keys caption, lang``, ``a number``…"""
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number" if depth else f"a number ({value})"
    if value is None:
        return "null"
    if isinstance(value, dict):
        keys = [str(k) for k in value][:6]
        return (f"an object with keys {', '.join(keys)}{', …' if len(value) > 6 else ''}" if keys
                else "an empty object")
    if isinstance(value, (list, tuple)):
        if not value:
            return "an empty list"
        if depth:
            return "a list"
        kinds = list(dict.fromkeys(shape(v, 1) for v in value))
        inner = kinds[0] if len(kinds) == 1 else " and ".join(kinds[:2])
        return "a list of " + (_plural(inner) if len(kinds) == 1 else f"mixed entries ({inner})")
    return f"a {type(value).__name__}"


def _plural(said: str) -> str:
    for one, many in (("an object", "objects"), ("a number", "numbers"), ("a list", "lists"), ("text", "texts"),
                      ("null", "nulls"), ("an empty", "empty")):
        if said.startswith(one):
            return many + said[len(one):]
    return said
