"""A plain `seekframe index` that finished a waiting `--reindex A` (its run killed or crashed) dropped
A's whole entry (``reembed_record.finished_values``) though it could not reach part of A: a sub-folder
it could not read that run (a permission, a path too long) or a drive behind a link inside A,
unplugged. Those videos were neither embedded anew nor failed, yet no longer waited: they stayed on
their earlier moments for good, and status said nothing (s58 fr_3 F4). The entry is now narrowed to the
part it did not reach, with A's start and run, so its videos still wait, and the next run that reaches
them embeds them anew."""

from __future__ import annotations

import errno
import os

import pytest

from core import reembed_record, service
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_reindex_keeps_searchable import _videos
from tests.videos import Segment, write_video


def _waits(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return reembed_record.recorded(library.meta.settings)


def test_a_part_of_a_folder_not_read_keeps_its_videos_waiting(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, lib = tmp_path / "A", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(a / "sub" / "green.mp4", [Segment(2, "green")], seed=3)
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    before = _videos(lib)
    real = MomentTable.commit
    monkeypatch.setattr(MomentTable, "commit", lambda *_: (_ for _ in ()).throw(RuntimeError("crashed")))
    with VideoLibrary(lib) as writer:  # (a --reindex A that crashed before its first commit)
        with pytest.raises(RuntimeError, match="crashed"):
            list(service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=True, commit_videos=1).events())
    monkeypatch.setattr(MomentTable, "commit", real)
    assert list(_waits(lib)) == [str(a)]

    real_scandir, sub = os.scandir, str(a / "sub")

    def refused(path=".", *args):
        if os.fspath(path) == sub:
            raise PermissionError(errno.EACCES, "Permission denied", sub)
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", refused)  # (A/sub unreadable for this run)
    code, out, err = run_cli(capsys, "index", "--library", lib)
    monkeypatch.setattr(os, "scandir", real_scandir)
    assert code == 1 and "could not be read" in out + err, (out, err)
    assert _videos(lib)["red.mp4"][1] > before["red.mp4"][1]  # (embedded anew)
    assert list(_waits(lib)) == [sub]  # (the parent: {}, green.mp4's wait lost for good)

    assert run_cli(capsys, "index", "--library", lib)[0] == 0  # (A/sub readable again)
    assert _videos(lib)["green.mp4"][1] > before["green.mp4"][1]  # (embedded anew at last)
    assert _waits(lib) == {}


def _indexed_with_linked_drive(tmp_path, capsys, monkeypatch):
    """A (red.mp4) with a link cam into a drive (green.mp4), indexed: A, the drive, the library and its
    videos' records then."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, drive, lib = tmp_path / "A", tmp_path / "drive", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(drive / "green.mp4", [Segment(2, "green")], seed=3)
    os.symlink(drive, a / "cam")
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    before = _videos(lib)
    return a, drive, lib, before


def test_a_drive_behind_a_link_unplugged_keeps_its_videos_waiting(tmp_path, capsys, monkeypatch):
    a, drive, lib, before = _indexed_with_linked_drive(tmp_path, capsys, monkeypatch)
    monkeypatch.setattr(MomentTable, "commit", lambda *_: (_ for _ in ()).throw(RuntimeError("crashed")))
    with VideoLibrary(lib) as writer:  # (a --reindex A that crashed before its first commit)
        with pytest.raises(RuntimeError, match="crashed"):
            list(service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=True, commit_videos=1).events())
    monkeypatch.undo()
    use_encoder(monkeypatch, FixedTextEncoder)
    os.rename(drive, tmp_path / "unplugged")  # (the drive unplugged: the link leads nowhere)
    code, out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "offline" in out + err, (out, err)
    assert list(_waits(lib)) == [str(a / "cam")]  # (the parent: {}, green.mp4's wait lost for good)
    os.rename(tmp_path / "unplugged", drive)  # (plugged back)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    assert _videos(lib)["green.mp4"][1] > before["green.mp4"][1]  # (embedded anew at last)
    assert _waits(lib) == {}


def test_a_reindex_with_a_drive_behind_a_link_unplugged_leaves_its_videos_waiting(tmp_path, capsys, monkeypatch):
    a, drive, lib, before = _indexed_with_linked_drive(tmp_path, capsys, monkeypatch)
    os.rename(drive, tmp_path / "unplugged")
    assert run_cli(capsys, "index", a, "--reindex", "--library", lib)[0] == 0
    assert list(_waits(lib)) == [str(a / "cam")]  # (the parent: {}, never embedded anew)
    os.rename(tmp_path / "unplugged", drive)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    assert _videos(lib)["green.mp4"][1] > before["green.mp4"][1]
    assert _waits(lib) == {}
