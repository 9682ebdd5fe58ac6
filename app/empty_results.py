"""What the results grid says when a search finds nothing, from the session's status: a query of
no word the model knows, videos still being indexed, a library holding no indexed video (its
folders removed, or none added yet: how to add one; none yet as another process, a `seekframe index`,
indexes it now; its tables lost, as the open's banner says: ``core.library.lost_tables``), else other
words or fewer filters. The same reasons the command line gives (``core.cli_status.no_results_text``), said with the window's
menus. No Qt, no engine imports."""

from __future__ import annotations

from core.plural import count
from core.search_words import no_words_text
from core.status_words import BUSY_FIRST_RUN

from .requests import NoWords

ADD_FOLDER = "add a folder of videos (File › Add folder…) or try the demo library (Help › Try the demo library)."
EMPTY_LIBRARY = "Your library is empty: " + ADD_FOLDER
NOTHING_FOUND = "Nothing found. Try other words, or fewer filters."
NOTHING_YET = "Nothing found yet: videos become searchable as they are indexed."
NOTHING_YET_ELSEWHERE = BUSY_FIRST_RUN  # (seekframe search's words: core.cli_status.NOTHING_YET_BUSY)
# (SessionStatus.tables_lost: the open's banner says which folder went, and that empty tables were made)
TABLES_LOST = ("The library's tables are missing: nothing it had indexed is left to search. Index its folders "
               "again (File › Re-scan), or restore its db folder from a backup.")


class Unsearchable(list):
    """The answer to a search the model in hand cannot make (``why``: the session's ``why_no_search``,
    as the notice says it: another process re-indexed the library with another model, a switch
    under way): the grid says why, not "try other words"."""

    def __init__(self, why: str):
        super().__init__()
        self.why = why


def empty_library_text(status) -> str:
    """What the grid says, before any search, of a library that holds no indexed video ("" when it
    holds some, or is being indexed: by this window, or by another process, which it says; its tables
    lost, as a search's answer says, not the example query)."""
    if not status.opened or status.videos or status.indexing:
        return ""
    if status.written_elsewhere:
        return NOTHING_YET_ELSEWHERE
    if status.tables_lost and not status.pending:
        return TABLES_LOST  # (the same words as after a search: nothing_found_text)
    return "" if status.folders or status.pending else EMPTY_LIBRARY


def unsearched_text(status) -> str:
    """What the search panel says while some of the library's videos wait to be indexed with its model
    (a model switch re-indexes every video: vectors of another model cannot answer this one's queries,
    so each is found again only once it is re-indexed; or such a re-index stopped): how many the
    results leave out, and what brings them back ("" for none, or a library with no indexed video,
    whose empty results say it). Only videos indexed before and in folders there now
    (``status.unsearched``): not a newly added folder's first index, which searches never found, nor
    videos on an unplugged drive, which a re-scan cannot reach."""
    n = status.unsearched
    if not (status.opened and status.videos and n):
        return ""
    one = n == 1
    said = f"{count(n, 'video')} {'waits' if one else 'wait'} to be indexed with this model: searches do not find "
    return said + ("it until it is indexed" if one else "them until they are indexed") + \
        ("." if status.indexing else " (File › Re-scan).")


def nothing_found_text(request, results, status, hint: str) -> str | None:
    """The grid's empty text for ``request``'s answer ``results`` (``hint``: a blank query's);
    None when there are results (the grid shows them)."""
    if request.is_blank:  # (a query cleared: as before any search)
        return TABLES_LOST if empty_library_text(status) == TABLES_LOST else hint
    if isinstance(results, NoWords):  # (emoji alone, or a script or a word too long the model does not read)
        return no_words_text(request.query)
    if isinstance(results, Unsearchable):
        return results.why
    if results:
        return None
    if status.indexing:
        return NOTHING_YET
    if status.opened and not status.videos and status.written_elsewhere:  # (its videos listed as each is done)
        return NOTHING_YET_ELSEWHERE
    if status.opened and not status.videos:
        if status.pending:
            return (f"The library holds no indexed video yet: {count(status.pending, 'video')} "
                    f"{'waits' if status.pending == 1 else 'wait'} to be indexed (File › Re-scan).")
        if status.tables_lost:
            return TABLES_LOST
        if not status.folders:
            return EMPTY_LIBRARY
        return "The library holds no indexed video yet: its folders hold none it could read; " + ADD_FOLDER
    return NOTHING_FOUND
