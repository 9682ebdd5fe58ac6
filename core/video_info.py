"""What probing a video tells, apart from :mod:`core.av_reader`, which fills it, so that the indexing
process unpickles the ``VideoInfo`` of every decode process without importing PyAV."""

from __future__ import annotations

import os
from dataclasses import dataclass

# How this version reads a video's frames. A video indexed by an earlier reader is checked again
# (``core.sync``: ``VideoRecord.reader``) and its thumbnails are made again (``core.thumbnails``).
# 1 (or 0: a library of format 2 or older, which did not record it): frames as stored;
# 2: as players show them: turned (a phone's portrait video), stretched (anamorphic), HDR to SDR;
# 3: interlaced frames (1080i, DV) by one field where they are shrunk to a field's lines or fewer;
# 4: the video track a player shows (not a one-frame thumbnail track before it: core.tracks), a
# slideshow's every frame (core.media.SPARSE_FPS), Matroska tracks by their own length, times
# from the file's start as players count them, not the video's (core.tracks.file_origin). A video
# that failed under an earlier reader is tried again once (core.sync);
# 5: a file cut short (a download that did not finish) is indexed as far as it plays, where 4 failed
# it: its frames are read as 4 reads them, so only videos that failed are tried again;
# 6: a file whose clock starts again part-way (joined camcorder clips, a DVR's recording) is read
# whole, and seeks in MPEG-TS and -PS land where asked (core.timeline); a bare stream whose frames
# carry no timestamps is read with every frame (with B-frames it read as half its length); a
# damaged file is indexed around its damage, where 5 failed it. Only the files of the formats this
# touches (REREAD_6) are checked again; those that failed are tried again;
# 7: an MPEG-TS whose video changes PID part-way (recordings joined, a DVR that started its stream
# again) is read through every part, where 6 read the first part only (core.timeline.others): its
# files (REREAD_7) are checked again;
# 8: a chained Ogg (recordings joined one after another) is read through all its parts, where 7
# failed one with sound ("not yet implemented in FFmpeg") and took each later part's header packets
# for damaged frames, playing the part 0.2 s late (core.ogg_chain): its files (REREAD_8) are checked
# again, and every video 7 failed is tried again once. (An animated WebP, which no reader before 8
# read, core.webp_reader, was never indexed: a scan counted it as an image.)
# 9: a Dahua .dav recording's parts after a gap are timed by its chunks' own clock (core.dhav.knots:
# 8 played them a frame early, or up to a second late when it resumed part-way through a second),
# and a chained Ogg whose parts reuse their stream serials is read through all its parts (8 read its
# first part only): their files (REREAD_9) are checked again, and every video 8 failed is tried again.
# 10: a fragmented MP4 that stops inside a fragment's header (a phone's or OBS's recording stopped
# part-way), which FFmpeg refuses to open, is read as its whole fragments (core.mp4_header.
# whole_fragments), where 9 failed it; a video track FFmpeg has no decoder for (DRM, an unknown codec)
# fails saying so, not "unexpected error": every video 9 failed is tried again once.
# 11: a file whose clock may jump (MPEG-TS and -PS, Ogg, Dahua DVR: core.timeline.may_jump) is
# timed anew where 10 timed it by order: a forward jump narrower than 4 times the spacing of its 64
# samples (a minute's dropout in an hour's recording, core.clock_samples) now gets a timeline,
# keyframes more than 10 s apart read keyframes only are no longer taken for stray timestamps, and a
# stray packet stamped hours on no longer stretches its length (a 20 s VOB recorded 3 h long:
# core.stray_times). Its files (REREAD_11) are checked again (read again where 10 read them
# otherwise: core.media.reads_as_by) and their thumbnails made again.
# 12: an MPEG-PS's video is timed as its muxer stamped it: MPEG-1/2 whose keyframes FFmpeg timed a frame
# or more off (1-3 frames around some keyframes: core.ps_clock), and H.264 whose frames, keyframes among
# them, share a PES and its one timestamp, which 11 timed by counting the frames decoded (core.untimed_keys,
# core.skip_times): indexed skipping frames (nonref) with B-frames, frames were stamped up to 0.8 s off
# their time, the quick pass's keyframes up to 10.6 s. Its files (REREAD_12) are checked again; those
# whose frames 11 counted (untimed_keys.counted_by_11) are read again, the others kept (MPEG-2 off by
# no more than media.MOVED_S), and their thumbnails made again. An MPEG-TS whose frames come without a
# timestamp (a PES stamped every few frames, as the standard allows: one at least every 0.7 s) is timed by
# untimed_keys and skip_times too, which 11 counted (indexing a B-frame one: frames up to 0.44 s off); its
# files are in REREAD_12 as well (11 indexed them; 12 read them so from the start, so no new version).
# 13: a slideshow (or a recording that writes a frame only when something changes) whose container only
# claims a usual rate (Matroska's DefaultDuration, FLV's metadata, an MPEG-TS/PS's first frames: 30 a
# second) is decoded whole as one whose header says it is sparse (core.sparse_rate), where 12 skipped its
# B-frames (nonref), each standing for a slide (an MKV of a slide every 3 s: a slide early for 48 of 119
# times); an MPEG-TS/PS slideshow is read from its start again from the file's start where FFmpeg's seek
# to its first frame lands past it (FrameReader._restart: 12 lost the slides before the landing); an FLV
# whose clock starts again part-way (a recorder's appended stream, FLVs joined) is read through a timeline
# (core.flv_clock), where 12 read its first part only and called it cut short. Its files (REREAD_13) are
# checked again; those read so (media.reads_as_by) embedded again, the others kept.
# 14: MPEG-TS/PS clips joined byte for byte (cat) whose frames mostly come without a timestamp (H.264:
# small frames share a PES) are read with each part after the first where it starts: 13 ended a part at
# its last timed packet plus the step between timed packets (~1 s), not where its untimed last frames end
# (core.part_ends: two joined H.264 PS clips, the second 0.88 s late without B-frames, 0.28 s with; each
# join adding), and keyframes only, a time in a stream's untimed last frames is the last keyframe's, where
# 13 answered none, past its end (core.reader_packets). Its files (REREAD_14) are checked again; those whose
# parts 13 put more than media.MOVED_S off (Timeline.moved_by_13) embedded again, the others kept.
# 15: a very short clip in MPEG-PS/TS clips joined byte for byte (a clip stopped at once: 0.6-1 s of H.264,
# one or two packets timed), first, last or between two others, is a part of its own, where 14 took it for
# stray timestamps or ran it into the next part, timing its frames as another part's and every later part
# a clip's length early (core.part_cuts: 0.6 s + 6 s + 6 s, 12.55 s read as 11.96); a part after a stray
# stamp ends where its frames end (core.part_ends: 14, 2 frames late with B-frames); a short run between a
# Dahua DVR recording's gaps is a part too; a .dav with a hole after it (a preallocated file a recording
# stopped in) is read as without the hole, where 14 read its length 1, 2 or 3 s by where its data ended in
# its block (core.zero_bytes.data_end). Its files (REREAD_15) are checked again; those whose parts 14 put
# more than media.MOVED_S off (Timeline.moved_by_14; a short part 14 had not) embedded again, a .dav also
# where 14 recorded it shorter than it reads by more (measured: never; 14 decoded such a file to its end,
# as long or longer), the others kept. (Ogg, which part_cuts cuts too, reads alike: every packet of it is
# timed, and a link of 1-2 frames runs on into the next, no short run.)
# 16: an MPEG-PS/TS whose first PES are stamped far off (a recorder's clock glitch at its start) starts at
# its first frame (core.part_cuts.stray_origin), where 15 started it at the stray stamps: a single 20 s clip
# read 0.04 s long, its frames all at 0 s, joined clips hours long (called cut short); a short MPEG-2 clip
# with B-frames between others ends where it ends (core.ps_genpts: Timeline.own), where 15 ended it a frame
# late and every later frame came 0.04 s late. Its files (REREAD_16) are checked again; those 15 read
# otherwise by more than media.MOVED_S (core.reader_recheck.moved_by_15: every one of the first kind, few
# of the second: 0.04 s a short clip) embedded again, the others kept.
# 17: an MP4/MOV of B-frames at a varying rate (a screen recording: 60 frames a second while something moves,
# one frame for a still) is as long as its frames are shown (core.stream_facts: its edit list's end, else its
# last frame's timestamp and duration, core.mp4_end), where 16 took FFmpeg's length of its decoding times (a
# 42.28 s recording 41.39 s long, its last still never indexed), and decoded whole where frames shown half a
# second or more hold 5% of its time (core.sparse_rate.stills), where 16 skipped a B-frame beginning a still
# and showed the frame before it for the whole still. Its files (REREAD_17) are checked again: those whose
# sample table says neither can move its moments by more than media.MOVED_S (core.mp4_samples.steady: no
# composition offsets, or no frame shown that long and offsets within MOVED_S: a phone's steady-rate clip)
# kept from their index alone, never opened by FFmpeg; the others opened, and embedded again where 17 reads
# them longer by more than MOVED_S or decodes them whole (core.reader_recheck), the others kept. Their
# thumbnails stand (thumbs_since): a thumbnail's frames are all decoded, and a time 16 sampled shows the
# frame it showed.
# 18: a screen recording at a varying rate with B-frames in Matroska, FLV or MPEG-TS/PS (a recording remuxed
# from MP4) is decoded whole where frames shown half a second or more hold 5% of its first packets' time
# (core.sparse_rate.stills, its first 600 packets demuxed), where 17 skipped a B-frame beginning a still; an
# MPEG-PS/TS whose first PES is stamped far off in its PTS alone, its DTS right, starts at its first frame
# (core.part_cuts.pts_strays), where 17 started it at the stray PTS (a 20 s clip read 0.04 s long). Its files
# (REREAD_18: REREAD_13's, .mkv .webm .mk3d .flv and MPEG-TS/PS) are checked again; those decoded whole now
# but not by 17 (a slideshow 13 decoded whole aside) or with such a PTS (Timeline.pts_delay) embedded again
# (core.reader_recheck), the others kept. Their thumbnails stand (thumbs_since): a thumbnail decodes every
# frame, and the stray-PTS file's moments all move.
# 19: MPEG-PS/TS clips joined byte for byte where one is 2-3 frames long (a clip stopped at once), both clocks
# from the same time, read the short clip as a part of its own (core.part_cuts.restarted: a keyframe going back
# to or before its run's first decoding time; core.ps_genpts ends an MPEG-2 one there), where 18 ran it into the
# next clip: the file 2-3 frames short, the short clip's frames and every later frame that early (6 s + 0.08 s +
# 6 s read 12.0 s). Its files (REREAD_19: REREAD_12's, MPEG-TS and -PS) are checked again, those with such a part
# (Timeline's Segment.restart) embedded again, the others kept; their thumbnails made again (thumbs_since): a
# time after such a part shows another frame, in the short clip another clip's.
# 20: an MP4/MOV whose index holds cover art before its tracks (core.mp4_header.cover_first: a tagger's, FFmpeg making a
# stream of the picture ahead of them) has its video's header facts read from its own track, looked up by
# track_ID (core.mp4_header, core.mp4_samples), where 19 read another track's or none by FFmpeg's stream
# index (a screen recording of B-frames at a varying rate 2.58 s of 3.77 s); a fragmented one of B-frames at a
# varying rate without an edit list is as long as its fragments' samples are shown (mp4_samples.shown_end),
# where 19 took FFmpeg's length of their decoding times (2.58 s of 3.77 s), also where its index lists its
# first fragment's samples, steady, and the later ones vary (frag_keyframe without empty_moov). Its files
# (REREAD_20: REREAD_17's) are checked again: those whose index says reader 17's check keeps them
# (core.mp4_samples.steady), no cover art before their tracks, kept from it alone; the others opened, and
# those with such cover art or read longer from their fragments by more than media.MOVED_S embedded again
# (core.reader_recheck), the others kept. Their thumbnails stand: a time 19 sampled shows the same frame.
# 21: a fragmented MP4/MOV of B-frames whose stills come after the fragments FFmpeg reads at open (a segment
# index, 'sidx', lists them: FFmpeg's dash+global_sidx, a DASH download; its index at open held 32 of 210 samples) is
# decoded whole where its fragments' samples say so (core.sparse_rate.stills from core.mp4_samples' whole table),
# where 20 told its stills by FFmpeg's index at open, saw none and skipped the B-frames beginning them (12 of a
# recording's 37 sampled frames the frame before a still). Its files (REREAD_21: REREAD_17's) are checked again: a
# library of 20's those whose every sample FFmpeg's index at open lists (core.mp4_samples.listed_at_open: unfragmented,
# or fragmented without a 'sidx', FFmpeg's open reading every fragment; or no still by either count, never_held) kept
# from it alone, never opened by FFmpeg;
# the segment-indexed ones opened, and embedded again where the two tell their stills otherwise (core.reader_recheck),
# the others kept. Their thumbnails stand: a thumbnail decodes every frame.
# 22: an MP4/MOV of B-frames at a varying rate whose video's edit list has no entries is read to its frames' own end
# (core.mp4_end: 3.77 s, where 21 took FFmpeg's length of its decoding times, 2.58 s), the last frame shown timed by
# its own sample's duration (21: the largest decoding delta, a still's, 4.0 s); an MP4 cut short inside its media
# data is said cut short, and indexed to where it stops, on the preview's numbers (core.av_reader.said_cut_short with
# core.mp4_cut.playable_s). Its files (REREAD_22: REREAD_17's) are checked again: those whose index says none of
# that can be (core.reader_recheck.ends_otherwise_by_21) kept from it alone, never opened by FFmpeg; a cut one
# embedded again, one read to its frames' end embedded again where its length is not the one 21 recorded.
# Their thumbnails stand: the frame at a time 21 sampled is the same.
READER = 22
# a video indexed by this reader or a later one has its width and height as shown (turned,
# stretched: reader 2); by 1, or 0 (not recorded), as stored: a phone's portrait clip wider than tall
SHOWN_SIZE_SINCE = 2
# a video indexed by this reader or a later one has the frames and times READER reads: it is not
# checked again (core.sync), its thumbnails stand (core.thumbnails); see frames_since
SAME_FRAMES_SINCE = 4
REREAD_6 = frozenset({".ts", ".mts", ".m2ts", ".m2t", ".mod", ".tod", ".mpg", ".mpeg", ".m2p", ".vob",
                      ".ogv", ".ogg", ".h264", ".264", ".h265", ".265", ".hevc"})
REREAD_7 = frozenset({".ts", ".mts", ".m2ts", ".m2t", ".tod"})  # MPEG-TS
REREAD_8 = frozenset({".ogv", ".ogg"})
REREAD_9 = frozenset({".ogv", ".ogg", ".dav"})
# (.vro, .trp and .tp were first indexed by reader 10: none was read by an earlier one)
# (.flv is not in it, timestamp jumps of an nginx-rtmp recording or not: FFmpeg's FLV demuxer does
# not set AVFMT_TS_DISCONT, so timeline.may_jump is False for it and none of 11's changes reach it:
# no timeline or clock samples, stray_times.stray and .note gated on reader.walks; it reads as 10 read it)
REREAD_11 = (REREAD_6 - {".h264", ".264", ".h265", ".265", ".hevc"}) | REREAD_9 | {".vro", ".trp", ".tp"}
# MPEG-PS: DVDs and DVD recorders (.vob, .vro), camcorders' .mod, .mpg/.mpeg/.m2p (.tod is an MPEG-TS;
# .m1v/.m2v are bare streams; a PS named otherwise, a DVR's ".mp4", is checked by its extension's reader)
# MPEG-TS: camcorders' AVCHD (.mts, .m2ts), .ts/.m2t/.tod, a set-top box's .trp/.tp
REREAD_12 = frozenset({".mpg", ".mpeg", ".m2p", ".vob", ".mod", ".vro"}) | REREAD_7 | {".trp", ".tp"}
# Matroska (.mkv, .webm, a 3D camera's .mk3d) and FLV, whose rate is a header's word (core.sparse_rate);
# FLV's clock may start again (core.flv_clock)
REREAD_13 = REREAD_12 | {".mkv", ".webm", ".mk3d", ".flv"}
# MPEG-TS and -PS, whose H.264 frames share a PES (core.part_ends)
REREAD_14 = REREAD_12
# those and Dahua DVR files (core.part_cuts, core.part_ends, core.zero_bytes)
REREAD_15 = REREAD_14 | {".dav"}
# MPEG-TS and -PS (core.part_cuts.stray_origin, core.ps_genpts)
REREAD_16 = REREAD_14
# MP4 and QuickTime, phones' (.3gp) and Flash's (.f4v) among them (core.stream_facts, core.sparse_rate.stills)
REREAD_17 = frozenset({".mp4", ".m4v", ".mov", ".qt", ".3gp", ".3g2", ".3gpp", ".f4v"})
# Matroska, FLV, MPEG-TS and -PS (core.sparse_rate.stills, core.part_cuts.pts_strays)
REREAD_18 = REREAD_13
# MPEG-TS and -PS (core.part_cuts.restarted)
REREAD_19 = REREAD_12
# MP4 and QuickTime (core.mp4_header.cover_first, core.mp4_samples.shown_end)
REREAD_20 = REREAD_17
# MP4 and QuickTime (core.sparse_rate.stills of a fragmented one from core.mp4_samples)
REREAD_21 = REREAD_17
# MP4 and QuickTime (core.mp4_end of an empty edit list, core.av_reader.said_cut_short with core.mp4_cut)
REREAD_22 = REREAD_17


def frames_since(path: str) -> int:
    """The reader since which the file at ``path`` has been read as this one reads it (by its
    name's extension: reader 6 changed MPEG streams and bare streams only, reader 7 MPEG-TS, reader
    8 Ogg, reader 9 Ogg and Dahua DVR files, reader 11 MPEG-TS and -PS, Ogg and Dahua DVR files,
    reader 12 MPEG-PS and -TS files, reader 13 those and Matroska and FLV files, reader 14 MPEG-PS
    and -TS files, reader 15 those and Dahua DVR files, reader 16 MPEG-PS and -TS files, reader 17 MP4 and
    QuickTime files, reader 18 Matroska, FLV, MPEG-TS and -PS files, reader 19 MPEG-TS and -PS files, readers 20,
    21 and 22 MP4 and QuickTime files)."""
    ext = os.path.splitext(str(path))[1].lower()
    if ext in REREAD_22:
        return 22
    if ext in REREAD_19:
        return 19
    if ext in REREAD_18:
        return 18
    if ext in REREAD_16:
        return 16
    if ext in REREAD_15:
        return 15
    if ext in REREAD_13:  # (REREAD_12's among them)
        return 13
    if ext in REREAD_11:
        return 11
    return 9 if ext in REREAD_9 else 8 if ext in REREAD_8 else 7 if ext in REREAD_7 else 6 if ext in REREAD_6 else SAME_FRAMES_SINCE
# 10 also changed the frame a fresh reader (a thumbnail's) gives far into or early in the files its
# walk reads (MPEG-TS and -PS, Ogg, Dahua DVR files: core.av_reader), where 9 gave one of seconds or
# a group of pictures later; indexing's frames stand (read from the start), not thumbnails made by 9
THUMBS_10 = REREAD_6 | REREAD_9


def thumbs_since(path: str) -> int:
    """The reader since which a thumbnail of the file at ``path`` shows the frame this one shows: ``frames_since``
    but for 17's, 20's, 21's and 22's MP4 and QuickTime files, whose frames at the times 16 read are the same decoded
    whole (17 and 20 changed their length, 17 and 21 which frames indexing's skipping decoder decodes), 18's files, as 17 keyed them (18
    changed which frames indexing decodes, and the times of a rare MPEG-TS/PS, whose moments all moved: no
    thumbnail of 17's is asked again), and 10's walk (``THUMBS_10``). 19's MPEG-TS/PS files' are its own (a
    time after a short part shows another frame)."""
    ext = os.path.splitext(str(path))[1].lower()
    since = (SAME_FRAMES_SINCE if ext in REREAD_17 else 13 if ext in REREAD_18 - REREAD_19
             else frames_since(path))  # (18's: the keys 17 gave them)
    return max(since, 10) if ext in THUMBS_10 else since


# what earlier readers read otherwise, in the words the CLI and the app use
READ_OTHERWISE = ("turned (portrait), stretched, HDR and interlaced video, slideshows, files with a "
                  "thumbnail track, video that starts after its sound, recordings joined into one file or "
                  "with a dropout, screen recordings in MP4, MKV or MPEG-TS, and DVD and camcorder MPEG files")


@dataclass(frozen=True)
class VideoInfo:
    path: str
    duration: float  # seconds, from the file's start (core.tracks.file_origin) to the end of the last frame
    fps: float  # the stream's average rate (frame times come from timestamps, not from this)
    frame_count: int
    width: int
    height: int
    codec: str  # the format FFmpeg names: "h264", "hevc", "mpeg4", "vp9", "av1", "gif", ...
    # a file that ends before its header says (core.errors.CutShort.note), indexed as far as it
    # plays (``duration`` is then that far); "" for a whole one
    cut_short: str = ""
