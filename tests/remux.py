"""``remux``: a video's packets copied as they are (no decoding) into another file, its muxer given
FFmpeg's options: a fragmented MP4 (``movflags``), an MP4 with its index first (``faststart``). Shared
by the tests that need the same frames in another container, and by ``benchmarks/mp4_recheck.py``."""

from __future__ import annotations

from pathlib import Path


def remux(src, dst, **options: str) -> Path:
    """``src``'s first video stream's packets (those with a decoding time) copied into ``dst``, whose
    muxer takes ``options`` (``movflags="frag_keyframe+empty_moov"``); ``dst`` as a ``Path``."""
    import av

    with av.open(str(src)) as source, av.open(str(dst), "w", options=options) as out:
        stream = out.add_stream_from_template(source.streams.video[0])
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    return Path(dst)
