"""Plain values exchanged between the window's views and the :class:`~app.session.Session`:
what to search for, and what the session reports about its library. No Qt, no engine imports
(``core.filters``, ``core.model_titles``, ``core.plural`` and ``core.search_words`` are light), so
views can build them at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.filters import Filters
from core.model_titles import KNOWN_HUB_MODELS, model_title  # noqa: F401 (the window's names: the CLI's)
from core.plural import count
from core.search_words import NO_WORDS_TEXT


def encoder_title(encoder) -> str:
    """A loaded model (``core.encoders`` encoder) named so (``model_title`` of its card, name and source)."""
    return model_title(getattr(encoder, "card", None), encoder.name, encoder.source)


WRITER_WAITED = "is writing this library now"  # (in the warning of work that waits: app.writer_turn)
WRITER_DONE = "The other Seekframe process is done writing this library: what waited for it starts now."
WRITER_UNWAITED = "Cancelled: nothing waits for the other Seekframe process any more."

READ_ONLY_MESSAGE = (
    "Another Seekframe window or `seekframe index` is writing this library: this window is "
    "read-only until it is done (search works; adding folders and indexing are off)."
)


class NoWords(list):
    """The answer to a text query of no word the model knows (``core.search.Searcher.reads``: an
    emoji or symbols alone, a script it does not read): nothing, and the results' empty text says
    why (``core.search_words.no_words_text`` of the query)."""


class MomentGone(list):
    """The answer to "clips like this" whose moment left the library since (its video re-indexed
    or removed, ``core.errors.MomentGoneError``): the window goes back to the typed search."""


MOMENT_GONE = ("The clip these were like is no longer in the library (its video was re-indexed or removed "
               "since): back to your search.")

NO_WORDS = NO_WORDS_TEXT  # (emoji, symbols or punctuation alone; the grid says no_words_text(query): the CLI's)


@dataclass(frozen=True)
class SearchRequest:
    """One search. A text query by default; ``more``/``less`` (moment ids) refine it ("more /
    less like this"); ``similar_to`` = a moment id asks for clips like that moment."""

    query: str = ""
    per_video: bool = False  # the "videos" mode: best moment per video
    filters: Filters = field(default_factory=Filters)
    k: int = 60
    more: tuple[str, ...] = ()
    less: tuple[str, ...] = ()
    similar_to: str | None = None

    @property
    def kind(self) -> str:
        if self.similar_to is not None:
            return "similar"
        return "refine" if (self.more or self.less) else "text"

    @property
    def is_blank(self) -> bool:
        """Nothing to search for (an empty text query)."""
        return self.kind == "text" and not self.query.strip()


@dataclass(frozen=True)
class ModelOption:
    kind: str  # "exported" | "bundled" (real footage) | "demo" | "hub" | "in use"
    source: str  # a folder or a hub id: what Session.switch_model takes (the model dialog names it)


@dataclass(frozen=True)
class SessionStatus:
    """What the window shows about the library and the engine."""

    library_dir: str = ""
    opened: bool = False
    read_only: bool = False
    ready: bool = False  # a model is loaded and searches are answered
    model_failed: bool = False  # no model could be loaded (until one is): not "still loading"
    videos: int = 0  # indexed videos
    moments: int = 0
    pending: int = 0  # known, not indexed yet (an interrupted run)
    waiting: int = 0  # of those, the ones in folders that are there now: a run would index them
    unsearched: int = 0  # of those, the ones indexed before (a model switch/move): core LibraryStatus.unsearched
    failed: tuple[tuple[str, str], ...] = ()  # (path, reason)
    to_retry: int = 0  # of those, failed by an earlier version: the next re-scan tries them again (core's)
    folders: tuple[str, ...] = ()
    folder_videos: tuple[tuple[str, int], ...] = ()  # (folder, indexed videos under it)
    folder_quick: tuple[tuple[str, int], ...] = ()  # (folder, those of them with quick moments only), where any
    # (folder, files an index that stopped before it finished left in it: core.stopped_runs.per_folder), where any
    folder_stopped: tuple[tuple[str, int], ...] = ()
    # (library folder, its videos an interrupted --reindex left waiting to be embedded again: indexed,
    # searched by their earlier moments, core.reembed_record.waiting), where any: Finish indexing embeds
    # them again
    folder_reembed: tuple[tuple[str, int], ...] = ()
    folder_reembed_full: tuple[tuple[str, int], ...] = ()  # of those, how many a --reindex a full disk stopped left
    # (path, reason) of indexed videos whose embedding again failed (core.reembed_failed): searched with their
    # earlier moments, not tried again until their files change (no Finish indexing for them); the status bar says so
    reembed_failed: tuple[tuple[str, str], ...] = ()
    folder_cancelled: tuple[str, ...] = ()  # of those, the ones only runs the user cancelled left files in
    folder_full: tuple[str, ...] = ()  # and those whose last stopped run a full disk stopped (core.stopped_runs.full_in)
    killed: tuple[tuple[str, int], ...] = ()  # (root, files left) of those runs whose process was killed or
    # crashed, in folders there now (core.stopped_runs.killed): the window resumes them at its open (app.resume)
    killed_quick: tuple[tuple[str, int], ...] = ()  # (root, of its files left those searchable already), where any
    # (folder, videos left to embed again) of a --reindex on the library's model whose process was killed or
    # crashed (core.reembed_record.killed): the window resumes it at its open, as a killed run (app.resume)
    reembed_killed: tuple[tuple[str, int], ...] = ()
    took_in: tuple = ()  # (folder, ((library folder it took in, its videos), ...)): core FolderStatus.took_in
    offline_folders: tuple[str, ...] = ()
    # (folder, what status found of it since its last index, in the window's words: core FolderStatus.found, one
    # choice): a library folder missing whose videos a run found moved (renamed) or, no drive recorded for it (an
    # earlier release's library), took as copies, said so, not as a drive away; or one there again, not looked at
    # by a run since, where its last index found it not there: said back, and what brings it up to date
    folder_found: tuple[tuple[str, str], ...] = ()
    kept_apart: tuple[str, ...] = ()  # library folders a folder added above them leaves listed (core.taking_in)
    unread_folders: tuple[tuple[str, str], ...] = ()  # (folder, why): those the last walk could not read (core
    # LibraryStatus.unread: too long a path, permission denied), their videos not indexed
    offline_videos: int = 0
    captions: int = 0
    model_name: str = ""
    model_source: str = ""
    model_id: str = ""
    library_model_id: str = ""  # the model the library's vectors come from ('' when none yet)
    library_model_title: str = ""  # that model as the model dialog lists it (app.engine.library_model_title)
    model_switch: str = ""  # the model an interrupted switch is moving to ('' when none)
    # (its id, this version's id, this version's folder) of a library on a kept earlier build of a bundled
    # model (app.earlier_build.look: an upgrade rebuilt it), () for any other: the window offers the move
    earlier_build: tuple = ()
    indexing: bool = False
    model_card: object = None  # the loaded model's core.encoders.card.ModelCard (None: none loaded)
    # the loaded model as File › Model… lists it (core.model_titles.listed_title, read in a worker: a student
    # whose title another local model has too, with its folder); '' where not known (named by model_title)
    model_listed: str = ""
    # a model of the generated world as a notice names it (core.model_choice.generated_model_named: the
    # demo model, or another by its card's title); '' for any other model
    model_named: str = ""
    demo_library: bool = False  # this is the demo library (core.paths.demo_library_dir)
    real_videos: bool = False  # it holds indexed videos that are not the generated demo clips
    writer_free: bool = False  # read-only as another process wrote it, and no process writes it now
    written_elsewhere: bool = False  # another process holds the writer lock now (core LibraryStatus.writing_now)
    forgetting: str = ""  # a path whose removal an earlier one left part-way: the next writer finishes it
    forget_request: tuple[str, ...] = ()  # the rest of a stopped removal of several (core LibraryStatus's)
    lost: int = 0  # indexed videos whose moments are gone: no search finds them until indexed again
    kept_by_content: int = 0  # removed by a re-scan of one folder, kept a while (core LibraryStatus's)
    tables_lost: bool = False  # its open found its tables missing (core.library.lost_tables: its notes say so)
    cut: object = None  # the moments' data files cut short that this handle took out (core's ``Dropped``), if any
    read_at: float = 0.0  # time.monotonic() as the library's read began (app.status_reader._stamped); 0: none read

    @property
    def needs_real_model(self) -> bool:
        """Real videos searched with a model that knows only the generated world: offer the switch. Not
        where that model cannot search the library (``model_mismatch``: another process re-indexed it with
        another model, or this window is switching it): the library no longer uses it."""
        card = self.model_card
        return bool(self.real_videos and not self.demo_library and card is not None
                    and getattr(card, "domain", "") == "generated" and not self.model_mismatch)

    @property
    def model_title(self) -> str:
        """The loaded model as the welcome page, the model dialog and its card name it: its card's
        title ("Seekframe everyday scenes (bundled)", not the id "seekframe-everyday"); the model's
        own name when its card is none of its own (none, "unknown", the CLIP family's shared card)."""
        return self.model_listed or model_title(self.model_card, self.model_name, self.model_source)

    @property
    def videos_per_folder(self) -> dict[str, int]:
        return dict(self.folder_videos)

    @property
    def quick_per_folder(self) -> dict[str, int]:
        """Of a folder's indexed videos, those searchable through their quick pass's moments only: a
        run stopped in its full pass (core ``FolderStatus.quick``); the next run completes them."""
        return dict(self.folder_quick)

    @property
    def model_mismatch(self) -> bool:
        """The loaded model cannot search this library's vectors (it needs a re-index)."""
        return bool(self.model_id and self.library_model_id and self.model_id != self.library_model_id
                    and self.videos)

    def summary(self) -> str:
        """``1,204 videos · 18,033 moments``"""
        videos = count(self.videos, "video", thousands=True)
        return f"{videos} · {count(self.moments, 'moment', thousands=True)}"
