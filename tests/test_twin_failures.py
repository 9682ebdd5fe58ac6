"""Byte-identical copies found new in one run whose first decode failed (core.index_passes.Twins):
a failure of the bytes is the copies' at once; one that may be the moment's (a stall, a process
killed) hands on to a copy, on another drive first (review of c999e49 and f38558e)."""

from __future__ import annotations

import os
import shutil
import tempfile

import numpy as np
import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.test_twins_in_one_run import logged_decode, run
from tests.videos import Segment, write_video


def opens_with_pyav(path, spec):
    """``logged_decode`` after an ``av.open`` of its own, whose FFmpeg error is left unhandled (a
    decoder's bug): PyAV's text for it ("[Errno 1094995529] Invalid data found ...")."""
    import av

    av.open(path).close()
    return logged_decode(path, spec)


def test_twins_whose_ffmpeg_error_is_left_unhandled_fail_once_as_the_content(tmp_path):
    """FFmpeg's errors through PyAV read "[Errno <tag>] ...", as an OS error does: an invalid
    data error is the content's, so a broken file's copies fail with it at once (before: taken for
    an unreadable file's, each copy was decoded in turn, then failed with it)."""
    folder = tmp_path / "videos"
    folder.mkdir()
    (folder / "junk.mp4").write_bytes(np.random.default_rng(5).integers(0, 256, 20000, dtype=np.uint8).tobytes())
    for i in range(3):
        shutil.copy(folder / "junk.mp4", folder / f"junk {i}.mp4")
    events = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=False, decode_fn=opens_with_pyav)
    assert events[-1].kind == "finished" and len(events[-1].failed) == 4
    reasons = {reason for _, reason in events[-1].failed}
    assert len(reasons) == 1 and "Invalid data found when processing input" in reasons.pop()
    started = [e for e in events if e.kind == "file_started"]
    assert len(started) == 1


def fails_for_the_moment_once(path, spec):
    """``decode_file``; the run's first decode fails as a file on a share that stalls once, or a
    decode process the OS's memory killer took, would (``how`` beside the folder says which)."""
    import signal
    import time

    from core.decode_pool import decode_file
    from core.errors import DecodeTimeout

    beside = os.path.dirname(os.path.dirname(path))
    try:
        os.close(os.open(os.path.join(beside, "failed once"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return decode_file(path, spec)
    with open(os.path.join(beside, "first"), "w", encoding="utf-8") as f:
        f.write(os.path.basename(path))
    how = open(os.path.join(beside, "how"), encoding="utf-8").read()
    if how == "budget":
        raise DecodeTimeout(path, "decoding took longer than 120 s")
    if how == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)  # (stalled: the pool's bound, 12 s here, ends it)
    return decode_file(path, spec)


@pytest.mark.parametrize("how", [pytest.param("stalled", marks=pytest.mark.slow),  # (~12 s: its bound waited out)
                                 "budget", "killed"])
def test_a_twin_that_failed_for_the_moment_hands_on_to_its_copy(tmp_path, how):
    """A failure that says nothing certain of the bytes (a share that stalled once: the pool's
    bound or the reader's; a decode process killed by the OS for another program's memory) is not
    the copies': before, every copy (one on another drive too) was recorded failed with it, for
    good, and the clip was not searchable at all; now the copy is decoded and its moments found."""
    folder = tmp_path / "videos"
    write_video(folder / "red.mp4", [Segment(3, "red"), Segment(3, "blue")], seed=1)
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(folder / "red.mp4", tmp_path / "elsewhere" / "red.mp4")
    shutil.copy(folder / "red.mp4", folder / "red copy.mp4")
    (tmp_path / "how").write_text(how, encoding="utf-8")
    with VideoLibrary(tmp_path / "lib") as lib:
        # (a bound no copy's decode comes near on a loaded machine: the stalled one alone waits for it)
        opts = IndexOptions(two_pass=False, decode_fn=fails_for_the_moment_once, file_timeout_s=12.0)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(folder), str(tmp_path / "elsewhere")]))
    assert events[-1].kind == "finished"
    first = (tmp_path / "first").read_text(encoding="utf-8")
    assert len(events[-1].failed) == 1 and os.path.basename(events[-1].failed[0][0]) == first
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        held = {v.path: (v.status, len(lib.moment_table.of(v.video_id))) for v in lib.video_table.all()}
    assert sorted(held.values()) == [("done", 2), ("done", 2), ("failed", 0)]


def test_a_twin_that_failed_for_the_moment_hands_on_to_one_on_another_drive_first(tmp_path):
    """A share that stalls stalls its other files too: the twin tried next is one on another drive."""
    from core.index_passes import Twins
    from core.library.records import VideoRecord

    shm = "/dev/shm"
    if not os.path.isdir(shm) or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second drive to copy to")
    there = tempfile.mkdtemp(dir=shm)
    try:
        paths = [str(tmp_path / "a.mp4"), str(tmp_path / "b.mp4"), os.path.join(there, "c.mp4")]
        for p in paths:
            with open(p, "wb") as f:
                f.write(b"same")
        recs = [VideoRecord(f"{i:016x}", p, os.path.dirname(p), 4, os.stat(p).st_mtime, "h")
                for i, p in enumerate(paths)]
        twins, put = Twins(recs), []
        assert [r.path for r in twins.decode] == paths[:1]
        assert twins.failed(recs[0], "decoding hung for more than 600 s", lambda r: "", put.append) == []
        assert [r.path for r in put] == paths[2:]
        assert twins.failed(put[0], "decoding hung for more than 600 s", lambda r: "", put.append) == [recs[1]]
    finally:
        shutil.rmtree(there)
