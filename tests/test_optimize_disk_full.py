"""A disk that filled as `seekframe index` optimized the library after its run (compaction, the
vector index: ``service.optimize_if_needed``, then the close's own try) made it exit 3 with "the
disk ... is full ... run the same command again", though every video of the run was in the library
and the optimize is upkeep that loses nothing when it fails (its writes are whole or not made). The
README's exit codes: 0 when every file was indexed, 3 when the disk fills during the run. Now the run
ends as it did (0, or 1 with failed files), saying apart that the library could not be optimized
and what to do, once; the close does not try again; the library stays as it was, and the next run
optimizes it."""

from __future__ import annotations

import errno

from core.cli import main
from core.library import maintenance
from tests.cli_proc import indexed_folder
from tests.videos import Segment, write_video


def test_a_full_disk_at_the_optimize_after_a_run_fails_no_video(tmp_path, capsys, monkeypatch):
    model, videos, lib = indexed_folder(tmp_path)
    for i, colour in enumerate(("green", "white")):
        write_video(videos / f"new{i}.mp4", [Segment(2, colour)], seed=10 + i)
    tries = []

    def full(self, **kwargs):
        tries.append(kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    capsys.readouterr()
    with monkeypatch.context() as m:
        m.setattr(maintenance.Maintenance, "optimize_needed", lambda self: True)  # (the run changed enough)
        m.setattr(maintenance.Maintenance, "optimize", full)
        code = main(["index", str(videos), "--library", str(lib), "--model", str(model)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Indexed 2 of 2 video files" in err, err
    assert "Traceback" not in err and err.count("is full") == 1, err
    assert f"the disk holding {lib} is full" in err and "could not be optimized" in err, err
    assert "nothing was lost" in err and "a later `seekframe index` optimizes it" in err, err
    assert len(tries) == 1, tries  # (the close did not try again on the same full disk)
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert f"Folder:  {videos}  online, 4 videos (4 done" in out, out
    assert main(["search", "a green screen", "--library", str(lib), "--model", str(model), "-k", "4"]) == 0
    assert "new0.mp4" in capsys.readouterr().out
    assert main(["index", "--library", str(lib), "-q"]) == 0  # (room again: it goes on as ever)


def test_a_full_disk_at_the_optimize_of_a_close_fails_no_note(tmp_path, capsys, monkeypatch):
    """The same for another writer whose close optimizes (`seekframe note`): the note was added."""
    model, videos, lib = indexed_folder(tmp_path)
    capsys.readouterr()
    with monkeypatch.context() as m:
        m.setattr(maintenance.Maintenance, "optimize_needed", lambda self: True)
        m.setattr(maintenance.Maintenance, "optimize",
                  lambda self, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
        code = main(["note", f"{videos / 'red.mp4'}@2", "a red wall", "--library", str(lib), "--model", str(model)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Note added to " in out and "could not be optimized" in err and "Traceback" not in err, err


def test_a_writer_that_let_go_tries_the_optimize_again_once_it_writes_again(tmp_path, monkeypatch):
    """The app's handle lets go of its lock between jobs (``release_writer``, which optimizes first) and
    takes it back for its next write: an optimize a full disk put off was never tried again by it
    (``put_off`` for the handle's life), so a window open for days never optimized, whatever its later
    re-scans. A writer taking the lock back tries it again at its next let-go (or close), once."""
    from core.library import VideoLibrary

    lib = VideoLibrary(tmp_path / "lib")
    tries = []

    def full(self, **kwargs):
        tries.append(kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(maintenance.Maintenance, "optimize_needed", lambda self: True)
        m.setattr(maintenance.Maintenance, "optimize", full)
        assert lib.release_writer() and lib.maintenance.put_off and len(tries) == 1
        lib.take_writer()  # (the window's next write)
        assert not lib.maintenance.put_off
        assert lib.release_writer() and lib.maintenance.put_off and len(tries) == 2, tries
        lib.take_writer()
        lib.close()
        assert len(tries) == 3  # (the close after a write tries it, as a CLI writer's close does)
