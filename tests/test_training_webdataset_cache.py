"""The cache folder of the videos copied out of WebDataset shards (``training.data.webdataset``):
how often it is listed, what names the copies take, and which old copies go."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shards import write_shard
from training.data import hf_videos, webdataset


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))


_shard = write_shard


def test_the_cache_folder_is_listed_once_a_shard_not_once_a_video(tmp_path, monkeypatch):
    """Each copy listed the whole folder for killed writes' leftovers: 8,000 samples took 39 s, not 4.6 s."""
    for name in ("train-0.tar", "train-1.tar"):
        _shard(tmp_path / name, [m for i in range(30) for m in ((f"{name[6]}v{i}.mp4", b"x" * 50 + bytes([i])),
                                                               (f"{name[6]}v{i}.txt", f"clip {i}"))])
    calls = []
    real = hf_videos.drop_stale
    monkeypatch.setattr(hf_videos, "drop_stale", lambda folder: (calls.append(folder), real(folder)))
    assert len(webdataset.load(tmp_path, "train")) == 60
    assert len(calls) <= 2 and len(set(calls)) == len(calls)
    folder = next((tmp_path / "cache" / "training" / "webdataset").glob("train-0-*"))
    stale = folder / ".0v1.mp4.123.part"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))  # (a killed write's, long ago)
    calls.clear()
    webdataset.load(tmp_path, "train")
    assert not stale.exists() and len(calls) == 2


def _paths(split) -> dict[str, Path]:
    return {e.video_id: Path(e.path) for e in split.entries}


def test_two_keys_never_share_a_copy(tmp_path):
    """``a/b`` and ``a__b`` were both copied to ``a__b.mp4``: the second, its size the first's, was taken
    as already copied, so both samples trained on one video (and ``A``/``a`` on a disk blind to case)."""
    one, two, three, four = (bytes([c]) * 100 for c in b"1234")
    _shard(tmp_path / "x.tar", [("a/b.mp4", one), ("a/b.txt", "first"), ("a__b.mp4", two), ("a__b.txt", "second"),
                                ("A.mp4", three), ("A.txt", "upper"), ("a.mp4", four), ("a.txt", "lower")])
    paths = _paths(webdataset.load(tmp_path, "train"))
    assert [paths[k].read_bytes() for k in ("a/b", "a__b", "A", "a")] == [one, two, three, four]
    assert len({p.name.lower() for p in paths.values()}) == 4
    assert _paths(webdataset.load(tmp_path, "train")) == paths  # (a second load copies none again)


def test_a_changed_shard_leaves_no_old_copies_behind(tmp_path):
    """A shard appended to (or replaced) was copied into a new folder and the old one kept: the cache
    grew by the shard's videos on every change."""
    base = tmp_path / "cache" / "training" / "webdataset"
    shard = _shard(tmp_path / "d" / "train-0.tar", [("v1.mp4", b"1" * 100), ("v1.txt", "one")])
    other = _shard(tmp_path / "e" / "train-0.tar", [("w.mp4", b"w" * 100), ("w.txt", "another data set's")])
    elsewhere = _paths(webdataset.load(tmp_path / "e", "train"))["w"]
    first = _paths(webdataset.load(tmp_path / "d", "train"))["v1"].parent
    theirs = base / "train-0-0123456789abcdef"  # (named like one, not this loader's: never removed)
    theirs.mkdir()
    (theirs / "keep.mp4").write_bytes(b"k")
    _shard(shard, [("v2.mp4", b"2" * 100), ("v2.txt", "two")], mode="a")
    now = _paths(webdataset.load(tmp_path / "d", "train"))
    assert sorted(now) == ["v1", "v2"] and now["v1"].parent == now["v2"].parent != first
    assert now["v2"].read_bytes() == b"2" * 100 and not first.exists()
    assert (theirs / "keep.mp4").is_file()
    assert elsewhere.read_bytes() == b"w" * 100 and other.is_file()  # (another shard of that name: kept)
    assert len(list(base.iterdir())) == 3  # (d's, e's and the user's folder)


def test_copies_named_by_their_key_alone_are_not_kept_twice(tmp_path):
    """A shard's folder made before copies were named by key and member (``a__b.mp4``, no
    ``.seekframe-shard``): copied again under the new names, its old copies were kept beside them."""
    from training.data.wds_cache import ShardCache

    shard = _shard(tmp_path / "train-0.tar", [("a/b.mp4", b"1" * 100), ("a/b.txt", "one")])
    folder = ShardCache(shard, "train-0").folder
    folder.mkdir(parents=True)
    (folder / "a__b.mp4").write_bytes(b"1" * 100)
    (folder / ".a__b.mp4.99.part").write_bytes(b"1")  # (a write going on now: not removed)
    path = _paths(webdataset.load(tmp_path, "train"))["a/b"]
    assert path.parent == folder and path.read_bytes() == b"1" * 100
    assert sorted(p.name for p in folder.iterdir()) == sorted([".a__b.mp4.99.part", ".seekframe-shard", path.name])


HOLDER = """
import sys
from training.data import webdataset
print(webdataset.load(sys.argv[1], "train").entries[0].path, flush=True)
sys.stdin.readline()  # (a job training on the copy until told to end)
"""


def test_a_shard_rewritten_while_another_job_reads_its_copies_keeps_them_for_that_job(tmp_path, caplog):
    """A shard folder rewritten while a training job read it: the next load of the new shard removed the
    old version's copies from under the running job, whose clips then failed to open mid-epoch."""
    shard = _shard(tmp_path / "d" / "train-0.tar", [("v1.mp4", b"1" * 100), ("v1.txt", "one")])
    env = {**os.environ, "SEEKFRAME_CACHE": str(tmp_path / "cache")}
    job = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "d")], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True, env=env, cwd=Path(__file__).resolve().parents[1])
    try:
        theirs = Path(job.stdout.readline().strip())
        assert theirs.read_bytes() == b"1" * 100
        _shard(shard, [("v1.mp4", b"9" * 100), ("v1.txt", "one, rewritten")])
        with caplog.at_level(logging.WARNING, logger="training.data.wds_cache"):
            now = _paths(webdataset.load(tmp_path / "d", "train"))["v1"]
        assert now.parent != theirs.parent and now.read_bytes() == b"9" * 100
        assert theirs.read_bytes() == b"1" * 100  # (the running job's copy: still there)
        assert "another running job reads its earlier copies" in caplog.text
    finally:
        job.stdin.close()
        job.wait(60)
    webdataset.load(tmp_path / "d", "train")  # (a load once that job has ended, copying nothing)
    assert not theirs.parent.exists() and now.read_bytes() == b"9" * 100


MANY = """
import resource, sys
from training.data import webdataset
resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[2]), resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
for _ in range(2):  # (a first load copies, a second finds each shard's folder)
    print(len(webdataset.load(sys.argv[1], "train")), flush=True)
"""


def test_a_load_of_more_shards_than_open_files_allowed_reads_them_all(tmp_path):
    """Each shard's cache folder held a descriptor open for the life of the process: a data set of more
    shards than the open-file limit (1024 on many desktops; WebVid-style data comes in thousands of
    shards) ran out of descriptors, the next shard refused as 'not a readable tar archive ([Errno 24]
    Too many open files) ... fetch it again'."""
    for i in range(150):
        _shard(tmp_path / "d" / f"train-{i:03d}.tar", [(f"v{i}.mp4", bytes([i]) * 100), (f"v{i}.txt", f"clip {i}")])
    env = {**os.environ, "SEEKFRAME_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", MANY, str(tmp_path / "d"), "100"], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["150", "150"]


def _a_changed_shard_leaves_no_old_copies(tmp_path, caplog):
    """A shard loaded, rewritten and loaded again: the new version read, the old copies gone, and no
    word of a running job keeping them."""
    shard = _shard(tmp_path / "d" / "train-0.tar", [("v1.mp4", b"1" * 100), ("v1.txt", "one")])
    first = _paths(webdataset.load(tmp_path / "d", "train"))["v1"].parent
    _shard(shard, [("v1.mp4", b"9" * 100), ("v1.txt", "one, rewritten")])
    with caplog.at_level(logging.WARNING, logger="training.data.wds_cache"):
        now = _paths(webdataset.load(tmp_path / "d", "train"))["v1"]
    assert now.read_bytes() == b"9" * 100 and not first.exists()
    assert "another running job" not in caplog.text


def test_on_a_share_without_locks_a_changed_shard_still_leaves_no_old_copies(tmp_path, monkeypatch, caplog):
    """A cache on an NFS share with no lock daemon (flock: ENOLCK, 'No locks available', as on many
    clusters): every earlier version's folder was taken for one a running job reads, kept and said so at
    each load, the cache growing by the shard's videos on every change."""
    import errno
    import fcntl

    def no_locks(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    _a_changed_shard_leaves_no_old_copies(tmp_path, caplog)


def test_the_copies_of_a_job_that_crashed_go_with_the_next_load(tmp_path):
    """A job killed (SIGKILL, out of memory) leaves its record behind: the system lets go of its lock, so
    the next load of the rewritten shard removes the copies it read, and its record."""
    shard = _shard(tmp_path / "d" / "train-0.tar", [("v1.mp4", b"1" * 100), ("v1.txt", "one")])
    env = {**os.environ, "SEEKFRAME_CACHE": str(tmp_path / "cache")}
    job = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "d")], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True, env=env, cwd=Path(__file__).resolve().parents[1])
    theirs = Path(job.stdout.readline().strip())
    job.kill()
    job.wait(60)
    _shard(shard, [("v1.mp4", b"9" * 100), ("v1.txt", "one, rewritten")])
    now = _paths(webdataset.load(tmp_path / "d", "train"))["v1"]
    assert not theirs.parent.exists() and now.read_bytes() == b"9" * 100


def test_on_nfs_a_changed_shard_still_leaves_no_old_copies(tmp_path, monkeypatch, caplog):
    """NFS runs flock as a lock on the whole file, which takes a descriptor open for writing to lock
    exclusive (EBADF else): the earlier version's .seekframe-shard, opened to read and locked exclusive,
    was refused every time and taken for a folder a running job reads, kept at each load."""
    import errno
    import fcntl

    real = fcntl.flock

    def nfs_flock(fd, op):
        if op & fcntl.LOCK_EX and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        return real(fd, op)

    monkeypatch.setattr(fcntl, "flock", nfs_flock)
    _a_changed_shard_leaves_no_old_copies(tmp_path, caplog)
