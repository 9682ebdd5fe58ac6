"""Similar clips and captions by moment id (issue 16, point 5): the app passes the moment id its
result carries, the command line resolves a typed ``FILE@TIME`` once (``core.clirefs.resolve_clip``);
no search finds a video again by its path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from core.clirefs import ClipRef, resolve_clip
from core.errors import SeekframeError
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.search import Searcher
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """red.mp4 and its byte-identical copy, a green-then-red clip and a blue one, indexed."""
    tmp = tmp_path_factory.mktemp("similar")
    videos = tmp / "videos"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    shutil.copyfile(videos / "red.mp4", videos / "copy of red.mp4")
    write_video(videos / "green then red.mp4", [Segment(4, "green"), Segment(4, "red")], seed=2)
    write_video(videos / "blue.mp4", [Segment(4, "blue")], seed=3)
    with VideoLibrary(tmp / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(videos)]))
    assert events[-1].kind == "finished" and not events[-1].failed
    return tmp / "lib", videos


def _by_name(lib):
    return {Path(v.path).name: v for v in lib.video_table.all()}


def _no_path_lookups(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a search by id looked a path up")

    monkeypatch.setattr(os.path, "realpath", refuse)
    monkeypatch.setattr(os.path, "exists", refuse)


def test_similar_clips_of_a_video_leave_out_its_byte_identical_copies(indexed, monkeypatch):
    """A copy is the same clip at score 1.0: it was listed first, never what "similar" asks for.
    Each copy's own moments still answer by their ids."""
    root, _ = indexed
    with VideoLibrary(root, read_only=True) as lib:
        videos = _by_name(lib)
        searcher = Searcher(lib, None)
        _no_path_lookups(monkeypatch)
        copies = {videos["red.mp4"].video_id, videos["copy of red.mp4"].video_id}
        for mine in ("red.mp4", "copy of red.mp4"):
            moment = lib.moment_table.of(videos[mine].video_id)[0]
            results = searcher.similar_clips(moment.moment_id, k=3)
            assert results and not {r.video_id for r in results} & copies, [r.path for r in results]
            # (green then red's red moment: the colour-mean fake sees the same colour)
            assert Path(results[0].path).name == "green then red.mp4" and results[0].score > 0.999
            vector, video, got = searcher.clip_vector(moment.moment_id)
            assert (video.video_id, got.moment_id) == (videos[mine].video_id, moment.moment_id)


def test_a_video_renamed_since_indexing_is_still_found_by_moment_id(indexed, tmp_path):
    root, folder = indexed
    lib_copy = tmp_path / "lib"
    shutil.copytree(root, lib_copy)
    renamed = tmp_path / "renamed.mp4"
    shutil.copyfile(folder / "green then red.mp4", renamed)  # the library still names the old path
    with VideoLibrary(lib_copy, read_only=True) as lib:
        video = _by_name(lib)["green then red.mp4"]
        red_moment = lib.moment_table.of(video.video_id)[-1]
        searcher = Searcher(lib, None)
        # the app's result: its path no longer on disk (the file was renamed), its moment id intact
        result = SimpleNamespace(path=str(renamed), moment_id=red_moment.moment_id)
        top = searcher.similar_clips(result.moment_id, k=1)[0]
        assert Path(top.path).name in ("red.mp4", "copy of red.mp4")
        with pytest.raises(SeekframeError, match="not in the library"):
            resolve_clip(lib, str(renamed), 5.0)  # a typed path is a path: the renamed file is not indexed


def test_the_command_line_resolves_file_at_time_once_to_ids(indexed):
    root, folder = indexed
    with VideoLibrary(root, read_only=True) as lib:
        video = _by_name(lib)["green then red.mp4"]
        moments = lib.moment_table.of(video.video_id)
        assert resolve_clip(lib, str(folder / "green then red.mp4"), 4.0) == ClipRef(video.video_id,
                                                                                     moments[1].moment_id)
        assert resolve_clip(lib, str(folder / "green then red.mp4")) == ClipRef(video.video_id)
        assert resolve_clip(lib, video.video_id).video_id == video.video_id  # a video id names it too
        with pytest.raises(SeekframeError, match="outside"):
            resolve_clip(lib, str(folder / "green then red.mp4"), 60.0)
        # the whole video: the mean of its moments, between red and green
        whole = Searcher(lib, None).similar_clips(ClipRef(video.video_id), k=4)
        assert video.video_id not in {r.video_id for r in whole} and len(whole) == 3


def test_a_stale_or_malformed_moment_id_is_said_plainly(indexed):
    root, _ = indexed
    with VideoLibrary(root, read_only=True) as lib:
        video = _by_name(lib)["blue.mp4"]
        mid = lib.moment_table.of(video.video_id)[0].moment_id
        vid, epoch, index = mid.split(":")
        searcher = Searcher(lib, None)
        with pytest.raises(SeekframeError, match="no longer in the library"):
            searcher.similar_clips(f"{vid}:{int(epoch) + 1}:{index}")  # its video re-indexed since
        with pytest.raises(SeekframeError, match="not a moment id"):
            searcher.similar_captions("/videos/blue.mp4")


def test_more_like_a_moment_re_indexed_since_refines_by_the_moments_still_there(indexed):
    """"More / less like this" names moments of an earlier search; one whose video was re-indexed
    since is no longer there: the others still move the query (it was an AttributeError)."""
    from core.errors import MomentGoneError

    root, _ = indexed
    with VideoLibrary(root, read_only=True) as lib:
        blue = lib.moment_table.of(_by_name(lib)["blue.mp4"].video_id)[0].moment_id
        red = lib.moment_table.of(_by_name(lib)["red.mp4"].video_id)[0].moment_id
        vid, epoch, index = blue.split(":")
        stale = f"{vid}:{int(epoch) + 1}:{index}"
        searcher = Searcher(lib, None)
        kept = searcher.refine("", more=[red], k=4)
        assert kept and searcher.refine("", more=[red, stale], k=4) == kept
        assert searcher.refine("", more=[stale], k=4) == []  # nothing left to move it by
        with pytest.raises(MomentGoneError):  # (the app goes back to the typed search on this one)
            searcher.similar_clips(stale)


def test_the_app_asks_by_moment_id(indexed, monkeypatch):
    from app import engine
    from app.requests import SearchRequest
    from core.filters import Filters

    root, _ = indexed
    with VideoLibrary(root, read_only=True) as lib:
        videos = _by_name(lib)
        moment = lib.moment_table.of(videos["red.mp4"].video_id)[0]
        searcher = Searcher(lib, None)
        _no_path_lookups(monkeypatch)
        request = SearchRequest(filters=Filters(), per_video=True, k=2, similar_to=moment.moment_id)
        assert request.kind == "similar"
        results = engine.run_search(searcher, request)
        names = [Path(r.path).name for r in results]
        assert names[0] == "green then red.mp4" and "copy of red.mp4" not in names, names  # (a copy is left out)
        # a result whose path went stale: the captions panel still finds its moment
        result = SimpleNamespace(path="/gone/red.mp4", moment_id=moment.moment_id, start=moment.start,
                                 end=moment.end)
        assert engine.similar_captions(searcher, result, k=3) == []  # no captions, and no error



def _counted_reads(lib, monkeypatch) -> list[str]:
    """The names of the moment table's reads (``of``: a video's moments, ``get``: one by id), as
    they happen."""
    reads = []
    for name in ("of", "get"):
        real = getattr(lib.moment_table, name)
        monkeypatch.setattr(lib.moment_table, name, lambda *a, _f=real, _n=name: reads.append(_n) or _f(*a))
    return reads


def test_the_apps_similar_captions_read_the_moment_once(indexed, monkeypatch):
    from app import engine

    root, _ = indexed
    with VideoLibrary(root, read_only=True) as lib:
        moment = lib.moment_table.of(_by_name(lib)["red.mp4"].video_id)[0]
        reads = _counted_reads(lib, monkeypatch)
        result = SimpleNamespace(moment_id=moment.moment_id, start=moment.start, end=moment.end)
        assert engine.similar_captions(Searcher(lib, None), result, k=3) == []
        assert reads == ["get"]


def test_a_typed_clip_is_read_once(indexed, monkeypatch):
    """``resolve_clip`` hands the moments it read to the search: ``FILE@TIME`` and ``FILE`` read
    the video's moments once, not again by id or by video."""
    root, folder = indexed
    with VideoLibrary(root, read_only=True) as lib:
        reads = _counted_reads(lib, monkeypatch)
        searcher = Searcher(lib, None)
        for at in (4.0, None):
            reads.clear()
            assert searcher.similar_clips(resolve_clip(lib, str(folder / "green then red.mp4"), at), k=1)
            assert reads == ["of"], at


def test_a_typed_video_removed_since_it_was_resolved_is_said_plainly(indexed):
    """A ``ClipRef`` carries the moments ``resolve_clip`` read; its video removed since (the app's
    writer, between the two), the search says so rather than failing on the missing row."""
    root, folder = indexed
    with VideoLibrary(root, read_only=True) as lib:
        ref = resolve_clip(lib, str(folder / "blue.mp4"))
        gone = ClipRef("0" * 16, None, ref.moments)
        with pytest.raises(SeekframeError, match="has no indexed moments"):
            Searcher(lib, None).similar_clips(gone, k=1)


def test_a_note_on_a_byte_identical_copy_is_on_the_clip_whichever_copy_is_listed(indexed, tmp_path):
    """Copies are one result, and which of them is listed changes (one offline, one deleted): a
    note written on one copy shows as on the clip for the other too, in its own list, not among
    the other videos' captions."""
    from core import service
    from core.clirefs import on_clip

    class Words:
        def encode_text(self, texts):
            return np.eye(len(texts), ColourMeanEncoder.embed_dim, dtype=np.float32)

    root = tmp_path / "lib"
    shutil.copytree(indexed[0], root)
    with VideoLibrary(root) as lib:
        by_name = _by_name(lib)
        red, copy = by_name["red.mp4"], by_name["copy of red.mp4"]
        service.add_note(lib, Words(), copy.video_id, "grandma's garden", 0.0, 2.0)
        service.add_note(lib, Words(), by_name["blue.mp4"].video_id, "the blue wall", 0.0, 2.0)
        moment = lib.moment_table.of(red.video_id)[0]
        rows, span = Searcher(lib, None).clip_captions(moment.moment_id, k=10)
    own = [c.text for c in rows if on_clip(c, span)]
    assert "grandma's garden" in own and own.count("grandma's garden") == 1
    assert "the blue wall" not in own
    note = next(c for c in rows if c.text == "grandma's garden")
    assert note.path == copy.path  # (where it is written)
