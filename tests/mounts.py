"""Real mounts for fault tests (an unplugged drive, another drive at the same path, a full disk).

Mounting needs root on Linux; where it is not allowed the test is skipped with the reason.
Everything mounted through ``Mounts`` is unmounted when the test ends, failed or not:

    def test_x(mounts, tmp_path):
        drive = mounts.tmpfs(tmp_path / "drive", size="16m")
        mounts.unmount(drive)              # leaves the empty mount point, as an unplugged drive
        mounts.bind(tmp_path / "elsewhere", drive)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest


def mount_problem() -> str:
    """Why this machine cannot mount in a test ("" when it can try)."""
    if not sys.platform.startswith("linux"):
        return "real mounts are tested on Linux only"
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    if not (shutil.which("mount") and shutil.which("umount")):
        return "no mount/umount commands"
    return ""


class Mounts:
    def __init__(self):
        self.mounted: list[Path] = []

    def _mount(self, args: list[str], target: Path) -> Path:
        target.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"mount is not permitted here ({' '.join(args)}: {r.stderr.strip() or r.returncode})")
        self.mounted.append(target)
        return target

    def tmpfs(self, target: Path, size: str = "16m") -> Path:
        """A fresh, empty tmpfs of ``size`` at ``target`` (created when missing)."""
        return self._mount(["-t", "tmpfs", "-o", f"size={size}", "tmpfs"], target)

    def bind(self, source: Path, target: Path) -> Path:
        """``source`` seen at ``target`` too (``mount --bind``)."""
        return self._mount(["--bind", str(source)], target)

    def remount_read_only(self, target: Path) -> None:
        """The bind mount at ``target`` made read-only (a drive remounted after a disk error). Tried a few
        times: util-linux's mount may fail (exit 32) while another xdist worker mounts or unmounts at the
        same instant (seen once in a clean-clone CI run; it passes alone)."""
        for attempt in range(5):
            r = subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], capture_output=True, text=True)
            if r.returncode == 0:
                return
            time.sleep(0.2 * (attempt + 1))
        raise AssertionError(f"mount -o remount,ro,bind {target}: {r.returncode} {r.stderr.strip()}")

    def unmount(self, target: Path) -> None:
        """Unmount; the mount point stays behind, an empty directory."""
        r = subprocess.run(["umount", str(target)], capture_output=True, text=True)
        if r.returncode != 0:  # still busy (a file open somewhere): detach it anyway
            subprocess.run(["umount", "-l", str(target)], capture_output=True, text=True, check=True)
        self.mounted.remove(target)

    def unmount_all(self) -> None:
        for target in reversed(list(self.mounted)):
            try:
                self.unmount(target)
            except (subprocess.CalledProcessError, ValueError):
                pass


@pytest.fixture
def mounts():
    problem = mount_problem()
    if problem:
        pytest.skip(problem)
    m = Mounts()
    try:
        yield m
    finally:
        m.unmount_all()


def on_another_device(monkeypatch, fsid: bool = False) -> set[str]:
    """The folders a test adds to the returned set read as on another device than the one recorded
    (``core.scan.root_identity``), without mounting: a drive plugged back with a new device number,
    its file system id kept, as real mounts (which need root) leave them; with ``fsid``, on another
    file system too: an unplugged drive's empty mount point on the computer's disk, another drive
    (the rename rule, ``core.sync_missing``, takes the same file system id as the same drive). (A
    folder renamed away and an empty one made in its place has another inode: held too, as a folder
    deleted and made again: ``core.folder_identity``.)"""
    from dataclasses import replace

    import core.scan

    marked: set[str] = set()
    real = core.scan.root_identity

    def identity(root: str, st=None):
        found = real(root, st)
        if found is None or root not in marked:
            return found
        return replace(found, device=found.device + 1, fsid=found.fsid + 1 if fsid else found.fsid)

    monkeypatch.setattr(core.scan, "root_identity", identity)
    return marked
