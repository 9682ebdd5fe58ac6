"""A search result's shape (``app.found.annotate``: ``Found.shape``, the preview's split follows it and
takes it over the player's own) is the record's width and height only where they are the picture
as shown. A video indexed by reader 1 (or a library too old to record its reader: 0) recorded them
as stored, unturned: a phone's portrait clip 1920x1080. Taken as given, the split gave such a clip
a 16:9 player and kept it when the player reported its picture 1080x1920. And a file changed since
it was indexed (another video at its path) is not the recorded one: its record's shape is another's.
Both now give none: the player's own size is taken once its frames come."""

from __future__ import annotations

import os

from app.file_state import CHANGED
from app.found import annotate
from core.library.records import VideoRecord
from core.search import SearchResult
from core.video_info import READER, SHOWN_SIZE_SINCE


def _result(path, video_id: str = "v1") -> SearchResult:
    return SearchResult(str(path), 0.0, 4.0, 0.5, video_id, f"{video_id}:0", 0.0)


def _record(path, reader: int, width: int = 1920, height: int = 1080) -> VideoRecord:
    st = os.stat(path)
    return VideoRecord("v1", str(path), os.path.dirname(path), st.st_size, st.st_mtime, "", status="done",
                       width=width, height=height, reader=reader)


def test_a_record_of_the_shown_size_gives_its_shape(tmp_path):
    path = tmp_path / "phone.mp4"
    path.write_bytes(b"x" * 100)
    for reader in (SHOWN_SIZE_SINCE, READER):
        (found,) = annotate([_result(path)], {"v1": _record(path, reader, 1080, 1920)})
        assert found.shape == (1080, 1920) and found.file_state == ""


def test_a_record_of_the_stored_size_gives_none(tmp_path):
    """Reader 0 and 1 recorded a turned clip's frames as stored (1920x1080 for a 1080x1920 picture)."""
    path = tmp_path / "phone.mp4"
    path.write_bytes(b"x" * 100)
    for reader in range(SHOWN_SIZE_SINCE):
        (found,) = annotate([_result(path)], {"v1": _record(path, reader)})
        assert found.shape == (), (reader, found.shape)
        assert found.file_state == "" and found.indexed  # (the rest as before)


def test_a_file_changed_since_it_was_indexed_gives_none(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"x" * 100)
    rec = _record(path, READER)
    path.write_bytes(b"y" * 200)  # (another video at its path: upright where the record's was wide)
    (found,) = annotate([_result(path)], {"v1": rec})
    assert found.file_state == CHANGED and found.shape == ()
