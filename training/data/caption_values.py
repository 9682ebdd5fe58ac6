"""A caption field's value as the caption texts it holds, whatever shape a data set gives it.

Read: a string; a list of strings; an object with a text field, singular or plural, any case
(``caption``/``captions``, ``text``/``texts``, ``sentence``/``sentences``, ``description``…, VATEX's
``enCap``: a string, a list of strings, or caption objects again), or a list of such objects
(VATEX-style ``[{"caption": ..., "lang": "en"}]``, WebVid's or a KEY.json's ``{"text": ...}`` entries,
ActivityNet Captions' ``{"timestamps": ..., "sentences": [...]}``, HowTo100M's ``{"start": [...],
"text": [...]}``); an object keyed by language (``{"en": [...], "zh": [...]}``). Where entries mark
their language (``lang``, ``language``, ``locale``…), the English ones are kept (``english``: an ISO
639 code, ``en``, ``eng``, ``ENG``, a BCP-47 tag or POSIX locale of it, ``en-US``, ``en_GB.UTF-8``, or
its name, ``English``, ``English (United States)``, ``British English``; an entry that marks none is
kept too: a blank, null or ``und`` mark is none); a list of languages marks its entry's
captions one by one (``{"captions": ["a dog", "un chien"], "lang": ["en", "fr"]}``), or all of them
where it names one language (``["en"]``, ``["en", "en-US"]``). Anything else (a number, a list of
lists, an object without a text field, a language list that fits no caption list, captions all in
other languages) is a ``CaptionShape`` naming the shape found and the key at fault: never a caption
made of ``str(dict)``.
"""

from __future__ import annotations

import re

# an object's text field: the first of these it has (any case) whose value holds captions
TEXT_KEYS = ("caption", "text", "sentence", "description", "desc", "content", "value", "en_caption", "enCap",
             "captions", "texts", "sentences", "descriptions", "contents", "en_captions", "enCaps")
LANG_KEYS = ("lang", "language", "lan", "locale", "lang_code", "language_code", "langs", "languages")
ENGLISH_CODES = frozenset({"en", "eng"})  # ISO 639-1; 639-2 (its B and T codes alike) and 639-3
# a code with its subtags (BCP-47 ``en-Latn-US``, a POSIX locale ``en_US.UTF-8``, ``en@euro``); "_" read as "-"
_CODE = re.compile(r"([a-z]{2,3})(?:[-.@][0-9a-z.@-]*)?")
# English by name: "English", "English (United States)" (CLDR's names of a locale), "English - UK", "English GB",
# CLDR's variants' own names ("American English", "British English"…, "U.S. English"); not "Old English" or
# "Middle English", other languages (ISO 639 ang, enm), nor "English/French" (two languages)
_NAME = re.compile(r"(?:(?:american|british|australian|canadian|u\.?s\.?|u\.?k\.?)\s+)?english"
                   r"(?:\s*\(.*\)|\s*-.*|\s+[a-z]{2})?")
ENGLISH_SAID = "en, eng, en-US, English, English (United States)"  # (what a refusal says is read as English)
UNMARKED = frozenset({"", "und", "unknown", "none", "null", "nan", "n/a", "-"})  # (a language field saying none)
EXPECTED = "text, a list of texts, or objects with a caption(s), text(s) or sentence(s) field"
DEPTH = 3  # caption objects held in caption objects, at most this deep


class CaptionShape(ValueError):
    """A caption value of a shape that holds no caption text; the message says the shape found."""


class NoEnglish(CaptionShape):
    """Captions all marked in other languages than English (the message names them)."""


def english(lang) -> bool:
    """Whether a language mark names English: an ISO 639 code (``en``, ``eng``, ``ENG``), one with a
    region or script (``en-US``, ``en_GB``, ``en-Latn-US``, ``en_US.UTF-8``), or English's name
    (``English``, ``English (United States)``, ``American English``), any case."""
    said = " ".join(str(lang).lower().replace("_", "-").split())
    code = _CODE.fullmatch(said)
    return code.group(1) in ENGLISH_CODES if code else bool(_NAME.fullmatch(said))


def caption_texts(value) -> list[str]:
    """The caption texts of ``value`` (stripped, the empty ones left out; see the module docstring),
    or CaptionShape: ``value`` holds none, or only captions marked in other languages."""
    texts, others = _collect(value, value, 0)
    if others and not texts:
        raise NoEnglish(f"holds captions in {', '.join(dict.fromkeys(others))} only: no English caption "
                        f"(read as English: {ENGLISH_SAID})")
    return [t.strip() for t in texts if t.strip()]


def _collect(value, whole, depth: int) -> tuple[list[str], list[str]]:
    """``(the English or unmarked texts of value, the other languages met)``; ``whole``: the value
    a refusal names."""
    texts, others = [], []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            texts.append(item)
            continue
        if not isinstance(item, dict):
            raise CaptionShape(f"is {shape(whole)}: expected {EXPECTED}")
        found, other = _object(item, whole, depth)
        texts, others = texts + found, others + other
    return texts, others


def _object(item: dict, whole, depth: int) -> tuple[list[str], list[str]]:
    """One caption object's English (or unmarked) texts and the other languages it marks."""
    keys = {k.lower(): k for k in item if isinstance(k, str)}
    bad = None  # (why a text field's value holds no caption, said if no other field holds one)
    for name in (keys[k.lower()] for k in TEXT_KEYS if k.lower() in keys):
        v = item[name]
        if isinstance(v, str) or (isinstance(v, list) and v and all(isinstance(t, str) for t in v)):
            return _marked(item, name, [v] if isinstance(v, str) else v, whole)
        if isinstance(v, (list, dict)) and v and depth < DEPTH:  # (caption objects again)
            try:
                inner, other = _collect(v, v, depth + 1)
            except CaptionShape as e:
                bad = bad or f"its '{name}' {e}"
                continue
            texts, more = _marked(item, name, inner, whole, nested=True)
            return texts, other + more
        if v is not None:
            bad = bad or f"its '{name}' is {shape(v)}, expected {EXPECTED}"
    for k in (k for k in item if isinstance(k, str) and english(k)):  # ({"en": [...], "zh": [...]})
        v = item[k]
        if isinstance(v, str) or (isinstance(v, list) and v and all(isinstance(t, str) for t in v)):
            return ([v] if isinstance(v, str) else v), []
    if bad is not None:
        raise CaptionShape(f"is {shape(whole)}: {bad}")
    texty = [k for k, v in item.items() if isinstance(v, str) and v.strip() and not _is_lang(k)]
    raise CaptionShape(f"is {shape(whole)}: expected {EXPECTED}" + (
        f"; its {'key' if len(texty) == 1 else 'keys'} {', '.join(repr(str(k)) for k in texty[:3])} "
        f"{'holds' if len(texty) == 1 else 'hold'} text but no caption field read here ({', '.join(TEXT_KEYS[:4])}, "
        f"their plurals…)" if texty else ""))


def _marked(item: dict, name: str, texts: list[str], whole, nested: bool = False) -> tuple[list[str], list[str]]:
    """``texts`` (of ``item``'s ``name``) split by the language ``item`` marks: ``(kept, others)``."""
    key = next((k for k in item if isinstance(k, str) and _is_lang(k) and not _unmarked(item[k])), None)
    if key is None:
        return texts, []
    lang = item[key]
    if not isinstance(lang, list):
        return (texts, []) if english(lang) else ([], [str(lang)])
    marks = [None if _unmarked(x) else str(x) for x in lang]
    said = [m for m in marks if m is not None]
    if all(english(m) for m in said):
        return texts, []
    if len({m.strip().lower() for m in said}) == 1 and len(said) == len(marks):  # (one language, not English)
        return [], said[:1]
    if nested or len(marks) != len(texts):
        raise CaptionShape(f"is {shape(whole)}: its '{key}' lists {len(marks)} languages "
                           f"({', '.join(str(x) for x in lang[:4])}{', …' if len(lang) > 4 else ''}) for "
                           f"{len(texts)} caption{'s' if len(texts) != 1 else ''} in '{name}': expected one "
                           "language, or one for each caption")
    kept = [t for t, m in zip(texts, marks) if m is None or english(m)]
    return kept, [m for m in marks if m is not None and not english(m)]


def _is_lang(key: str) -> bool:
    return key.lower() in LANG_KEYS


def _unmarked(lang) -> bool:
    """Whether a language field marks no language: absent, null, NaN (a table's missing cell), blank,
    ``und``/``unknown``, a list of such (or none): its entry is kept as one that marks none."""
    if lang is None or (isinstance(lang, float) and lang != lang):
        return True
    if isinstance(lang, list):
        return all(_unmarked(x) for x in lang)
    return isinstance(lang, str) and lang.strip().lower() in UNMARKED


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
