"""The rename rule of a library folder missing now (``core.sync_missing.renamed_to``) and the record of where
it went (``core.folder_moved.record``) each restated where a video found at its place says the folder went
(``B`` for ``folder/rel`` found at ``B/rel``), in two ways (the rule passed over a path in the folder whose
name begins with "..", the record did not). One rule now (``folder_moved.moved_base``), which both use."""

from __future__ import annotations

import pytest

from core.folder_moved import moved_base


@pytest.mark.parametrize("path, folder, found, base", [
    ("/h/Videos/trip/a.mp4", "/h/Videos", "/h/Movies/trip/a.mp4", "/h/Movies"),
    ("/h/Videos/..a.mp4", "/h/Videos", "/m/big/Videos/..a.mp4", "/m/big/Videos"),
    ("/h/Videos/a.mp4", "/h/Videos", "/h/Movies/other/b.mp4", None),  # (not at its place)
    ("/h/Videos/a.mp4", "/h/Videos", "/h/Movies/xa.mp4", None),  # (another name ending so)
    ("/h/Other/a.mp4", "/h/Videos", "/h/Movies/a.mp4", None),  # (not in the folder)
    ("/h/Videos", "/h/Videos", "/h/Movies", None),  # (the folder itself: a video given by name)
    ("/Videos/a.mp4", "/Videos", "/a.mp4", "/"),
])
def test_where_a_video_found_at_its_place_says_its_folder_went(path, folder, found, base):
    assert moved_base(path, folder, found) == base
