"""Where an MP4/MOV video whose frames come reordered (B-frames) ends as it is shown, for
:func:`core.stream_facts.video_info`. FFmpeg's length of an MP4 track is its samples' decoding times'
('stts'); at a varying rate (a screen recording: a still of a second among its last reordered frames)
its last frames are shown later than that. With an edit list the header says where it is shown to
(``mp4_header.shown_end``); without one, only the frames' own timestamps do: :func:`last_frame_end`."""

from __future__ import annotations

import av

from core import file_open


def last_frame_end(reader) -> int | None:
    """The end of the last frame shown of ``reader``'s stream (its presentation timestamp plus its own sample's
    duration, in the stream's time base): the packets from its last keyframe the index lists, read
    by a demuxer of its own (not decoded: a group of pictures' bytes), as their last frame in decoding
    order may be shown before others. None where the index lists no keyframe or they cannot be read."""
    try:
        keys = [e.timestamp for e in reader.stream.index_entries if e.is_keyframe and not e.is_discard]
    except (AttributeError, TypeError, ValueError, OverflowError):  # (a PyAV without index_entries)
        return None
    if not keys:
        return None
    last = None  # (the latest pts demuxed, and its packet's duration)
    try:
        with file_open.open_file(reader.path, reader.budget.timeout_s) as container:  # (as the reader opened it)
            stream = container.streams[reader.index]
            container.seek(int(keys[-1]), stream=stream, backward=True, any_frame=False)
            for packet in container.demux(stream):
                if packet.pts is not None and packet.size and (last is None or packet.pts >= last[0]):
                    last = packet.pts, max(0, packet.duration or 0)
    except (av.FFmpegError, OSError, IndexError):
        return None
    # (the frame shown last lasts its own sample's duration: a packet's duration is its decoding delta, 'stts', and a
    # reordered one shown before a still carries the still's: pts 2.5 s + 1.5 s read a 3.77 s recording 4.0 s long)
    return None if last is None else last[0] + last[1]
