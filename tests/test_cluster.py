"""Indexing on a Ray cluster (``seekframe index --ray``, ``core.cluster``): the library equals a
local run's, a worker that dies is retried (twice: the file fails), a killed driver leaves a
library that a plain local run finishes. A local 2-CPU Ray cluster per module."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_proc import ROOT, done_count, kill_when, start_cli
from tests.videos import COLORS, Segment, write_text_as_video, write_video, write_zero_byte

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
pytestmark = pytest.mark.slow


def _clips(folder: Path, n: int, seconds: float = 8) -> Path:
    names = list(COLORS)
    for i in range(n):
        write_video(folder / f"clip{i:02d}.mp4", [Segment(seconds / 2, names[i % len(names)]),
                                                  Segment(seconds / 2, names[(i + 3) % len(names)], square="white")],
                    seed=i)
    return folder


def _content(lib: Path) -> dict:
    """What a library holds: per file its status, reason, duration and moments (times, vector)."""
    with VideoLibrary(lib, read_only=True) as library:
        return {Path(v.path).name: (v.status, v.error, round(v.duration, 3), v.n_moments,
                                    [(m.index, m.start, m.end, m.thumb_time, m.vector) for m in library.moments_of(v.video_id)])
                for v in library.videos()}


def _same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        (*head_a, ma), (*head_b, mb) = a[name], b[name]
        assert head_a == head_b, name
        assert [m[:4] for m in ma] == [m[:4] for m in mb], name
        for x, y in zip(ma, mb):
            np.testing.assert_allclose(x[4], y[4], atol=1e-5)


# The driver-kill test starts its own cluster in a child process: it runs before this module's.
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_driver_leaves_a_library_a_local_run_finishes(tmp_path, capsys):
    from tests.models import save_tiny_model

    model = save_tiny_model(tmp_path / "model")
    videos, lib = _clips(tmp_path / "videos", 16, seconds=12), tmp_path / "lib"
    proc = start_cli("index", videos, "--library", lib, "--model", model, "-q", "--ray")
    alive = kill_when(proc, lambda: done_count(lib) >= 1, timeout=240, poll=0.05)
    done_at_kill = done_count(lib)
    assert alive and 0 < done_at_kill < 16, f"the kill should land mid-run ({done_at_kill}); {proc.stderr.read()}"
    proc.stderr.close()

    assert main(["index", str(videos), "--library", str(lib), "--model", str(model), "-q"]) == 0
    capsys.readouterr()
    with VideoLibrary(lib, read_only=True) as library:
        vids = library.videos()
        assert len(vids) == 16 and {v.status for v in vids} == {"done"}
        moments = [m for v in vids for m in library.moments_of(v.video_id)]
        assert len(moments) == 16 * 3 == library.stats()["moments"]
        assert max(Counter(m.moment_id for m in moments).values()) == 1


@pytest.fixture(scope="module")
def cluster():
    """A local Ray cluster of 2 CPUs; its workers import this checkout (tests.ray_faults)."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), old) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def test_ray_index_equals_a_local_one_bad_files_included(tmp_path, capsys, cluster):
    from tests.models import save_tiny_model

    model = save_tiny_model(tmp_path / "model")
    videos = _clips(tmp_path / "videos", 4)
    write_zero_byte(videos / "empty.mp4")
    write_text_as_video(videos / "notes.mp4")
    args = [str(videos), "--model", str(model)]
    assert main(["index", *args, "--library", str(tmp_path / "local")]) == 1  # 1: some files failed
    local_err = capsys.readouterr().err
    assert main(["index", *args, "--library", str(tmp_path / "ray"), "--ray"]) == 1
    ray_err = capsys.readouterr().err
    local, on_ray = _content(tmp_path / "local"), _content(tmp_path / "ray")
    _same(local, on_ray)
    assert local["empty.mp4"][0] == "failed" and local["clip00.mp4"][3] == 2
    for name in ("empty.mp4", "notes.mp4"):  # the same reasons printed
        line = next(ln for ln in local_err.splitlines() if name in ln)
        assert line in ray_err.splitlines()
    # and the next run, local or on Ray, has nothing to do
    assert main(["index", *args, "--library", str(tmp_path / "ray"), "--ray"]) == 1
    assert "0 to index" in capsys.readouterr().err


def test_a_dying_worker_is_retried_and_a_file_that_kills_it_twice_fails(tmp_path, cluster):
    from core.cluster import WORKER_DIED, RayIndexer
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder
    from tests.ray_faults import decode

    videos = _clips(tmp_path / "videos", 3)
    write_video(videos / "die_once.mp4", [Segment(8, "red")])
    write_video(videos / "die_always.mp4", [Segment(8, "blue")])
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(decode_fn=decode),
                             encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos)]))
    assert events[-1].kind == "finished"
    assert (videos / "die_once.mp4.died").exists()  # it did die once
    assert events[-1].failed == [(str(videos / "die_always.mp4"), WORKER_DIED)]
    content = _content(tmp_path / "lib")
    assert content["die_once.mp4"][:2] == ("done", "") and content["die_once.mp4"][3] == 2
    assert content["die_always.mp4"][:2] == ("failed", WORKER_DIED)
    assert all(content[f"clip{i:02d}.mp4"][0] == "done" for i in range(3))


def test_without_ray_the_option_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    assert main(["index", str(tmp_path), "--ray", "--library", str(tmp_path / "lib")]) == 2
    assert "seekframe[cluster]" in capsys.readouterr().err
    assert not (tmp_path / "lib").exists()  # nothing touched


def test_an_actor_pool_as_large_as_the_cluster_leaves_decoding_a_cpu(tmp_path, cluster):
    from core.cluster import RayIndexer
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder

    videos = _clips(tmp_path / "videos", 2)
    with VideoLibrary(tmp_path / "lib") as lib:  # 2 actors on 2 CPUs: before, nothing was decoded (a hang)
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(), workers=2, encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos)]))
    assert events[-1].kind == "finished" and events[-1].moments == 4 and not events[-1].failed
