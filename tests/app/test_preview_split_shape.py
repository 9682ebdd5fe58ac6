"""The preview area's split follows the selected clip's shape: it gave the player a 16:9 picture's
height whatever the clip, so a phone's upright clip (9:16) showed ~115x204 px at 1280x800 where
the old 3:2 split gave ~219x389. Now the player gets the height the clip's picture (as shown:
turned by its rotation tag) needs at the area's width, at most 3/5 of the area and never so much
that the captions panel shows fewer than three captions (never less than a 16:9 clip's: at a 1.5x
font, no more); the split moves only when the shape changes, and a split the user dragged is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from app.preview_split import MOST, video_height
from tests.app.conftest import cached_loader, type_query
from tests.app.test_captions_list_room import OTHERS, whole_captions
from tests.app.test_captions_list_fits import CAPS, CLIP, NOTES, check_list
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_preview_split_follows import _drag_handle
from tests.run_shared import built_once, run_root
from tests.videos import Segment, write_as_shown, write_video

SECONDS = 4


def _frames(width: int, height: int, seed: int):
    rng = np.random.default_rng(seed)
    for i in range(SECONDS * 10):
        frame = np.full((height, width, 3), 40 + 5 * i, np.uint8)
        frame[: height // 3] = rng.integers(0, 255, 3, dtype=np.uint8)  # (its top shown upright)
        yield frame


@pytest.fixture(scope="module")
def shapes_library(tmp_path_factory, demo_model) -> tuple[Path, Path]:
    """A library of two 16:9 clips, two phone clips shown 9:16 (one turned by its rotation tag,
    as phones store them, one stored upright) and a 4:3 one; (the library, the clips' folder).
    Written and indexed once a run for every xdist worker (``built_once``: this module and
    test_preview_split_narrow built it in each worker that ran one of their tests); each module gets
    its own copy of the library (its windows write to it), the clips read where they were written."""
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary

    def write(folder: Path) -> None:
        write_video(folder / "wide-a.mp4", [Segment(SECONDS, "blue", "yellow")], size=(192, 108))
        write_video(folder / "wide-b.mp4", [Segment(SECONDS, "green", "red")], size=(320, 180), seed=1)
        write_as_shown(folder / "phone-turned.mp4", _frames(108, 192, 2), degrees=90)
        write_video(folder / "phone-upright.mp4", [Segment(SECONDS, "orange", "white")], size=(108, 192), seed=3)
        write_video(folder / "old-tv.mp4", [Segment(SECONDS, "purple", "black")], size=(160, 120), seed=4)

    clips = built_once(run_root(tmp_path_factory), "shapes-clips", write)  # (the library names them where they stay)

    def index(where: Path) -> None:
        with VideoLibrary(where / "lib") as lib:
            events = list(MomentIndexer(lib, cached_loader(demo_model)).run([str(clips)]))
        assert events[-1].kind == "finished" and events[-1].files_done == 5 and not events[-1].failed

    built = built_once(run_root(tmp_path_factory), "shapes-library", index)
    root = Path(shutil.copytree(built / "lib", tmp_path_factory.mktemp("shapes-library") / "lib"))
    return root, clips


def _window(qtbot, make_app_window, library):
    window = make_app_window(library)
    window.show_search()
    qtbot.waitUntil(lambda: "videos" in window.status_widgets.library_label.text(), timeout=10_000)
    window.resize(1280, 800)
    settle(qtbot)
    results = type_query(qtbot, window, "a ball")
    names = {Path(r.path).name for r in results}
    assert {"wide-a.mp4", "wide-b.mp4", "phone-turned.mp4", "phone-upright.mp4", "old-tv.mp4"} <= names, names
    return window


def _select(qtbot, window, name: str) -> None:
    """The first result of the clip ``name`` made the current one; waits for it in the player, and
    for its captions (answered by a worker: they move the split once, for another clip's; on a
    loaded machine they came after the split was read, [380, 290], then [402, 268]) and the split
    they leave, the same three looks running."""
    view, model = window.results_view, window.results_model
    row = next(i for i, r in enumerate(model.results()) if Path(r.path).name == name)
    view.setCurrentIndex(model.index(row, 0))
    player, panel, area = window.preview, window.captions_panel, window.preview_area
    qtbot.waitUntil(lambda: player.current_path() is not None and Path(player.current_path()).name == name
                    and player.is_loaded(), timeout=10_000)
    qtbot.waitUntil(lambda: name in panel.title() and not panel.loading(), timeout=10_000)
    looks: list = []

    def steady() -> bool:
        settle(qtbot)
        looks.append((tuple(area.sizes()), player.height()))
        return len(looks) >= 3 and looks[-1] == looks[-2] == looks[-3]

    qtbot.waitUntil(steady, timeout=10_000)


def sixteen_nine(window) -> int:
    """px of height a 16:9 picture at the preview's width and the player's controls take."""
    return round(window.preview_area.width() * 9 / 16) + window.preview.minimumSizeHint().height()


def picture(window, shown: tuple[int, int]) -> tuple[float, float]:
    """(width, height) of a picture ``shown`` (width, height) as the player's screen shows it: fitted
    whole in the screen (the rest black bars)."""
    screen = window.preview._view.screen
    scale = min(screen.width() / shown[0], screen.height() / shown[1])
    return shown[0] * scale, shown[1] * scale


def test_an_upright_clip_gets_a_taller_player_and_a_bigger_picture(qtbot, make_app_window, shapes_library,
                                                                    no_real_dialogs):
    window = _window(qtbot, make_app_window, shapes_library[0])
    area, player = window.preview_area, window.preview
    _select(qtbot, window, "wide-a.mp4")
    wide_height = player.height()
    assert abs(wide_height - sixteen_nine(window)) <= 1, (wide_height, sixteen_nine(window))
    # in the 16:9 split, a 9:16 picture fitted in the 16:9 clip's screen (~115x204 px)
    before = picture(window, (9, 16))

    for name in ("phone-turned.mp4", "phone-upright.mp4"):  # (the rotation tag applied: shown 108x192)
        _select(qtbot, window, name)
        assert player.height() > wide_height + 100, (name, player.height(), wide_height)
        assert player.height() <= int((area.height() - area.handleWidth()) * MOST)
        w, h = picture(window, (9, 16))
        assert h > before[1] * 1.4 and w > before[0] * 1.4, (name, (w, h), before)
        assert player.shape.size() == (108, 192), (name, player.shape.size())

    _select(qtbot, window, "old-tv.mp4")  # 4:3: between the two
    assert wide_height + 40 < player.height() < video_height(area, 9 / 16)


def test_a_clip_without_a_recorded_shape_takes_the_players(qtbot, make_app_window, shapes_library,
                                                           no_real_dialogs):
    """A clip whose record holds no size (shown otherwise than from a search: nothing given) gets
    the shape Qt's player shows it at, its rotation applied, once its frames come."""
    window = _window(qtbot, make_app_window, shapes_library[0])
    area, player = window.preview_area, window.preview
    _select(qtbot, window, "wide-a.mp4")
    wide_height = player.height()
    player.show_moment(shapes_library[1] / "phone-turned.mp4", 0.0, 1.0)
    qtbot.waitUntil(lambda: player.is_loaded() and player.height() > wide_height + 100, timeout=10_000)
    assert player.shape.size() == (108, 192)


@pytest.mark.slow  # (5.7-6.4 s a case under load)
@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_captions_keep_three_rows_under_an_upright_clip(qtbot, make_app_window, shapes_library,
                                                            scaled_font, no_real_dialogs):
    """The upright clip's player is as tall as leaves the captions three rows (read as they are
    laid out), never shorter than a 16:9 clip's: no caption a 16:9 clip left in view is lost
    (at a 1.5x font there is no room for more than a 16:9 picture)."""
    window = _window(qtbot, make_app_window, shapes_library[0])
    panel, area, player = window.captions_panel, window.preview_area, window.preview
    tree = panel._tree

    def rows_under(name: str, captions) -> list[str]:
        _select(qtbot, window, name)  # (its own captions in: none, the library has none)
        # (shown as a clip's next to another's, the split fitting them: named otherwise than the ones
        # just in, which would be the same clip's shown again, fitted only where they need more room)
        panel.show_captions(f"Captions for {name} at 0:01", captions, CLIP)
        settle(qtbot)
        # (read once laid out: the same split, player and rows in view three looks running; on a
        # loaded machine one settle read the 16:9 clip's rows mid-way, none in view, once)
        looks = []

        def steady() -> bool:
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()
            looks.append((tuple(area.sizes()), player.height(), tuple(whole_captions(tree))))
            return len(looks) >= 3 and looks[-1] == looks[-2] == looks[-3]

        qtbot.waitUntil(steady, timeout=10_000)
        assert tree.verticalScrollBar().value() == 0
        check_list(tree)
        return whole_captions(tree)

    for captions in (OTHERS, NOTES + CAPS):  # none of the clip's own (its greyed note), then two
        wide, wide_height = rows_under("wide-a.mp4", captions), player.height()
        upright = rows_under("phone-turned.mp4", captions)
        assert player.height() >= wide_height
        if scaled_font == 1.0:
            assert player.height() > wide_height + 100, (player.height(), wide_height)
        assert len(upright) >= min(3, len(wide)), (upright, wide, tree.viewport().height(), area.sizes())
        assert len(upright) >= 3 or upright == wide, (upright, wide)


def test_clips_of_one_shape_leave_the_handle_where_it_is(qtbot, make_app_window, shapes_library,
                                                         no_real_dialogs):
    window = _window(qtbot, make_app_window, shapes_library[0])
    area, player = window.preview_area, window.preview
    _select(qtbot, window, "phone-turned.mp4")
    sizes, moved = area.sizes(), []
    area.splitterMoved.connect(lambda *a: moved.append(a))
    _select(qtbot, window, "phone-upright.mp4")
    player.play()
    qtbot.waitUntil(player.is_playing, timeout=10_000)
    qtbot.wait(300)
    assert area.sizes() == sizes and not moved, (area.sizes(), sizes, moved)
    _select(qtbot, window, "wide-a.mp4")
    sizes = area.sizes()
    _select(qtbot, window, "wide-b.mp4")  # (320x180: another size, the same shape)
    assert area.sizes() == sizes and moved == [], (area.sizes(), sizes, moved)
    window.results_view.setCurrentIndex(window.results_model.index(-1, 0))  # (no clip: 16:9)
    settle(qtbot)
    assert window.preview.current_path() is None and area.sizes() == sizes


def test_a_dragged_split_is_kept_whatever_the_clip(qtbot, make_app_window, shapes_library, no_real_dialogs):
    window = _window(qtbot, make_app_window, shapes_library[0])
    area = window.preview_area
    _select(qtbot, window, "wide-a.mp4")
    _drag_handle(qtbot, area, 60)
    dragged = area.sizes()
    for name in ("phone-turned.mp4", "old-tv.mp4", "wide-b.mp4"):
        _select(qtbot, window, name)
        assert area.sizes() == dragged, (name, area.sizes(), dragged)
    window.save_settings()
    assert window.settings.splitter_sizes("preview") == dragged
