"""A search result whose file was renamed to its name's other Unicode spelling since it was indexed
(``Café.mp4`` indexed composed, NFC, a Mac's decomposed copy, NFD, in its place; or the other way
round) was shown 'No longer there' and its preview said the file was missing, beside a name that
looks the same as the one on disk. ``app.found.annotate`` now gives it the path the disk spells it
at (``core.paths.respelled``: the size it was indexed at), so the grid shows it and the preview opens
it; a distinct file of another size in that spelling stays the result's gone file."""

from __future__ import annotations

import os
import unicodedata

import pytest

from app.file_state import GONE
from app.found import annotate
from app.movie_source import VIDEO, look_at_file
from core.library.records import VideoRecord
from core.search import SearchResult
from tests.videos import Segment, write_video


def _found(root, path: str, size: int):
    rec = VideoRecord("v1", path, str(root), size, 0.0, "", status="done")  # (its library folder there)
    (found,) = annotate([SearchResult(path, 0.0, 2.0, 0.5, "v1", "v1:0", 1.0)], {"v1": rec})
    return found


@pytest.mark.parametrize("indexed,now", [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_result_renamed_to_the_other_spelling_is_shown_and_opened(tmp_path, indexed, now):
    old, new = (str(tmp_path / unicodedata.normalize(form, "Ålesund/Café.mp4")) for form in (indexed, now))
    write_video(new, [Segment(2, "red")], seed=1)
    found = _found(tmp_path, old, os.path.getsize(new))
    assert found.path == new and found.file_state != GONE, (ascii(found.path), found.file_state)
    assert look_at_file(found.path)[0] == VIDEO


def test_a_distinct_file_in_the_other_spelling_is_not_it(tmp_path):
    old, new = (str(tmp_path / unicodedata.normalize(form, "Café.mp4")) for form in ("NFC", "NFD"))
    write_video(new, [Segment(2, "red")], seed=1)
    found = _found(tmp_path, old, os.path.getsize(new) + 1)
    assert found.path == old and (found.file_state == GONE or found.offline)  # (as before: the one video gone)
