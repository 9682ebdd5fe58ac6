"""What a video file's own header says is wrong with it, for messages users can act on.

FFmpeg only says "cannot open" or decodes less than the header claims; an MP4/MOV's boxes tell
why. :func:`diagnose` reads at most a few MB of box headers, never the media data.
"""

from __future__ import annotations

import struct
from itertools import islice
from pathlib import Path

from core.bounded_read import open_bytes
from core.errors import NOT_A_VIDEO
from core.file_memo import FileMemo
from core.mp4_protection import entries_protection, group_protected

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta"}
_MAX_BOXES = 4096
# top-level boxes of a fragmented MP4 FFmpeg could not open, walked to find its whole fragments (two
# a fragment: hours of a recorder that writes one a frame; 8 bytes read each, only on that failure)
_MAX_FRAGMENT_BOXES = 1 << 21
_MAX_BOX_READ = 1 << 16  # bytes of a leaf box we read (mdhd, hdlr are tiny)
_MAX_MOOV = 64 << 20
# sample entries of a video whose frames are encrypted: FairPlay's (an iTunes Store purchase or
# rental), and Common Encryption's (a streaming service's download; also FairPlay in fragments)
ENCRYPTED = ("encrypted (DRM: a streaming service's or a store's download); only the app that "
             "downloaded it can play it")
_PROTECTED = {b"drmi": ("protected by DRM (FairPlay: a film or episode bought or rented from Apple); "
                        "only Apple's apps can play it"),
              b"encv": ENCRYPTED}
UNKNOWN_CODEC = ("its video codec is not one Seekframe can decode: if the file plays in a video player, convert it "
                 "to H.264 or HEVC to index it; if it plays nowhere, the file is damaged")
ANOTHER_COPY = "a copy from elsewhere (the camera's card, a backup) is needed"
# where a track's kind (its 'hdlr') cannot be read and no other track is video: FFmpeg makes it a
# 'data' stream, and the file looked like an audio file (s53: a camera's clip with its video's hdlr zeroed)
KIND_LOST = ("damaged MP4/MOV file: the header of one of its tracks is damaged (what the track holds cannot be "
             f"read) and no other track is video; {ANOTHER_COPY}")
# the sample entries of the codecs cameras, phones and encoders write: an unknown one a bit off one of
# these is that one damaged (s53: 'cvc1', a bit flipped in 'avc1')
_COMMON_ENTRIES = {b"avc1": "H.264", b"avc3": "H.264", b"hvc1": "HEVC", b"hev1": "HEVC", b"mp4v": "MPEG-4",
                   b"vp09": "VP9", b"av01": "AV1", b"jpeg": "Motion JPEG", b"mjpa": "Motion JPEG",
                   b"apcn": "ProRes", b"apch": "ProRes", b"apcs": "ProRes", b"apco": "ProRes", b"ap4h": "ProRes",
                   b"s263": "H.263", b"dvh1": "Dolby Vision", b"dvhe": "Dolby Vision"}
# real sample entries one bit off a common one, never taken as its damage: a good file of a codec this
# FFmpeg cannot decode ('avs3': AVS3, 'evc1': MPEG-5 EVC) needs converting, not another copy
_REAL_NEAR = {b"avc2", b"avs3", b"evc1", b"vp08", b"ap4x"}


def _boxes(f, start: int, end: int, depth: int = 0):
    """(type, payload offset, payload end, cut short) of the boxes in [start, end), containers
    walked (callers read at most ``_MAX_BOXES``)."""
    pos = start
    while pos + 8 <= end:
        f.seek(pos)
        head = f.read(8)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head)
        header = 8
        if size == 1:
            big = f.read(8)
            if len(big) < 8:
                return
            size, header = struct.unpack(">Q", big)[0], 16
        elif size == 0:
            size = end - pos
        if size < header:
            return
        box_end = pos + size
        yield kind, pos + header, min(box_end, end), box_end > end
        if kind in _CONTAINERS and depth < 8:
            yield from _boxes(f, pos + header, min(box_end, end), depth + 1)
        pos = box_end


boxes = _boxes  # (``core.mp4_samples`` reads the index's sample tables by them, within these bounds)
MAX_BOXES, MAX_MOOV = _MAX_BOXES, _MAX_MOOV


def edit_list(data: bytes) -> list[tuple[int, int]] | None:
    """An 'elst' payload's edits: (duration in the movie's timescale, media time in the track's; -1: an empty edit,
    a delay); None where its entries run past its bytes (a list cut by a read's bound too)."""
    if len(data) < 8:
        return None
    wide = data[0] == 1  # (version 1: 64-bit durations and media times)
    step, count = (20 if wide else 12), struct.unpack(">I", data[4:8])[0]
    if len(data) < 8 + step * count:
        return None
    form = ">Qq" if wide else ">Ii"
    return [struct.unpack_from(form, data, 8 + i * step) for i in range(count)]


def _tracks(f, moov_start: int, moov_end: int) -> list[dict]:
    """Per track: its ``id``, its media's ``timescale``, ``handler`` ("vide", "soun"...), first sample
    ``entry`` ("avc1", "drmi"...), ``edits_s``, how long its edit list shows, in seconds (empty
    edits too), and ``samples``, how many samples its index lists (0 in a fragmented MP4's empty index)."""
    tracks: list[dict] = []
    movie_scale = 0
    for kind, a, b, _ in islice(_boxes(f, moov_start, moov_end), _MAX_BOXES):
        if kind == b"trak":
            tracks.append({})
        if kind not in (b"mdhd", b"hdlr", b"stsd", b"elst", b"mvhd", b"tkhd", b"stsz", b"stz2", b"sgpd") or not (tracks or kind == b"mvhd"):
            continue
        f.seek(a)
        data = f.read(min(b - a, _MAX_BOX_READ))
        if kind == b"mvhd" and len(data) >= 24:
            off = 20 if data[0] == 1 else 12
            movie_scale = struct.unpack(">I", data[off:off + 4])[0]
        elif kind == b"elst" and len(data) >= 8 and movie_scale:
            edits = edit_list(data)
            durations = [0] if edits is None else [d for d, _ in edits]
            # (not said: a list cut by the read's bound; an edit of no duration, a fragmented MP4's
            # way to show its media to its end, however many fragments follow. A list of no entries
            # says no end: 0.0, the track read to its frames' own end, core.mp4_end, as without a list)
            if all(durations):
                tracks[-1]["edits_s"] = sum(durations) / movie_scale
        elif kind == b"tkhd" and len(data) >= 24:  # (its track_ID, after version/flags and two dates)
            tracks[-1]["id"] = struct.unpack(">I", data[20:24] if data[0] == 1 else data[12:16])[0]
        elif kind == b"mdhd" and len(data) >= 24:
            off = 20 if data[0] == 1 else 12  # after version/flags and creation/modification times
            tracks[-1]["timescale"] = scale = struct.unpack(">I", data[off:off + 4])[0]
            wide = data[0] == 1 and len(data) >= 32  # (then its media's duration)
            length = struct.unpack(">Q", data[24:32])[0] if wide else struct.unpack(">I", data[16:20])[0]
            if scale and 0 < length < (1 << 64) - 1 and length != 0xFFFFFFFF:
                tracks[-1]["media_s"] = length / scale
        elif kind == b"hdlr" and len(data) >= 12 and "handler" not in tracks[-1]:
            # the media's handler (mdia's hdlr) comes first; a QuickTime file's data handler
            # (minf's hdlr: "alis", "url ") after it says nothing of what the track holds
            tracks[-1]["handler"] = data[8:12]
        elif kind == b"stsd" and len(data) >= 16:  # (version, flags, count, then the first entry's size and type)
            tracks[-1]["entry"] = data[12:16]
            if (protected := entries_protection(data, tracks[-1].get("handler") == b"vide")) == b"clear":
                tracks[-1]["clear_scheme"] = True  # (a sample group may still mark samples encrypted)
            elif protected:
                tracks[-1]["protected"] = protected
        elif kind == b"sgpd" and data[4:8] == b"seig" and "clear_scheme" in tracks[-1] and group_protected(data):
            tracks[-1]["protected"] = b"encv"  # (samples said encrypted by their group, the default clear)
        elif kind in (b"stsz", b"stz2") and len(data) >= 12:  # (version, flags, a size or field width, count)
            tracks[-1]["samples"] = struct.unpack(">I", data[8:12])[0]
    return tracks


def protection_reason(path, track_id: int) -> str | None:
    """Why track ``track_id`` of an MP4/MOV cannot be read when its header says its frames are
    encrypted (DRM), though FFmpeg may open it and decode them into garbage; else None."""
    track = track_facts(path, track_id)
    return _PROTECTED[track["protected"]] if "protected" in track else None


def diagnose(path: str | Path) -> str | None:
    """A specific reason this MP4/MOV cannot be indexed (no video track, a zero timescale, no or a
    cut index), or is cut short (its media data ends early), or None when its header looks sound
    or it is no MP4/MOV."""
    try:
        with open_bytes(path) as f:
            f.seek(0, 2)
            size = f.tell()
            top = list(islice(_boxes(f, 0, size, depth=8), _MAX_BOXES))  # top level only
            if not top or top[0][0] not in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"):
                return None
            moov = next(((a, b, cut) for kind, a, b, cut in top if kind == b"moov"), None)
            if moov is None:
                if any(kind == b"mdat" for kind, *_ in top):
                    return ("damaged or incomplete MP4: its media data is there but its index ('moov' "
                            "box) is missing, as when a recording or download stops before it is finished: "
                            "download it again; a recording may be saved by a repair tool that rebuilds the "
                            "index from a whole clip of the same camera")
                return None
            start, end, cut = moov
            if end - start > _MAX_MOOV:
                return None
            tracks = _tracks(f, start, end)
    except OSError:
        return None
    video = [t for t in tracks if t.get("handler") == b"vide"]
    if tracks and not video:
        if any(_kind_lost(t) for t in tracks):
            return KIND_LOST
        kinds = sorted({t.get("handler", b"????").decode("latin-1") for t in tracks})
        if kinds == ["soun"]:
            return f"{NOT_A_VIDEO}an audio file (no video track, audio only)"
        return f"no video track (tracks: {', '.join(kinds)})"
    if protected := next((_PROTECTED[t["protected"]] for t in video if "protected" in t), None):
        return protected
    if any(t.get("timescale") == 0 for t in video):
        return "broken header: the video track's timescale is 0, so its frame times are unknown"
    if cut:
        return "truncated: the file ends inside its index ('moov' box); a download cut short?"
    if top[-1][0] == b"moof" and top[-1][3]:
        return ("truncated: the recording stops inside the header of one of its fragments ('moof' "
                "box), as when a recorder is stopped or a download cut short")
    if any(kind == b"mdat" and short for kind, _, _, short in top):
        return ("truncated: the file ends inside its media data ('mdat' box), before the end its "
                "header gives; a download or copy cut short?")
    return None


def video_seconds(path) -> float:
    """How long the file's longest video track plays by its index (its edit list, else its media's
    length), without FFmpeg; 0.0 where the index does not say (none, fragmented, unreadable)."""
    return max((t.get("edits_s") or t.get("media_s") or 0.0 for t in _moov_tracks(path)
                if t.get("handler") == b"vide"), default=0.0)


def _moov_tracks(path) -> list[dict]:
    """``_tracks`` of the file's index ('moov' box); none when it has none, or one too large, or it cannot be read.
    Parsed once per file version in a process (``core.file_memo``), with :func:`cover_first`: the probe of one open
    asks ``edits_end``, ``shown_end`` and ``samples_listed`` in turn; callers read the answer, never change it."""
    return _moov(path)[0]


def cover_first(path) -> bool:
    """Whether the index holds cover art before its first track ('covr' in an 'ilst' of a 'meta' or 'udta' ahead of
    the first 'trak': a tagger's way; FFmpeg's muxer writes it after them). FFmpeg makes it a stream as it reads
    it, every track after it one stream on: reader 19, which looked tracks up by stream index, read such a file's
    video by another track's header (``core.reader_recheck``). Read with the tracks; False where it cannot be."""
    return _moov(path)[1]


def _moov(path) -> tuple[list[dict], bool]:  # (the index's tracks, cover_first)
    try:
        return _MOOV_TRACKS.get(path, lambda st: _read_moov_tracks(path))
    except OSError:  # (not kept: a read that failed is tried again)
        return [], False


_MOOV_TRACKS: FileMemo[tuple[list[dict], bool]] = FileMemo()


def _read_moov_tracks(path) -> tuple[list[dict], bool]:
    with open_bytes(path) as f:
        f.seek(0, 2)
        moov = next(((a, b) for kind, a, b, _ in islice(_boxes(f, 0, f.tell(), depth=8), _MAX_BOXES)
                     if kind == b"moov"), None)
        if moov is None or moov[1] - moov[0] > _MAX_MOOV:
            return [], False
        return _tracks(f, *moov), _cover_first(f, *moov)


def _cover_first(f, start: int, end: int) -> bool:
    for kind, a, b, _ in islice(_boxes(f, start, end, depth=8), _MAX_BOXES):  # (the index's own boxes)
        if kind == b"trak":
            return False
        if kind in (b"udta", b"meta") and _holds_cover(f, kind, a, b):
            return True
    return False


def _holds_cover(f, kind: bytes, start: int, end: int, depth: int = 0) -> bool:
    """Whether box ``kind``'s payload [start, end) holds a 'covr' in an 'ilst' ('meta' as ISO's and QuickTime's)."""
    for first in ((start + 4, start) if kind == b"meta" else (start,)):
        for inner, a, b, cut in islice(_boxes(f, first, end, depth=8), _MAX_BOXES):
            if cut:
                break
            if inner == b"covr" and kind == b"ilst":
                return True
            if inner in (b"udta", b"meta", b"ilst") and depth < 3 and _holds_cover(f, inner, a, b, depth + 1):
                return True
    return False


def by_id(tracks, track_id: int) -> dict | None:
    """The track of ``tracks`` whose 'tkhd' names it ``track_id`` (FFmpeg's ``stream.id``, not its stream index:
    see :func:`cover_first`); where several share it (a broken muxer's: FFmpeg makes a stream of that id of each),
    the one video track among them, as a reader asks of its video; None where none, or several video tracks, do."""
    found = [t for t in tracks if t.get("id") == track_id]
    if len(found) > 1:
        found = [t for t in found if t.get("handler") == b"vide"]
    return found[0] if len(found) == 1 else None


def track_facts(path, track_id: int) -> dict:
    """The index's track ``track_id`` (:func:`by_id`), {} where there is none."""
    return by_id(_moov_tracks(path), track_id) or {}


def edits_end(path, track_id: int) -> float | None:
    """Where track ``track_id``'s edit list ends, in seconds from the movie's start (its empty edits,
    a start after the others', counted); None when it has none, or it is no video track."""
    track = track_facts(path, track_id)
    return track.get("edits_s") if track.get("handler") == b"vide" else None


def shown_end(path, track_id: int) -> float | None:
    """Where video track ``track_id`` ends as its header says it is shown: its edit list's end, no later than
    its media's length ('mdhd', which FFmpeg's muxer writes from its last frame's presentation end); None
    without both. (FFmpeg's own length of the track is its samples' decoding times': see
    ``core.stream_facts``.)"""
    track = track_facts(path, track_id)
    if track.get("handler") != b"vide" or "edits_s" not in track or "media_s" not in track:
        return None
    return min(track["edits_s"], track["media_s"])


def samples_listed(path, track_id: int) -> bool:
    """Whether the index lists samples of track ``track_id`` (not a fragmented MP4's, whose fragments hold them)."""
    return track_facts(path, track_id).get("samples", 0) > 0


def _kind_lost(track: dict) -> bool:
    """Whether a track's kind cannot be read: no 'hdlr', or one whose handler is no four printable letters."""
    handler = track.get("handler")
    return handler is None or not all(32 < c < 127 for c in handler.rstrip(b" "))


def kind_lost(path) -> str | None:
    """:data:`KIND_LOST` where the index holds no video track and one of its tracks' kind cannot be read
    (FFmpeg then lists sound and a 'data' stream: not an audio file, a damaged one); else None."""
    tracks = _moov_tracks(path)
    if tracks and not any(t.get("handler") == b"vide" for t in tracks) and any(map(_kind_lost, tracks)):
        return KIND_LOST
    return None


def undecodable_reason(path: str | Path) -> str:
    """Why a video track FFmpeg knows no decoder for cannot be read: its MP4 header's word (DRM),
    else its codec as an MP4 names it (a name no codec has, or one a bit off a common one's: damage),
    else that its codec is unknown."""
    if why := diagnose(path):
        return why
    video = [t for t in _moov_tracks(path) if t.get("handler") == b"vide"]
    entry = next((t["entry"] for t in video if "entry" in t), None)
    if entry is not None and not all(32 <= c < 127 for c in entry) or video and entry is None:
        return f"damaged MP4/MOV file: the name of its video's codec cannot be read; {ANOTHER_COPY}"
    if entry is None:  # (no MP4, or no index read)
        return UNKNOWN_CODEC
    near = entry not in _REAL_NEAR and next(((e, name) for e, name in _COMMON_ENTRIES.items()
                 if bin(int.from_bytes(e, "big") ^ int.from_bytes(entry, "big")).count("1") == 1), None)
    if near:
        return (f"damaged MP4/MOV file: its video's codec is named '{entry.decode()}', one bit off "
                f"'{near[0].decode()}' ({near[1]}), as damage leaves it; {ANOTHER_COPY}")
    return UNKNOWN_CODEC.replace("its video codec", f"its video codec ('{entry.decode().strip()}')")


def whole_fragments(path: str | Path) -> int | None:
    """How many bytes of a fragmented MP4 (phones', OBS's crash-safe recordings: an index, then a
    'moof' + 'mdat' pair per fragment) its whole boxes take, when it ends inside a box after its
    media data began that is no media data (a 'moof': FFmpeg's open reads every fragment's header,
    and refuses the file); None otherwise (an 'mdat' cut short FFmpeg reads as far as it goes).
    Worked out once per file version in a process (every open, probe and thumbnail of it asks),
    its boxes walked one at a time: hours of a fragment a frame are millions of boxes."""
    try:
        return _WHOLE.get(path, lambda st: _whole_fragments(path, st.st_size))
    except OSError:
        return None


_WHOLE: FileMemo[int | None] = FileMemo()  # whole_fragments' answers by file


def _whole_fragments(path, size: int) -> int | None:
    count, moof, moov_at, last, before = 0, False, 0, None, None  # (moov_at: the first moov's count)
    with open_bytes(path) as f:
        for box in _boxes(f, 0, size, depth=8):
            count += 1
            if count > _MAX_FRAGMENT_BOXES:
                return None
            moof = moof or box[0] == b"moof"
            moov_at = moov_at or (count if box[0] == b"moov" else 0)
            last, before = box, last
    if not moof or not moov_at or not last[3] or last[0] == b"mdat" or moov_at == count:
        return None
    return before[2]  # where the last box starts: the end of the whole one before it
