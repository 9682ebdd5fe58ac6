"""The preview's split measured the captions shown (``CaptionsTree.shown_height``: every row up to
the third caption laid out twice, ~1.5 ms) at every resize of the area, and the typical captions'
room too, for every clip, though that room bounds only a picture taller than 16:9: a 16:9 clip's
split is its picture's height whatever the captions. Now a clip no taller than 16:9 measures
neither on a resize; its split follows the video as before, and a phone clip's measures still."""

from __future__ import annotations

from app.captions_view import CaptionsTree
from app.preview_split import video_height
from tests.app.test_captions_title_fits import settle
from tests.app.test_preview_split_follows import searched_window
from tests.app.test_preview_split_narrow import _select, noted_library  # noqa: F401

SIZES = ((1200, 800), (1000, 760), (900, 800), (1280, 800))


def test_a_16_9_clip_s_split_measures_no_captions_on_a_resize(qtbot, make_app_window, noted_library, monkeypatch,
                                                             no_real_dialogs):
    window = searched_window(qtbot, make_app_window, noted_library, "a ball")
    area, player, panel = window.preview_area, window.preview, window.captions_panel
    _select(qtbot, window, "wide-a.mp4")
    assert panel.captions() and abs(area._video_split.aspect - 16 / 9) < 0.01

    measured = []
    shown_height = CaptionsTree.shown_height
    monkeypatch.setattr(CaptionsTree, "shown_height", lambda tree, *a: measured.append(a) or shown_height(tree, *a))
    for width, height in SIZES:
        window.resize(width, height)
        settle(qtbot)
        assert abs(player.height() - video_height(area)) <= 1, (width, player.height(), video_height(area))
    assert measured == [], len(measured)

    _select(qtbot, window, "phone-turned.mp4")  # (taller than 16:9: its captions bound its picture)
    measured.clear()
    window.resize(1000, 760)
    settle(qtbot)
    assert measured
