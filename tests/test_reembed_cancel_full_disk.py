"""A Cancel of ``seekframe index --reindex A`` (or of the window's run that takes a killed one over)
while the disk is full: its record (``core.reembed_record.RUNS``) could not say "cancelled" (a whole
write of ``library.json`` refused, the failure swallowed), so once its process was gone the entry read
as killed and the window's next open resumed the re-embed against the user's Cancel. Its entry now
reserves, as it is written, the room its end takes (``stopped_runs.SLOT``), and an end a whole write
cannot make is written over it in place (no free space needed); where even that is refused (a file
system that copies on write), the library handle keeps it and says it once there is room."""

from __future__ import annotations

import errno
import os
import sys

import pytest

from core import reembed_record, service
from core.library import VideoLibrary
from core.library import meta as meta_io
from core.library import meta_in_place
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.mounts import mounts  # noqa: F401
from tests.test_reindex_keeps_searchable import _two_folders
from tests.test_reindex_killed_record import _killed, dead_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def _no_room(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")


def _full_even_in_place(monkeypatch) -> list[bool]:
    """A switch (``[True]``: full) refusing whole writes of library.json and in-place ones alike."""
    full = [False]
    real_write, real_patch = meta_io.write_meta, meta_in_place.patch_meta
    monkeypatch.setattr(meta_io, "write_meta", lambda *a, **k: _no_room() if full[0] else real_write(*a, **k))
    monkeypatch.setattr(meta_in_place, "patch_meta", lambda *a, **k: _no_room() if full[0] else real_patch(*a, **k))
    return full


def _reindex_cancelled_when_full(library, a, full) -> None:
    """A --reindex of A, the disk filled (``full``) once it planned, then the user's Cancel."""
    run = service.IndexRun(library, FixedTextEncoder(), [str(a)], reindex=True)
    for ev in run.events():
        if ev.kind == "scanned":
            full()
            run.cancel(chosen=True)
    assert ev.kind == "cancelled"


def _as_gone(lib) -> None:
    """The runs' process ended since (what they say of their end kept)."""
    gone = dead_process()
    with VideoLibrary(lib) as writer:
        held = reembed_record.runs(writer.meta.settings)
        writer.update_settings(**{reembed_record.RUNS: {r: {**rec, **gone} for r, rec in held.items()}})


def _end(lib, a) -> str | None:
    with VideoLibrary(lib, read_only=True) as reader:
        return reembed_record.runs(reader.meta.settings)[str(a)].get("ended")


def test_a_reindex_cancelled_on_a_full_disk_says_so_and_is_not_resumed(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    library = VideoLibrary(lib)
    _reindex_cancelled_when_full(library, a, lambda: monkeypatch.setattr(meta_io, "write_meta", _no_room))
    library.close()  # (still full)
    monkeypatch.undo()
    assert _end(lib, a) == "cancelled"  # (the parent: None, read as killed once its process is gone)
    with VideoLibrary(lib, read_only=True) as reader:
        assert str(a) in reembed_record.recorded(reader.meta.settings)  # (its videos still wait, as said)
    _as_gone(lib)
    assert _killed(lib) == ()


def test_a_reindex_cancelled_on_a_real_full_disk_says_so(tmp_path, capsys, monkeypatch, mounts):  # noqa: F811
    from tests.videos import Segment, write_video

    use_encoder(monkeypatch, FixedTextEncoder)
    a, lib = tmp_path / "A", mounts.tmpfs(tmp_path / "lib", size="16m")
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(a / "green.mp4", [Segment(2, "green")], seed=3)
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0

    def fill():
        stat = os.statvfs(lib)
        with open(lib / "filler", "ab") as f:
            f.write(bytes(stat.f_bavail * stat.f_frsize))
        with pytest.raises(OSError):  # (not a byte more)
            (lib / "more").write_bytes(b"x" * 65536)

    library = VideoLibrary(lib)
    _reindex_cancelled_when_full(library, a, fill)
    library.close()  # (still full)
    assert _end(lib, a) == "cancelled"
    (lib / "filler").unlink()
    _as_gone(lib)
    assert _killed(lib) == ()


def test_a_cancel_the_full_disk_refuses_even_in_place_is_said_once_there_is_room(tmp_path, capsys, monkeypatch):
    """A file system that copies on write (btrfs, ZFS) may refuse the in-place write too: the handle keeps
    the end and writes it as it lets go of its writer lock or closes, once there is room."""
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    full = _full_even_in_place(monkeypatch)
    library = VideoLibrary(lib)
    _reindex_cancelled_when_full(library, a, lambda: full.__setitem__(0, True))
    assert reembed_record.runs(library.meta.settings)[str(a)].get("ended") is None  # (unsaid as yet)
    assert library.release_writer()  # (still full: kept for the next try)
    library.take_writer()
    full[0] = False  # (room again)
    library.close()
    assert _end(lib, a) == "cancelled"
    _as_gone(lib)
    assert _killed(lib) == ()


def test_a_kept_end_names_the_run_as_recorded_then(tmp_path, capsys, monkeypatch):
    """An end the handle kept is not said of a later run of the same folder (another process's
    --reindex recorded meanwhile, then killed: it is resumed)."""
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    full = _full_even_in_place(monkeypatch)
    library = VideoLibrary(lib)
    _reindex_cancelled_when_full(library, a, lambda: full.__setitem__(0, True))
    full[0] = False
    gone = dead_process()
    library.update_settings(**{  # (another --reindex of A began since, its process killed)
        reembed_record.KEY: {str(a): reembed_record.recorded(library.meta.settings)[str(a)] + 1.0},
        reembed_record.RUNS: {str(a): {**gone, "since": reembed_record.recorded(library.meta.settings)[str(a)] + 1.0}}})
    library.close()
    assert _end(lib, a) is None
    assert _killed(lib) == ((str(a), 2),)


def test_the_room_a_reembed_run_reserves_is_the_key_an_in_place_write_may_overwrite():
    """reembed_record names the key itself (it keeps core.library out of the indexing process's imports)."""
    assert reembed_record.SLOT == meta_in_place.IN_PLACE
