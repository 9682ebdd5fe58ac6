"""The results grid: model roles and resets, thumbnails loading row by row, the card delegate."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from app.results import (EndRole, OfflineRole, PathRole, ResultDelegate, ResultRole, ResultsModel, ResultsView,
                         ScoreRole, StartRole, ThumbnailErrorRole, ThumbnailRole)
from app.thumbnails import ThumbnailLoader
from core.search import SearchResult
from core.timefmt import format_range
from tests import videos as V


def result(path, start=0.0, score=0.5, offline=False, n=0):
    return SearchResult(str(path), start, start + 4.0, score, f"{n:016x}", f"{n:016x}:1:0", start + 2.0, offline)


def test_format_range():
    assert format_range(4, 8) == "0:04–0:08"
    assert format_range(62.5, 3723) == "1:02–1:02:03"


def test_roles_and_reset(qtbot):
    model = ResultsModel()
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    rows = [result("/v/a.mp4", 4.0, 0.9, n=1), result("/v/b.mp4", 8.0, 0.7, offline=True, n=2)]
    model.set_results("req", rows)
    assert model.rowCount() == 2 and resets == [True] and model.request == "req"
    idx = model.index(1)
    assert idx.data(ResultRole) is rows[1] and idx.data(PathRole) == "/v/b.mp4"
    assert (idx.data(StartRole), idx.data(EndRole), idx.data(ScoreRole)) == (8.0, 12.0, 0.7)
    assert idx.data(OfflineRole) is True and idx.data(Qt.ItemDataRole.DisplayRole) == "b.mp4"
    assert "offline" in idx.data(Qt.ItemDataRole.ToolTipRole).lower()
    assert model.roleNames()[ResultRole] == b"result"
    model.set_results("next", rows[:1])
    assert model.rowCount() == 1 and resets == [True, True]
    model.clear()
    assert model.rowCount() == 0


def test_thumbnails_load_in_the_background_and_update_only_their_row(qtbot, tmp_path):
    red = V.write_video(tmp_path / "red.mp4", [V.Segment(4, "red"), V.Segment(4, "blue")], fps=10)
    loader = ThumbnailLoader(max_width=64, cache_dir=tmp_path / "thumbs")
    model = ResultsModel(loader)
    rows = [result(red, 0.0, n=1), result(red, 4.0, n=2), result(tmp_path / "gone.mp4", n=3),
            result(tmp_path / "away.mp4", offline=True, n=4)]
    model.set_results(None, rows)
    changed = []
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), b.row(), list(roles))))
    assert model.index(0).data(ThumbnailRole) is None  # not yet: starts loading
    assert model.index(1).data(ThumbnailRole) is None
    assert model.index(2).data(ThumbnailRole) is None
    assert model.index(3).data(ThumbnailRole) is None  # offline: never decoded
    qtbot.waitUntil(lambda: {c[0] for c in changed} >= {0, 1, 2}, timeout=10_000)
    assert all(a == b and roles == [ThumbnailRole] for a, b, roles in changed)
    assert 3 not in {c[0] for c in changed}
    first, second = model.index(0).data(ThumbnailRole), model.index(1).data(ThumbnailRole)
    assert isinstance(first, QImage) and first.width() == 64
    assert first.pixelColor(32, 24).red() > 150 and second.pixelColor(32, 24).blue() > 150  # red, then blue
    assert model.index(2).data(ThumbnailRole) is None and "not found" in model.index(2).data(ThumbnailErrorRole)
    assert loader.wait(5000)


def test_lru_keeps_only_the_most_recent(qtbot, tmp_path):
    clip = V.write_video(tmp_path / "c.mp4", [V.Segment(6, "green")], fps=10)
    loader = ThumbnailLoader(max_width=32, capacity=2, cache_dir=tmp_path / "thumbs")
    for t in (0.0, 2.0, 4.0):
        with qtbot.waitSignal(loader.ready, timeout=10_000):
            loader.image(str(clip), t)
    assert loader.image(str(clip), 0.0) is None  # evicted: loading again
    assert loader.image(str(clip), 4.0) is not None
    loader.wait(5000)


def test_a_cache_folder_that_cannot_be_written_still_gives_pictures(qtbot, tmp_path, monkeypatch):
    """SEEKFRAME_CACHE on a read-only drive or under a file: the thumbnails are made in a folder of
    this process's own, never an error text ("NotADirectoryError: …") in every card."""
    import app.thumbnails

    monkeypatch.setattr(app.thumbnails, "_fallback", [], raising=False)
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "a-file" / "cache"))
    clip = V.write_video(tmp_path / "c.mp4", [V.Segment(4, "green")], fps=10)
    loader = ThumbnailLoader(max_width=32)
    failed = []
    loader.failed.connect(lambda path, t, why: failed.append(why))
    for t in (0.0, 2.0):
        with qtbot.waitSignals([loader.ready], timeout=10_000, raising=False):
            loader.image(str(clip), t)
        assert loader.image(str(clip), t) is not None, failed
    assert not failed
    loader.wait(5000)


def test_delegate_size_follows_the_font_and_the_view_is_a_grid(qtbot):
    delegate = ResultDelegate()
    small, big = QStyleOptionViewItem(), QStyleOptionViewItem()
    f = QFont()
    f.setPixelSize(10)
    small.fontMetrics = type(small.fontMetrics)(f)
    f.setPixelSize(24)
    big.fontMetrics = type(big.fontMetrics)(f)
    a, b = delegate.sizeHint(small, None), delegate.sizeHint(big, None)
    assert isinstance(a, QSize) and b.width() > a.width() and b.height() > a.height()
    view = ResultsView()
    qtbot.addWidget(view)
    assert view.viewMode() == QListView.ViewMode.IconMode and view.uniformItemSizes()


def test_the_view_paints_cards_and_selects_the_best_result(qtbot, tmp_path):
    model = ResultsModel(ThumbnailLoader(cache_dir=tmp_path / "thumbs"))
    view = ResultsView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    rows = [result(tmp_path / f"{i}.mp4", i * 4.0, 1 - i / 10, offline=True, n=i) for i in range(6)]
    model.set_results(None, rows)
    assert view.current_result() is rows[0]
    image = view.grab().toImage()  # paints every visible card through the delegate
    assert not image.isNull()
    # several cards in one row: a grid, not a list
    assert view.visualRect(model.index(1)).top() == view.visualRect(model.index(0)).top()


def grid(qtbot, tmp_path, rows=60):
    model = ResultsModel()
    view = ResultsView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    return model, view, [result(tmp_path / f"{i}.mp4", i * 4.0, 1 - i / 100, n=i) for i in range(rows)]


def test_results_arriving_while_indexing_keep_the_best_result_in_hand(qtbot, tmp_path):
    """The same search answered again as videos are indexed: the best result is current and in
    view each time, not whichever result arrived first."""
    model, view, rows = grid(qtbot, tmp_path)
    request = ("query", 1)
    model.set_results(request, [rows[40]])  # the only video indexed yet
    assert view.current_result() is rows[40] and not view.user_picked
    model.set_results(request, [rows[0], rows[3], rows[40]])
    assert view.current_result() is rows[0]
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    model.set_results(request, rows)  # everything indexed; the grid was scrolled away meanwhile
    assert view.current_result() is rows[0]
    assert view.viewport().rect().contains(view.visualRect(model.index(0)))


def test_a_result_the_user_picked_stays_until_a_new_search(qtbot, tmp_path):
    model, view, rows = grid(qtbot, tmp_path)
    request = ("query", 1)
    model.set_results(request, rows[:10])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the user moves on
    picked = view.current_result()
    assert picked is rows[1] and view.user_picked
    model.set_results(request, [rows[20]] + rows[:10])  # a refresh while indexing
    assert view.current_result() is picked and view.user_picked
    model.set_results(("another query", 2), rows[:10])  # a new result set
    assert view.current_result() is rows[0] and not view.user_picked
    model.set_results(("another query", 2), [rows[30]] + rows[:10])
    assert view.current_result() is rows[30]


def test_enter_from_above_focuses_the_first_result_and_up_on_the_top_row_leaves(qtbot, tmp_path):
    model, view, rows = grid(qtbot, tmp_path)
    model.set_results(("q", 1), rows[:10])
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=10_000)
    view.setCurrentIndex(model.index(5))
    view.enter_from_above()
    assert view.current_result() is rows[0] and view.hasFocus()
    with qtbot.assertNotEmitted(view.left_at_top):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() > 0
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex().row() == 0
    with qtbot.waitSignal(view.left_at_top, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_Up)


def test_a_picture_of_another_version_of_the_file_is_made_again(qtbot, tmp_path):
    """A video replaced by another of the same name and re-scanned: its cards ask with the new
    version (size, mtime) and get a picture of what it holds now, not the one held in memory."""
    import os
    import shutil

    red = V.write_video(tmp_path / "red.mp4", [V.Segment(4, "red")], fps=10)
    blue = V.write_video(tmp_path / "blue.mp4", [V.Segment(6, "blue")], fps=10)
    loader = ThumbnailLoader(max_width=64, cache_dir=tmp_path / "thumbs")

    def version(path):
        st = os.stat(path)
        return (st.st_size, st.st_mtime)

    old = version(red)
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        loader.image(str(red), 1.0, version=old)
    assert loader.image(str(red), 1.0, version=old).pixelColor(32, 24).red() > 150
    shutil.copyfile(blue, red)  # replaced in place
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        assert loader.image(str(red), 1.0, version=version(red)) is None  # made again
    assert loader.image(str(red), 1.0, version=version(red)).pixelColor(32, 24).blue() > 150
    assert loader.wait(5000)
