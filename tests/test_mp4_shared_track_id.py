"""Several tracks of an MP4 sharing one track_ID (a broken muxer's; here the sound's and the video's both 1):
FFmpeg makes a stream of each, both of that ``stream.id``, and decodes the video's samples as its index lists
them, so the reader asks the header's facts of its video by that id. Before, a shared id got no facts at all
(no edit list, no samples listed: ``mp4_header.by_id`` found two tracks); now the one video track among those
sharing it answers, and where several video tracks share it, or fragments name a shared id (FFmpeg gives those
to the first track of it only), none does: FFmpeg's own facts, and the one-time check opens the file."""

from __future__ import annotations

import struct

import pytest

av = pytest.importorskip("av")

from core import mp4_header, mp4_samples  # noqa: E402
from core.media import probe  # noqa: E402
from core.reader_recheck import steady_mp4  # noqa: E402
from tests.test_reader_fragments import write_with_sound  # noqa: E402

_ID_AT = {b"tkhd": (12, 20), b"tfhd": (4, 4), b"trex": (4, 4)}  # (track_ID's place in the payload: version 0, 1)


def shared(src, dst, boxes=(b"tkhd",)):
    """``src`` with track 2 named track 1 in its ``boxes`` (the video's 'tkhd': sound and video both track 1)."""
    data = bytearray(src.read_bytes())
    for kind in boxes:
        at = data.find(kind)
        while at >= 0:
            field = at + 4 + _ID_AT[kind][data[at + 4] == 1]
            if struct.unpack(">I", data[field:field + 4])[0] == 2:
                data[field:field + 4] = struct.pack(">I", 1)
            at = data.find(kind, at + 4)
    dst.write_bytes(bytes(data))
    return dst


def test_the_video_among_tracks_sharing_its_id_gives_the_header_facts(tmp_path):
    plain = write_with_sound(tmp_path / "plain.mp4", "", bframes=2)
    path = shared(plain, tmp_path / "shared.mp4")
    with av.open(str(path)) as c:
        assert [(s.type, s.id) for s in c.streams] == [("audio", 1), ("video", 1)]
    facts = [(mp4_header.edits_end(p, i), mp4_header.shown_end(p, i), mp4_header.samples_listed(p, i),
              mp4_samples.uneven(p, i), mp4_samples.shown_end(p, i)) for p, i in ((plain, 2), (path, 1))]
    assert facts[0][1] is not None and facts[0][2] and not facts[0][3]  # (a steady clip with an edit list)
    assert facts[1] == facts[0]  # (before: None, None, False, True, None)
    assert steady_mp4(str(path), 16) == steady_mp4(str(plain), 16)
    assert probe(path).duration == pytest.approx(probe(plain).duration, abs=1e-6)


def test_two_video_tracks_sharing_an_id_give_none():
    """(Which of them a reader decodes is not told by the id: FFmpeg's facts, as before.)"""
    sound, first, second = ({"id": 1, "handler": h} for h in (b"soun", b"vide", b"vide"))
    assert mp4_header.by_id([sound, first], 1) is first and mp4_header.by_id([first, sound], 1) is first
    assert mp4_header.by_id([sound, first, second], 1) is None and mp4_header.by_id([first], 2) is None


def test_fragments_naming_a_shared_id_are_not_read(tmp_path):
    """(FFmpeg gives a fragment to the first track of its id: here the sound's, both tracks' samples as one.)"""
    whole = write_with_sound(tmp_path / "frag.mp4", "frag_keyframe+empty_moov", bframes=2)
    path = shared(whole, tmp_path / "shared.mp4", (b"tkhd", b"tfhd", b"trex"))
    assert mp4_samples.fragmented(path) and mp4_samples.shown_end(whole, 2) is not None
    assert mp4_samples.shown_end(path, 1) is None and mp4_samples.uneven(path, 1)
    assert not mp4_samples.steady(path, 1.0, 0.5) and not steady_mp4(str(path), 16)  # (opened: FFmpeg's facts)
