"""A time on a moment boundary names the moment that starts there (issue 11, point 14).

``note FILE@4`` attached to 0:00–0:04; the app's "Copy path and timestamp" copies a moment's
start, so pasting it named the moment before. ``core.clirefs.moment_at`` is the one rule, used by
notes, similar clips, similar captions and notes found by a search.
"""

from __future__ import annotations

import json
from types import SimpleNamespace as M

import numpy as np
import pytest

import core.cli
from core.cli import main
from core.clirefs import moment_at

DIM = 8
WINDOWS = [(0.0, 4.0), (4.0, 8.0), (8.0, 12.0)]  # a 12 s video: three 4 s moments


@pytest.mark.parametrize("t,start", [(0.0, 0.0), (3.99, 0.0), (4.0, 4.0), (4.0 - 1e-9, 4.0), (7.5, 4.0),
                                     (8.0, 8.0), (11.9, 8.0), (12.0, 8.0), (12.0 + 1e-9, 8.0)])
def test_a_boundary_time_names_the_moment_that_starts_there(t, start):
    moments = [M(start=a, end=b) for a, b in WINDOWS]
    assert moment_at(moments, t).start == start
    assert moment_at(list(reversed(moments)), t).start == start  # order does not matter


def test_times_in_gaps_and_outside_go_to_the_nearest_moment():
    moments = [M(start=1.0, end=3.0), M(start=5.0, end=9.0)]
    assert moment_at(moments, 0.0).start == 1.0
    assert moment_at(moments, 3.5).start == 1.0
    assert moment_at(moments, 4.6).start == 5.0
    assert moment_at(moments, 20.0).start == 5.0
    assert moment_at([], 1.0) is None


class _Stub:
    """The library's model without loading one: every text embeds to the first moment's vector."""

    model_id, source, embed_dim, card, name = "tiny-000000000001", "/models/tiny", DIM, None, "tiny"

    def __init__(self, vector):
        self.vector = vector

    def encode_text(self, texts, batch_size=16):
        return np.tile(self.vector, (len(texts), 1))


@pytest.fixture
def library(tmp_path, monkeypatch):
    from core.library import MomentRecord, VideoLibrary, VideoRecord

    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(len(WINDOWS), DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    root = tmp_path / "lib"
    with VideoLibrary(root) as lib:
        lib.bind_model(_Stub.model_id, _Stub.source, DIM)
        lib.update_settings(folders=["/media"])
        for vid, name in ((f"{1:016x}", "a.mp4"), (f"{2:016x}", "b.mp4")):
            rec = VideoRecord(video_id=vid, path=f"/media/{name}", root="/media", size=100, mtime=1.0,
                              content_hash=vid, duration=12.0)
            lib.moment_table.commit([(rec, [MomentRecord(vid, 0, j, a, b, a + 2, vecs[j])
                                 for j, (a, b) in enumerate(WINDOWS)])])
    from tests.cli_run import use_encoder

    use_encoder(monkeypatch, lambda: _Stub(vecs[0]))
    return root


def _notes(root):
    from core.library import VideoLibrary

    with VideoLibrary(root, read_only=True) as lib:
        return {c.text: (c.start, c.end) for c in lib.caption_table.read(with_vectors=False) if c.source == "note"}


@pytest.mark.parametrize("when,window", [("0", (0.0, 4.0)), ("4", (4.0, 8.0)), ("0:04", (4.0, 8.0)),
                                         ("8", (8.0, 12.0)), ("3.5", (0.0, 4.0)), ("12", (8.0, 12.0))])
def test_note_at_a_boundary_attaches_to_the_moment_starting_there(library, capsys, when, window):
    assert main(["note", f"/media/a.mp4@{when}", f"note at {when}", "--library", str(library)]) == 0
    assert _notes(library)[f"note at {when}"] == window


def test_similar_and_captions_at_a_boundary_use_the_moment_starting_there(library):
    from core.clirefs import resolve_clip
    from core.library import VideoLibrary
    from core.search import Searcher

    with VideoLibrary(library, read_only=True) as lib:
        searcher = Searcher(lib, _Stub(np.zeros(DIM, np.float32)))
        ids = [m.moment_id for m in lib.moment_table.of(f"{1:016x}")]
        for at, index in ((0.0, 0), (4.0, 1), (8.0, 2), (12.0, 2)):
            vector, _, moment = searcher.clip_vector(resolve_clip(lib, "/media/a.mp4", at))
            assert moment.moment_id == ids[index], at
        # similar clips at 0:04 rank b.mp4's moment at 0:04 first (the same vector)
        top = searcher.similar_clips(resolve_clip(lib, "/media/a.mp4", 4.0), k=1, per_video=False)[0]
        assert (top.path, top.start) == ("/media/b.mp4", 4.0)


def test_a_note_on_a_boundary_is_found_at_its_own_moment(library, capsys):
    assert main(["note", "/media/b.mp4@8", "the goal", "--library", str(library)]) == 0
    capsys.readouterr()
    assert main(["search", "the goal", "--library", str(library), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    note_hit = next(h for h in hits if h["path"] == "/media/b.mp4" and h["score"] > 0.99)
    assert (note_hit["start"], note_hit["end"]) == (8.0, 12.0)
