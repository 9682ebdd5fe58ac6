"""Interlaced video (a camcorder's 1080i AVCHD or HDV, DV, broadcast recordings): each frame holds
two fields, its even lines shot a field's time before its odd ones. Shrunk as a whole, a frame
shows whatever moved twice, one copy over the other; a player deinterlaces. When a frame is shrunk
to no more lines than one field has (1080i to a model's 224 px or a thumbnail), its top field
alone loses nothing and shows one instant: :func:`use_field` says when, :func:`top_field` takes it
(FFmpeg's ``field`` filter: the frame's own planes, every other line, no copy).
"""

from __future__ import annotations

import threading
from fractions import Fraction

_graphs = threading.local()  # per thread: {(width, height, pixel format): the filter graph}
_MAX_GRAPHS = 8


def interlaced(frame) -> bool:
    """Whether the decoded ``frame`` (a PyAV ``VideoFrame``) holds two fields."""
    return bool(getattr(frame, "interlaced_frame", False))


def use_field(frame, coded_height: int) -> bool:
    """Whether to read the decoded ``frame`` by its top field, as it is scaled to ``coded_height``
    lines: an interlaced frame shrunk to at most a field's lines."""
    return interlaced(frame) and 0 < coded_height <= frame.height // 2


def top_field(frame):
    """The top field of ``frame``: a ``VideoFrame`` of the same width and half its lines."""
    import av

    graphs = _graphs.__dict__.setdefault("by_shape", {})
    shape = (frame.width, frame.height, frame.format.name)
    graph = graphs.get(shape)
    if graph is None:
        if len(graphs) >= _MAX_GRAPHS:
            graphs.clear()
        graph = av.filter.Graph()
        source = graph.add_buffer(width=frame.width, height=frame.height, format=frame.format,
                                  time_base=Fraction(1, 1000))
        field, sink = graph.add("field", "top"), graph.add("buffersink")
        source.link_to(field)
        field.link_to(sink)
        graph.configure()
        graphs[shape] = graph
    graph.push(frame)
    return graph.pull()
