"""The app with files whose names are not valid UTF-8 (``core.filenames``): Qt drops such a byte
from any str it holds, so the preview plays the file through a link, thumbnails find their row,
names are shown with ``\\xe9`` escapes, and a folder removed is the very folder."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from app.library_panel import LibraryPanel  # noqa: E402
from app.player import PreviewPlayer  # noqa: E402
from app.results import ResultsModel, ThumbnailRole  # noqa: E402
from app.thumbnails import ThumbnailLoader  # noqa: E402
from core.search import SearchResult  # noqa: E402
from tests.videos import Segment, write_video  # noqa: E402


@pytest.fixture
def cafe(tmp_path):
    """A video at ``…/\\xff/caf\\xe9.mp4`` (Latin-1 bytes: neither is valid UTF-8)."""
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/\xff")
    try:
        os.mkdir(folder)
    except (OSError, UnicodeError):
        pytest.skip("this filesystem keeps no name that is not valid UTF-8")
    made = write_video(tmp_path / "made.mp4", [Segment(2, "red"), Segment(2, "blue")], fps=10)
    path = os.fsdecode(os.fsencode(folder) + b"/caf\xe9.mp4")
    os.rename(made, path)
    return path


def test_the_preview_plays_the_file_and_says_nothing_is_wrong(show_view, qtbot, cafe):
    player = show_view(PreviewPlayer(), (320, 240))
    errors = []
    player.error.connect(errors.append)
    player.show_moment(cafe, 2.0, 4.0)
    assert player.current_path() == cafe
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    assert player.timeline().duration() == pytest.approx(4.0, abs=0.25) and not errors
    player.clear()


def test_results_show_the_name_readably_and_get_their_thumbnail(qtbot, tmp_path, cafe):
    model = ResultsModel(ThumbnailLoader(max_width=64, cache_dir=tmp_path / "thumbs"))
    model.set_results(None, [SearchResult(cafe, 0.0, 2.0, 0.5, "0" * 16, "0" * 16 + ":1:0", 1.0, False)])
    index = model.index(0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "caf\\xe9.mp4"
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(os.path.dirname(cafe).replace("\udcff", "\\xff"))
    assert index.data(ThumbnailRole) is None  # loading
    qtbot.waitUntil(lambda: index.data(ThumbnailRole) is not None, timeout=10_000)


def test_removing_a_folder_names_the_very_folder(show_view, qtbot, monkeypatch, cafe):
    panel = show_view(LibraryPanel())
    folder = os.path.dirname(cafe)
    panel.set_folders([folder], counts={folder: 1})
    assert panel._list.item(0).text() == folder.replace("\udcff", "\\xff") + "  ·  1 video"
    panel._list.setCurrentRow(0)
    assert panel.selected_folder() == folder
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.remove_requested) as sig:
        qtbot.mouseClick(panel._remove, Qt.MouseButton.LeftButton)
    assert sig.args == [folder]
