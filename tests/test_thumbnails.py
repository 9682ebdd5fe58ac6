"""core.thumbnails: the frame at t, scaled to fit, cached by file version, atomic writes."""

from __future__ import annotations

import os
import threading

import cv2
import numpy as np
import pytest

from core.errors import MediaError
from core.thumbnails import fit_size, thumbnail
from tests import videos as V

SEGMENTS = [V.Segment(2, "red"), V.Segment(2, "blue")]


@pytest.fixture
def video(tmp_path):
    return V.write_video(tmp_path / "clip.mp4", SEGMENTS, fps=10.0, size=(640, 360))


def colour_of(jpeg) -> str:
    bgr = cv2.imread(str(jpeg))
    rgb = np.median(bgr[:, :, ::-1].reshape(-1, 3), axis=0)
    return min(V.COLORS, key=lambda c: float(np.abs(np.subtract(V.COLORS[c], rgb)).sum()))


def test_frame_at_time_scaled_to_fit(video, tmp_path):
    cache = tmp_path / "thumbs"
    red = thumbnail(video, 0.5, max_width=160, cache_dir=cache)
    blue = thumbnail(video, 3.0, max_width=160, cache_dir=cache)
    assert red.parent == cache and red != blue
    assert colour_of(red) == "red" and colour_of(blue) == "blue"
    h, w = cv2.imread(str(red)).shape[:2]
    assert (w, h) == (160, 90)  # 640x360 scaled down, aspect ratio kept


def test_cached_until_the_file_changes(video, tmp_path):
    cache = tmp_path / "thumbs"
    first = thumbnail(video, 0.5, 160, cache)
    stamp = first.stat().st_mtime_ns
    assert thumbnail(video, 0.5, 160, cache) == first
    assert first.stat().st_mtime_ns == stamp  # not rewritten
    assert thumbnail(video, 0.5, 200, cache) != first  # another width is another file
    # the same file rewritten with other content: a new thumbnail, the new content
    V.write_video(video, [V.Segment(4, "green")], fps=10.0, size=(640, 360))
    os.utime(video, ns=(stamp + 10**9, stamp + 10**9))
    again = thumbnail(video, 0.5, 160, cache)
    assert again != first and colour_of(again) == "green"


def test_a_new_reader_makes_new_thumbnails(video, tmp_path, monkeypatch):
    """Thumbnails cached before frames were read another way (turned videos upright) are not
    served again."""
    from core import thumbnails

    first = thumbnail(video, 0.5, 160, tmp_path)
    since = thumbnails.thumbs_since(video)
    monkeypatch.setattr(thumbnails, "thumbs_since", lambda path: since + 1)
    assert thumbnail(video, 0.5, 160, tmp_path) != first


def test_never_upscales_and_fits_portrait():
    assert fit_size(100, 50, 320) == (100, 50)
    assert fit_size(360, 640, 320) == (180, 320)
    assert fit_size(640, 360, 320) == (320, 180)


def test_missing_and_undecodable_files_raise_media_error(tmp_path):
    with pytest.raises(MediaError, match="file not found"):
        thumbnail(tmp_path / "gone.mp4", 1.0, cache_dir=tmp_path / "thumbs")
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video\n" * 50)
    with pytest.raises(MediaError) as err:
        thumbnail(text, 1.0, cache_dir=tmp_path / "thumbs")
    assert err.value.reason
    assert not list(tmp_path.rglob("*.jpg"))  # nothing cached for a file that failed


def test_concurrent_requests_leave_one_whole_file(video, tmp_path):
    cache = tmp_path / "thumbs"
    out, errors = [], []

    def make():
        try:
            out.append(thumbnail(video, 1.0, 160, cache))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=make) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(out)) == 1
    assert [p.name for p in cache.iterdir()] == [out[0].name]  # no temporary files left
    assert cv2.imread(str(out[0])) is not None


def test_default_location_is_the_cache_dir(video, tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    got = thumbnail(video, 0.0)
    assert got.parent == tmp_path / "cache" / "thumbs"
