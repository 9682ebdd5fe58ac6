"""The preview player ↔ the results grid.

The result in hand is shown paused at its moment's start (selecting never plays). A result of an
offline folder (marked so on its card) whose file is not there clears the preview with a word in
the status bar: only playing it is an error (a file gone unnoticed: the file notice, below). The
same result answered again (a refresh while indexing) only updates the timeline, so a playing
video goes on.
A result whose file is gone or has changed since it was indexed (``app.file_state``: when chosen,
played, and every few seconds while its video is in the preview) is not shown, as its moments are
not what the file holds: the file notice says what happened and offers to re-scan its folder.
Every look at a file runs in the worker pool, never in the GUI thread, as ``os.stat`` can hang
for long on a share whose server is gone: the window must not freeze with it. A result chosen or
played is shown once its file has been looked at (``app.file_look``: usually within a
millisecond), so a file changed meanwhile is never shown as the video it was, and only the latest
choice is shown; a look that has not answered in ``slow_word.SLOW_MS`` clears the preview (not the last
video under another card) and the status bar says which file's drive it waits for. The look every
few seconds runs one at a time (a tick while one runs is skipped); its answer counts only if the
preview still shows the result it looked at.
The timeline marks the video's matched moments: the grid's, or for a "videos" search (one moment
per video) the same search asked in moments beside it (``Session.match_moments``); a video's
byte-identical copies shown once (``SearchResult.copies``) count as that video; no real match
("none") is marked where the search has strong or weak ones, but the result in hand: the timeline's
description says how many it leaves off.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QTimer

from core.filenames import shown, shown_name

from ..file_look import FileLook
from ..file_state import CARD_TEXT, CHANGED, GONE, OFFLINE, state_now
from ..player import missing_file_message
from ..workers import Task
from .slow_word import SlowWord

WATCH_MS = 2000  # how often the file in the preview is looked at
OFFLINE_WORDS = "Offline: its drive or folder is not available."  # (in the preview's place, as on its card)


def offline_text(result) -> str:
    """What the status bar says as an offline result is chosen (nothing asked to play: no "Cannot
    play", and not "moved, renamed or deleted": the library knows its folder is offline)."""
    folder = shown(getattr(result, "root", "") or os.path.dirname(result.path))
    return (f"{shown_name(result.path)} is offline: {folder} is not there (an unplugged drive?); "
            "it plays once that folder is back.")


def _key(result) -> tuple:
    return (result.path, float(result.start), float(result.end))


def say_file_problem(window, result, state: str, doing: str = "") -> None:
    """``window``'s file notice on ``result``'s file (its button off where the library is read-only)."""
    s = window.session
    window.file_notice.show_problem(result, state, doing, writable=s.is_open and not s.read_only,
                                    why_not=s.read_only_reason)


def same_video(r, result) -> bool:
    """Whether ``r`` is a moment of ``result``'s video or of one of its identical copies."""
    return r.video_id == result.video_id or bool({r.path, *r.copies} & {result.path, *result.copies})


def real_matches(results) -> list:
    """``results`` less those no real match (strength "none": no better than a query about nothing)
    where any is a strong or weak one: the timeline marked ~40 bottle moments of a 2 h video scored
    0.06 beside its 5 car ones for "cars on a road" (s53 search audit), and Ctrl+Up/Down stepped
    through them all. Unlabelled results (similar clips, an uncalibrated model) are all kept."""
    if not any(getattr(r, "strength", "") in ("strong", "weak") for r in results):
        return list(results)
    return [r for r in results if getattr(r, "strength", "") != "none"]


def _moments(controller) -> list:
    """The moments the timeline marks from: a "videos" search's own in moments, else the grid's."""
    request = controller.model.request
    if request is not None and request is controller._matches_request:
        return controller._matches
    return controller.model.results()


class PreviewController(QObject):
    def __init__(self, window, player):
        super().__init__(window)
        self.window, self.session, self.player = window, window.session, player
        self.model = window.results_model
        self.notice = window.file_notice
        self._shown: tuple | None = None
        self._shown_result = None  # the result whose video is in the preview (watched)
        self._matches_request = None  # the "videos" request whose moments are in _matches
        self._matches: list = []
        self._watch = QTimer(self, interval=WATCH_MS, timeout=self._look_at_file)
        self._look: Task | None = None  # the look at the preview's file in flight (one at a time)
        self._closed = False  # the window closed: no more looks
        self._looks = FileLook(window, "preview")  # the chosen or played result's look
        self._error_looks = FileLook(window, "preview-error")  # the look after the player found no file
        self._doing = ""  # "play" while the video in the preview was asked to play
        self._playing: tuple | None = None  # the key of the result asked to play, its look waiting
        self._slow = SlowWord(window, self._slow_look)  # that look not answered: the preview cleared, said
        window.installEventFilter(self)
        self.model.modelReset.connect(self._results_changed)
        window.results_view.current_result_changed.connect(self.show_result)
        window.play_requested.connect(self.play)
        window.pause_requested.connect(player.toggle_play)
        self.session.moment_matches.connect(self._on_moment_matches)
        player.error.connect(self._player_error)  # (the notice's re-scan: app.wiring.rescan)

    # -- what the timeline marks ---------------------------------------------------------------
    def matches_for(self, result) -> list[tuple[float, float, float]]:
        """(start, end, score) of the matched moments of ``result``'s video, this one included; not
        those no real match (strength "none") where the search has strong or weak ones (``real_matches``)."""
        source = real_matches(_moments(self))
        rows = list(dict.fromkeys((r.start, r.end, r.score) for r in source if same_video(r, result)))
        if not any((s, e) == (result.start, result.end) for s, e, _ in rows):
            rows.append((result.start, result.end, result.score))
        return sorted(rows)

    def left_out_for(self, result, matches=None) -> int:
        """How many matched moments of ``result``'s video ``matches_for`` leaves off (no real match
        beside real ones): not drawn, as ~40 faint marks still drowned the 5 real ones, but said in
        the timeline's description, so what the grid lists of the video is all accounted for
        (``matches``: ``matches_for``'s answer in hand, not worked out again)."""
        marked = {(s, e) for s, e, _ in (self.matches_for(result) if matches is None else matches)}
        return len({(r.start, r.end) for r in _moments(self) if same_video(r, result)} - marked)

    def _mark(self, result, matches, drawn: bool = False) -> None:
        """The timeline's marks for ``result`` (``matches``: ``matches_for``'s; ``drawn``: already on
        it, by show_moment), and its count of those left off."""
        timeline = self.player.timeline()
        if not drawn:
            timeline.set_matches(matches, current=(result.start, result.end))
        timeline.set_left_out(self.left_out_for(result, matches))

    def _results_changed(self) -> None:
        request = self.model.request
        if request is None or not request.per_video:
            return
        if not self.model.refreshed:  # a new search: until its moments come, the grid's one
            self._matches_request, self._matches = None, []
        self.session.match_moments(request)  # (a refresh keeps the old ones meanwhile)

    def _on_moment_matches(self, request, results) -> None:
        if request is not self.model.request:
            return  # the grid moved on
        self._matches_request, self._matches = request, list(results)
        current = self.window.results_view.current_result()
        if current is not None and self._shown == _key(current):
            self._mark(current, self.matches_for(current))

    def show_result(self, result) -> None:
        """Show ``result``'s moment, paused at its start, once its file is looked at (None: show nothing)."""
        playing, self._playing = self._playing, None
        if result is None:
            self._looks.drop()
            self._slow.answered()  # (nothing waited for now: its word goes, its timer with it)
            self._unshow()
            return
        if playing == _key(result):  # (the result Enter played, answered again meanwhile)
            return self.play(result)
        if self._shown == _key(result) and self.player.current_path() == result.path:
            self._show(result, "")  # (the timeline now: a refresh; its file looked at all the same)
        else:
            self._slow.start()
        self._looks.ask(result, lambda state, r=result: self._show(r, state))

    def play(self, result) -> None:
        """Play ``result``'s moment from its start, once its file is looked at."""
        self._playing = _key(result)
        self._slow.start()
        self._looks.ask(result, lambda state, r=result: self._play(r, state))

    def _show(self, result, state: str) -> None:
        if self._looks.asked() is None:
            self._slow.answered()
        if state == OFFLINE:  # (its card says so: no error banner for a best result a search
            # selected; a file gone unnoticed is one: show_moment)
            self._unshow(OFFLINE_WORDS)
            self.window.statusBar().showMessage(offline_text(result), 15000)
            return
        if not self._file_ok(result, state):
            return
        matches = self.matches_for(result)
        if self._shown == _key(result) and self.player.current_path() == result.path:
            self._shown_result = result  # (as the library has it now: a re-scan's facts)
            return self._mark(result, matches)
        self._shown, self._shown_result, self._doing = _key(result), result, ""
        self._start_watch()
        self.player.show_moment(result.path, result.start, result.end, matches=matches, autoplay=False,
                                shape=getattr(result, "shape", None))
        self._mark(result, matches, drawn=True)

    def _play(self, result, state: str) -> None:
        self._playing = None
        self._slow.answered()
        if not self._file_ok(result, "" if state == OFFLINE else state, "play"):  # (offline: the
            return  # player says the file is not there, "or on a drive…")
        self._shown, self._shown_result, self._doing = _key(result), result, "play"
        self._start_watch()
        matches = self.matches_for(result)
        self.player.show_moment(result.path, result.start, result.end, matches=matches,
                                autoplay=True, shape=getattr(result, "shape", None))
        self._mark(result, matches, drawn=True)

    def _slow_look(self) -> str | None:
        """The chosen result's file has not answered yet (a share whose server is gone): the
        preview shows no other video meanwhile, and the status bar says what it waits for."""
        result = self._looks.asked()
        if result is None or self._closed:
            return None
        self._unshow()
        return shown_name(result.path)

    # -- a file gone or changed since it was indexed -------------------------------------------
    def _file_ok(self, result, state: str, doing: str = "") -> bool:
        """Whether ``result``'s file is the one indexed (``state``: its look's answer); if not,
        the preview is cleared and the notice says why (a file gone or changed is not shown: its
        moments are another video's)."""
        if not state:
            return True
        self._unshow(CARD_TEXT.get(state, ""))  # (in the preview's place: not "Select a clip…")
        self.say(result, state, doing)
        return False

    def _player_error(self, text: str) -> None:
        """The player's error in the banner; but a file it found not there, in the preview for a
        result (deleted since its look: a race), is looked at again and, gone, said as such in the
        file notice with its re-scan (its drive offline, or back: the player's words)."""
        result = self._shown_result
        if result is None or self._closed or text != missing_file_message(result.path):
            self.window.show_message("error", text)
            return
        doing = self._doing
        self._error_looks.ask(result, lambda state, r=result: self._missing(r, state, doing, text))

    def _missing(self, result, state: str, doing: str, text: str) -> None:
        if self._shown_result is not result:
            return  # the preview has moved on: said of a video no longer in hand
        if state in (GONE, CHANGED):
            self._unshow(CARD_TEXT[state])
            self.say(result, state, doing)
        else:
            self.window.show_message("error", text)

    def say(self, result, state: str, doing: str = "") -> None:
        """The file notice for ``result``'s file (``state``: app.file_state's), with its re-scan;
        it stays until dismissed, re-scanned or another file's replaces it."""
        say_file_problem(self.window, result, state, doing)

    def _start_watch(self) -> None:
        if not self._closed:
            self._watch.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.Close:
            self._closed = True  # (the window waits for a look in flight: workers.shutdown)
            self._watch.stop()
            self._slow.stop()
        return super().eventFilter(obj, event)

    def _look_at_file(self) -> None:
        """While a video is in the preview: deleted or replaced meanwhile, it leaves the preview.
        The look runs in the worker pool; a tick while one is in flight is skipped."""
        result = self._shown_result
        if result is None or self.player.current_path() != result.path or self._closed:
            self._watch.stop()
            return
        if self._look is not None:
            return  # (the last look still waits on the file system: a hung share)
        task = self._look = Task(state_now, result, name="preview-look")
        task.done.connect(lambda state, r=result: self._looked(r, state))
        task.ended.connect(self._look_ended)
        task.start()

    def _look_ended(self) -> None:
        self._look = None

    def _looked(self, result, state: str) -> None:
        """A look's answer, in the GUI thread: applied only while ``result`` is still the one in
        the preview (an answer for a video since left, or re-scanned, is dropped)."""
        if not state or self._closed or self._shown_result is not result \
                or self.player.current_path() != result.path:
            return
        self._unshow(CARD_TEXT.get(state, ""))
        self.say(result, state)

    def _unshow(self, words: str = "") -> None:
        self._shown = self._shown_result = None
        self._watch.stop()
        self.player.clear(words)
