"""The preview's keys from anywhere in the window (a Playback menu): back and forward a few seconds,
the previous and next matched moment of the video in the preview. Before, they worked only with
the timeline focused (Left/Right), so a user arrowing through the results had to Tab to it first,
and no key stepped from one matched moment to the next. Space (pause / play) is the window's own.

The keys leave the search field its own: Ctrl+Left/Right move its cursor by a word there (the
field takes them first), and Ctrl+Up/Down do nothing in it."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from core.plural import count

STEP_S = 5.0  # as the timeline's Left/Right
BACK_INSIDE_S = 1.0  # "previous moment" this far into a moment goes to its start first (as a player's "previous")


def next_start(matches, position: float) -> float | None:
    """The start of the first matched moment after ``position`` (None: none after it)."""
    return min((m[0] for m in matches if m[0] > position + 0.05), default=None)


def previous_start(matches, position: float) -> float | None:
    """The start of the matched moment before ``position``: the one it is in when more than
    ``BACK_INSIDE_S`` into it, else the one before (None: none before it)."""
    return max((m[0] for m in matches if m[0] < position - BACK_INSIDE_S), default=None)


class PlayKeys(QObject):
    def __init__(self, window, player):
        super().__init__(window)
        self.window, self.player = window, player
        action = window.make_action
        self.back_action = action("&Back 5 seconds", lambda: self.step(-STEP_S), "Ctrl+Left",
                                  "Back 5 seconds in the preview")
        self.forward_action = action("&Forward 5 seconds", lambda: self.step(STEP_S), "Ctrl+Right",
                                     "Forward 5 seconds in the preview")
        self.previous_action = action("&Previous moment", self.previous_moment, "Ctrl+Up",
                                      "The previous matched moment of this video")
        self.next_action = action("&Next moment", self.next_moment, "Ctrl+Down",
                                  "The next matched moment of this video")
        self.menu = QMenu("&Playback", window)
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)  # (before Help)
        self.menu.addActions([self.back_action, self.forward_action, self.previous_action, self.next_action])

    def _per_video(self) -> bool:
        """Whether the grid shows the "videos" search (one card a video: the Videos view)."""
        return bool(getattr(self.window.results_model.request, "per_video", False))

    def _length(self) -> float:
        return self.player.timeline().duration()

    def step(self, seconds: float) -> None:
        """Back or forward in the preview's video, within it (nothing there: nothing done)."""
        if self.player.current_path() is None:
            return
        to = self.player.position_s() + seconds
        length = self._length()
        self.player.seek(max(0.0, min(to, length) if length > 0 else to))

    def next_moment(self) -> None:
        self._to(next_start, "No later matched moment in this video")

    def previous_moment(self) -> None:
        self._to(previous_start, "No earlier matched moment in this video")

    def _to(self, find, none_words: str) -> None:
        if self.player.current_path() is None:
            return
        timeline = self.player.timeline()
        start = find(timeline.matches(), self.player.position_s())
        if start is None:  # (the poor matches the grid lists, not marked: said, as the timeline's description does)
            poor, one = timeline.left_out(), timeline.left_out() == 1
            if poor:  # (a "videos" grid shows one card a video: the Moments view lists them)
                where = "the Moments view lists" if self._per_video() else "the results list"
                none_words += (f"; its {count(poor, 'poor match', 'poor matches')} {'is' if one else 'are'} not "
                               f"marked ({where} {'it' if one else 'them'})")
            self.window.statusBar().showMessage(none_words + ".", 5000)
        else:
            self.player.seek(start)
