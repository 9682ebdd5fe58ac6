"""mp4_header.whole_fragments on a long fragmented MP4 cut inside a fragment's header: hours of a
recorder writing a fragment a frame are millions of top-level boxes, walked when FFmpeg refuses the
file, which every open of it (probe, each pass, each thumbnail, each preview seek) does again."""

from __future__ import annotations

import struct
import tracemalloc

from core import mp4_header


def _box(kind: bytes, body: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _cut_recording(path, fragments: int) -> int:
    """An fMP4's box layout (an index, then 'moof' + 'mdat' pairs) whose last 'moof' is cut short;
    returns where that 'moof' starts."""
    data = _box(b"ftyp", b"isom\0\0\0\0") + _box(b"moov", _box(b"mvhd", bytes(100)))
    data += (_box(b"moof") + _box(b"mdat", b"x")) * fragments
    path.write_bytes(data + struct.pack(">I4s", 100, b"moof"))
    return len(data)


def test_the_walk_of_many_fragments_holds_no_list_of_them(tmp_path):
    """40,000 fragments (an hour of a fragment a frame at 30 fps is 108,000; the walk's bound
    is 2 million boxes): the old walk kept every box's tuple, ~15 MB here, ~400 MB at its bound."""
    path = tmp_path / "long.mp4"
    whole = _cut_recording(path, 40_000)
    tracemalloc.start()
    try:
        assert mp4_header.whole_fragments(path) == whole
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20


def test_the_fragments_are_walked_once_per_file_version(tmp_path, monkeypatch):
    path = tmp_path / "rec.mp4"
    whole = _cut_recording(path, 50)
    walks = []
    boxes = mp4_header._boxes
    monkeypatch.setattr(mp4_header, "_boxes", lambda *a, **k: walks.append(a[1:3]) or boxes(*a, **k))
    assert [mp4_header.whole_fragments(path) for _ in range(3)] == [whole] * 3
    assert len(walks) == 1
    longer = _cut_recording(path, 60)  # (the same name written again, longer: asked again)
    assert mp4_header.whole_fragments(path) == longer and len(walks) == 2


def test_a_recording_cut_in_its_media_data_or_whole_has_no_whole_fragments_to_read(tmp_path):
    path = tmp_path / "rec.mp4"
    whole = _cut_recording(path, 5)
    data = path.read_bytes()
    path.write_bytes(data[:whole])  # (whole: FFmpeg opens it)
    assert mp4_header.whole_fragments(path) is None
    path.write_bytes(data[:whole] + struct.pack(">I4s", 100, b"mdat"))  # (FFmpeg reads it as far as it goes)
    assert mp4_header.whole_fragments(path) is None
    path.write_bytes(data[:16] + struct.pack(">I4s", 1000, b"moov"))  # (cut in its index: no fragments)
    assert mp4_header.whole_fragments(path) is None
