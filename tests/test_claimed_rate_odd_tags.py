"""A Matroska or FLV file whose tags are not UTF-8 (a title written in Latin-1 by an older muxer or
tagger, common in older MKVs) is read as before: the look at its first packets for a slideshow whose
rate is only claimed (``core.sparse_rate``, b1c5b38) opened the file with PyAV's strict tag decoding,
whose UnicodeDecodeError made every such file fail to index where the reader itself (which reads
tags leniently: ``core.video_open``) read it."""

from __future__ import annotations

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import sparse_rate  # noqa: E402
from core.media import FrameSampler, reads_as_by  # noqa: E402


def write_latin1_tagged(path, fmt: str):
    """Two seconds of 30 fps H.264 whose title tag holds a byte that is not UTF-8 (0xE9: Latin-1 é)."""
    with av.open(str(path), "w", format=fmt) as out:
        out.metadata["title"] = "cafXYZcafe"
        s = out.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"bf": "2"}
        for i in range(60):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 4, np.uint8), format="rgb24")
            out.mux(s.encode(frame))
        out.mux(s.encode())
    data = path.read_bytes()
    assert data.count(b"cafXYZcafe") == 1
    path.write_bytes(data.replace(b"cafXYZcafe", b"caf\xe9YZcafe"))
    with pytest.raises(UnicodeDecodeError):  # (the tag is what this test says it is)
        av.open(str(path)).close()
    return path


@pytest.mark.parametrize("fmt,ext", [("matroska", "mkv"), ("flv", "flv")])
def test_a_file_whose_tags_are_not_utf8_is_indexed(tmp_path, fmt, ext):
    path = write_latin1_tagged(tmp_path / f"tagged.{ext}", fmt)
    sampler = FrameSampler(size=None, skip="nonref")  # (indexing's)
    reader = sampler.open(str(path))
    try:
        got = sampler.frames_at(reader, [0.5, 1.0, 1.5])
        assert len(got.frames) == 3
        assert sparse_rate.sparser(reader, 1.0) is False  # (30 fps: no slideshow)
        assert reads_as_by(reader, 12) in (True, False)  # (the recheck of a library reader 12 indexed)
    finally:
        reader.close()
