"""Indexing on a Ray cluster (``seekframe index --ray``, ``core.cluster``): the library equals a
local run's (bad files, non-UTF-8 names, a turned video read sideways before), files of one content
are decoded once, an actor pool as large as the cluster still decodes. Its faults (workers that die,
decoders that hang, a killed driver): tests/test_cluster_faults.py. A local 2-CPU Ray cluster, shared with
that file (``cluster_world.cluster``)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.library import VideoLibrary
from core.tracks import NO_VIDEO_STREAM
from tests.cluster_world import cluster, library_content, same_content, write_clips  # noqa: F401  (a fixture)
from tests.videos import Segment, write_broken_video, write_video, write_zero_byte

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
pytestmark = pytest.mark.slow


def test_ray_index_equals_a_local_one_bad_files_included(tmp_path, capsys, cluster):
    from tests.models import save_tiny_model

    model = save_tiny_model(tmp_path / "model")
    videos = write_clips(tmp_path / "videos", 4)
    write_zero_byte(videos / "empty.mp4")
    write_broken_video(videos / "notes.mp4")
    notes = "notes.mp4"
    try:  # names that are not valid UTF-8 (core.filenames) travel through Ray's Arrow rows too
        os.rename(videos / "clip01.mp4", os.fsdecode(os.fsencode(videos) + b"/clip\xe901.mp4"))
        os.rename(videos / "notes.mp4", os.fsdecode(os.fsencode(videos) + b"/not\xe9s.mp4"))
        notes = "not\\xe9s.mp4"  # as printed
    except (OSError, UnicodeError):  # (a filesystem that keeps only UTF-8 names)
        pass
    args = [str(videos), "--model", str(model)]
    assert main(["index", *args, "--library", str(tmp_path / "local")]) == 1  # 1: some files failed
    local_err = capsys.readouterr().err
    assert main(["index", *args, "--library", str(tmp_path / "ray"), "--ray"]) == 1
    ray_err = capsys.readouterr().err
    local, on_ray = library_content(tmp_path / "local"), library_content(tmp_path / "ray")
    same_content(local, on_ray)
    assert local["empty.mp4"][0] == "failed" and local["clip00.mp4"][3] == 2
    for name in ("empty.mp4", notes):  # the same reasons printed
        line = next(ln for ln in local_err.splitlines() if name in ln)
        assert line in ray_err.splitlines()
    # and the next run, local or on Ray, has nothing to do (its failures an earlier run's: exit 0)
    assert main(["index", *args, "--library", str(tmp_path / "ray"), "--ray"]) == 0
    assert "0 to index" in capsys.readouterr().err


def test_a_twin_whose_ray_task_failed_twice_hands_on_to_its_copies(tmp_path, cluster):
    """A file whose Ray task failed twice (its worker killed: a node short of memory, a node lost)
    says nothing of its bytes: its copies, one in another folder too, are decoded in the next round
    and found. Before, each was recorded failed with it, for good, and the clip found nowhere."""
    import shutil

    from core.cluster import WORKER_DIED, RayIndexer
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder
    from tests.ray_faults import kills_the_first_twin

    videos, elsewhere = tmp_path / "videos", tmp_path / "elsewhere"
    write_video(videos / "twin.mp4", [Segment(8, "green")], seed=9)
    shutil.copy(videos / "twin.mp4", videos / "twin copy.mp4")
    elsewhere.mkdir()
    shutil.copy(videos / "twin.mp4", elsewhere / "twin there.mp4")
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(decode_fn=kills_the_first_twin),
                             encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos), str(elsewhere)]))
    assert events[-1].kind == "finished"
    first = (tmp_path / "first twin").read_text(encoding="utf-8")
    assert [(Path(p).name, r) for p, r in events[-1].failed] == [(first, WORKER_DIED)]
    held = sorted((c[0], c[3]) for c in library_content(tmp_path / "lib").values())
    assert held == [("done", 2), ("done", 2), ("failed", 0)]


def test_twins_are_decoded_once_on_ray_as_locally(tmp_path, cluster):
    """Byte-identical copies found new together are decoded and embedded once on the cluster too:
    the others take its moments, or its failure (a broken file's copies); a twin whose file could
    not be read hands on to its copy, decoded in a round after. Before, each copy was decoded."""
    import shutil

    from core.cluster import RayIndexer
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder
    from tests.ray_faults import UNREADABLE, logged
    from tests.test_twins_in_one_run import broken_with_copies

    videos = write_clips(tmp_path / "videos", 2)
    for name in ("clip00 copy.mp4", "clip00 again.mp4"):
        shutil.copy(videos / "clip00.mp4", videos / name)
    broken = broken_with_copies(videos, 2)
    write_video(videos / "locked.mp4", [Segment(8, "green")], seed=9)
    shutil.copy(videos / "locked.mp4", videos / "locked copy.mp4")
    encoder = ColourMeanEncoder()
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, encoder, IndexOptions(decode_fn=logged), encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos)]))
    assert events[-1].kind == "finished"
    decoded = Counter((tmp_path / "decoded.log").read_text(encoding="utf-8").splitlines())
    assert sum(decoded[n] for n in ("clip00.mp4", "clip00 copy.mp4", "clip00 again.mp4")) == 1
    assert sum(decoded[n] for n in broken) == 1 and decoded["locked.mp4"] == decoded["locked copy.mp4"] == 1
    assert decoded["clip01.mp4"] == decoded["whole.mp4"] == 1 and sum(decoded.values()) == 6
    assert [e.kind for e in events].count("file_started") == 6
    content = library_content(tmp_path / "lib")
    red = content["clip00.mp4"]
    assert red[0] == "done" and red[3] == 2
    for name in ("clip00 copy.mp4", "clip00 again.mp4"):
        same_content({name: red}, {name: content[name]})
    assert {content[n][:2] for n in broken} == {("failed", NO_VIDEO_STREAM)}
    assert dict((Path(p).name, r) for p, r in events[-1].failed) == {
        **{n: NO_VIDEO_STREAM for n in broken}, (first := next(n for n in ("locked.mp4", "locked copy.mp4")
                                                                 if content[n][0] == "failed")): UNREADABLE}
    other = "locked copy.mp4" if first == "locked.mp4" else "locked.mp4"
    assert content[other][0] == "done" and content[other][3] == 2 and events[-1].moments == 3 * 2 + 2 + 1 + 2


def test_an_actor_pool_as_large_as_the_cluster_leaves_decoding_a_cpu(tmp_path, cluster):
    from core.cluster import RayIndexer
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder

    videos = write_clips(tmp_path / "videos", 2)
    with VideoLibrary(tmp_path / "lib") as lib:  # 2 actors on 2 CPUs: before, nothing was decoded (a hang)
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(), workers=2, encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos)]))
    assert events[-1].kind == "finished" and events[-1].moments == 4 and not events[-1].failed


def test_a_ray_run_puts_an_earlier_readers_videos_right_as_a_local_one(tmp_path, cluster):
    """A turned video read sideways by an earlier reader is embedded again on the cluster, a plain
    one is kept (the same moments), and both record this reader."""
    from core.cluster import RayIndexer
    from core.indexer import IndexOptions
    from core.video_info import READER
    from tests.test_reader_recheck import (RED, TopColourEncoder, by_name, indexed_by_reader_1,
                                           portrait_picture, top_colour)
    from tests.videos import write_as_shown

    videos = tmp_path / "videos"
    videos.mkdir()
    write_as_shown(videos / "plain.mp4", [portrait_picture()] * 12, fps=4)
    write_as_shown(videos / "turned.mp4", [portrait_picture()] * 12, fps=4, degrees=90)
    lib_path = tmp_path / "lib"
    before = indexed_by_reader_1(lib_path, videos)
    with VideoLibrary(lib_path) as lib:
        indexer = RayIndexer(lib, TopColourEncoder(), IndexOptions(), encoder_factory=TopColourEncoder)
        events = list(indexer.run([str(videos)]))
    assert events[-1].kind == "finished" and events[0].summary["recheck"] == 2
    assert Counter((e.kind, e.error) for e in events if e.kind in ("file_done", "file_checked")) == {
        ("file_done", ""): 1, ("file_checked", ""): 1}
    after = by_name(lib_path)
    assert {rec.reader for rec, _ in after.values()} == {READER}
    assert after["plain.mp4"][0].epoch == before["plain.mp4"][0].epoch
    assert after["turned.mp4"][0].epoch == before["turned.mp4"][0].epoch + 1
    assert np.allclose(top_colour(after["turned.mp4"][1]), RED, atol=8)


def test_without_ray_the_option_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    assert main(["index", str(tmp_path), "--ray", "--library", str(tmp_path / "lib")]) == 2
    assert "seekframe[cluster]" in capsys.readouterr().err
    assert not (tmp_path / "lib").exists()  # nothing touched
