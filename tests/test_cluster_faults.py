"""Faults of indexing on a Ray cluster (``core.cluster``): a worker that dies is retried (twice: the
file fails), a decoder that hangs, balloons or crashes fails its file with the local reason, a pool
that cannot start a decoder stops the run as locally, videos finished before a failed run are kept,
the driver commits and cancels while no row comes, a killed driver leaves a library that a plain
local run finishes. A local 2-CPU Ray cluster, shared with tests/test_cluster.py (``cluster_world.cluster``)."""

from __future__ import annotations

import os
import signal
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_proc import done_count, kill_when
from tests.cli_zygote import MODEL_PRELOAD, start_probe
from tests.cluster_world import cluster, end_left, library_content, ray_processes, write_clips  # noqa: F401  (a fixture)
from tests.videos import Segment, write_video

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
pytestmark = pytest.mark.slow


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


def test_a_dying_worker_is_retried_and_a_file_that_kills_it_twice_fails(tmp_path, cluster):
    from ray.util.annotations import RayDeprecationWarning

    from core.cluster import WORKER_DIED, RayIndexer
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder
    from tests.ray_faults import decode

    videos = write_clips(tmp_path / "videos", 3)
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
    content = library_content(tmp_path / "lib")
    assert content["die_once.mp4"][:2] == ("done", "") and content["die_once.mp4"][3] == 2
    assert content["die_always.mp4"][:2] == ("failed", WORKER_DIED)
    assert all(content[f"clip{i:02d}.mp4"][0] == "done" for i in range(3))


def test_a_hanging_ballooning_or_crashing_decoder_fails_its_file_with_the_local_reason(tmp_path, cluster):
    """Each file is decoded under the local bounds on Ray too: a hang no longer blocks its task
    forever, and the reasons are the local ones (tests/test_decode_pool.py)."""
    from core.cluster import RayIndexer
    from core.decode_worker import MEMORY_BOUND
    from core.indexer import IndexOptions
    from tests import decode_faults
    from tests.fakes import ColourMeanEncoder

    if not MEMORY_BOUND:
        pytest.skip("the memory bound (RLIMIT_DATA) and these faults need Linux")
    videos = write_clips(tmp_path / "videos", 2)
    for name, colour in [("hang.mp4", "blue"), ("balloon.mp4", "green"), ("crash.mp4", "white")]:
        write_video(videos / name, [Segment(8.0, colour)], fps=10)
    # (a bound no good clip's decode comes near on a loaded machine, Ray's workers beside it: the hang
    # alone waits for it. It is the longest a decode process may send nothing once it is ready (its
    # start has a bound of its own, core.decode_pool): a 160x120 clip's probe, or one moment's frames,
    # takes a fraction of a second; 12 s before, waited out whole by the run)
    options = IndexOptions(file_timeout_s=6.0, decode_memory_mb=400, decode_fn=decode_faults.decode)
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, ColourMeanEncoder(), options, encoder_factory=ColourMeanEncoder)
        events = list(indexer.run([str(videos)]))
    assert events[-1].kind == "finished"
    assert dict((Path(p).name, r) for p, r in events[-1].failed) == {
        "hang.mp4": "decoding hung for more than 6 s",
        "balloon.mp4": "decoding used more than 400 MB of memory",
        "crash.mp4": "the decoder crashed (signal 11, SIGSEGV)",
    }
    content = library_content(tmp_path / "lib")
    assert content["hang.mp4"][:2] == ("failed", "decoding hung for more than 6 s")
    assert all(content[f"clip{i:02d}.mp4"][:2] == ("done", "") and content[f"clip{i:02d}.mp4"][3] == 2
               for i in range(2))
    assert events[-1].moments == 4


@pytest.mark.parametrize("decoder", ["unmounted", "unmounted_reworded"])
def test_a_file_a_worker_cannot_see_stops_the_run_and_is_not_recorded_failed(tmp_path, cluster, decoder):
    """A worker on a machine without the share (or mounted elsewhere) cannot find a file this
    machine reads: before, every such file was recorded failed 'file not found', and the next run,
    local or not, left them out for good (0 to index). Now the run stops saying the requirement;
    nothing is recorded for the file, and a later run indexes it. The worker's failure is known by
    its kind, not its words: reworded, the run stops all the same (``unmounted_reworded``)."""
    from core.cluster import RayIndexer
    from core.errors import SeekframeError
    from core.indexer import IndexOptions, MomentIndexer
    from tests import ray_faults
    from tests.fakes import ColourMeanEncoder

    videos = write_clips(tmp_path / "videos", 1)
    write_video(videos / "unmounted.mp4", [Segment(8.0, "blue")], fps=10)
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(decode_fn=getattr(ray_faults, decoder)),
                             encoder_factory=ColourMeanEncoder)
        with pytest.raises(SeekframeError, match="could not find .*unmounted.mp4 .*same paths as this machine"):
            list(indexer.run([str(videos)]))
    assert library_content(tmp_path / "lib").get("unmounted.mp4", ("",))[0] != "failed"
    with VideoLibrary(tmp_path / "lib") as lib:  # the next run (here local) indexes it
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(videos)]))
    assert events[-1].kind == "finished" and not events[-1].failed
    assert {name: c[:2] for name, c in library_content(tmp_path / "lib").items()} == {
        "clip00.mp4": ("done", ""), "unmounted.mp4": ("done", "")}


def test_a_worker_without_the_model_or_with_another_says_so(tmp_path, cluster):
    """The embedding actor's own refusals (its model folder not found there: not on the share; a
    folder there holding another model) reached the user as 'The Ray run stopped: ActorDiedError:
    The actor died because of an error raised in its creation task, ray::MapWorker...', the cause
    left in Ray's log. Now in their own words, the library as it was."""
    import functools

    from core.cluster import RayIndexer, load_encoder
    from core.errors import SeekframeError
    from core.indexer import IndexOptions
    from tests.fakes import ColourMeanEncoder
    from tests.ray_faults import another_model

    videos = write_clips(tmp_path / "videos", 1)
    missing = tmp_path / "not on the share" / "model"
    for factory, said in [(functools.partial(load_encoder, str(missing)), f"model folder not found: {missing}"),
                          (another_model, "The workers loaded model another-model-0000, not the library's "
                                          "fake-0123456789ab: give them the same model folder.")]:
        with VideoLibrary(tmp_path / "lib") as lib:
            indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(), encoder_factory=factory)
            with pytest.raises(SeekframeError) as stopped:
                list(indexer.run([str(videos)]))
        assert str(stopped.value) == f"A Ray worker stopped the run: {said}"
        assert "failed" not in {c[0] for c in library_content(tmp_path / "lib").values()}  # (no file blamed)


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

    videos = write_clips(tmp_path / "videos", 1)
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

    videos = write_clips(tmp_path / "videos", 3)
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


def test_the_driver_commits_and_cancels_while_no_row_comes(tmp_path, monkeypatch):
    """The driver reads the rows on a thread: a video finished before a long silence of the
    stream is committed when its batch is due, and a cancel is seen, both during the silence
    (before, only when the next row came). The tasks run in this process; no cluster."""
    import threading

    import core.cluster as cluster_module
    from core.cluster import RayIndexer, _decode_rows, _EmbedActor
    from core.indexer import IndexOptions, decode_spec
    from tests.fakes import ColourMeanEncoder

    videos = write_clips(tmp_path / "videos", 2, seconds=4)
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


# The driver-kill test starts its own cluster in a child process: last in this module, after the shared
# cluster's last user, which shut it down (``cluster_world.kept_for``), so that it runs alone. Before, it
# came first: the shared cluster went down after tests/test_cluster.py and was started again after it.
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_driver_leaves_a_library_a_local_run_finishes(tmp_path, capsys):
    from tests.models import save_tiny_model

    model = save_tiny_model(tmp_path / "model")
    videos, lib = write_clips(tmp_path / "videos", 16, seconds=12), tmp_path / "lib"
    # (a process of its own, forked from tests.cli_zygote's warm parent that took torch and the encoders)
    proc = start_probe(ONE_VIDEO_COMMITS, "index", videos, "--library", lib, "--model", model, "-q", "--ray",
                       timeout=600, preload=MODEL_PRELOAD)
    started: dict[int, int] = {}

    def ready() -> bool:  # (Ray's processes, taken just before the kill: its agents outlive it)
        return done_count(lib) >= 1 and (started.update(ray_processes(proc.pid)) or True)

    try:
        alive = kill_when(proc, ready, timeout=240, poll=0.05)
    finally:  # (some of the killed driver's Ray processes never end on their own, their parent gone: a
        # grace of 5 s was waited out whole, 2 of 15 killed then; nothing of Ray's is used after the kill)
        end_left(started or ray_processes(proc.pid), grace_s=1)
    assert started, "the run's Ray processes"
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
