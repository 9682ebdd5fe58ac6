"""fd30a3ea made the captions panel's lookup (app.engine.similar_captions) give no captions for every
moment gone, so a clip whose video was re-indexed since it was shown (a changed file re-embedded by a
re-scan or a cron `seekframe index`) showed "No note or caption on this clip yet" though its note is
still there (s58 rv_4 #3). Only a clip whose video left the library has none now; a re-indexed one
says "That moment is no longer in the library (…): search again." as before."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.engine import similar_captions
from core.cli import main
from core.errors import MomentGoneError
from core.library import VideoLibrary
from core.search import Searcher
from tests.videos import Segment, write_video


def _first_moment(lib, name: str) -> str:
    with VideoLibrary(lib, read_only=True) as library:
        [video] = [v for v in library.video_table.all() if v.path.endswith(name)]
        return min(library.moment_table.of(video.video_id), key=lambda m: m.start).moment_id


def _captions(lib, moment_id) -> list[str]:
    with VideoLibrary(lib, read_only=True) as library:
        return [c.text for c in similar_captions(Searcher(library, None), SimpleNamespace(moment_id=moment_id))]


def test_a_reindexed_clip_says_search_again_and_a_removed_ones_has_none(noted_library, colour_model):
    videos, lib = noted_library
    shown = _first_moment(lib, "red.mp4")
    assert "our red wall" in _captions(lib, shown)

    write_video(videos / "red.mp4", [Segment(5, "red")])  # changed: re-indexed, its moments written anew
    assert main(["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]) == 0
    with VideoLibrary(lib, read_only=True) as library:  # (its note kept)
        assert "our red wall" in [c.text for c in library.caption_table.read(with_vectors=False)]
    with pytest.raises(MomentGoneError, match="search again"):
        _captions(lib, shown)
    assert "our red wall" in _captions(lib, _first_moment(lib, "red.mp4"))  # (its new moment: the note there)

    blue = _first_moment(lib, "blue.mp4")
    assert main(["forget", str(videos), "--library", str(lib), "--all"]) == 0  # its folder removed
    assert _captions(lib, blue) == []
