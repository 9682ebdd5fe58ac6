"""An offline card's saved picture is looked up in the thumbnail folder's listing, kept while the folder
is unchanged (``core.thumbnails._listing``). A listing taken within a second of the folder's last change
cannot be kept, and the folder changes exactly while the window writes thumbnails (as cards load): every
offline card then listed the whole cache again (at the 256 MB cap ~13k names, ~20x the ~240 stats it
replaced; s52 review). Within that second its names are stat'ed instead, the folder not listed."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("av")

from core.thumbnails import saved_thumbnail, thumbnail  # noqa: E402
from tests import videos as V  # noqa: E402


def test_a_folder_changed_this_second_is_not_listed_for_each_offline_card(tmp_path, monkeypatch):
    thumbs = tmp_path / "thumbs"
    clip = V.write_video(tmp_path / "clip.mp4", [V.Segment(4, "red")], fps=10)
    made = thumbnail(clip, 1.0, 64, thumbs)
    st = os.stat(clip)
    indexed = (st.st_size, st.st_mtime)
    os.rename(clip, tmp_path / "gone.mp4")
    (thumbs / "another.jpg").write_bytes(b"")  # (a thumbnail written just now: the folder changed)
    listings = []
    real_listdir = os.listdir
    monkeypatch.setattr(os, "listdir", lambda p=".": listings.append(p) or real_listdir(p))
    for t in (3.0, 2.0, 3.5, 1.0):  # (three moments with no picture saved, then the one saved)
        assert saved_thumbnail(clip, t, indexed, 64, thumbs) == (made if t == 1.0 else None)
    assert listings == []  # (the old module: 4, one a card)
    os.utime(thumbs, (1_600_000_000, 1_600_000_000))  # (changed long ago: listed once, then kept)
    for t in (3.0, 1.0):
        assert saved_thumbnail(clip, t, indexed, 64, thumbs) == (made if t == 1.0 else None)
    assert len(listings) == 1
