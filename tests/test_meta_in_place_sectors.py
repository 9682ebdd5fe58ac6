"""``meta_in_place.patch_meta`` overwrites a few bytes of ``library.json`` in place (a run's end on a full disk,
271c16a). A power cut mid-write may tear a write across a disk sector (512 bytes) into a file that no
longer reads as JSON, so each ``"end_slot": "…"`` is written within one sector and a slot across
one is never patched; a reader, which takes no lock, reads the file again when it meets one half
written."""

from __future__ import annotations

import json
import re

import pytest

from core.library import meta as meta_io
from core.library import meta_in_place
from core.library.location import Location
from core.library.meta import LibraryMeta, LibrarySettings
from core.library.records import SCHEMA_VERSION


def _meta(pad: int) -> LibraryMeta:
    record = {f"/videos/{n}": {"files": 3, "failed": 0, "at": 1.5, "end_slot": f"{n:012x}"} for n in range(3)}
    return LibraryMeta(SCHEMA_VERSION, settings=LibrarySettings(other={"a": "x" * pad, "unfinished_index": record}))


def _slots(data: bytes) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rb'"end_slot": "[^"]*"', data)]


def test_each_slot_is_written_within_one_sector(tmp_path):
    for pad in range(0, 1100, 23):  # (the slots at every offset a sector can have them)
        meta_io.write_meta(Location(tmp_path), _meta(pad))
        data = (tmp_path / meta_io.META_FILE).read_bytes()
        assert len(_slots(data)) == 3
        for start, end in _slots(data):
            assert start // 512 == (end - 1) // 512, (pad, start, end)
        assert meta_io.read_meta(tmp_path).settings == _meta(pad).settings


def test_a_slot_across_a_sector_is_not_patched(tmp_path):
    text = json.dumps({"schema_version": SCHEMA_VERSION, "extra": {"a": "x" * 600}})
    data = (text[:-2] + ', "settings": {"end_slot": "0123456789ab"}}}').encode()
    at = data.index(b'"end_slot"')
    data = data[:at] + b" " * (512 - at % 512 - 10) + data[at:]  # (it starts 10 bytes before a sector's end)
    (tmp_path / meta_io.META_FILE).write_bytes(data)
    old = b'"end_slot": "0123456789ab"'
    with pytest.raises(ValueError, match="sector"):
        meta_in_place.patch_meta(Location(tmp_path), {old: b'"ended": "cancelled"'.ljust(len(old))})
    assert (tmp_path / meta_io.META_FILE).read_bytes() == data


def test_a_reader_reads_again_a_file_met_half_written(tmp_path, monkeypatch):
    where = Location(tmp_path)
    meta_io.write_meta(where, _meta(0))
    whole = (tmp_path / meta_io.META_FILE).read_bytes()
    at = whole.index(b'"end_slot"')
    torn = whole[:at] + b'"ended":t' + whole[at + 9:]  # (the first 9 bytes of '"ended": "cancelled"' written)
    reads = []
    real = Location.read_bytes

    def read_bytes(self, name):
        reads.append(name)
        return torn if len(reads) == 1 else real(self, name)

    monkeypatch.setattr(Location, "read_bytes", read_bytes)
    assert meta_io.read_meta(where).settings == _meta(0).settings
    assert len(reads) == 2


def test_a_file_damaged_for_good_is_still_said_damaged(tmp_path):
    from core.errors import DamagedDescriptionError

    (tmp_path / meta_io.META_FILE).write_bytes(b'{"schema_version": 1, "extra": {"a": ')
    with pytest.raises(DamagedDescriptionError):
        meta_io.read_meta(tmp_path)


def test_a_description_that_is_no_file_is_read_once(tmp_path, monkeypatch):
    """(A folder or a pipe named library.json, ``location.NotAFile``: damaged at once, never read again as
    a file met half written might be.)"""
    from core.errors import DamagedDescriptionError

    (tmp_path / meta_io.META_FILE).mkdir()
    reads = []
    real = Location.read_bytes
    monkeypatch.setattr(Location, "read_bytes", lambda self, name: reads.append(name) or real(self, name))
    with pytest.raises(DamagedDescriptionError, match="a folder, not a file"):
        meta_io.read_meta(tmp_path)
    assert len(reads) == 1
