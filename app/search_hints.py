"""The example query the search field and the empty results suggest: one the loaded model can find,
by its card. The demo model knows only the generated shapes: a demo clip's query. A model of real
footage gets a still scene, no action: the bundled one judges still frames (its card: weak at
actions and motion). Also what the search panel says of a query longer than the model reads
(``ReadInPart``, ``unread_note``). No Qt, no engine imports."""

from __future__ import annotations

from core.plural import count

GENERATED_EXAMPLE = "a red ball bouncing on the beach"  # core.demo.DEMO_QUERIES[0] (core.demo imports cv2)
REAL_EXAMPLE = "a dog on the beach"


def example_query(card=None) -> str:
    """An example for the model of ``card`` (a core.encoders.card.ModelCard; None: no model yet)."""
    return GENERATED_EXAMPLE if getattr(card, "domain", "") == "generated" else REAL_EXAMPLE


def search_hint(card=None) -> str:
    """What the empty results say before a search."""
    return f"Type what you are looking for, e.g. “{example_query(card)}”."


def field_placeholder(card=None) -> str:
    return f"Describe a moment, e.g. {example_query(card)}"


class ReadInPart(list):
    """The answer to a text search whose query is longer than the model reads (its text length
    in tokens: a pasted paragraph): its results, and ``unread``, the end of the query the model
    left out (``core.search.Searcher.unread``), which nothing was searched for."""

    def __init__(self, results=(), unread: str = ""):
        super().__init__(results)
        self.unread = unread


def unread_note(answer, shown: int = 40) -> str:
    """What the search panel says under the field of a search's ``answer``: for a ``ReadInPart``,
    that the end of the query (its words counted, its last words within ``shown`` characters
    quoted) was not searched and what to do; "" for any other answer (a query read whole)."""
    tail = answer.unread if isinstance(answer, ReadInPart) else ""
    if not tail:
        return ""
    quoted = tail if len(tail) <= shown else "…" + _last_words(tail, shown)
    words = len(tail.split())
    end = "its last word" if words == 1 else f"its last {count(words, 'word')}"
    return (f"The model reads only the start of a query this long: {end} (“{quoted}”) "
            f"{'was' if words == 1 else 'were'} not searched. Put what matters first, in fewer words.")


def _last_words(text: str, shown: int) -> str:
    """The end of ``text`` in ``shown`` characters, from a word's start (a word cut in two left
    out, unless it is all there is)."""
    if len(text) <= shown:
        return text
    end = text[-shown:]
    if not (end[0].isspace() or text[-shown - 1].isspace()):  # (it starts inside a word)
        rest = end.split(None, 1)
        end = rest[1] if len(rest) > 1 else end
    return end.lstrip()
