"""At the window's minimum width (751 px: the preview area ~160 px wide; ~225 at a 1.5x font) a
phone's upright clip (9:16) kept a 16:9 clip's player height: the split kept room for three typical
captions under it (~510 px of ~640; at 1.5x all of it), so its picture was ~58x103 px (71x127 at
1.5x) over a captions panel mostly empty: a library without captions, a clip with two short ones.
Now once the clip's captions are shown the player takes the room they leave (laid out as the list
lays them out), their rows still whole in view; for the same clip's captions again, the split moves
only when they need more room than they have."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.captions_panel import EMPTY_TEXT, captions_title
from app.preview_split import MOST, video_height
from core.search import CaptionResult
from tests.app.conftest import cached_loader, type_query
from tests.app.test_captions_list_fits import CAPS, NOTES, check_list
from tests.app.test_captions_list_room import whole_captions
from tests.app.test_captions_title_fits import at_the_narrowest, scaled_font, settle  # noqa: F401
from tests.app.test_preview_split_shape import SECONDS, _frames, picture, shapes_library  # noqa: F401
from tests.videos import Segment, write_as_shown, write_video

PHONE_NOTE, WIDE_NOTE = "our walk in the park", "a car on a road"


@pytest.fixture(scope="module")
def noted_library(tmp_path_factory, demo_model) -> Path:
    """A 16:9 clip and a phone's (9:16 by its rotation tag), a short note on each: the phone
    clip's captions are its note and the other clip's."""
    from core import service
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    folder = tmp_path_factory.mktemp("noted")
    write_video(folder / "wide-a.mp4", [Segment(SECONDS, "blue", "yellow")], size=(192, 108))
    write_as_shown(folder / "phone-turned.mp4", _frames(108, 192, 2), degrees=90)
    root = tmp_path_factory.mktemp("noted-library") / "lib"
    encoder = cached_loader(demo_model)
    with VideoLibrary(root) as lib:
        events = list(MomentIndexer(lib, encoder).run([str(folder)]))
        assert events[-1].kind == "finished" and events[-1].files_done == 2
        for name, note in (("phone-turned.mp4", PHONE_NOTE), ("wide-a.mp4", WIDE_NOTE)):
            service.add_note(lib, encoder, lib.video_table.by_path(folder / name).video_id, note, 0.0, 4.0)
    return root


def _narrowest(qtbot, make_app_window, library, scale: float):
    window = make_app_window(library)
    window.show_search()
    qtbot.waitUntil(lambda: "videos" in window.status_widgets.library_label.text(), timeout=10_000)
    type_query(qtbot, window, "a ball")
    at_the_narrowest(qtbot, window, 800, scale)
    return window


def _select(qtbot, window, name: str) -> None:
    """The first result of the clip ``name`` made the current one; waits for it in the player and
    for its captions in the panel."""
    view, model = window.results_view, window.results_model
    row = next(i for i, r in enumerate(model.results()) if Path(r.path).name == name)
    view.setCurrentIndex(model.index(row, 0))
    player, panel = window.preview, window.captions_panel
    title = captions_title(model.results()[row].path, model.results()[row].start)
    qtbot.waitUntil(lambda: player.current_path() is not None and Path(player.current_path()).name == name
                    and player.is_loaded() and panel.title() == title and not panel._busy
                    and bool(panel.captions() or panel._empty.text() == EMPTY_TEXT), timeout=10_000)
    settle(qtbot)


def _in_view(widget) -> bool:
    """``widget`` shown whole inside the captions panel (not cut by the panel's edge)."""
    panel = widget.window().captions_panel
    rect = widget.rect().translated(widget.mapTo(panel, widget.rect().topLeft()))
    return widget.isVisible() and panel.rect().contains(rect)


def _rows_in_view(tree) -> bool:
    """Every row of the list (section headers, notes, captions) whole in view, unscrolled."""
    view = tree.viewport().rect()
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    rows += [s.child(j) for s in list(rows) for j in range(s.childCount())]
    return tree.verticalScrollBar().value() == 0 and all(view.contains(tree.visualItemRect(r)) for r in rows)


def _picture_before(window) -> float:
    """The height of a 9:16 picture in the player a 16:9 clip gets (what the phone's clip had)."""
    area = window.preview_area
    screen_height = video_height(area, 16 / 9) - window.preview.minimumSizeHint().height()
    return min(area.width() * 16 / 9, screen_height)


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_phone_clip_with_two_short_captions_gets_a_bigger_picture(qtbot, make_app_window, noted_library,
                                                                    scaled_font, no_real_dialogs):
    window = _narrowest(qtbot, make_app_window, noted_library, scaled_font)
    area, player, panel = window.preview_area, window.preview, window.captions_panel
    tree = panel._tree
    _select(qtbot, window, "wide-a.mp4")
    wide_height, before = player.height(), _picture_before(window)
    assert abs(wide_height - video_height(area, 16 / 9)) <= 1

    _select(qtbot, window, "phone-turned.mp4")
    assert [c.text for c in panel.captions()] == [PHONE_NOTE, WIDE_NOTE]
    w, h = picture(window, (9, 16))
    assert h > before * 1.4, ((w, h), before, area.sizes())  # (was the 16:9 player's: 91 and 127 px)
    assert player.height() <= int((area.height() - area.handleWidth()) * MOST)
    assert whole_captions(tree) == [PHONE_NOTE, WIDE_NOTE] and _rows_in_view(tree), \
        (whole_captions(tree), tree.viewport().height(), area.sizes())
    check_list(tree)
    assert _in_view(panel._title) and all(_in_view(b) for b in (panel._note, panel._import))

    # the same clip's captions again (a note edited, added): shorter ones move nothing (no move
    # while it plays); more than fit get the room back, as for a clip whose captions are those
    sizes, title, listed = area.sizes(), panel.title(), panel.captions()
    current = window.results_view.current_result()
    clip = (current.video_id, current.start, current.end)
    shorter = [dataclasses.replace(c, text="car") for c in listed]
    panel.show_captions(title, shorter, clip)
    settle(qtbot)
    assert area.sizes() == sizes and panel.room_for(3, area.width(), shown=True) < sizes[1], (area.sizes(), sizes)
    panel.show_captions(title, listed + NOTES + CAPS, clip)  # (9: long ones)
    settle(qtbot)
    assert player.height() < sizes[0]
    assert len(whole_captions(tree)) >= 3 or player.height() <= wide_height + 1, \
        (whole_captions(tree), area.sizes())
    assert tree.verticalScrollBar().value() == 0


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_phone_clip_in_a_library_without_captions_gets_a_bigger_picture(qtbot, make_app_window, shapes_library,
                                                                          scaled_font, no_real_dialogs):
    window = _narrowest(qtbot, make_app_window, shapes_library[0], scaled_font)
    area, player, panel = window.preview_area, window.preview, window.captions_panel
    _select(qtbot, window, "wide-a.mp4")
    before = _picture_before(window)
    for name in ("phone-turned.mp4", "phone-upright.mp4"):  # (a next clip of its shape: no move)
        _select(qtbot, window, name)
        label = panel._empty
        assert label.text() == EMPTY_TEXT and _in_view(label), (label.geometry(), panel.size())
        assert label.height() >= label.heightForWidth(label.width())
        w, h = picture(window, (9, 16))
        assert h > before * 1.4, (name, (w, h), before, area.sizes())
        assert _in_view(panel._title) and all(_in_view(b) for b in (panel._note, panel._import))

    _select(qtbot, window, "old-tv.mp4")  # 4:3: its whole height at the area's width
    assert abs(player.height() - video_height(area, 4 / 3)) <= 1, (player.height(), video_height(area, 4 / 3))
    _select(qtbot, window, "wide-a.mp4")  # 16:9 as before
    assert abs(player.height() - video_height(area, 16 / 9)) <= 1


def test_the_list_measured_at_a_width_is_the_list_laid_out_there(qtbot, make_app_window, demo_library,
                                                                 no_real_dialogs):
    """``CaptionsTree.shown_height`` (what the split keeps for the captions shown) is what the list
    takes once laid out at that width, in columns and stacked."""
    window = make_app_window(demo_library)
    window.show_search()
    panel, area = window.captions_panel, window.preview_area
    tree = panel._tree
    panel.show_captions(captions_title("/videos/red-ball-beach.mp4", 72.0), NOTES + CAPS, ("v1", 72.0, 76.0))
    for width in (1280, 751, 2400):
        window.resize(width, 800)
        settle(qtbot)
        rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        laid = sum(tree.visualItemRect(r).height() for s in rows for r in [s, *(s.child(j) for j in
                                                                                  range(s.childCount()))])
        header = 0 if tree.isHeaderHidden() else tree.header().height()
        bar = tree.verticalScrollBar().isVisible()
        frame = 2 * tree.frameWidth()
        measured = tree._rows_at(tree.width() - frame - (tree.verticalScrollBar().width() if bar else 0), 99)
        assert measured == header + laid, (width, tree.stacked(), measured, header, laid, area.sizes())
