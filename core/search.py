"""Queries over a library: text → moments, similar clips, similar captions, query refinement.
Filters reach the vector store only as a set of our own video ids: nothing a user types is ever
spliced into a query string, so quotes or SQL in a filter cannot change what is asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from .calibration import LibraryCalibration
from .clirefs import ClipRef, moment_at, on_clip
from .errors import MomentGoneError, SeekframeError
from .filenames import shown
from .filters import Filters
from .library import VideoLibrary
from .library.captions import check_search_model
from .library.records import MomentRecord, VideoCache, VideoRecord
from .search_copies import fold_copies, same_content, same_contents
from .search_rank import MAX_FETCH, TIE, TIE_FETCH, _reachable, _top, settle_ties  # noqa: F401 (settle_ties: as before)
from .search_videos import similar_videos
from .search_words import reads as query_reads
from .similar_labels import SimilarLabels
from .strength import no_strong_match  # noqa: F401  (core.search.no_strong_match, as before)


@dataclass
class SearchResult:
    path: str
    start: float
    end: float
    score: float
    video_id: str
    moment_id: str
    thumb_time: float
    offline: bool = False
    # how good a match the score is for this model (its card's calibration): "strong", "weak",
    # "none" (no better than a query about nothing in the library); '' when not calibrated
    strength: str = ""
    # the paths of byte-identical copies of this video whose same moment matched as well, listed
    # here instead of as results of their own (``Searcher(fold_copies=True)``: the command line)
    copies: list[str] = field(default_factory=list)
    # found by a note written on this very copy (``fold_copies`` lists it for its copies alike)
    noted: bool = field(default=False, compare=False, repr=False)

    def to_json(self) -> dict:
        d = asdict(self)
        del d["noted"]
        if not self.strength:
            del d["strength"]
        return d


@dataclass
class CaptionResult:
    text: str
    score: float
    source: str
    caption_id: str
    video_id: str = ""
    path: str = ""
    start: float = -1.0
    end: float = -1.0
    # how well the caption describes the clip, by the model card's calibration (a caption's vector
    # against a moment's is a text query's score): "strong", "weak", "none"; '' when not calibrated
    strength: str = ""


NOTE_MATCH = 0.6  # text↔text cosine above which a user's note is taken to answer the query


class _NoTextModel:
    """The encoder of a Searcher opened without a model: text queries are refused."""

    model_id = source = ""

    def encode_text(self, texts):
        raise SeekframeError("This search was opened without a model; text queries need one.")


class Searcher:
    """Answers queries for one library with one encoder (the library's model: the whole of it,
    or only its text side, ``core.encoders.text_side``). ``encoder=None``: similar clips and
    captions only, which search with the library's own vectors and need no model."""

    def __init__(self, library: VideoLibrary, encoder, fold_copies: bool = False, card=None):
        """``card``: the library's model's card where no encoder brings one (``seekframe similar``),
        for its similar clips' thresholds."""
        self.library = library
        self.fold_copies = fold_copies  # byte-identical copies' moments as one result (``fold_copies``)
        self.encoder = encoder if encoder is not None else _NoTextModel()
        # text-query score thresholds of this model (None: results are not labelled), raised
        # per library where queries about nothing score high (core.calibration)
        card = getattr(encoder, "card", None) or card
        self._library_calibration = LibraryCalibration(getattr(card, "calibration", None),
                                                       getattr(encoder, "model_id", None))
        # a clip's score thresholds against other clips (None: measured for neither kind; unlabelled)
        self.similar_labels = SimilarLabels(getattr(card, "similar_calibration", None))
        if encoder is not None:
            self._check_model()

    def _check_model(self) -> None:
        """The library's vectors come from the model in hand (at each text query too: another
        process may re-index the library with another model under a reader). Its words name no
        front end's ways: the CLI refuses another model first in its own (``cli_models.text_encoder``),
        the window in its (``app.engine.make_searcher``); these are said where the library changed since."""
        library_model = self.library.meta.model_id
        if library_model and self.encoder.model_id and self.encoder.model_id != library_model:
            from .earlier_builds import library_text  # (a bundled model an upgrade rebuilt)

            source = self.library.meta.model_source
            raise SeekframeError(library_text(source, library_model) or (
                f"This library was indexed with model {library_model}{f' ({source})' if source else ''}, but "
                f"{self.encoder.model_id} is loaded: its queries cannot be compared with the library's moments."))

    def _query_vector(self, text: str):
        self._check_model()
        return self.encoder.encode_text([text])[0]

    @property
    def calibration(self):
        """The model card's calibration (None: results are not labelled); read by benchmarks."""
        return self._library_calibration.card

    # -- helpers ----------------------------------------------------------------------------
    def _videos(self) -> Mapping[str, VideoRecord]:
        """The library's videos by id, uncopied (a search looks at a few): never change them."""
        return self.library.video_table.view()

    def _folders(self) -> list[str]:
        """The library's folders (a ``--folder`` reached through a link is one of them)."""
        return list(self.library.meta.settings.folders or [])

    def _links(self) -> dict | None:
        """The links to folders the library's folders' last walks met (``core.search_links``)."""
        return self.library.meta.settings.folder_links

    def _held(self) -> dict | None:
        """The library's records of its folders found missing, empty or on another drive."""
        return self.library.meta.settings.held_roots

    def _allowed(self, filters, videos) -> set[str] | None:
        """The ids of the videos that pass ``filters`` (None: no filters, any)."""
        if filters is None or filters.is_empty():
            return None
        accepts = filters.matcher(self._folders(), videos, self._links(), self._held())
        return {vid for vid, v in videos.items() if accepts(v)}

    def _search_vector(self, vector, k, filters, per_video, exclude=None, videos=None) -> list[SearchResult]:
        videos = self._videos() if videos is None else videos
        allowed = self._allowed(filters, videos)
        if allowed is not None and not allowed:
            return []
        # Grouping per video needs more raw hits than k; widen until k videos or nothing more. One
        # hit more: ties with the k-th (``settle_ties``: the same pictures, black screens) are all
        # fetched before the cut, so the same query lists the same moments whatever the store's
        # order (exact or ANN), the fetch growing x16 (2,400 tied: 3 searches), up to ``TIE_FETCH``
        # past where the ties began (a longer run of ties is left in the store's order).
        fetch = min((k * 4 if per_video else k) + 1, MAX_FETCH)  # (-k 99999999999: every moment)
        tie_limit = None
        # per video, a library of fewer videos than k never fills k: stop once each video that can
        # be listed is (its first hit is its best), or every moment would be fetched on each search
        reachable = _reachable(videos, allowed, exclude) if per_video else None
        while True:
            hits = self.library.moment_search.search(np.asarray(vector, np.float32), fetch, video_ids=allowed,
                                               exclude_video_ids=exclude)
            found = []
            for h in hits:
                v = videos.get(h.video_id)
                if v is not None:
                    found.append(SearchResult(v.path, h.start, h.end, float(h.score), h.video_id, h.moment_id,
                                              h.thumb_time, v.offline))
            results = _top(settle_ties(found), k, per_video, ties=True)
            tied = bool(results) and hits[-1].score > results[-1].score - TIE  # (the next hit may tie too)
            if len(results) >= k and tied and tie_limit is None:
                tie_limit = min(fetch + TIE_FETCH, MAX_FETCH)
            if (len(results) >= k and (not tied or fetch >= tie_limit)) or len(hits) < fetch or fetch >= MAX_FETCH:
                return results
            if reachable is not None and not tied and len(results) >= reachable:
                return results
            fetch = min(fetch * 16, tie_limit) if tie_limit is not None else min(fetch * 4, MAX_FETCH)

    def library_calibration(self, videos: VideoCache | None = None):
        """The model's calibration for this library as it is now (None when not calibrated)."""
        key = (self._videos() if videos is None else videos).done_key  # computed once per snapshot

        def top(vector) -> float | None:
            hits = self.library.moment_search.search(np.asarray(vector, np.float32), 1)
            return float(hits[0].score) if hits else None

        return self._library_calibration.get(key, self.encoder.encode_text, top)

    def _label(self, results: list[SearchResult], videos=None) -> list[SearchResult]:
        """Each result's ``strength`` from the model's calibration for this library (text
        queries only: the thresholds are measured on text↔moment scores)."""
        calibration = self.library_calibration(videos) if results else None
        if calibration is not None:
            for r in results:
                r.strength = calibration.strength(r.score)
        return results

    # -- queries ----------------------------------------------------------------------------
    def text(self, query: str, k: int = 20, filters: Filters | None = None, per_video: bool = False):
        """Moments matching a description; a note the user wrote on a clip that matches the
        query puts that clip among the results too. With a calibrated model each result says
        how strong a match it is (``strength``)."""
        query = query.strip()
        if not query or not self.reads(query):  # (its vector is any such query's: results would mean nothing)
            return []
        vector = self._query_vector(query)
        videos = self._videos()  # one read of the videos table serves every lookup
        check_search_model(self.library.meta, self.encoder.model_id, int(np.size(vector)))  # (that read may see a switch)
        return self._folded(lambda n: self._text_results(vector, n, filters, per_video, videos), k, videos)

    def reads(self, query: str) -> bool:
        """Whether ``query`` holds a word the model reads (``search_words.reads``: punctuation alone
        is none, nor is an emoji that a WordPiece vocabulary reads as its unknown token): ``text``
        answers nothing for one that does not."""
        return query_reads(query, getattr(self.encoder, "reads", None))

    def unread(self, query: str) -> str:
        """The end of ``query`` past what the model reads (its text length in tokens), which
        ``text`` searched without; "" when it reads it all."""
        unread = getattr(self.encoder, "unread", None)
        return unread(query.strip()) if unread is not None else ""

    def _folded(self, ask, k: int, videos=None) -> list[SearchResult]:
        """``ask(n)``, the first ``n`` results of a query and those that tie with the n-th; with
        ``fold_copies``, folded (``fold_copies``: the k-th's copies that rank past it, tied with it,
        listed with it) and asked for more until ``k`` are left or no more come; ``k`` at most."""
        if not self.fold_copies:
            return ask(k)[:k]
        videos = self._videos() if videos is None else videos
        n = k
        while True:
            got = ask(n)
            folded = fold_copies(got, videos)
            if len(folded) >= k or len(got) < n:
                return folded[:k]
            n *= 4

    def _text_results(self, vector, k: int, filters, per_video: bool, videos) -> list[SearchResult]:
        results = self._label(self._search_vector(vector, k, filters, per_video, videos=videos), videos)
        notes = self._note_matches(vector, filters, videos)
        if not notes:
            return results
        if self._library_calibration.card is not None:
            for r in notes:  # the user's own words answered the query
                r.strength = "strong"
        best: dict[str, SearchResult] = {}
        for r in notes + results:  # (a better score of the same moment keeps the note's copy noted: listed first)
            if (was := best.get(r.moment_id)) is None or r.score > was.score:
                best[r.moment_id] = replace(r, noted=True) if was is not None and was.noted else r
        return _top(sorted(best.values(), key=lambda r: -r.score), k, per_video, ties=True)  # (a note first among ties)

    def _note_matches(self, vector, filters: Filters | None, videos: Mapping[str, VideoRecord]) -> list[SearchResult]:
        hits = [h for h in self.library.caption_table.search(vector, 20, sources=["note"], model_id=self.encoder.model_id,
                                                             dim=int(np.size(vector)), videos=videos)  # (the searcher's model)
                if h.score >= NOTE_MATCH and h.video_id]
        accepts = (filters or Filters()).matcher(self._folders(), videos, self._links(), self._held())  # no filters: any video
        out, copies = [], same_contents({v.video_id: v for h in hits if (v := videos.get(h.video_id))}.values(), videos)
        for h in hits:
            if h.video_id not in copies:
                continue
            # (a note on one of byte-identical copies is on each: found on every copy the filters let
            # through, at the same moment and score, so that ``fold_copies`` lists them as one result)
            for v in copies[h.video_id].values():
                moments = self.library.moment_table.of(v.video_id) if accepts(v) else None
                if not moments:
                    continue
                if h.start >= 0:  # a note on a moment: that moment
                    m = moment_at(moments, h.start)
                else:  # a note on the whole video: its moment closest to the query
                    m = max(moments, key=lambda m: float(np.dot(m.vector, vector)))
                out.append(SearchResult(v.path, m.start, m.end, float(h.score), v.video_id, m.moment_id,
                                        m.thumb_time, v.offline, noted=v.video_id == h.video_id))
        return out

    def refine(self, query: str, more: list[str] = (), less: list[str] = (), k: int = 20,
               filters: Filters | None = None, per_video: bool = False, alpha=0.75, beta=0.5):
        """"More like this / less like this": Rocchio feedback on the query vector."""
        q = self._query_vector(query) if query.strip() else 0.0
        def mean_of(ids):  # (a moment re-indexed or removed since the search that showed it: left out)
            vecs = [m.vector for m in map(self.library.moment_table.get, ids) if m is not None]
            return np.mean(vecs, axis=0) if vecs else 0.0
        vector = q + alpha * mean_of(list(more)) - beta * mean_of(list(less))
        norm = np.linalg.norm(vector)
        if not np.ndim(vector) or norm == 0:
            return []
        return self._folded(lambda n: self._search_vector(vector / norm, n, filters, per_video), k)

    def clip_vector(self, clip: ClipRef | str) -> tuple[np.ndarray, VideoRecord, MomentRecord | None]:
        """The query vector of a moment (its id, or a ``ClipRef`` with one) or of a whole video (a
        ``ClipRef`` without: the mean of its moments), its video and the moment. The moments a
        ``ClipRef`` carries are not read again."""
        ref = clip if isinstance(clip, ClipRef) else ClipRef("", clip)
        videos = self._videos()
        if ref.moment_id is not None:
            m = next((m for m in ref.moments if m.moment_id == ref.moment_id), None)
            try:
                m = m or self.library.moment_table.get(ref.moment_id)
            except ValueError:  # no moment id at all (a path, say): a caller's mistake, said plainly
                raise SeekframeError(f"{ref.moment_id!r} is not a moment id (video_id:epoch:index).") from None
            video = videos.get(m.video_id) if m is not None else None
            if video is None:
                raise MomentGoneError()
            return m.vector, replace(video), m
        video = videos.get(ref.video_id)
        # (a video removed since ``resolve_clip`` read its moments has none now)
        moments = (ref.moments or self.library.moment_table.of(ref.video_id)) if video is not None else []
        if not moments:
            raise SeekframeError(f"{shown(video.path) if video else 'That video'} has no indexed moments.")
        vector = np.mean([m.vector for m in moments], axis=0)
        return vector / (np.linalg.norm(vector) or 1.0), replace(video), None

    def similar_clips(self, clip: ClipRef | str, k: int = 20, filters: Filters | None = None,
                      per_video: bool = True) -> list[SearchResult]:
        """Clips like a moment (its id) or a whole video (``ClipRef``); the query's video itself
        is excluded, and so are its byte-identical copies (a phone backup's: the same clip at score
        1.0, never what "similar" asks for). A whole video, one result a video: videos ranked by
        how their moments match its moments as sets (``search_videos``), each shown at its moment
        that matches best; ``per_video`` False: the moments nearest its mean vector. Each result
        says how alike it is (``strength``) where the model's card has that kind measured."""
        vector, video, moment = self.clip_vector(clip)
        return self.similar_labels.label(self._similar(clip, vector, video, moment, k, filters, per_video),
                                         moment is not None, per_video, self._videos)

    def _similar(self, clip, vector, video, moment, k: int, filters, per_video: bool) -> list[SearchResult]:
        videos = self._videos()
        same = list(same_content(video, videos))
        if moment is None and per_video:  # a whole video: videos ranked by their moments as a set
            ref = clip if isinstance(clip, ClipRef) else ClipRef(video.video_id)
            query = [m.vector for m in (ref.moments or self.library.moment_table.of(video.video_id))]
            allowed = self._allowed(filters, videos)
            return self._folded(lambda n: similar_videos(
                query, vector, n, lambda v, m: self._search_vector(v, m, filters, True, exclude=same, videos=videos),
                self.library.moment_table.of_videos, videos,
                lambda probes, m: self.library.moment_search.best_videos(probes, m, allowed, same)), k, videos)
        return self._folded(lambda n: self._search_vector(vector, n, filters, per_video, exclude=same, videos=videos),
                            k, videos)

    def clip_captions(self, clip: ClipRef | str, k: int = 10, left: bool = True) -> tuple[list[CaptionResult], tuple]:
        """The ``k`` captions that best describe the clip (``similar_captions``), then every caption
        or note attached to it (``on_clip``) that is not among them, scored the same way; and the
        clip as ``(video_id, start, end)`` (a whole video: from 0 to no end). ``left`` False: none of
        a video the library no longer has (``seekframe captions``; the window lists them, saying so)."""
        vector, video, moment = self.clip_vector(clip)
        span = (video.video_id, moment.start, moment.end) if moment is not None else (video.video_id, 0.0, float("inf"))
        copies = same_content(video, self._videos())  # (a note on a byte-identical copy is on this clip too:
        # the copies are one result, and which of them is listed changes as drives come and go)

        def as_own(c: CaptionResult) -> CaptionResult:
            mine = replace(c, video_id=video.video_id)
            return mine if c.video_id in copies and on_clip(mine, span) else c

        ranked = [as_own(c) for c in self._captions_near(vector, k, left)]
        seen = {c.caption_id for c in ranked}
        own = []
        for copy in copies.values():
            for rec in self.library.caption_table.read(copy.video_id):
                mine = CaptionResult(rec.text, 0.0, rec.source, rec.caption_id, video.video_id, copy.path,
                                     rec.start, rec.end)
                if rec.caption_id in seen or not on_clip(mine, span):
                    continue
                seen.add(rec.caption_id)
                ok = rec.vector is not None and np.shape(rec.vector) == np.shape(vector)  # (a stale model's: none)
                own.append(replace(mine, score=float(np.dot(vector, rec.vector)) if ok else 0.0))
        return self._label_captions(ranked + own), span

    def _label_captions(self, captions: list[CaptionResult]) -> list[CaptionResult]:
        """Each caption's ``strength`` by the model's calibration for this library, as a text query's
        (a searcher without a model's card: unlabelled). A clip's captions were all listed as
        describing it, a caption about nothing at -0.06 among them."""
        calibration = self.library_calibration() if captions else None
        return [replace(c, strength=calibration.strength(c.score)) for c in captions] if calibration else captions

    def similar_captions(self, clip: ClipRef | str, k: int = 10) -> list[CaptionResult]:
        return self._captions_near(self.clip_vector(clip)[0], k)

    def _captions_near(self, vector, k: int, left: bool = True) -> list[CaptionResult]:
        """The ``k`` captions nearest ``vector``, each with the path of its video (if any); ``left``:
        those of a video no longer in the library too (kept for its content's return: path "")."""
        videos = self._videos()
        return [CaptionResult(h.text, float(h.score), h.source, h.caption_id, h.video_id,
                              videos[h.video_id].path if h.video_id in videos else "", h.start, h.end)
                for h in self.library.caption_table.search(vector, k, dim=int(np.size(vector)),
                                                           videos=None if left else videos)]
