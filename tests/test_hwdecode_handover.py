"""The reader's side of a device handing a file over to software (core.hwdecode.guarded,
FrameReader.in_software): counted once, the software decoder's own packets, nothing left open.
Played by test_hwdecode's fake device (no GPU needed)."""

from __future__ import annotations

import av
import pytest

from core import hwdecode, reader_packets
from core.av_reader import FrameReader
from core.errors import MediaError
from core.media import FrameSampler
from tests.test_hwdecode import (DeviceContext, Packet, Proxy, SoftwareInside, drain, fake_device,  # noqa: F401
                                 fresh, h264, raw_h264)


def test_a_file_handed_to_software_is_counted_once(monkeypatch, h264, raw_h264):
    fake_device(monkeypatch, fail_at=25)
    FrameSampler(None).frames_at(h264, [0.5, 2.5, 5.5])
    assert hwdecode.stats == {"cuda": 1, "device failed": 1}  # (not "software" as well)
    monkeypatch.setattr(hwdecode, "stats", type(hwdecode.stats)())
    fake_device(monkeypatch)
    drain(raw_h264)  # opened again after the probe read it to its end (it cannot seek back)
    assert hwdecode.stats == {"cuda": 1}


def test_software_taking_over_knows_only_the_packets_it_was_handed(monkeypatch, h264):
    # (seek_ahead weighs a keyframe ahead against how far the decoder has been handed the stream)
    fake_device(monkeypatch, fail_at=60)
    real_note, seen = reader_packets.note_packet, []

    def note(reader, packet):
        real_note(reader, packet)
        if not isinstance(packet, Packet):  # a packet of the software decoder
            seen.append((packet.dts, reader.sent))

    monkeypatch.setattr(reader_packets, "note_packet", note)
    drain(h264)
    assert len(seen) > 10
    for i, (_, sent) in enumerate(seen):
        assert sent == max(dts for dts, _ in seen[: i + 1])


@pytest.mark.parametrize("fail_at, context", [(None, SoftwareInside), (1, DeviceContext)])
def test_a_probe_failing_after_the_handover_leaves_no_file_open(monkeypatch, h264, fail_at, context):
    fake_device(monkeypatch, fail_at=fail_at, context_type=context)
    opened, closed, fake_open = [], [], av.open

    class Closing(Proxy):
        def close(self):
            closed.append(self)
            self._real.close()

    def tracked(*args, **kw):
        opened.append(Closing(fake_open(*args, **kw)))
        return opened[-1]

    def bad_header(reader, width, height):
        raise MediaError(reader.path, "a header the probe refuses")

    from core import stream_facts

    monkeypatch.setattr(av, "open", tracked)
    monkeypatch.setattr(stream_facts, "video_info", bad_header)
    with pytest.raises(MediaError, match="refuses"):
        FrameSampler(None).open(h264)
    assert len(opened) == 2 and closed == opened  # on the device, then in software
