"""Thumbnails cached before reader 10 of the files its walk reads otherwise (MPEG-PS and -TS, Ogg,
Dahua DVR files) are made again: reader 9 gave a fresh reader's frame seconds or a group of pictures
late (a long-GOP recording's thumbnail at 15.5 s showed the frame of 11 s), and the cache is keyed by
the reader since which a file's frames read as now, which reader 10 did not move for them. Other
files' thumbnails stand (a library's thousands are not made again)."""

from __future__ import annotations

import hashlib
import os
from fractions import Fraction

import av
import cv2
import numpy as np
import pytest

from core.thumbnails import thumbnail

COLOURS = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]


def _write(path, fmt: str, codec: str = "mpeg2video") -> None:
    """Three seconds, one colour a second, ``codec`` in ``fmt``."""
    with av.open(str(path), "w", format=fmt) as out:
        v = out.add_stream(codec, rate=10)
        v.width, v.height, v.pix_fmt = 64, 48, "yuv420p"
        for i in range(30):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), COLOURS[i // 10], np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            out.mux(v.encode(frame))
        out.mux(v.encode())


# reader 9's frames_since (core.video_info) of these files: the thumbnail cache's key
SINCE_9 = {".mpg": 6, ".ts": 7, ".mp4": 4}


def _cached_by_reader_9(path, t: float, width: int, cache, since: int | None = None) -> str:
    """Where reader 9 (``since``: the reader that cached it, by the key it gave) cached the
    thumbnail of ``path`` at ``t``: keyed by reader 9's ``frames_since``."""
    st = os.stat(path)
    since = SINCE_9[os.path.splitext(str(path))[1]] if since is None else since
    key = f"{since}\0{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{t:.3f}\0{width}"
    out = cache / f"{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.jpg"
    cache.mkdir(exist_ok=True)
    cv2.imwrite(str(out), np.full((48, 64, 3), 128, np.uint8))  # (grey: no frame of the file)
    return str(out)


def _colour(jpeg) -> int:
    mean = cv2.imread(str(jpeg))[..., ::-1].reshape(-1, 3).mean(0)
    return int(np.argmin([np.abs(mean - c).sum() for c in COLOURS]))


@pytest.mark.parametrize("name, fmt", [("rec.mpg", "mpeg"), ("rec.ts", "mpegts")])
def test_a_thumbnail_reader_9_cached_of_a_walked_file_is_made_again(tmp_path, name, fmt):
    path = tmp_path / name
    _write(path, fmt)
    stale = _cached_by_reader_9(path, 2.5, 64, tmp_path / "thumbs")
    got = thumbnail(path, 2.5, 64, tmp_path / "thumbs")
    assert str(got) != stale and _colour(got) == 2


def test_a_thumbnail_of_another_file_cached_before_reader_10_stands(tmp_path):
    path = tmp_path / "rec.mp4"
    _write(path, "mp4", "mpeg4")  # (an MP4: read as reader 4 on reads it)
    cached = _cached_by_reader_9(path, 2.5, 64, tmp_path / "thumbs")
    assert str(thumbnail(path, 2.5, 64, tmp_path / "thumbs")) == cached
