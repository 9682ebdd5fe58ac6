"""Byte-identical copies of a video (a phone backup and its copy) in the app's results: one card
per moment naming the other copies, the preview on the listed one, the timeline marking every
matched moment of that video in both modes, and similar clips of such a card."""

from __future__ import annotations

import os
import shutil

from PySide6.QtCore import Qt

from tests.app.conftest import type_query, wait_indexing
from tests.app.test_session_search import RED_BALL


def test_identical_copies_are_one_card_naming_the_others_and_preview_timeline_and_similar_stay_right(
        qtbot, make_app_window, tmp_path, demo_clips):
    videos = tmp_path / "phone"
    (videos / "backup").mkdir(parents=True)
    shutil.copy(demo_clips / "red-ball-beach.mp4", videos / "beach.mp4")
    shutil.copy(demo_clips / "red-ball-beach.mp4", videos / "backup" / "beach.mp4")
    for clip in ("blue-car-street.mp4", "orange-person-snow.mp4"):
        shutil.copy(demo_clips / clip, videos)
    window = make_app_window(tmp_path / "lib")
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(videos)))
    listed, copy = str(videos / "backup" / "beach.mp4"), str(videos / "beach.mp4")  # (the first path is listed)

    results = type_query(qtbot, window, RED_BALL.query)
    beach = [r for r in results if os.path.basename(r.path) == "beach.mp4"]
    moments = [(r.start, r.end) for r in beach]
    assert len(beach) >= 2 and len(set(moments)) == len(moments), [(r.path, r.start) for r in results]
    assert all(r.path == listed and r.copies == [copy] for r in beach)
    from app.results import CopiesRole

    card = window.results_model.index(results.index(beach[0]))
    assert card.data(CopiesRole) == [copy]
    assert "Identical copy" in card.data(Qt.ItemDataRole.ToolTipRole) and copy in card.data(Qt.ItemDataRole.ToolTipRole)
    window.results_view.grab()  # the card paints "+1 copy" beside the name
    # the preview shows the listed one, its timeline every matched moment of it
    player = window.preview
    qtbot.waitUntil(lambda: player.current_path() == listed, timeout=10_000)
    expected = sorted((r.start, r.end, r.score) for r in beach)
    assert player.timeline().matches() == expected
    # videos mode: one card for both files, and the timeline still marks each matched moment
    window.videos_action.trigger()
    qtbot.waitUntil(lambda: window.results_model.request.per_video
                    and player.timeline().matches() == expected, timeout=10_000)
    per_video = window.results_model.results()
    assert [r.path for r in per_video].count(listed) == 1 and copy not in {r.path for r in per_video}
    # similar clips of the folded card: asked by its listed moment, its own video left out
    window.moments_action.trigger()
    qtbot.waitUntil(lambda: not window.results_model.request.per_video, timeout=10_000)
    window.wiring.clips.find_similar_clips(beach[0])
    qtbot.waitUntil(lambda: window.results_model.request.kind == "similar", timeout=10_000)
    similar = window.results_model.results()
    assert similar and listed not in {r.path for r in similar}
    assert len({(r.path, r.start) for r in similar}) == len(similar)
    assert not [m for m in window.message_log if m[0] == "error"], window.message_log
    window.thumbnails.wait(5000)
