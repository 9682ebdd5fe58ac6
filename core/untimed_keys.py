"""Keyframes and frames without timestamps in an MPEG-PS/TS, for :class:`core.av_reader.FrameReader`.

A program stream muxer stamps a PES with the time of a frame beginning in it, and small frames share
a PES (H.264 of flat or low-detail content: 19 of 750 packets timed at 720x576, DVD and camcorder-like
files stamped every ~0.7 s): most frames, keyframes among them, come without a timestamp. The reader
timed those by counting frames from the start, called the stream untimed and never sought in it: every
time behind the decoder read the file again from its start (a recording's every thumbnail decoded up
to it), and a walk never met a keyframe to decode from.

Now, while every frame is decoded (a skipping decoder's packets are timed by :mod:`core.skip_times`), here:

- A keyframe packet without a timestamp is given one for the walk (``note``): the decoding time counted
  on from the last timed packet (a packet a frame), plus its timeline part's keyframes' delay where the
  scan knows it (``Segment.key_delay``), else the most a timed packet is shown after its
  decoding time so far (``reorder``): never earlier than it is shown where a packet is a frame, so a
  walk never starts at a keyframe shown after the wanted time (a later guess costs one group more). The
  decoder is handed the packet without it (``handed``): its frame is timed by the frames, below.
- A frame without a timestamp (``timed``) is the frame before it plus one frame, as a read from the
  start counted it; where the decoder starts again (a seek, a walk's keyframe) frames without a
  timestamp are held until a timed one comes (up to ``HOLD_BYTES``) and timed back from it, a frame
  apart: the times a read from the start gives, a constant rate's; where the stream ends first (a
  seek into its last group after its last timestamp), on from the keyframe's decoding time and the
  delay timed keyframes had. Where none comes within the bound they go on untimed (the reader then
  counts them and reads from the start, as before).
"""

from __future__ import annotations

import av

from core import file_open, skip_times, timeline
from core.decode_modes import SKIP_FRAME

HOLD_BYTES = 192 << 20  # frames held after a seek until a timed one comes (~100 of 1080p, ~4 s)
JUMP_BACK_S = 1.0  # a timed frame that would put the keyframe before them this far before its guess: another clock's


def applies(reader) -> bool:
    """Whether ``reader``'s frames without timestamps may be timed here: an MPEG-PS/TS with a time
    base (while every frame is decoded: ``every_frame``)."""
    from core.reader_seek import mpeg

    return bool(reader.tb) and reader.walks and not reader.raw and mpeg(reader)


def every_frame(reader) -> bool:
    return reader.stamps and str(reader.stream.codec_context.skip_frame) == SKIP_FRAME["none"]


def packets(reader, demuxed):
    """``demuxed`` (the reader's packets) as the decoder is to have them: paired (``paired``), and
    timed where it skips frames (:func:`core.skip_times.packets`)."""
    return skip_times.packets(reader, paired(reader, demuxed))


def paired(reader, demuxed):
    """``demuxed`` (the reader's packets), each one read ahead of the next: where two share a PES
    (the same byte position) and its timestamp, FFmpeg's parser gave it to the frame that ended in
    that PES too, whose own time is earlier (a frame late: the frame shown before a keyframe at the
    keyframe's time, and every frame counted on from it two frames early with B-frames); it is the
    later frame's, which begins there, as the muxer stamped it (a decoder that skips frames too: its
    packets are timed by :mod:`core.skip_times`). A keyframe's delay counted off such a stamp (the next
    frame's, a P-frame's: 4 frames with 2 B-frames, its own 2) is not counted: a keyframe's delay is
    counted here, once its stamp is known its own (``reader.key_delay``: a seek into the last groups
    timed their frames on from the keyframe 2 frames late)."""
    if not reader.stamps:
        yield from demuxed
        return
    held = None
    for packet in demuxed:
        if (held is not None and packet.pts is not None and packet.pts == held.pts and packet.size
                and held.pos is not None and held.pos >= 0 and held.pos == packet.pos):
            held.pts = held.dts = None
        if held is not None:
            _own(reader, held)
            yield held
        held = packet
    if held is not None:
        _own(reader, held)
        yield held


def _own(reader, packet) -> None:
    """``packet`` with its own timestamp or none (``paired``): a keyframe's delay counted
    (``reader.key_delay``, the most so far), and the packet noted (``note``)."""
    if packet.is_keyframe and packet.pts is not None and packet.dts is not None:
        reader.key_delay = max(reader.key_delay, packet.pts - packet.dts)
    note(reader, packet)


def restart(reader) -> None:
    """The demuxer starts again elsewhere (a seek, the file opened again): no packet counted yet."""
    reader.dts_run = None  # the decoding time of the last packet read, counted on from a timed one
    reader.guessed = {}  # id -> (keyframe packet given a timestamp for the walk only, its likely own)


def _ticks(reader, packet) -> int:
    return int(packet.duration) if packet.duration else max(1, round(reader.frame_dur / reader.tb))


def note(reader, packet) -> None:
    """A packet read from the demuxer (before the walk or the decoder sees it)."""
    if packet.size == 0 or not every_frame(reader):
        return
    if packet.pts is not None and packet.dts is not None:
        reader.dts_run = packet.dts
        reader.reorder = max(getattr(reader, "reorder", 0), packet.pts - packet.dts)
        return
    if packet.pts is not None or reader.dts_run is None:
        return
    reader.dts_run += _ticks(reader, packet)
    if packet.is_keyframe:  # (the walk's guess: its part's keyframes' delay where the scan knows it, the most
        # a timed packet had so far where not; the file's most, a P-frame's, started walks up to a group early)
        own = reader.timeline.key_delay(packet) if reader.timeline is not None else None
        packet.pts = reader.dts_run + (getattr(reader, "reorder", 0) if own is None else own)
        reader.guessed[id(packet)] = (packet, reader.dts_run + _key_delay(reader, packet))


def _key_delay(reader, packet) -> int:
    """How long keyframe ``packet`` is likely shown after its decoding: its timeline part's keyframes'
    delay (``Segment.key_delay``, the scan's), else the most this reader's timed keyframes had
    (``reader.key_delay``). Clips joined byte for byte may each have other B-frames: the file's one delay
    put a seek into a later clip's last group (its frames timed on from its keyframe) up to 2 frames off."""
    own = reader.timeline.key_delay(packet) if reader.timeline is not None else None
    return own if own is not None else reader.key_delay


class KeyGuess:
    """What ``handed`` kept of a keyframe given a timestamp for the walk: its decoding time and a
    keyframe's usual delay (``guess``), the timeline's part handed with it (``part``). Its packet
    carries it to its frame (FFmpeg's ``opaque``, copied: ``copy_opaque``), as a frame comes out of
    the decoder some packets after its own: its reorder delay and a packet a frame thread (15 on a
    machine of 14 cores or more, FFmpeg's choice), a group of pictures of 16 frames or fewer: the
    next keyframe had been handed, and a seek into the last groups timed their frames on from its
    guess, a group late (the frame shown at 9.0 s of a 10 s VOB with sound was the one at 8.33 s)."""

    __slots__ = ("guess", "part")

    def __init__(self, guess: int, part: int | None):
        self.guess, self.part = guess, part


def handed(reader, packet) -> None:
    """``packet`` goes to the decoder: a timestamp given for the walk is taken back (its decoding time
    and a keyframe's usual delay kept, for frames after it that no timed one follows: ``timed``)."""
    guess = reader.guessed.pop(id(packet), None) if reader.guessed else None
    if guess is not None and guess[0] is packet:
        packet.pts = None  # (the part it lies in: the timeline's, once handed; ``timeline.hand`` read its opaque)
        packet.opaque = KeyGuess(guess[1], reader.timeline.sent if reader.timeline else None)
        reader.stream.codec_context.copy_opaque = True  # (its frame carries it: ``_kept``)


def _kept(frame) -> tuple[int | None, int | None]:
    """The guess and part ``handed`` gave the keyframe packet of ``frame`` (None, None: none)."""
    mark = frame.opaque
    return (mark.guess, mark.part) if isinstance(mark, KeyGuess) else (None, None)


def timed(reader, frames):
    """``frames`` (decoded, in the order shown) with a timestamp each where the stream has them
    only here and there (module doc). ``reader.fresh``: the decoder started again (a walk's keyframe)."""
    last, held, size, guess, part = None, [], 0, None, None
    reader.fresh = True
    for frame in frames:
        if not every_frame(reader):
            yield from held
            held = []
            yield frame
            continue
        if reader.fresh:
            reader.fresh, last = False, None
            yield from held
            held, size = [], 0
        step = max(1, round(reader.frame_dur / reader.tb))
        if frame.pts is not None:
            joined = part is not None and reader.timeline.sent > part  # (a later part handed since the keyframe)
            if not _on_from_key(held, guess, frame.pts - len(held) * step, step, reader.tb, joined):
                for k, early in enumerate(reversed(held), 1):
                    early.pts = frame.pts - k * step
            yield from held
            held, size, last = [], 0, frame.pts
            yield frame
        elif last is not None:
            last = frame.pts = last + step
            yield frame
        else:
            if not held:  # (the keyframe's own, whatever was handed since: ``KeyGuess``)
                guess, part = _kept(frame)
            held.append(frame)
            size += _bytes(frame)
            if size > HOLD_BYTES:  # (no timed frame within the bound: untimed, as before)
                yield from held
                held, size = [], 0
    if every_frame(reader):
        _on_from_key(held, guess, None, max(1, round(reader.frame_dur / reader.tb)), reader.tb)
    yield from held


def _on_from_key(held: list, guess: int | None, back: int | None, step: int, tb: float, joined: bool = False) -> bool:
    """Time ``held`` (frames after a keyframe without a timestamp) on from ``guess``, that keyframe's
    decoding time and keyframes' usual delay (``KeyGuess``: its packet's, handed), where no timed frame
    of its clock came after them: the stream ended (``back`` None), or the timed frame timing them
    back would put the keyframe at ``back``, a clock's jump away from the guess (back more than
    ``JUMP_BACK_S``, on more than ``timeline.FORWARD_S``): the next part's of clips joined byte for
    byte (DVD VOBs, camcorder clips), whose clock starts again. Before, a seek into a part's last
    group timed its frames back from the next part's first: frames shown some frames from their
    own times. ``joined``: the decoder was handed a later part of the timeline since the keyframe (the
    timed frame most likely that part's): a jump is a clock's (``timeline.BACK_S``, 3 frames at least)
    either way; a part of 0.6 s whose clock and the next's both start at 0 put ``back`` only 0.6 s
    before the guess, its frames timed as the next part's. Whether it timed them."""
    if not held or guess is None or not held[0].key_frame:
        return False
    near = max(timeline.BACK_S / tb, 3 * step) if joined else None
    if back is not None and (guess - near <= back <= guess + near if joined else
                             guess - JUMP_BACK_S / tb <= back <= guess + timeline.FORWARD_S / tb):
        return False
    for k, frame in enumerate(held):
        frame.pts = guess + k * step
    return True


def _bytes(frame) -> int:
    return sum(p.buffer_size for p in frame.planes) if frame.planes else 3 * frame.width * frame.height


COUNTED_PACKETS = 1024  # packets a recheck reads (``counted_by_11``): ~40 s of 25 fps


def counted_by_11(reader) -> bool:
    """Whether reader 11 (``core.video_info.READER``) timed frames of the file ``reader`` has open
    by counting them: an MPEG-PS/TS with packets without a timestamp among its first
    ``COUNTED_PACKETS`` (FFmpeg fills in an MPEG-1/2 stream's; H.264's sharing a PES it leaves
    without), read by a demuxer of its own (not decoded), for a recheck (``core.media.reads_as_by``)."""
    if not getattr(reader, "stamps", False):
        return False
    try:
        with file_open.open_file(reader.path, reader.budget.timeout_s) as container:  # (as the reader opened it)
            stream = container.streams[reader.index]
            for n, packet in enumerate(container.demux(stream)):
                if n >= COUNTED_PACKETS:
                    return False
                if packet.size and packet.pts is None and packet.dts is None:
                    return True
    except (av.FFmpegError, IndexError, OSError):
        return True  # (not read through here: read again, as any file whose read is in doubt)
    return False
