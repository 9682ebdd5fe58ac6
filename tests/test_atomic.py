"""core.atomic: a file is replaced whole or not at all."""

from __future__ import annotations

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


def test_a_failed_write_keeps_the_old_file_and_cleans_up(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic.replacing(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.bin"]
