"""Choosing a result of an offline folder (an unplugged drive, noticed by a re-scan) said in the status
bar 'Cannot play ball.mp4: the file is not there. It may have been moved, renamed or deleted, or it is
on a drive that is not connected.': nothing had been asked to play, and the library knows the folder
is offline (its card and the preview say so), not the file deleted. It says now that the clip is
offline, which folder is not there, and that it plays once that folder is back; playing it is still
the player's error (tests/app/test_integration_user_paths.py)."""

from __future__ import annotations

import pytest

from tests.app.conftest import offline_ball


@pytest.mark.slow  # (13 s under load: indexed, re-scanned offline, searched)
def test_an_offline_result_chosen_is_said_offline_not_cannot_play(qtbot, make_app_window, tmp_path, demo_clips):
    window, videos, results = offline_ball(qtbot, make_app_window, tmp_path, demo_clips)
    assert results and results[0].offline
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "ball.mp4" in bar.currentMessage(), timeout=10_000)  # (the best one, chosen)
    said = bar.currentMessage()
    assert said.startswith("ball.mp4 is offline: ") and str(videos) in said and "not there" in said, said
    assert "Cannot play" not in said and "deleted" not in said, said
