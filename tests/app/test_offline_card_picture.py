"""An offline video's card (its drive unplugged) shows the thumbnail saved of the version the
library indexed: the cache is keyed by the file's timestamps in nanoseconds, which the file cannot
give while it is away, so the loader finds it by the library's record (size, mtime in seconds)."""

from __future__ import annotations

import os
import shutil

import pytest

from app.found import found_type
from app.results import ResultsModel, ThumbnailRole
from app.thumbnails import ThumbnailLoader
from core.search import SearchResult
from core.thumbnails import saved_thumbnail, thumbnail
from tests import videos as V
from tests.app.conftest import type_query, wait_indexing


def _recorded(path) -> tuple:
    st = os.stat(path)
    return (st.st_size, st.st_mtime)  # (as core.scan records a file: FoundFile.size, .mtime)


def _unplug(folder):
    away = folder.with_name(folder.name + "-unplugged")
    folder.rename(away)
    return away


def test_an_offline_card_shows_the_picture_saved_while_its_drive_was_there(qtbot, tmp_path):
    drive = tmp_path / "drive"
    red = V.write_video(drive / "red.mp4", [V.Segment(4, "red")], fps=10)
    indexed = _recorded(red)
    loader = ThumbnailLoader(max_width=64, cache_dir=tmp_path / "thumbs")
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        loader.image(str(red), 2.0, version=indexed)  # shown once while the drive was plugged in
    _unplug(drive)
    fresh = ThumbnailLoader(max_width=64, cache_dir=tmp_path / "thumbs")  # (the next day's window)
    Found = found_type(SearchResult)
    card = Found(str(red), 0.0, 4.0, 0.5, "v1", "v1:1:0", 2.0, True, root=str(drive), indexed=indexed)
    model = ResultsModel(fresh)
    model.set_results("req", [card])
    with qtbot.waitSignal(fresh.ready, timeout=10_000):
        assert model.index(0).data(ThumbnailRole) is None  # (loading)
    image = model.index(0).data(ThumbnailRole)
    assert image is not None and image.pixelColor(32, 24).red() > 150
    assert fresh.wait(5000)


def test_no_picture_of_another_version_is_shown_for_an_offline_video(qtbot, tmp_path):
    drive = tmp_path / "drive"
    clip = V.write_video(drive / "clip.mp4", [V.Segment(4, "red")], fps=10)
    blue = V.write_video(tmp_path / "blue.mp4", [V.Segment(6, "blue")], fps=10)
    indexed = _recorded(clip)  # the red one indexed, no thumbnail made of it
    shutil.copyfile(blue, clip)  # replaced before its drive was unplugged; its picture made
    thumbnail(clip, 2.0, 64, tmp_path / "thumbs")
    _unplug(drive)
    assert saved_thumbnail(clip, 2.0, indexed, 64, tmp_path / "thumbs") is None
    loader = ThumbnailLoader(max_width=64, cache_dir=tmp_path / "thumbs")
    assert loader.image(str(clip), 2.0, offline=True, version=indexed) is None
    assert loader.wait(5000)
    qtbot.wait(50)  # (its answer delivered)
    assert loader.image(str(clip), 2.0, offline=True, version=indexed) is None
    assert loader.error(str(clip), 2.0) == ""  # (not a failure: nothing to show while it is away)


def test_the_saved_picture_is_found_by_the_recorded_seconds(tmp_path):
    clip = V.write_video(tmp_path / "clip.mp4", [V.Segment(4, "red")], fps=10)
    made = thumbnail(clip, 1.0, 64, tmp_path / "thumbs")
    indexed = _recorded(clip)
    away = tmp_path / "gone.mp4"
    os.rename(clip, away)
    assert saved_thumbnail(clip, 1.0, indexed, 64, tmp_path / "thumbs") == made
    assert saved_thumbnail(clip, 1.0, (indexed[0] + 1, indexed[1]), 64, tmp_path / "thumbs") is None
    assert saved_thumbnail(clip, 1.0, (indexed[0], indexed[1] + 1.0), 64, tmp_path / "thumbs") is None
    assert saved_thumbnail(clip, 3.0, indexed, 64, tmp_path / "thumbs") is None  # (another moment)
    assert saved_thumbnail(clip, 1.0, (), 64, tmp_path / "thumbs") is None  # (nothing recorded)


def test_an_offline_cards_picture_is_looked_up_without_a_stat_a_name(tmp_path, monkeypatch):
    """Its recorded seconds stand for ~240 nanosecond times, each a name: they were stat'ed one by one
    for every offline card; now the folder is listed once while it does not change."""
    thumbs = tmp_path / "thumbs"
    clip = V.write_video(tmp_path / "clip.mp4", [V.Segment(4, "red")], fps=10)
    made = thumbnail(clip, 1.0, 64, thumbs)
    indexed = _recorded(clip)
    os.rename(clip, tmp_path / "gone.mp4")
    os.utime(thumbs, (1_600_000_000, 1_600_000_000))  # (changed long ago: its listing is kept)
    stats, listings = [], []
    real_stat, real_listdir = os.stat, os.listdir
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: stats.append(p) or real_stat(p, *a, **k))
    monkeypatch.setattr(os, "listdir", lambda p=".": listings.append(p) or real_listdir(p))
    for t in (3.0, 2.0, 3.5, 1.0):  # (three moments with no picture saved, then the one saved)
        assert saved_thumbnail(clip, t, indexed, 64, thumbs) == (made if t == 1.0 else None)
    assert len(stats) <= 4 + 1 and len(listings) == 1  # (the folder's, and the picture found)
    os.utime(thumbs, (1_600_000_001, 1_600_000_001))  # (written since: listed again)
    assert saved_thumbnail(clip, 1.0, indexed, 64, thumbs) == made and len(listings) == 2


def test_the_offline_videos_with_no_saved_picture_are_held_within_a_bound(qtbot, tmp_path):
    """Each offline card with no picture saved was remembered for good (not asked again): a window open
    for days over a big library kept every one. Now as many as the pictures held, the oldest let go
    (asked again, cheaply, if shown again)."""
    loader = ThumbnailLoader(max_width=64, capacity=3, cache_dir=tmp_path / "thumbs")
    paths = [str(tmp_path / f"away{i}.mp4") for i in range(10)]
    for path in paths:
        loader._on_loaded((path, 1.0), (None, (100, 1.5)), "")  # (as _load_saved answers: none saved)
    assert len(loader._unsaved) <= 3
    assert loader.image(paths[-1], 1.0, offline=True, version=(100, 1.5)) is None
    assert not loader.is_loading(paths[-1], 1.0)  # (the newest still known to have none)
    assert loader.image(paths[0], 1.0, offline=True, version=(100, 1.5)) is None
    assert loader.is_loading(paths[0], 1.0)  # (the oldest let go: looked up again)
    assert loader.wait(5000)


@pytest.mark.slow  # (two windows over one library: indexed, searched, re-scanned offline, searched)
def test_the_window_shows_an_offline_cards_picture_the_next_time_it_opens(qtbot, make_app_window, tmp_path,
                                                                          demo_clips):
    drive = tmp_path / "drive"
    drive.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", drive / "ball.mp4")
    query = "a red ball bouncing on the beach"
    window = make_app_window(tmp_path / "lib")
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(drive)))
    assert type_query(qtbot, window, query)
    model = window.results_model
    qtbot.waitUntil(lambda: model.index(0).data(ThumbnailRole) is not None, timeout=20_000)  # (made, saved)
    window.close()
    _unplug(drive)
    window = make_app_window(tmp_path / "lib")
    wait_indexing(qtbot, window.session, window.session.rescan)
    qtbot.waitUntil(lambda: bool(window.session.status.offline_folders), timeout=10_000)
    results = type_query(qtbot, window, query)
    assert results and results[0].offline
    model = window.results_model
    qtbot.waitUntil(lambda: model.index(0).data(ThumbnailRole) is not None, timeout=20_000)
