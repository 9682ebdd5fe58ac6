"""``Searches``: the session's read side. Searches, the captions of a moment and the moments a
search matched, each in a ``LatestRunner`` (one at a time, the latest request wins), answered by
the session's searcher; a search asked before the model is ready waits for it (a query longer than
the model reads answered with the end it left out, ``answer``). Also the request that "more /
less like this" makes (``feedback_request``).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from . import engine
from .empty_results import Unsearchable
from .requests import MomentGone, NoWords, SearchRequest
from .search_hints import ReadInPart
from .workers import LatestRunner

log = logging.getLogger("seekframe.app")


def feedback_request(last: SearchRequest | None, moment_id: str, more: bool) -> SearchRequest:
    """The last text search (or a blank one), moved towards (``more``) or away from a moment;
    feedback accumulates, a moment is on one side at most."""
    base = last if last is not None and last.kind != "similar" else SearchRequest()
    more_ids = tuple(m for m in base.more if m != moment_id) + ((moment_id,) if more else ())
    less_ids = tuple(m for m in base.less if m != moment_id) + (() if more else (moment_id,))
    return SearchRequest(query=base.query, per_video=base.per_video, filters=base.filters, k=base.k,
                         more=more_ids, less=less_ids)


def answer(searcher, request: SearchRequest):
    """``engine.run_search``'s answer to ``request`` (in a worker); a text query longer than the
    model reads answered as ``ReadInPart``, with the end it left out, quoted and counted as
    ``seekframe search`` quotes it (``core.search_words.unread_quote``: not for an end of
    punctuation alone, nor for a query of no words, whose answer says so already). A search filtered to a
    folder that did not follow some of its links, as they do not answer, says which (``ReadInPart.skipped``)."""
    from core.search_links import not_followed_text  # (in the worker: no engine module at start-up)

    results = engine.run_search(searcher, request)
    skipped = not_followed_text("the folder filter")  # (its links that did not answer: said as the CLI says them)
    if skipped and not isinstance(results, (NoWords, MomentGone)):
        results = ReadInPart(results, skipped=skipped)
    if request.kind == "similar" or isinstance(results, NoWords) or not request.query.strip():
        return results
    unread = getattr(searcher, "unread", None)
    tail = unread(request.query) if unread is not None else ""
    if not tail or not searcher.reads(request.query):
        return results
    from core.search_words import unread_quote, unread_words  # (in the worker: no engine module at start-up)

    quoted = unread_quote(tail)
    return ReadInPart(results, tail, quoted, unread_words(tail), getattr(results, "skipped", "")) if quoted else results


class Searches(QObject):
    message = Signal(str, str)  # level, text

    def __init__(self, session: QObject):
        """``session``, its parent: the ``app.session.Session`` whose ``searcher`` answers, whose
        ``why_no_search()`` says why there is none ('': no reason to give; None: the model is
        still loading, so a search waits for it), and whose signals carry the answers."""
        super().__init__(session)
        self._session = session
        self._pending: SearchRequest | None = None
        self._searches = LatestRunner("search", self)
        self._searches.result.connect(session.search_results)
        self._searches.failed.connect(self._on_search_failed)
        self._captions = LatestRunner("captions", self)
        self._captions.result.connect(session.captions_results)
        self._captions.failed.connect(self._on_captions_failed)
        self._matches = LatestRunner("matches", self)
        self._matches.result.connect(session.moment_matches)
        self._matches.failed.connect(lambda _req, msg: log.warning("matched moments: %s", msg))

    @property
    def runners(self) -> tuple[LatestRunner, ...]:
        return (self._searches, self._captions, self._matches)

    def answer_pending(self) -> None:
        """The model is ready (with or without a searcher): a search that waited is answered."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self.search(pending)

    def close(self) -> None:
        """Nothing more is answered: the running calls' results are dropped (``LatestRunner.drop``)."""
        self._pending = None
        for runner in self.runners:
            runner.drop()

    def search(self, request: SearchRequest) -> None:
        # (a search that waited for the model is superseded: answered later, it replaced this one in
        # the runner, or came after a cleared query's empty answer)
        self._pending = None
        if request.is_blank:
            self._searches.drop()
            self._session.search_results.emit(request, [])
            return
        if self._session.searcher is None:
            why = self._session.why_no_search()
            if why is None:
                self._pending = request  # answered when the model is ready (also if typed before open())
                return
            why = why or "Search needs a model; none is loaded."
            self.message.emit("warning", why)
            self._session.search_results.emit(request, Unsearchable(why))
            return
        self._searches.submit(request, answer, self._session.searcher, request)

    def similar_captions(self, result, k: int) -> bool:
        if self._session.searcher is None:
            self.message.emit("warning", self._session.why_no_search() or "The model is not loaded yet.")
            return False
        self._captions.submit(result, engine.similar_captions, self._session.searcher, result, k)
        return True

    def match_moments(self, request: SearchRequest) -> None:
        searcher = self._session.searcher
        if searcher is not None and not request.is_blank:
            self._matches.submit(request, engine.run_search, searcher, replace(request, per_video=False))

    def _on_search_failed(self, request, msg: str) -> None:
        self.message.emit("error", msg)
        self._session.search_results.emit(request, [])

    def _on_captions_failed(self, result, msg: str) -> None:
        self.message.emit("error", msg)
        self._session.captions_failed.emit(result, msg)
