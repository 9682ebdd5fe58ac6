"""core.bounded_read where the system has no ``os.pread`` (Windows' Python): a header read there is still
read, by a seek and a read on the file's own descriptor (47fde05 called os.pread alone: every MP4, AVI,
Ogg, MPEG-TS or MPEG-PS look then raised AttributeError)."""

import os

from core.bounded_read import open_bytes


def test_a_file_is_read_where_the_system_has_no_pread(tmp_path, monkeypatch):
    path = tmp_path / "clip.bin"
    data = bytes(range(256)) * 64
    path.write_bytes(data)
    monkeypatch.delattr(os, "pread")
    with open_bytes(path, timeout_s=30) as f:
        assert f.read(100) == data[:100]
        f.seek(5000)
        assert f.read(10) == data[5000:5010]
        assert f.raw.pread(7, 12) == data[12:19]
        f.seek(-4, os.SEEK_END)
        assert f.read() == data[-4:]
        assert f.tell() == len(data)
