"""Where :class:`core.av_reader.FrameReader` goes when a wanted time is behind it or far ahead:
FFmpeg's seek to the keyframe before the time (stepping further back while it lands past it), a
walk over the packets instead where FFmpeg seeks by timestamps found in the bytes (an MPEG-TS/PS:
on from a seek some way before the time, ``by_timestamps``; a file with a timeline) or cannot seek
at all, and the check that a keyframe the index lists was one (``landed``). The reader's methods
``_seek``, ``_seek_pts`` and ``landed`` call these (callers and tests go through those); the reader
keeps the state they move (``prev``/``pending``, ``seek_gap_s``)."""

from __future__ import annotations

import math

import av

from core import hwdecode, packet_walk, stray_times, timeline, timeline_seek
from core.tracks import runs_on

WALK_MAX_S = 20.0  # in an MPEG-TS/PS, seeks this far ahead walk the packets; further, FFmpeg seeks


def seek(reader, t: float) -> None:
    """Position ``reader`` so that the next frame read is at or before ``t``."""
    reader.seeks += 1
    if reader.untimed:  # (frames timed by counting them: never sought; read again from the start)
        if t <= reader.last_t or reader.ended:
            reader._from_the_file_start()
            reader._from_the_start()
        return
    if reader.timeline or (reader.walks and reader.last_t < t <= reader.last_t + WALK_MAX_S and not reader.ended):
        return walk(reader, t)  # (further on, FFmpeg's seek: a walk reads every packet up to t)
    if reader.walks:
        return by_timestamps(reader, t)
    origin = reader.origin or 0
    end = known_end(reader)
    if t > end and not runs_on(reader.container):  # (past what the header says the video holds:
        t = end  # the keyframe before its end, not four seeks from t that decode nothing)
    for back in (0.0, 1.0, 4.0, 16.0, math.inf):
        target = max(0.0, t - back)
        try:
            reader._seek_pts(origin + int(target / reader.tb))
        except av.FFmpegError as e:  # a file FFmpeg cannot seek in: walked to t from its start,
            timeline.read_failed(reader.path, e, reader.budget.timeout_s)  # opened again (where the failed seek left its
            reader.seek_gap_s = math.inf  # demuxer is not known: a read error of the bytes it looked
            return walk(reader, t, anew=True)  # at, which FFmpeg says as EPERM, went on past t)
        reader.prev, reader.pending = None, reader._next()
        if not reader.landed(target):
            return
        if reader.pending is None and target > 0.0:
            # nothing decoded from where it landed, near the end (mid-file, ``landed`` reads the
            # file from its start): an entry past the last keyframe (an FLV's H.264 end-of-sequence
            # tag, listed as a keyframe): further back, as after landing past ``t``; a file truly
            # cut short decodes nothing there either, and is read to its end from an earlier seek;
            # from past the known end (a header that may go stale, ``runs_on``: sought to first),
            # back from that end (an FLV asked for 100 s of 12: 5 seeks, the file read from its start)
            t = min(t, end)
            continue
        if reader.pending is None or reader.pending[0] <= t + reader.tol:
            return
        if target == 0.0 and reader.pending[0] > reader.first_t + reader.tol:
            # landed past a keyframe even seeking to the start (MPEG-TS, -PS: FFmpeg seeks by
            # timestamps found in the bytes, and can start a keyframe's packet part-way)
            return walk(reader, t, anew=True)
        if target == 0.0:
            return


# In an MPEG-TS/PS, how far before the wanted time FFmpeg's seek goes for the walk on to the keyframe
# at or before it (``by_timestamps``): each step 8 times the one before, a group of pictures of up to
# 16 s found in 2 seeks; the next seek starts from the least step that would have found this one's
# keyframe with ``KEY_SLACK_S`` to spare (FFmpeg lands by decoding timestamps, a keyframe's a few
# frames before its own, and a packet late: a keyframe 1.99 s before the time is missed from 2 s).
KEY_BACK_S = (2.0, 16.0, 128.0)
KEY_SLACK_S = 0.5


def by_timestamps(reader, t: float) -> None:
    """To the keyframe at or before ``t`` in an MPEG-TS/PS: FFmpeg seeks it by timestamps found
    in the bytes and lands on the frame stamped at the target, any frame, not the keyframe before
    (the decoder rejects the packets from there up to the next keyframe: near the end, where none
    comes, nothing decoded; or it decodes a P-frame without its reference). So it seeks some way
    before ``t`` (``KEY_BACK_S``; from the known end for a time past it) and walks the packets on to
    the last keyframe at or before ``t``, decoding from there; where none lies between, or its
    first frame is no whole picture, further back, for this seek only (seeking stays on for the
    file); from the file's start at last. Before, a seek in the last group of pictures decoded
    nothing, a time past the end cost 4 seeks, and one that decoded a P-frame read the whole file
    from its start for every later time."""
    origin, near = reader.origin or 0, min(t, known_end(reader))
    for back in KEY_BACK_S[KEY_BACK_S.index(getattr(reader, "key_back_s", KEY_BACK_S[0])):]:
        target = max(0.0, near - back)
        try:
            reader._seek_pts(origin + int(target / reader.tb))
        except av.FFmpegError as e:  # (as in ``seek``: walked to from the file's start)
            timeline.read_failed(reader.path, e, reader.budget.timeout_s)
            reader.seek_gap_s = math.inf
            break
        past_landing_page(reader)
        again = lambda pts=origin + int(target / reader.tb): reader._seek_pts(pts) or past_landing_page(reader)  # noqa: E731
        if walked(reader, t, again, own=False):  # (a keyframe at or before t, after where it landed)
            reader.walked = True
            reader.prev, reader.pending = None, reader._next()
            if reader.pending is not None and whole(reader.pending[1]) and reader.pending[0] <= t + reader.tol:
                # (not the step that worked: once one time lay just after a keyframe 2 s apart, every
                # later seek walked 16 s of packets, 8 times what it needs)
                reader.key_back_s = next(s for s in KEY_BACK_S if s >= min(back, near - reader.pending[0] + KEY_SLACK_S))
                return
        if target == 0.0:
            break
    walk(reader, t, anew=True)


def past_landing_page(reader) -> None:
    """After FFmpeg's seek in an Ogg, the packets of the page it landed on are let go: FFmpeg times
    them back from the page's granule position (its last packet's end) at one tick a frame
    (oggparsevp8), so where a frame lasts more ticks (an Ogg VP8 whose time base is finer than its
    frames: 1/600, a variable-rate source's) the keyframe landed on came a frame late less a tick
    (19.16 s as 19.20 s), taken for its time by the walk: keyframes only gave it at that time. From
    the next page on, a packet's time is the page before's granule position, its own; the walk takes
    a keyframe there, or ``by_timestamps`` seeks further back (packets before the first keyframe
    after a seek are never decoded anyway: ``own=False``)."""
    if not reader.ogg:
        return
    first = next(reader.packets, None)
    while first is not None and (packet := next(reader.packets, None)) is not None:
        if isinstance(packet, packet_walk.Restart) or packet.pos != first.pos or packet.pos < 0:
            reader.packets.ahead.appendleft(packet)
            return


def walked(reader, t: float, again, own: bool = True, drop: bool = True, drop_own: bool = True) -> bool:
    """``reader.packets.walk`` on to the keyframe at or before ``t`` (whether one was met). Where it
    dropped that keyframe's group (past ``packet_walk.WALK_HOLD_BYTES``: 4K HEVC, a 100 Mbit/s
    recording with long groups of pictures), ``again()`` puts the demuxer back where the walk began
    and it goes on to that keyframe only, holding nothing: the group is decoded as it streams, from
    its keyframe; where it dropped the decoder's own group (``t`` in it), it walks again keeping
    that. Before, the walk stopped at the bound and every frame from there on to ``t`` was decoded
    (from the file's start: minutes of video for a thumbnail)."""
    met = reader.packets.walk(t, reader._packet_s, own=own, drop=drop, drop_own=drop_own)
    key = reader.packets.dropped
    if key is None:
        return met
    again()
    if key == packet_walk.OWN:
        return walked(reader, t, again, own, drop, drop_own=False)
    if reader.packets.walk(t, reader._packet_s, key=key):
        return True
    again()  # (not met again: decoded on from where the bound stops the walk, the same frames)
    return walked(reader, t, again, own, drop=False, drop_own=False)


def mpeg(reader) -> bool:
    """Whether ``reader``'s file is an MPEG-TS/PS, FFmpeg's seeks in which ``by_timestamps`` is for."""
    return not {"mpegts", "mpegtsraw", "mpeg"}.isdisjoint(str(reader.container.format.name).split(","))


def whole(frame) -> bool:
    """Whether ``frame``, the first decoded after a seek, can be: not a P-frame decoded without
    its reference."""
    return frame.key_frame or int(frame.pict_type) not in (0, 2)  # (AV_PICTURE_TYPE_NONE, _P)


def known_end(reader) -> float:
    """How far the video is known to play: its header's length, or further where its packets
    went (``inf`` before the probe knows it)."""
    info = getattr(reader, "info", None)
    return max(info.duration, reader.packet_end) if info is not None and info.duration > 0 else math.inf


def to_pts(reader, pts: int) -> None:
    """FFmpeg's seek to the keyframe at or before ``pts`` (in time-base units); frames from there."""
    reader.container.seek(int(pts), stream=reader.stream, backward=True, any_frame=False)
    # (an index's keyframe: what is rejected after it is damage; an MPEG-TS/PS seek by timestamps
    # may land between keyframes, whose packets the decoder rejects until the next one)
    reader.settled = reader.settled and not reader.walks
    reader.sent = -math.inf
    # (the packets run on from where it went, the first frame's time at the earliest: ``stray_times``)
    stray_times.restart(reader, max(reader._seconds(int(pts)), getattr(reader, "first_t", -math.inf)))
    reader._it = hwdecode.guarded(reader, reader._frames(), int(pts))
    reader.ended = False


def walk(reader, t: float, anew: bool = False) -> None:
    """On to the keyframe at or before ``t``, reading the packets before it without decoding
    them (``timeline.Packets.walk``); from the file's start when ``t`` is behind, or ``anew`` (in a
    file with a timeline, from the keyframe it would stop at, put there by its bytes where it can be:
    ``core.timeline_seek.jump``; so too ahead, where that keyframe lies past the packets read).
    The frame decoded next from here stays the one shown at ``t`` until a later one at or before
    it comes (no keyframe may lie between here and ``t``)."""
    before = reader.pending if reader.pending is not None and reader.pending[0] <= t + reader.tol else reader.prev
    start = anew or reader.ended or t <= reader.last_t
    # (a file with a timeline: to the keyframe by its bytes, not walked to from the file's start)
    moved = timeline_seek.jump(reader, t, start) if reader.timeline else None
    if start and moved is None:
        reader._from_the_file_start()
    if start or moved is not None:
        start, before = True, None
    # (the reader's packets end where the file cannot be read further, as a straight read ends: the
    # group before damage decodes, the stream then ends; an I/O error of the moment fails the read)
    if not start and not reader.timeline:  # (a group past the bound dropped on the way: the decoder's
        # frames from here are lost, FFmpeg seeks back to it, in an MPEG-TS/PS; elsewhere, an Ogg,
        # where a seek times a keyframe by the page after it, decoded on from where the bound stops)
        drop = mpeg(reader)
        met = reader.packets.walk(t, reader._packet_s, drop=drop, drop_own=drop)
        if reader.packets.dropped is not None:
            return by_timestamps(reader, t)
    else:
        def again():
            nonlocal before
            if timeline_seek.jump(reader, t, True) is None:
                reader._from_the_file_start()
            before = None
        met = walked(reader, t, again)
    reader.walked = True  # (the packets walked over were skipped by choice: the next frame may be
    reader.prev, reader.pending = before, reader._next()  # far past the last one decoded, no stray timestamp)
    # (frames decoded before the walk come first where a layer still held them: an MPEG-PS's untimed
    # frames, held until a timed one came, ``core.untimed_keys.timed``; shown before ``t``, none is the
    # keyframe's, and their P-frames were taken for an intra refresh's: seeks stopped for the file)
    while (met and reader.pending is not None and reader.pending[0] <= t + reader.tol
           and reader.packets.ahead and isinstance(reader.packets.ahead[0], packet_walk.Restart)):
        reader.prev, reader.pending = reader.pending, reader._next()
    if met and reader.pending is not None and not (whole(reader.pending[1]) and reader.pending[0] <= t + reader.tol):
        # the keyframe walked to is none to decode from: H.264 with intra refresh, whose container
        # marks each refresh's first frame a keyframe, shows nothing until the refresh is whole (a
        # P-frame 0.7 s on): the frame past ``t`` was given for it, and for every earlier time after
        from_the_start(reader)


def landed(reader, t: float) -> bool:
    """After a seek to the keyframe an index lists at or before ``t``: whether it was one. Not
    when the first frame is a P-frame decoded without its reference, or nothing decodes where
    the stream goes on: the index marks frames keyframes that are not (an MP4 without a sync
    sample table, an AVI index flagging every frame). Then seeks stop and the file is read
    from its start, as players read it (False)."""
    first = reader.pending[1] if reader.pending is not None else None
    if first is not None:
        lying = not whole(first)
    else:
        lying = t < reader.info.duration - reader.truncation_tolerance() if hasattr(reader, "info") else False
    if not lying:
        return True
    from_the_start(reader)
    return False


def from_the_start(reader) -> None:
    """The file's keyframes are no places to decode from: seeks stop (FFmpeg's and walks alike)
    and the file is read from its start, as players read it."""
    reader.keys, reader.seek_gap_s, reader.walks = [], math.inf, False
    reader._from_the_file_start()
    reader.prev, reader.pending = None, reader._next()
