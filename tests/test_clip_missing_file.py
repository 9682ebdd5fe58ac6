"""A FILE that neither the library nor the disk has is said to be a wrong path: "x.mp4 is not in
the library. Index its folder first" sent a user who mistyped a name off to index a folder."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.clirefs import video_for
from core.errors import SeekframeError


def _empty_library():
    return SimpleNamespace(video_table=SimpleNamespace(view=lambda: {}))


def test_a_path_that_does_not_exist_is_said_to_be_wrong(tmp_path):
    with pytest.raises(SeekframeError) as caught:
        video_for(_empty_library(), str(tmp_path / "bech.mp4"))
    assert str(caught.value) == f"{tmp_path}/bech.mp4 is not in the library, and no such file exists: check the path."


def test_a_file_that_is_there_is_said_to_need_indexing(tmp_path):
    (tmp_path / "beach.mp4").write_bytes(b"")
    with pytest.raises(SeekframeError, match="is not in the library. Index its folder first"):
        video_for(_empty_library(), str(tmp_path / "beach.mp4"))
