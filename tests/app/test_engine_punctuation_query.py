"""The window's search of punctuation alone ("???", "—") gets the no-words reason, not "poor
match" moments: the engine's answer is ``NoWords`` (the grid's empty text says why), as for an
emoji the model does not know; a query with words gets its results."""

from __future__ import annotations

from app.engine import run_search
from app.requests import NoWords, SearchRequest
from core.encoders import Encoder
from core.library import VideoLibrary
from core.search import Searcher
from tests.cli_proc import indexed_folder


def test_punctuation_alone_answers_no_words(tmp_path):
    model, _, lib = indexed_folder(tmp_path)
    with VideoLibrary(lib, read_only=True) as library:
        searcher = Searcher(library, Encoder.load(model))
        for query in ("???", "...", "—"):
            assert isinstance(run_search(searcher, SearchRequest(query=query)), NoWords), query
        found = run_search(searcher, SearchRequest(query="red?"))
        assert found and not isinstance(found, NoWords)
