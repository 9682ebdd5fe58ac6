"""A library folder's row whose words after the folder are long ("5 videos (5 with quick moments
only)", "2 folders not read") in a narrow panel: the whole row was cut in its middle, keeping the
path's start and the state's end, so neither the folder's name nor its count could be read
("/tmp/seekframe-sh…ick moments only)", seen in the README's indexing screenshot). Now the folder's
own name is kept (cut in its middle past half the row) and what follows is cut at its end."""

from __future__ import annotations

from app.library_panel import LibraryPanel
from tests.app.test_captions_title_fits import settle
from tests.app.test_library_panel_rows_cut import shown_rows

FOLDER = "/tmp/seekframe-shots-q8tz5d7/demo-videos"
OTHER = "/home/me/Videos/holiday-2024"


def test_a_row_with_long_words_after_the_folder_keeps_its_name_and_count(qtbot, show_view):
    panel = show_view(LibraryPanel(), (275, 400))  # (the dock's width in the README's pictures)
    panel.set_folders([FOLDER, OTHER], counts={FOLDER: 5, OTHER: 12}, quick={FOLDER: 5, OTHER: 12})
    settle(qtbot)
    view = panel._list
    whole = [view.item(i).text() for i in range(view.count())]
    assert whole[0] == f"{FOLDER}  ·  5 videos (5 with quick moments only)"
    rows = shown_rows(panel)
    for row, name, videos in zip(rows, ("demo-videos", "holiday-2024"), ("5 videos", "12 videos")):
        assert row.startswith(name), row  # the folder's own name first, whole
        assert f"  ·  {videos}" in row, row  # and its count
    assert rows[0] != whole[0]  # (cut: the panel is narrow)
