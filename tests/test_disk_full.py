"""A full disk gives a message and its own exit code, once, and loses nothing (issue 10, point 8).
Today's failure was a raw LanceError traceback, twice (chained from close()), with exit code 1,
the same as "some files failed". Faked in the storage layer here, then for real: the library on
a small tmpfs that fills up (root only), and a file size limit (RLIMIT_FSIZE, any user)."""

from __future__ import annotations

import errno
import os
import sys

import numpy as np
import pytest

import core.cli
from core.cli import EXIT_DISK_FULL, main
from core.errors import is_disk_full
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.cli_zygote import AS_MODULE, MODEL_PRELOAD, start_probe
from tests.fakes import ColourMeanEncoder
from tests.models import save_tiny_model
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.videos import Segment, write_video


class LanceError(RuntimeError):
    """Stands in for lancedb's own error type, which is not an OSError."""


def test_is_disk_full_reads_errno_text_and_the_chain():
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(LanceError("LanceError(IO): Generic LocalFileSystem error: No space left on device (os error 28)"))
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("commit failed") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)
    assert not is_disk_full(RuntimeError("something else")) and not is_disk_full(None)


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   LanceError("LanceError(IO): No space left on device (os error 28)")])
def test_index_on_a_full_disk_says_so_once_and_the_next_run_finishes(tmp_path, monkeypatch, capsys, error):
    videos = tmp_path / "videos"
    videos.mkdir()
    for i, c in enumerate(["red", "green", "blue"]):
        write_video(videos / f"clip{i}.mp4", [Segment(2, c)], seed=i)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = tmp_path / "lib"
    real_commit = MomentTable.commit  # the indexer commits finished videos in batches
    calls = []

    def commit(self, items):
        calls.extend(rec.path for rec, _ in items)
        if len(calls) >= 2:  # the disk fills up while the second video is written
            raise error
        return real_commit(self, items)

    monkeypatch.setattr(MomentTable, "commit", commit)
    code = main(["index", str(videos), "--library", str(lib), "-q"])
    err = capsys.readouterr().err
    assert code == EXIT_DISK_FULL
    assert err.count("is full") == 1 and "Traceback" not in err and str(lib) in err

    monkeypatch.setattr(MomentTable, "commit", real_commit)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    with VideoLibrary(lib, read_only=True) as done:
        videos_done = [v for v in done.video_table.all() if v.status == "done"]
        assert len(videos_done) == 3
        assert len(done.moment_search.search([1, 0, 0, 1], 100)) == sum(len(done.moment_table.of(v.video_id)) for v in videos_done)


def consistent(lib) -> int:
    """``status`` exits 0, and every done video has all its moments, each visible once; returns
    how many videos are done."""
    assert main(["status", "--library", str(lib)]) == 0
    with VideoLibrary(lib, read_only=True) as library:
        done = [v for v in library.video_table.all() if v.status == "done"]
        assert all(len(library.moment_table.of(v.video_id)) == v.n_moments > 0 for v in done)
        visible = library.moment_search.search(np.ones(library.meta.dim, np.float32), 10_000)
        assert len(visible) == sum(v.n_moments for v in done)
    return len(done)


def _fill(lib, free_kb: int) -> None:
    """Another program fills the library's disk, leaving ``free_kb``."""
    stat = os.statvfs(lib)
    with open(lib / "filler", "ab") as f:
        f.write(bytes(max(0, stat.f_bavail * stat.f_frsize - free_kb * 1024)))


@pytest.mark.parametrize("when", ["from-the-start", "mid-run"], ids=["full-from-the-start", "fills-mid-run"])
def test_a_real_full_disk(tmp_path, capsys, monkeypatch, mounts, when):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = mounts.tmpfs(tmp_path / "lib", size="8m")  # the library alone on a small disk
    videos = tmp_path / "videos"
    for i in range(20):
        write_video(videos / f"clip{i:02d}.mp4", [Segment(4, ["red", "blue"][i % 2])], seed=i)
        if i == 1:  # two indexed while there is room
            assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    if when == "from-the-start":
        _fill(lib, 4)
    else:  # the disk fills up once a few more videos are in: commits one video at a time
        real_commit, landed = MomentTable.commit, []

        def commit(self, items):
            out = []
            for item in items:
                out += real_commit(self, [item])
                landed.append(item)
                if len(landed) == 3:
                    _fill(lib, 4)
            return out

        monkeypatch.setattr(MomentTable, "commit", commit)
    capsys.readouterr()

    code = main(["index", str(videos), "--library", str(lib), "-q"])
    err = capsys.readouterr().err
    assert code == EXIT_DISK_FULL, err
    assert err.count("is full") == 1 and "Traceback" not in err and str(lib) in err
    done = consistent(lib)
    assert 2 <= done < 20
    if when == "mid-run":
        assert done == 5, "the three videos committed before the disk filled up stay"
        monkeypatch.setattr(MomentTable, "commit", real_commit)

    (lib / "filler").unlink()  # space again: the same command finishes the rest
    capsys.readouterr()
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 20


def _limited_file_size(limit: int) -> str:
    """``python -m core.cli``'s script (``tests.cli_zygote.AS_MODULE``), its files (and its children's)
    limited to ``limit`` bytes first."""
    return ("import resource, signal; "
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"  # a write past it fails with EFBIG instead
            + AS_MODULE)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_a_file_size_limit_stops_the_run_with_the_same_message(tmp_path, capsys):
    """No root needed: the command runs with files limited to 24 KiB, so the 10 moments of the
    long video (1024-wide vectors, 40 KiB) cannot be written; the short ones (8 KiB) can."""
    model = save_tiny_model(tmp_path / "model", embed_dim=1024)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    for i in range(2):
        write_video(videos / f"a{i}.mp4", [Segment(2, "red")], seed=i)
    write_video(videos / "z-long.mp4", [Segment(10, "blue")], seed=9)
    args = ["index", videos, "--library", lib, "--model", model, "--window", "1", "-q"]
    # (a process of its own, forked from tests.cli_zygote's warm parent that took torch and the encoders:
    # a new interpreter imported them again)
    proc = start_probe(_limited_file_size(24 * 1024), *args, timeout=240, preload=MODEL_PRELOAD)
    _, err = proc.communicate()
    proc.stderr.close()
    assert proc.returncode == EXIT_DISK_FULL and not proc.timed_out, err
    assert err.count("is full") == 1 and "Traceback" not in err and str(lib) in err
    assert consistent(lib) < 3

    capsys.readouterr()
    assert main([str(a) for a in args]) == 0  # without the limit: the rest is indexed
    assert consistent(lib) == 3


class OtherModel(ColourMeanEncoder):
    model_id = "other-0123456789ab"


def _two_clips_indexed(tmp_path, monkeypatch):
    """(videos, library): two clips indexed by the CLI with a fake model."""
    videos = tmp_path / "videos"
    videos.mkdir()
    for i, c in enumerate(["red", "green"]):
        write_video(videos / f"clip{i}.mp4", [Segment(2, c)], seed=i)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = tmp_path / "lib"
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    return videos, lib


def test_a_full_disk_during_a_reindex_does_not_say_every_video_is_in_it(tmp_path, monkeypatch, capsys):
    """A switch lets the old vectors go first: a run stopped by a full disk said 'every video
    indexed before this is in it', while search found nothing until the switch was finished."""
    videos, lib = _two_clips_indexed(tmp_path, monkeypatch)
    real_commit = MomentTable.commit

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: OtherModel())  # (the same one re-embeds in place)
    capsys.readouterr()
    assert main(["index", str(videos), "--library", str(lib), "--reindex", "-q"]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert "every video indexed before this is in it" not in err
    assert "switch to the new model is recorded" in err and "`seekframe index`" in err, err
    monkeypatch.setattr(MomentTable, "commit", real_commit)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 2


def test_a_full_disk_before_the_switch_is_recorded_says_nothing_changed(tmp_path, monkeypatch, capsys):
    """The disk full at the switch's first write (library.json): nothing was switched, the old
    vectors are searched as before. The message used to say the switch was recorded and that
    `seekframe index` would finish it, while that plain index kept the old model."""
    from core.library import meta as meta_io

    videos, lib = _two_clips_indexed(tmp_path, monkeypatch)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    real_write = meta_io.write_meta
    monkeypatch.setattr(meta_io, "write_meta", full)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: OtherModel())  # (the same one switches nothing)
    capsys.readouterr()
    assert main(["index", str(videos), "--library", str(lib), "--reindex", "-q"]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert "switch to the new model is recorded" not in err and "Nothing was lost" in err, err
    monkeypatch.setattr(meta_io, "write_meta", real_write)
    with VideoLibrary(lib, read_only=True) as library:
        assert library.model_switch is None
        assert [v.status for v in library.video_table.all()] == ["done", "done"]
