"""A drive plugged back on another device (its identity another device's: a USB drive given a new
device number, a tmpfs mounted again) with one of its videos gone is held "on another drive", which
counts the folder among the run's ``offline_roots`` though the run walks it. The record of the
folders a walk could not read (``unread_folders``: `seekframe status` lists them) kept every entry in
such a folder as if nothing in it had been read, so a folder the run read (or found gone) was still
said unreadable. Now an entry there goes once the run reached the folder it lies in; one the run
could not reach (its parent not there: another drive in the folder, or its mount point left empty)
is kept, as for a folder missing."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from tests.test_index_folder_too_long import _too_long
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401
from tests.test_stopped_run_drive_back import replugged  # noqa: F401 (the fixture)
from tests.test_unread_folders_offline import unread

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")


def _unreadable(drive) -> str:
    """A folder in ``drive`` too long to open (the first past 4095 bytes on its path); its path."""
    deep = _too_long(drive)
    parts = deep[len(str(drive)) + 1:].split(os.sep)
    return next(p for p in (os.path.join(str(drive), *parts[:i]) for i in range(1, len(parts) + 1))
                if len(os.fsencode(p)) > 4095)


def _setup(tmp_path, capsys, replugged):
    drive, lib = make_folder(tmp_path / "drive", 2), tmp_path / "lib"
    first = _unreadable(drive)
    run(capsys, "index", drive, "--library", lib)  # (1: a folder could not be read)
    assert unread(capsys, lib) == [first]
    replugged.add(str(drive))  # unplugged, then plugged back: another device number
    os.unlink(drive / "clip1.mp4")  # (deleted on another computer meanwhile: held, kept offline)
    return drive, lib, first


def test_a_folder_gone_from_a_drive_back_on_a_new_device_is_no_longer_said_unread(tmp_path, capsys, replugged):
    drive, lib, first = _setup(tmp_path, capsys, replugged)
    parent, name = os.path.split(first)
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        shutil.rmtree(name, dir_fd=fd)  # (the folder too long removed on the other computer too)
    finally:
        os.close(fd)
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    assert folder_status(capsys, lib)[str(drive)]["held"] == "device"  # (its folder among the offline roots)
    assert unread(capsys, lib) == []  # before: still said, though the run walked its parent and found it gone


def test_a_folder_still_too_long_on_a_drive_back_is_still_said(tmp_path, capsys, replugged):
    drive, lib, first = _setup(tmp_path, capsys, replugged)
    code, out, err = run(capsys, "index", drive, "--library", lib)
    assert "1 folder could not be read:" in out + err, (out, err)  # (read again, unreadable again)
    assert code == 0, (out, err)  # (the same folder, for the same reason, the first run reported: s58 fr_3 F3)
    assert folder_status(capsys, lib)[str(drive)]["held"] == "device"
    assert unread(capsys, lib) == [first]


def test_an_unread_folder_whose_parent_is_not_on_the_drive_now_is_kept(tmp_path, capsys, replugged):
    """Another drive in the folder (or this one without that part of it): the run never reached the
    folder, so what its last walk said stays said."""
    drive, lib, first = _setup(tmp_path, capsys, replugged)
    top = os.path.join(str(drive), first[len(str(drive)) + 1:].split(os.sep)[0])
    shutil.rmtree(top)
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    assert folder_status(capsys, lib)[str(drive)]["held"] == "device"
    assert unread(capsys, lib) == [first]
