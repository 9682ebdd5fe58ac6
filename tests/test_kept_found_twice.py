"""A video kept by content (a re-scan of one folder removed it, ``core.sync_gone``) whose file turns up
twice in the folder a later re-scan looks at (the moved file and a copy of it): the first is the video
taken back, the second a copy of it, its moments copied. The second was embedded again, as a new video
(the taken-back one was not known to the plan as this content's; s52 review)."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from tests.test_moved_between_folders import _index, _library, _red


@pytest.mark.slow
def test_a_kept_video_found_with_a_copy_is_taken_back_once_and_copied_once(tmp_path, capsys, monkeypatch):
    a, b, lib, enc = _library(tmp_path, capsys, monkeypatch)
    video_id, vectors, texts = _red(lib, a / "red.mp4")
    os.rename(a / "red.mp4", tmp_path / "red.mp4")
    assert "1 removed" in _index(capsys, a, lib)  # (kept by content)
    shutil.copyfile(tmp_path / "red.mp4", b / "red copy.mp4")
    os.rename(tmp_path / "red.mp4", b / "red.mp4")
    embedded = enc.embedded
    said = _index(capsys, b, lib)
    assert "1 moved" in said and "1 copy" in said and "0 to index" in said, said
    assert enc.embedded == embedded  # (the old plan: the copy embedded again)
    two = [_red(lib, b / "red.mp4"), _red(lib, b / "red copy.mp4")]  # (the first found is the one taken back)
    kept, copy = sorted(two, key=lambda v: v[0] != video_id)
    assert kept[0] == video_id and np.array_equal(kept[1], vectors) and kept[2] == texts
    assert copy[0] != video_id and np.array_equal(copy[1], vectors)


@pytest.mark.slow
def test_a_kept_video_whose_moments_were_swept_and_its_copy_are_both_embedded(tmp_path, capsys, monkeypatch):
    """The kept video's moments gone meanwhile (swept by an older Seekframe): taken back, it is embedded
    again; a copy of it in the same run copied its missing moments and stayed without any (s52 late review)."""
    from core.library import VideoLibrary

    a, b, lib, enc = _library(tmp_path, capsys, monkeypatch)
    video_id, vectors, _ = _red(lib, a / "red.mp4")
    os.rename(a / "red.mp4", tmp_path / "red.mp4")
    assert "1 removed" in _index(capsys, a, lib)  # (kept by content)
    with VideoLibrary(str(lib)) as library:
        library.video_table.delete([video_id])  # (its row is gone already: its moments alone)
    shutil.copyfile(tmp_path / "red.mp4", b / "red copy.mp4")
    os.rename(tmp_path / "red.mp4", b / "red.mp4")
    _index(capsys, b, lib)
    with VideoLibrary(str(lib), read_only=True) as library:
        rows = {v.path: v for v in library.video_table.view().values()}
        got = {p: len(library.moment_table.of(rows[str(b / p)].video_id)) for p in ("red.mp4", "red copy.mp4")}
    assert got == {"red.mp4": len(vectors), "red copy.mp4": len(vectors)}, got
