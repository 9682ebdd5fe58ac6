"""Ctrl+Down on real footage ("a car on a road": one strong match of car-detection.mp4 at 0:16, its
moments at 0:04, 0:12 and 0:24 listed in the grid as poor matches) said "No later matched moment in
this video." with those cards in sight (s59 H's walk): the keys step through the marked moments only
(s53: poor ones are not marked), which the words did not say. They say it now, as the timeline's
description does: how many poor matches of the video are not marked, and that the grid lists them."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtWidgets import QMainWindow

from app.timeline import MomentTimeline
from app.window import MainWindow
from app.wiring.play_keys import PlayKeys


class Window(QMainWindow):
    make_action = MainWindow.make_action

    def __init__(self):
        super().__init__()
        self.help_menu = self.menuBar().addMenu("&Help")
        self.results_model = SimpleNamespace(request=None)  # (the grid's search: none, as in the Moments view)


class Player:
    def __init__(self, position: float):
        self.at, self.line = position, MomentTimeline()
        self.line.set_duration(30.0)
        self.line.set_matches([(16.0, 20.0, 0.53)], current=(16.0, 20.0))

    def current_path(self) -> str:
        return "/v/car-detection.mp4"

    def position_s(self) -> float:
        return self.at

    def timeline(self) -> MomentTimeline:
        return self.line

    def seek(self, seconds: float) -> None:
        self.at = seconds


def test_no_later_moment_says_the_poor_matches_are_not_marked(qtbot):
    window, player = Window(), Player(16.0)
    qtbot.addWidget(window)
    keys = PlayKeys(window, player)
    keys.next_moment()
    assert window.statusBar().currentMessage() == "No later matched moment in this video."  # (none left out)
    player.line.set_left_out(3)
    keys.next_moment()
    assert window.statusBar().currentMessage() == ("No later matched moment in this video; its 3 poor matches are "
                                                   "not marked (the results list them).")
    keys.previous_moment()
    assert window.statusBar().currentMessage() == ("No earlier matched moment in this video; its 3 poor matches "
                                                   "are not marked (the results list them).")
    player.line.set_left_out(1)
    keys.next_moment()
    assert window.statusBar().currentMessage() == ("No later matched moment in this video; its 1 poor match is "
                                                   "not marked (the results list it).")
    player.at = 2.0
    keys.next_moment()
    assert player.at == 16.0  # (a marked one after: gone to, as before)


def test_in_the_videos_view_the_words_send_the_user_to_the_moments_view(qtbot):
    """rv_5's finding 2: in Videos mode the grid shows one card per video, so "(the results list them)"
    sent the user looking for cards that are not there; the Moments view (View > Moments) lists them."""
    window, player = Window(), Player(16.0)
    qtbot.addWidget(window)
    keys = PlayKeys(window, player)
    window.results_model.request = SimpleNamespace(per_video=True)
    player.line.set_left_out(3)
    keys.next_moment()
    said = window.statusBar().currentMessage()
    assert said == ("No later matched moment in this video; its 3 poor matches are not marked (the Moments view "
                    "lists them)."), said
    player.line.set_left_out(1)
    keys.previous_moment()
    assert window.statusBar().currentMessage() == ("No earlier matched moment in this video; its 1 poor match is "
                                                   "not marked (the Moments view lists it).")
    window.results_model.request = SimpleNamespace(per_video=False)  # (back in the Moments view: the grid lists it)
    keys.next_moment()
    assert window.statusBar().currentMessage().endswith("(the results list it).")
