"""A Cancel whose record write met a full disk was kept by the library handle and written as it let
go of its lock or closed (e4149dc): a disk still full at the close lost it, and the next window
resumed the run once, saying "(killed, or a crash)", against the user's Cancel. A run's record now
reserves, as it is first written, the room its end takes (``stopped_runs.SLOT``), and an end a
whole write of ``library.json`` cannot make is written over it in place, which needs no free space."""

from __future__ import annotations

import errno
import os

import pytest

from core import service, stopped_runs
from core.library import VideoLibrary
from core.library import meta as meta_io
from core.library import meta_in_place
from tests.cli_proc import indexed_folder
from tests.mounts import mounts  # noqa: F401
from tests.test_stopped_run_ended import _new_folder


def _ends(lib) -> set:
    with VideoLibrary(lib, read_only=True) as reader:
        return {rec.get("ended") for rec in stopped_runs.recorded(reader.meta.settings).values()}


def _cancelled_on_a_full_disk(tmp_path, lib, fill) -> None:
    """``seekframe index D`` on a library of two clips, the disk filled (``fill``) once its plan is
    recorded, cancelled by the user, the library closed with the disk still full."""
    from core.encoders import Encoder

    model, _videos, _lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)
    library = VideoLibrary(lib)
    run = service.IndexRun(library, Encoder.load(str(model)), [str(folder)], part_of_folder=True)
    for ev in run.events():
        if ev.kind == "scanned":
            fill()
            run.cancel(chosen=True)
    assert ev.kind == "cancelled"
    library.close()  # (still full)


def test_a_cancel_on_a_disk_still_full_at_the_close_is_said(tmp_path, monkeypatch):
    def full(*a, **k):  # (no whole write of library.json: a new file needs room)
        raise OSError(errno.ENOSPC, "No space left on device")

    lib = tmp_path / "lib"
    _cancelled_on_a_full_disk(tmp_path, lib, lambda: monkeypatch.setattr(meta_io, "write_meta", full))
    assert _ends(lib) == {"cancelled"}
    monkeypatch.undo()
    with VideoLibrary(lib, read_only=True) as reader:
        (stopped,) = stopped_runs.stopped(reader.meta.settings, reader.video_table.all())
    assert stopped.ended == stopped_runs.CANCELLED


def test_a_cancel_on_a_real_full_disk_is_said(tmp_path, mounts):  # noqa: F811
    lib = mounts.tmpfs(tmp_path / "lib", size="16m")

    def fill():
        stat = os.statvfs(lib)
        with open(lib / "filler", "ab") as f:
            f.write(bytes(stat.f_bavail * stat.f_frsize))
        with pytest.raises(OSError):  # (not a byte more)
            (lib / "more").write_bytes(b"x" * 65536)

    _cancelled_on_a_full_disk(tmp_path, lib, fill)
    assert _ends(lib) == {"cancelled"}


def test_an_in_place_write_that_would_not_fit_writes_nothing(tmp_path):
    """``meta_in_place.patch_meta`` writes only bytes there once, as long as they were, into a file that still
    reads as JSON; else it refuses, the file as it was."""
    from core.library.location import Location
    from core.library.meta import LibraryMeta, LibrarySettings
    from core.library.records import SCHEMA_VERSION

    where = Location(tmp_path)
    meta_io.write_meta(where, LibraryMeta(SCHEMA_VERSION, settings=LibrarySettings(other={"a": "same", "b": "same",
                                                                                         "c": "once"})))
    before = (tmp_path / meta_io.META_FILE).read_bytes()
    for edits in ({b'"same"': b'"SAME"'}, {b'"once"': b'"one"'}, {b'"once"': b'"onc"e'}, {b'"gone"': b'"here"'}):
        with pytest.raises(ValueError):
            meta_in_place.patch_meta(where, edits)
        assert (tmp_path / meta_io.META_FILE).read_bytes() == before
    meta_in_place.patch_meta(where, {b'"once"': b'"ONCE"'})
    assert meta_io.read_meta(where).settings.other == {"a": "same", "b": "same", "c": "ONCE"}


def test_the_slot_a_run_reserves_is_the_key_an_in_place_write_may_overwrite():
    """stopped_runs names the key itself (importing core.library would load it at the window's start,
    tests/app/test_startup.py): the two must stay one name, or no end is ever written in place."""
    assert stopped_runs.SLOT == meta_in_place.IN_PLACE
