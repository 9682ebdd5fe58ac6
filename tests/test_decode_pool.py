"""A decoder that hangs, balloons or crashes on one file costs that file only (issue 10, point 7).

Files are decoded in worker processes (``core.decode_pool``); these tests put faulty decoders
(``tests/decode_faults.py``) in them and check that the run finishes, lists exactly those files
as failed with the right reason, indexes the good files beside them, and does not retry them.
Before, a hanging decoder held its thread (and the run's end) until a 10-minute watchdog, and a
crash or a runaway allocation took the whole process with it.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.decode_pool import DecodePool, DecodePoolError, DecodeSpec, decode_file, shared_pool
from core.decode_worker import MEMORY_BOUND
from core.errors import SeekframeError
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.moments import MomentSegmenter
from tests import decode_faults
from tests.cli_zygote import run_probe, start_probe
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

# A bound no decode of these tests' small files comes near, loaded machine or not: the hang alone
# waits for it (``test_a_hang_fails_its_file_and_is_tried_again`` runs the hang alone, under a short
# one, so that no good file's silence on a loaded machine can reach it).
SURE = dict(file_timeout_s=60.0, decode_memory_mb=400, decode_fn=decode_faults.decode)

@pytest.fixture(autouse=True)
def _no_stray_decoders():
    """After each test the only decode processes left are the shared pool's idle ones."""
    yield
    deadline = time.monotonic() + 30  # (a killed worker is reaped at once; seconds on a loaded machine)
    while True:
        idle = set(shared_pool().idle_pids)
        stray = [p.pid for p in mp.active_children() if p.name == "seekframe-decode" and p.pid not in idle]
        if not stray or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not stray, f"decode processes left running: {stray}"


def _index(lib_dir, folder, **options):
    with VideoLibrary(lib_dir) as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(**options)).run([str(folder)]))
        return events, {Path(v.path).name: v for v in lib.video_table.all()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not MEMORY_BOUND, reason="the memory bound (RLIMIT_DATA) and these faults need Linux")
def test_balloon_and_crash_fail_their_files_and_the_rest_is_indexed(tmp_path):
    videos = tmp_path / "videos"
    for name, colour in [("good1.mp4", "red"), ("balloon.mp4", "green"), ("crash.mp4", "white"),
                         ("good2.mp4", "yellow")]:
        write_video(videos / name, [Segment(8.0, colour)], fps=10)
    events, videos_by_name = _index(tmp_path / "lib", videos, **SURE)
    assert events[-1].kind == "finished"
    failed = dict((Path(p).name, r) for p, r in events[-1].failed)
    assert failed == {
        "balloon.mp4": "decoding used more than 400 MB of memory",
        "crash.mp4": "the decoder crashed (signal 11, SIGSEGV)",
    }
    assert sorted(Path(e.current).name for e in events if e.kind == "file_failed") == sorted(failed)
    assert {n: v.status for n, v in videos_by_name.items()} == {
        "good1.mp4": "done", "good2.mp4": "done", "balloon.mp4": "failed", "crash.mp4": "failed"}
    assert videos_by_name["good1.mp4"].n_moments == videos_by_name["good2.mp4"].n_moments == 2
    assert events[-1].moments == 4
    assert videos_by_name["crash.mp4"].error == failed["crash.mp4"]

    # a later run does not retry them: their bytes do it again
    events, _ = _index(tmp_path / "lib", videos, **SURE)
    assert events[0].summary["to_index"] == 0 and events[0].summary["previously_failed"] == 2
    assert not [e for e in events if e.kind == "file_started"]
    assert dict((Path(p).name, r) for p, r in events[-1].failed) == failed


def test_a_hang_fails_its_file_and_is_tried_again(tmp_path):
    """hang.mp4 never sends a moment: the bound fails it, and the run ends. Alone in its run, so
    the short bound can fail nothing else (a good file's start on a loaded machine); it may have
    been the moment's (a share that stalled: core.failure_retry), so the next run tries it again."""
    write_video(tmp_path / "videos" / "hang.mp4", [Segment(8.0, "blue")], fps=10)
    hang = {**SURE, "file_timeout_s": 2.0}
    events, videos_by_name = _index(tmp_path / "lib", tmp_path / "videos", **hang)
    assert events[-1].kind == "finished"
    assert [(Path(p).name, r) for p, r in events[-1].failed] == [("hang.mp4", "decoding hung for more than 2 s")]
    assert [Path(e.current).name for e in events if e.kind == "file_failed"] == ["hang.mp4"]
    assert videos_by_name["hang.mp4"].status == "failed"

    events, _ = _index(tmp_path / "lib", tmp_path / "videos", **hang)
    assert events[0].summary["to_index"] == 1 and events[0].summary["again"] == 1
    assert [Path(e.current).name for e in events if e.kind == "file_started"] == ["hang.mp4"]
    assert [(Path(p).name, r) for p, r in events[-1].failed] == [
        ("hang.mp4", "decoding hung for more than 2 s (in 2 runs)")]


@pytest.mark.slow  # ~16 s: the hang waits out its bound while the slow decoder takes its time on purpose
def test_a_hang_holds_its_own_file_only_and_the_bound_counts_silence_not_the_whole_file(tmp_path):
    """A hanging decoder holds its own file only: the good files decoded beside it are indexed
    (under a 12 s bound, far above a good file's silence on a loaded machine). And slow.mp4, in the
    same run, sends a moment every 1.5 s: 15 s in all at the least, over the 12 s bound, yet never
    silent for anywhere near 12 s, so it is indexed. (A 3 s bound over 3 moments failed once on a
    loaded 2-CPU machine: a fresh worker's start before its first moment's 1.5 s; then 4.5 s.) One
    run for both, the hang's bound waited out while the slow file decodes: two runs took ~28 s."""
    videos = tmp_path / "videos"
    for name, colour in [("good1.mp4", "red"), ("hang.mp4", "blue"), ("good2.mp4", "yellow")]:
        write_video(videos / name, [Segment(8.0, colour)], fps=10)
    write_video(videos / "slow.mp4", [Segment(40.0, "red")], fps=10)
    events, videos_by_name = _index(tmp_path / "lib", videos, **{**SURE, "file_timeout_s": 12.0})
    assert events[-1].kind == "finished"
    assert [(Path(p).name, r) for p, r in events[-1].failed] == [("hang.mp4", "decoding hung for more than 12 s")]
    assert {n: v.status for n, v in videos_by_name.items()} == {
        "good1.mp4": "done", "good2.mp4": "done", "hang.mp4": "failed", "slow.mp4": "done"}
    assert videos_by_name["slow.mp4"].n_moments == 10
    assert events[-1].moments == 4 + 10


def test_a_real_clip_decodes_through_the_pool_as_in_process(tmp_path):
    """The pool's moments are the decoder's, pixel for pixel, and indexing uses the pool: the
    moments' colours land in the library, and no decoding ran in this process."""
    path = write_video(tmp_path / "videos" / "two colours.mp4",
                       [Segment(4.0, "red"), Segment(4.0, "blue", square="white")], fps=10)
    spec = DecodeSpec(size=32, frames_per_moment=2, window_s=4.0)
    info, local = decode_file(str(path), spec)
    local = list(local)
    length, *msgs = list(shared_pool().decode(str(path), spec, timeout_s=30))
    assert length == ("length", info.duration)  # (the header's, first: how far its moments are, for the ETA)
    assert [k for k, _ in msgs] == ["moment", "moment", "done"] and msgs[-1][1] == info
    for m, (_, remote) in zip(local, msgs):
        assert (m.index, m.start, m.end, m.thumb_time) == (remote.index, remote.start, remote.end, remote.thumb_time)
        assert np.array_equal(m.frames, remote.frames) and m.frames.dtype == remote.frames.dtype == np.uint8

    pids = set(shared_pool().idle_pids)
    assert pids and os.getpid() not in pids

    def not_here(*a, **kw):
        raise AssertionError("decoded in the indexing process")

    with pytest.MonkeyPatch.context() as patch:  # the workers are not forks of this process
        patch.setattr(MomentSegmenter, "segment", not_here)
        events, videos_by_name = _index(tmp_path / "lib", tmp_path / "videos")
    assert events[-1].kind == "finished" and not events[-1].failed
    assert videos_by_name["two colours.mp4"].n_moments == 2
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        vecs = sorted(lib.moment_table.of(videos_by_name["two colours.mp4"].video_id), key=lambda m: m.index)
        assert vecs[0].vector[0] > vecs[0].vector[2] and vecs[1].vector[2] > vecs[1].vector[0]  # red, blue


_INDEX_AND_LIST_DECODERS = """
import json, sys
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
with VideoLibrary(sys.argv[2]) as lib:
    last = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(window_s=4.0)).run([sys.argv[1]]))[-1]
with open(sys.argv[3], "w") as f:
    print(json.dumps({"kind": last.kind, "moments": last.moments,
                      "imported": sorted(m for m in ("av", "cv2", "core.media", "core.av_reader") if m in sys.modules)}),
          file=f)
"""


def _decoders_in_parent(said: Path) -> list[str]:
    """The decoding modules among what the warm parent of tests.cli_zygote takes (none: a child forked from it
    starts as clean of them as a fresh interpreter that imported the indexer and the library); written to
    ``said``, so a line a thread prints at the child's exit cannot take the answer's place."""
    code, err = run_probe("import json, sys; print(json.dumps(sorted(m for m in ('av', 'cv2', 'core.media', "
                          "'core.av_reader') if m in sys.modules)), file=open(sys.argv[1], 'w'))", said, timeout=120)
    assert code == 0, err
    return json.loads(said.read_text())


@pytest.mark.slow  # (indexes in a process of its own; the warm parent's start when it is the first)
def test_the_indexing_process_receives_moments_without_importing_the_decoders(tmp_path):
    """Moments and their VideoInfo arrive pickled from the decode processes; unpickling them
    imported core.moments and core.media, so PyAV and OpenCV (~30 MB of RSS) loaded into the
    indexing process too, which never decodes. The indexing process: a child of the warm parent that
    imported the indexer, the library and LanceDB but no decoder (checked first)."""
    assert _decoders_in_parent(tmp_path / "parent.json") == []
    write_video(tmp_path / "videos" / "a.mp4", [Segment(4.0, "red"), Segment(4.0, "blue")], fps=10)
    said = tmp_path / "said.json"  # (its answer, apart from what a thread may print at its exit)
    code, err = run_probe(_INDEX_AND_LIST_DECODERS, tmp_path / "videos", tmp_path / "lib", said, timeout=120)
    assert code == 0, err[-3000:]
    out = json.loads(said.read_text())
    assert out == {"kind": "finished", "moments": 2, "imported": []}


def test_the_pool_stays_warm_across_runs(tmp_path):
    for i in range(2):
        write_video(tmp_path / f"v{i}" / "clip.mp4", [Segment(4.0, "red")], fps=10)
    _index(tmp_path / "lib0", tmp_path / "v0", decode_workers=1)
    before = set(shared_pool().idle_pids)
    events, _ = _index(tmp_path / "lib1", tmp_path / "v1", decode_workers=1)
    assert events[-1].kind == "finished" and not events[-1].failed
    assert before and set(shared_pool().idle_pids) == before


def test_cancel_during_a_hang_returns_at_once_and_ends_the_worker(tmp_path):
    write_video(tmp_path / "videos" / "hang.mp4", [Segment(4.0, "red")], fps=10)
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(**{**SURE, "file_timeout_s": 600}))
        kinds, t_cancel = [], None
        for ev in indexer.run([str(tmp_path / "videos")]):
            kinds.append(ev.kind)
            if ev.kind == "file_started":
                time.sleep(0.5)  # the worker is inside the hanging decoder now
                t_cancel = time.monotonic()
                indexer.cancel()
        # (its decoder sleeps an hour and the file's bound is 600 s: 30 s tells a cancel that ended it
        # from one that waited, with room for a loaded machine)
        assert kinds[-1] == "cancelled" and time.monotonic() - t_cancel < 30
        assert all(v.status != "failed" for v in lib.video_table.all())  # cancelled, not failed: the next run retries
    # the autouse fixture checks that the hung worker is gone


def test_cancel_while_a_file_streams_ends_its_worker_without_decoding_the_rest(tmp_path):
    """endless.mp4 always has its next moment ready: a cancelled run must not leave its worker
    decoding (and its thread relaying) the rest of the file in the background."""
    write_video(tmp_path / "videos" / "endless.mp4", [Segment(4.0, "red")], fps=10)
    with VideoLibrary(tmp_path / "lib") as lib:
        indexer = MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(**{**SURE, "file_timeout_s": 600}))
        for ev in indexer.run([str(tmp_path / "videos")]):
            if ev.kind == "file_started":
                time.sleep(0.5)  # the queue is full, the worker is blocked sending the next moment
                indexer.cancel()
        assert ev.kind == "cancelled"
    deadline = time.monotonic() + 30  # (endless.mp4's worker never ends by itself)
    while time.monotonic() < deadline:
        busy = [p for p in mp.active_children()
                if p.name == "seekframe-decode" and p.pid not in shared_pool().idle_pids]
        if not busy:
            break
        time.sleep(0.05)
    assert not busy, "the cancelled file's worker went on decoding"


def test_a_pool_that_cannot_start_a_worker_stops_the_run_with_a_message(tmp_path, monkeypatch):
    write_video(tmp_path / "videos" / "clip.mp4", [Segment(4.0, "red")], fps=10)
    decode_faults.never_ready(monkeypatch)  # (a start timeout of 0 s alone raced a fast worker's "ready")
    with pytest.raises(DecodePoolError, match="could not start a video decoding process: it did not start within"):
        list(DecodePool(start_timeout_s=0).decode(str(tmp_path / "videos" / "clip.mp4"), DecodeSpec(), timeout_s=60))
    import core.index_pass

    monkeypatch.setattr(core.index_pass, "shared_pool", lambda: DecodePool(start_timeout_s=0))
    with VideoLibrary(tmp_path / "lib") as lib:
        with pytest.raises(SeekframeError, match="could not start a video decoding process"):
            list(MomentIndexer(lib, ColourMeanEncoder()).run([str(tmp_path / "videos")]))
        assert all(v.status != "failed" for v in lib.video_table.all())  # not the file's fault


# a script's start: a decode worker running the file argv[1] (a hang), in a thread of its own
WORKER_STARTED = (
    "import os, signal, sys, threading, time, multiprocessing as mp\n"
    "from multiprocessing import forkserver\n"
    "from core.decode_pool import DecodeSpec, shared_pool\n"
    "from tests import decode_faults\n"
    "go = lambda: list(shared_pool().decode(sys.argv[1], DecodeSpec(), timeout_s=600, fn=decode_faults.decode))\n"
    "threading.Thread(target=go, daemon=True).start()\n"
    "while not mp.active_children(): time.sleep(0.05)\n"
)


@pytest.mark.slow  # a subprocess killed
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process states from /proc")
def test_workers_die_with_their_parent(tmp_path):
    hang = write_video(tmp_path / "hang.mp4", [Segment(2.0, "red")], fps=10)
    said = tmp_path / "pids"
    code = (
        WORKER_STARTED +
        "time.sleep(1.0)\n"
        "with open(sys.argv[2] + '.part', 'w') as f: print(*[p.pid for p in mp.active_children()], file=f)\n"
        "os.replace(sys.argv[2] + '.part', sys.argv[2])\n"
        "time.sleep(600)\n"
    )
    proc = start_probe(code, hang, said, timeout=300)  # (a process of its own, forked from the warm parent)
    try:
        deadline = time.monotonic() + 120
        while not said.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert said.exists(), proc.communicate(30)[1] if proc.poll() is not None else "no pids in 120 s"
        pids = [int(p) for p in said.read_text().split()]
        assert pids and all(_alive(p) for p in pids)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.stderr.close()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in pids), "a decode process outlived its parent"



def test_a_worker_whose_parent_is_gone_ends_quietly(monkeypatch):
    """`seekframe index` killed (kill -9, a crash) while a worker was about to send: the send met
    a closed pipe and the worker printed a BrokenPipeError traceback into the user's terminal
    after the command had gone (when it beat its parent-watch thread). It now ends quietly."""
    from core import decode_worker

    class Gone:  # the worker's end of a pipe whose other end died
        def __init__(self, error):
            self.error, self.sent = error, []

        def send(self, msg):
            self.sent.append(msg)
            raise self.error(32, "Broken pipe")

        def recv(self):
            return ("x.mp4", DecodeSpec(), decode_faults.decode, None)

    monkeypatch.setattr(decode_worker.signal, "signal", lambda *a: None)
    monkeypatch.setattr(decode_worker.mp, "parent_process", lambda: type("Alive", (), {"join": lambda self: time.sleep(3600)})())
    for error in (BrokenPipeError, ConnectionResetError):
        conn = Gone(error)
        decode_worker.worker_main(conn)  # returns, raising nothing
        assert conn.sent and conn.sent[0][0] == "ready"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux's way to start workers")
def test_the_fork_server_starts_deaf_to_ctrl_c(tmp_path):
    """Ctrl-C while `seekframe index` started its first decode worker reached the fork server
    while it imported the decoding modules, before it ignores SIGINT: a KeyboardInterrupt
    traceback from it came after the command's own "interrupted" line. The server now starts
    with SIGINT blocked, and the command still hears Ctrl-C. The probe's words go to a file: its
    stderr may end with a traceback of its decode thread, whose pool its exit ends under it (seen on a
    loaded machine), which says nothing of this; nothing comes before 'heard' there."""
    clip = write_video(tmp_path / "hang.mp4", [Segment(2.0, "red")], fps=10)
    said = tmp_path / "said"
    code = (
        WORKER_STARTED +
        "said = open(sys.argv[2], 'w', buffering=1)\n"
        "server = forkserver._forkserver._forkserver_pid\n"
        "fields = dict(l.split(':', 1) for l in open(f'/proc/{server}/status'))\n"
        "print(int(fields['SigBlk'], 16) & (1 << (signal.SIGINT - 1)) != 0, file=said)\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGINT); time.sleep(5); print('not heard', file=said)\n"
        "except KeyboardInterrupt:\n"
        "    print('heard', file=said); print('heard', file=sys.stderr, flush=True)\n"
    )
    code, err = run_probe(code, clip, said, timeout=120)  # (the command's process, forked from the warm parent)
    assert said.read_text().split() == ["True", "heard"], (said.read_text(), err)
    assert err.startswith("heard"), err  # (no traceback before it: the fork server's KeyboardInterrupt came there)
