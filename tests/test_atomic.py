"""core.atomic: a file is replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import atomic


def test_replacing_swaps_in_the_new_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "data.bin"
    atomic.write_bytes(target, b"old")
    with atomic.replacing(target, durable=True) as tmp:
        assert tmp.parent == target.parent and tmp != target
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # readers see the old file until the end
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["data.bin"]


@pytest.mark.real_fsync
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names an open file by /proc")
def test_a_durable_write_syncs_the_file_before_it_replaces_and_its_folder_after(tmp_path, monkeypatch):
    """With the real ``os.fsync`` (the other tests' returns at once): a durable replace syncs the new
    file before it takes the old one's name and the folder after; a plain one syncs nothing."""
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    real, synced = atomic.os.fsync, []

    def fsync(fd):
        real(fd)
        synced.append((atomic.os.readlink(f"/proc/self/fd/{fd}"), target.read_bytes()))

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    atomic.write_bytes(target, b"plain")
    assert synced == []
    atomic.write_bytes(target, b"new", durable=True)
    assert len(synced) == 2
    (first, seen_first), (second, seen_second) = synced
    assert first != str(target) and Path(first).parent == tmp_path and seen_first == b"plain"  # the new file, before
    assert second == str(tmp_path) and seen_second == b"new"  # the folder, after


def test_a_failed_write_keeps_the_old_file_and_cleans_up(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic.replacing(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.bin"]


@pytest.mark.skipif(not hasattr(atomic.os, "getuid"), reason="POSIX permissions")
def test_a_new_file_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    old = atomic.os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.bin"
        atomic.write_bytes(fresh, b"x")
        assert fresh.stat().st_mode & 0o777 == 0o640  # 0o666 less the umask, not mkstemp's 0o600
        kept = tmp_path / "kept.bin"
        kept.write_bytes(b"old")
        kept.chmod(0o604)
        atomic.write_bytes(kept, b"new")
        assert kept.stat().st_mode & 0o777 == 0o604
    finally:
        atomic.os.umask(old)
