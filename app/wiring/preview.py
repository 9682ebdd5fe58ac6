"""The preview player ↔ the results grid.

The result in hand is shown paused at its moment's start (selecting never plays). A result of an
offline folder (marked so on its card) clears the preview with a word in the status bar: only
playing it is an error (a file gone unnoticed is one at once). The same result answered again (a refresh while indexing) only
updates the timeline, so a playing video goes on.
The timeline marks the video's matched moments: the grid's, or for a "videos" search (one moment
per video) the same search asked in moments beside it (``Session.match_moments``).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject

from ..player import missing_file_message


def _key(result) -> tuple:
    return (result.path, float(result.start), float(result.end))


class PreviewController(QObject):
    def __init__(self, window, player):
        super().__init__(window)
        self.window, self.session, self.player = window, window.session, player
        self.model = window.results_model
        self._shown: tuple | None = None
        self._matches_request = None  # the "videos" request whose moments are in _matches
        self._matches: dict[str, list[tuple[float, float, float]]] = {}
        self.model.modelReset.connect(self._results_changed)
        window.results_view.current_result_changed.connect(self.show_result)
        window.play_requested.connect(self.play)
        window.pause_requested.connect(player.toggle_play)
        self.session.moment_matches.connect(self._on_moment_matches)
        player.error.connect(lambda text: window.show_message("error", text))

    # -- what the timeline marks ---------------------------------------------------------------
    def matches_for(self, result) -> list[tuple[float, float, float]]:
        """(start, end, score) of the matched moments of ``result``'s video, this one included."""
        request = self.model.request
        if request is not None and request is self._matches_request:
            rows = list(self._matches.get(result.video_id, []))
        else:
            rows = [(r.start, r.end, r.score) for r in self.model.results() if r.video_id == result.video_id]
        if not any((s, e) == (result.start, result.end) for s, e, _ in rows):
            rows.append((result.start, result.end, result.score))
        return sorted(rows)

    def _results_changed(self) -> None:
        request = self.model.request
        if request is None or not request.per_video:
            return
        if not self.model.refreshed:  # a new search: until its moments come, the grid's one
            self._matches_request, self._matches = None, {}
        self.session.match_moments(request)  # (a refresh keeps the old ones meanwhile)

    def _on_moment_matches(self, request, results) -> None:
        if request is not self.model.request:
            return  # the grid moved on
        by_video: dict[str, list] = {}
        for r in results:
            by_video.setdefault(r.video_id, []).append((r.start, r.end, r.score))
        self._matches_request, self._matches = request, by_video
        current = self.window.results_view.current_result()
        if current is not None and self._shown == _key(current):
            self.player.timeline().set_matches(self.matches_for(current), current=(current.start, current.end))

    def show_result(self, result) -> None:
        """Show ``result``'s moment, paused at its start (None: show nothing)."""
        if result is None:
            self._shown = None
            self.player.clear()
            return
        if result.offline and not os.path.isfile(result.path):  # (its card says so: no error banner
            # for a best result a search selected; a file gone unnoticed is one: show_moment)
            self._shown = None
            self.player.clear()
            self.window.statusBar().showMessage(missing_file_message(result.path), 15000)
            return
        matches = self.matches_for(result)
        if self._shown == _key(result) and self.player.current_path() == result.path:
            self.player.timeline().set_matches(matches, current=(result.start, result.end))
            return
        self._shown = _key(result)
        self.player.show_moment(result.path, result.start, result.end, matches=matches, autoplay=False)

    def play(self, result) -> None:
        """Play ``result``'s moment from its start."""
        self._shown = _key(result)
        self.player.show_moment(result.path, result.start, result.end, matches=self.matches_for(result),
                                autoplay=True)
