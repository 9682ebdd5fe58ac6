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


FIELD_INSTRUCTION = "Describe a moment"
# (a field too narrow for the example: its instruction alone; narrower still, one word)
FIELD_SHORTER = (FIELD_INSTRUCTION, "Search")


def field_placeholder(card=None) -> str:
    return f"{FIELD_INSTRUCTION}, e.g. {example_query(card)}"


class ReadInPart(list):
    """The answer to a search read in part: ``skipped``, the words of the links into the folder filtered on
    that it did not follow as they do not answer (``skipped_note``); or a text search whose query is longer
    than the model reads (its text length
    in tokens: a pasted paragraph): its results, and of the end of the query the model left out
    (``core.search.Searcher.unread``), which nothing was searched for: ``unread``, that end as
    typed; ``quoted``, how a note quotes it, and ``words``, its words (``core.search_words``'
    ``unread_quote`` and ``unread_words``, the CLI's rule, asked in the search's worker:
    ``app.searches.answer``)."""

    def __init__(self, results=(), unread: str = "", quoted: str = "", words: int = 0, skipped: str = ""):
        super().__init__(results)
        self.unread, self.quoted, self.words = unread, quoted, words
        self.skipped = skipped  # (a search in a folder: the links into it not followed, ``skipped_note``)


def unread_note(answer) -> str:
    """What the search panel says under the field of a search's ``answer``: for a ``ReadInPart``
    that left out a word, that the end of the query (its words counted, its last words quoted on one
    line) was not searched and what to do; "" for any other answer (a query read whole, or whose end
    left out holds no word: a full stop)."""
    if not isinstance(answer, ReadInPart) or not answer.quoted:
        return ""
    words = max(1, answer.words)
    end = "its last word" if words == 1 else f"its last {count(words, 'word')}"
    return (f"The model reads only the start of a query this long: {end} (“{answer.quoted}”) "
            f"{'was' if words == 1 else 'were'} not searched. Put what matters first, in fewer words.")


def skipped_note(answer) -> str:
    """What the search panel says under the field of a search's ``answer`` filtered to a folder that did not
    follow some of its links, as they do not answer (a network share that stopped answering): which, in
    ``seekframe search --folder``'s words (``core.search_links.not_followed_text``); "" for any other answer."""
    return getattr(answer, "skipped", "") if isinstance(answer, ReadInPart) else ""
