"""Indexing on a Ray cluster (``seekframe index --ray``, ``core.cluster``): the library equals a
local run's, files of one content are decoded once, a worker that dies is retried (twice: the file fails), a decoder that hangs,
balloons or crashes fails its file with the local reason, a killed driver leaves a library that a
plain local run finishes. A local 2-CPU Ray cluster per module."""

from __future__ import annotations

import os
import signal
import sys
import time
import warnings
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
                                    [(m.index, m.start, m.end, m.thumb_time, m.vector) for m in library.moment_table.of(v.video_id)])
                for v in library.video_table.all()}


def _same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        (*head_a, ma), (*head_b, mb) = a[name], b[name]
        assert head_a == head_b, name
        assert [m[:4] for m in ma] == [m[:4] for m in mb], name
        for x, y in zip(ma, mb):
            np.testing.assert_allclose(x[4], y[4], atol=1e-5)


# ``seekframe ARGS`` whose Ray driver commits each video alone: the 16 small clips embed within one
# commit window, which would make them visible in one batch and leave no moment between commits.
ONE_VIDEO_COMMITS = """
import sys
from dataclasses import replace
import core.cluster as C
init = C.RayIndexer.__init__
def one_video_commits(self, *a, **k):
    init(self, *a, **k)
    self.options = replace(self.options, commit_videos=1)
C.RayIndexer.__init__ = one_video_commits
from core.cli import main
sys.exit(main(sys.argv[1:]))
"""


# The driver-kill test starts its own cluster in a child process: it runs before this module's.
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_driver_leaves_a_library_a_local_run_finishes(tmp_path, capsys):
    from tests.models import save_tiny_model

    model = save_tiny_model(tmp_path / "model")
    videos, lib = _clips(tmp_path / "videos", 16, seconds=12), tmp_path / "lib"
    proc = start_cli("index", videos, "--library", lib, "--model", model, "-q", "--ray", probe=ONE_VIDEO_COMMITS)
    alive = kill_when(proc, lambda: done_count(lib) >= 1, timeout=240, poll=0.05)
    done_at_kill = done_count(lib)
    assert alive and 0 < done_at_kill < 16, f"the kill should land mid-run ({done_at_kill}); {proc.stderr.read()}"
    proc.stderr.close()

    assert main(["index", str(videos), "--library", str(lib), "--model", str(model), "-q"]) == 0
    capsys.readouterr()
    with VideoLibrary(lib, read_only=True) as library:
        vids = library.video_table.all()
        assert len(vids) == 16 and {v.status for v in vids} == {"done"}
        moments = [m for v in vids for m in library.moment_table.of(v.video_id)]
        assert len(moments) == 16 * 3 == library.maintenance.stats()["moments"]
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
    local, on_ray = _content(tmp_path / "local"), _content(tmp_path / "ray")
    _same(local, on_ray)
    assert local["empty.mp4"][0] == "failed" and local["clip00.mp4"][3] == 2
    for name in ("empty.mp4", notes):  # the same reasons printed
        line = next(ln for ln in local_err.splitlines() if name in ln)
        assert line in ray_err.splitlines()
    # and the next run, local or on Ray, has nothing to do
    assert main(["index", *args, "--library", str(tmp_path / "ray"), "--ray"]) == 1
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
    held = sorted((c[0], c[3]) for c in _content(tmp_path / "lib").values())
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

    videos = _clips(tmp_path / "videos", 2)
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
    content = _content(tmp_path / "lib")
    red = content["clip00.mp4"]
    assert red[0] == "done" and red[3] == 2
    for name in ("clip00 copy.mp4", "clip00 again.mp4"):
        _same({name: red}, {name: content[name]})
    assert {content[n][:2] for n in broken} == {("failed", "no video stream")}
    assert dict((Path(p).name, r) for p, r in events[-1].failed) == {
        **{n: "no video stream" for n in broken}, (first := next(n for n in ("locked.mp4", "locked copy.mp4")
                                                                 if content[n][0] == "failed")): UNREADABLE}
    other = "locked copy.mp4" if first == "locked.mp4" else "locked.mp4"
    assert content[other][0] == "done" and content[other][3] == 2 and events[-1].moments == 3 * 2 + 2 + 1 + 2


def test_a_dying_worker_is_retried_and_a_file_that_kills_it_twice_fails(tmp_path, cluster):
    from ray.util.annotations import RayDeprecationWarning

    from core.cluster import WORKER_DIED, RayIndexer
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder
    from tests.ray_faults import decode

    videos = _clips(tmp_path / "videos", 3)
    write_video(videos / "die_once.mp4", [Segment(8, "red")])
    write_video(videos / "die_always.mp4", [Segment(8, "blue")])
    with VideoLibrary(tmp_path / "lib") as lib, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(decode_fn=decode),
                             encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos)]))
    assert not [w for w in caught if issubclass(w.category, RayDeprecationWarning)]
    assert events[-1].kind == "finished"
    assert (videos / "die_once.mp4.died").read_text().count("died") == 1  # it did die once
    assert (videos / "die_always.mp4.died").read_text().count("died") == 2  # not retried after its second death
    assert events[-1].failed == [(str(videos / "die_always.mp4"), WORKER_DIED)]
    content = _content(tmp_path / "lib")
    assert content["die_once.mp4"][:2] == ("done", "") and content["die_once.mp4"][3] == 2
    assert content["die_always.mp4"][:2] == ("failed", WORKER_DIED)
    assert all(content[f"clip{i:02d}.mp4"][0] == "done" for i in range(3))


def test_a_hanging_ballooning_or_crashing_decoder_fails_its_file_with_the_local_reason(tmp_path, cluster):
    """Each file is decoded under the local bounds on Ray too: a hang no longer blocks its task
    forever, and the reasons are the local ones (tests/test_decode_pool.py)."""
    from core.cluster import RayIndexer
    from core.decode_pool import MEMORY_BOUND
    from core.indexer import IndexOptions
    from tests import decode_faults
    from tests.fakes import ColourMeanEncoder

    if not MEMORY_BOUND:
        pytest.skip("the memory bound (RLIMIT_DATA) and these faults need Linux")
    videos = _clips(tmp_path / "videos", 2)
    for name, colour in [("hang.mp4", "blue"), ("balloon.mp4", "green"), ("crash.mp4", "white")]:
        write_video(videos / name, [Segment(8.0, colour)], fps=10)
    options = IndexOptions(file_timeout_s=3.0, decode_memory_mb=400, decode_fn=decode_faults.decode)
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, ColourMeanEncoder(), options, encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos)]))
    assert events[-1].kind == "finished"
    assert dict((Path(p).name, r) for p, r in events[-1].failed) == {
        "hang.mp4": "decoding hung for more than 3 s",
        "balloon.mp4": "decoding used more than 400 MB of memory",
        "crash.mp4": "the decoder crashed (signal 11, SIGSEGV)",
    }
    content = _content(tmp_path / "lib")
    assert content["hang.mp4"][:2] == ("failed", "decoding hung for more than 3 s")
    assert all(content[f"clip{i:02d}.mp4"][:2] == ("done", "") and content[f"clip{i:02d}.mp4"][3] == 2
               for i in range(2))
    assert events[-1].moments == 4


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL, /proc")
def test_the_attempt_counter_outlives_the_loss_of_its_worker(cluster):
    """The counter of decode-task starts is restarted where its worker (node) died, its calls
    retried: without, every file left in the run would fail with a RayActorError."""
    from core.cluster import _attempts_actor

    attempts = _attempts_actor(cluster)
    assert [cluster.get(attempts.start.remote("v")) for _ in range(2)] == [1, 2]
    pid = cluster.get(attempts.__ray_call__.remote(lambda self: os.getpid()))
    os.kill(pid, signal.SIGKILL)  # as when its worker or node dies
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cluster.get(attempts.start.remote("v"), timeout=60) == 1  # restarted: counting again


def test_a_worker_that_cannot_start_a_decode_process_stops_the_run_as_locally(tmp_path, cluster, monkeypatch):
    """A decode pool that cannot start a process is no file's fault: the task says so (an "error"
    row) and the driver stops the run with the message, as a local run does, failing no file.
    The tasks run in this process here (a worker's pool cannot be broken from the test)."""
    import core.cluster as cluster_module
    from core.cluster import RayIndexer, _decode_rows
    from core.decode_pool import DecodePool
    from core.errors import SeekframeError
    from core.indexer import IndexOptions, decode_spec
    from tests.fakes import ColourMeanEncoder

    videos = _clips(tmp_path / "videos", 1)
    from tests import decode_faults

    decode_faults.never_ready(monkeypatch)  # (a start timeout of 0 s alone raced a fast worker's "ready")
    monkeypatch.setattr(cluster_module, "shared_pool", lambda: DecodePool(start_timeout_s=0))

    class InProcess:  # the dataset's decode tasks, run here
        def __init__(self, spec, jobs):
            self.spec, self.jobs = spec, jobs

        def iter_rows(self):
            for rec in self.jobs:
                yield from _decode_rows({"video_id": rec.video_id, "path": rec.path}, self.spec)

    spec = decode_spec(ColourMeanEncoder(), IndexOptions())
    rows = list(_decode_rows({"video_id": "v", "path": str(videos / "clip00.mp4")}, spec))
    assert [r["kind"] for r in rows] == ["error"] and "could not start a video decoding process" in rows[0]["reason"]
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(), encoder_factory=ColourMeanEncoder)
        monkeypatch.setattr(indexer, "_dataset", lambda ray, jobs: InProcess(spec, jobs))
        with pytest.raises(SeekframeError, match="could not start a video decoding process"):
            list(indexer.run([str(videos)]))
        assert not [v for v in lib.video_table.all() if v.status == "failed"]  # not the file's fault


def test_videos_finished_before_the_ray_run_fails_are_kept(tmp_path, cluster, monkeypatch):
    """The driver commits finished videos in batches: when the run then fails (a Ray error), the
    videos finished before it are committed, not dropped with the batch. The tasks run in this
    process, and the stream fails after the second video's rows."""
    from core.cluster import RayIndexer, _decode_rows, _EmbedActor
    from core.errors import SeekframeError
    from core.indexer import IndexOptions, decode_spec
    from tests.fakes import ColourMeanEncoder

    videos = _clips(tmp_path / "videos", 3)
    spec = decode_spec(ColourMeanEncoder(), IndexOptions())
    embed = _EmbedActor(ColourMeanEncoder, None, IndexOptions())

    class FailsAfterTwo:  # the dataset's decode tasks and embedding, run here
        def __init__(self, jobs):
            self.jobs = jobs

        def iter_rows(self):
            for rec in self.jobs[:2]:
                for row in _decode_rows({"video_id": rec.video_id, "path": rec.path}, spec):
                    yield {k: v[0] for k, v in embed({k: [v] for k, v in row.items()}).items()}
            raise RuntimeError("the object store lost a block")

    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(), encoder_factory=ColourMeanEncoder)
        monkeypatch.setattr(indexer, "_dataset", lambda ray, jobs: FailsAfterTwo(jobs))
        with pytest.raises(SeekframeError, match="The Ray run stopped: RuntimeError"):
            list(indexer.run([str(videos)]))
        done = [v for v in lib.video_table.all() if v.status == "done"]
        assert len(done) == 2 and all(lib.moment_table.of(v.video_id) for v in done)


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


def test_the_driver_commits_and_cancels_while_no_row_comes(tmp_path, monkeypatch):
    """The driver reads the rows on a thread: a video finished before a long silence of the
    stream is committed when its batch is due, and a cancel is seen, both during the silence
    (before, only when the next row came). The tasks run in this process; no cluster."""
    import threading

    import core.cluster as cluster_module
    from core.cluster import RayIndexer, _decode_rows, _EmbedActor
    from core.indexer import IndexOptions, decode_spec
    from tests.fakes import ColourMeanEncoder

    videos = _clips(tmp_path / "videos", 2, seconds=4)
    spec = decode_spec(ColourMeanEncoder(), IndexOptions())
    embed = _EmbedActor(ColourMeanEncoder, None, IndexOptions())
    resumed, release = threading.Event(), threading.Event()

    class SilentAfterOne:  # the first video's rows, then nothing for a long while
        def __init__(self, jobs):
            self.jobs = jobs

        def iter_rows(self):
            for row in _decode_rows({"video_id": self.jobs[0].video_id, "path": self.jobs[0].path}, spec):
                yield {k: v[0] for k, v in embed({k: [v] for k, v in row.items()}).items()}
            release.wait(10)
            resumed.set()

    monkeypatch.setattr(cluster_module, "connect", lambda address: None)
    try:
        with VideoLibrary(tmp_path / "lib") as lib:
            options = IndexOptions(commit_every_s=0.2)
            indexer = RayIndexer(lib, ColourMeanEncoder(), options, encoder_factory=ColourMeanEncoder)
            monkeypatch.setattr(indexer, "_dataset", lambda ray, jobs: SilentAfterOne(jobs))
            events = indexer.run([str(videos)])
            kinds = []
            for ev in events:
                kinds.append(ev.kind)
                if ev.kind == "file_done":
                    assert not resumed.is_set(), "committed only once the stream went on"
                    indexer.cancel()
            assert kinds[-1] == "cancelled" and not resumed.is_set(), kinds
            assert [v.status for v in lib.video_table.all()].count("done") == 1
    finally:
        release.set()


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
