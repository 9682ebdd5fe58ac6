"""Clip references of the command line, ``FILE``, ``FILE@SECONDS``, ``FILE@M:SS`` or
``FILE@H:MM:SS``, as the app copies them (``app/clip_actions.py``). A path and a time exist only
where a user types them: ``resolve_clip`` turns one, once, into the ``ClipRef`` of ids the
searcher takes; the app passes the moment id its results already carry.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import SeekframeError

TIME_RE = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d*)?)$")
# a time with its units, as players and links write it (``65s``, ``1m5s``, ``1m05s``, ``2m``, ``1h2m3s``)
UNITS_RE = re.compile(r"^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d*)?)s)?$", re.I)
TIME_HELP = "seconds from the start of the clip, like 75, 75.5, 1:15 or 1m15s"


class NotAClockTime(ValueError):
    """A time written with a part past its unit's 59 (``1m75s``, ``0m75s``, ``1:75``, ``1h60m``): no time,
    as a clock has none (a typo: 1m57s meant?); ``str()`` says the rule."""

    def __str__(self) -> str:
        return "a minute or second after a larger unit stops at 59 (75 seconds: 75s or 1m15s; 90 minutes: 90m or 1h30m)"


def parse_time(text: str) -> float:
    """``75``, ``75.5``, ``1:15``, ``0:01:15``, or with units ``75s``, ``1m15s``, ``1h2m`` → seconds. A
    part after a larger one stops at 59, that one written as 0 or not (``1m75s``, ``0m75s``, ``1:75``,
    ``0:75``, ``1h60m``: ``NotAClockTime``); the first is any length (``75s``, ``75``, ``90m``)."""
    if (u := UNITS_RE.match(text.strip())) and any(u.groups()):
        h, m, sec = (float(g or 0) for g in u.groups())
        if u.group(1) is not None and m >= 60 or (u.group(1) or u.group(2)) is not None and sec >= 60:
            raise NotAClockTime(text)  # (0m75s was 75 s, where 1m75s and 0:75 were refused)
        return h * 3600 + m * 60 + sec
    m = TIME_RE.match(text.strip())
    if not m:
        raise ValueError(text)
    parts = [p for p in m.groups() if p]
    if any(float(p) >= 60 for p in parts[1:]):  # 1:99 is no time: minutes and seconds stop at 59
        raise NotAClockTime(text)
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + float(p)
    return seconds


def time_inside(start: float, end: float) -> str:
    """The ``TIME`` of ``FILE@TIME`` that names the moment ``[start, end)``: the shortest of
    ``timefmt.clip_time_texts`` that ``parse_time`` reads back inside it, never on its boundary with the
    one before (the window's copied references, ``app.clip_actions.clip_ref``, and `note --remove`'s
    advice); the start itself, in full, for a moment under a millisecond."""
    from .timefmt import clip_time_texts

    return next((text for text in clip_time_texts(start, end) if start <= parse_time(text) < end), repr(float(start)))


def split_clip_ref(ref: str) -> tuple[str, float | None]:
    """``FILE@SECONDS`` → (FILE, seconds). A file whose own name contains "@" still works. A note's span
    ``FILE@START-END`` (``span_of``), pasted from `captions` or "Note added to", names its moment: the one
    starting at START.

    A time that is no time (``@-1``, ``@nan``, ``@inf``; or any suffix after an existing file)
    raises ``SeekframeError`` saying so, instead of being taken for part of the file name.
    ``@1e3`` is 1000 seconds; whether the clip is that long is for the search to say.
    """
    if "@" not in ref or look_typed(ref, os.path.exists, ref, otherwise=False):
        return ref, None
    path, _, when = ref.rpartition("@")
    try:
        number, why = parse_time(when) if ":" in when or UNITS_RE.match(when) else float(when), None
    except ValueError as exc:
        number, why = None, exc if isinstance(exc, NotAClockTime) else None
    if number is not None and math.isfinite(number) and number >= 0:
        return path, number
    if number is None and (span := span_of(when)):  # (FILE@START-END as `captions` and "Note added to" print it)
        return path, min(span[0] + SPAN_SAID_S, (span[0] + span[1]) / 2)  # (inside the moment starting at START)
    if number is not None or why or look_typed(path, os.path.exists, path, otherwise=False):
        raise SeekframeError(f"{when!r} in {ref!r} is not a time in the clip: {why or f'use {TIME_HELP}'}.")
    return ref, None


SPAN_SAID_S = 1e-3  # a span's printed times are under this before the note's (``note_removal.span_text``: ms, cut)


def span_of(when: str) -> tuple[float, float] | None:
    """``START-END`` (a note's span, as ``note_removal.span_text`` prints it) → (START, END); None
    where it is no such span (a time, END not after START)."""
    first, dash, last = when.partition("-")
    if not dash:
        return None
    try:
        start, end = parse_time(first), parse_time(last)
    except ValueError:
        return None
    return (start, end) if end > start else None


def look_typed(path, fn, *args, otherwise):
    """``fn(*args)``, a look at the file ``path`` a user typed, made as one ``bounded_meta`` call of its
    folder bounded by ``scan_stalls.PROBE_S`` (at once while a look of it is stuck): ``otherwise`` where
    it does not answer (a network share that stopped answering, where the look waited for ever)."""
    from . import bounded_meta
    from .scan_stalls import PROBE_S

    try:
        folder = os.path.dirname(os.path.abspath(os.path.expanduser(os.fspath(path))))
    except OSError:  # a relative name typed in a working folder deleted meanwhile: no share to wait on
        return fn(*args)
    return bounded_meta.answer(folder, fn, *args, timeout_s=PROBE_S, otherwise=otherwise, typed=True)


def moment_at(moments, t: float):
    """The moment a time names: the one with ``start <= t < end``, so a time on a boundary
    belongs to the moment that *starts* there (``FILE@4`` is 0:04–0:08, not 0:00–0:04, and a
    copied moment start names that moment). The video's end names the last moment; a time in a
    gap or outside every moment, the nearest one. ``moments``: objects with ``start``/``end``,
    in any order; None when there are none."""
    ordered = sorted(moments, key=lambda m: m.start)
    if not ordered:
        return None
    eps = 1e-6  # float noise from stored times: 3.9999999 is still the boundary at 4
    for m in ordered:
        if m.start - eps <= t < m.end - eps:
            return m
    if t >= ordered[-1].end - eps:
        return ordered[-1]
    return min(ordered, key=lambda m: min(abs(t - m.start), abs(t - m.end)))


@dataclass(frozen=True)
class ClipRef:
    """A clip by id: a moment of a video, or the whole video (``moment_id`` None). ``moments``:
    the video's moments ``resolve_clip`` read, so that the search does not read them again."""

    video_id: str
    moment_id: str | None = None
    moments: tuple = field(default=(), compare=False, repr=False)


NO_ANSWER = ("{path} could not be looked up: its folder, or one of the library's, does not answer (a network "
             "share that stopped answering?). Try again once it answers, or name the video by its id (`seekframe "
             "search --json` gives each result's).")


def video_for(library, path: str):
    """The library's row for a file a user named, by path (also through links) or by video id;
    a copy of it. SeekframeError when the library has no such video. Its looks on disk are one
    bounded call (``look_typed``), none under a folder of ``hung_folders`` (it stopped answering): where
    they do not answer, the video indexed at that very path or with that id, else SeekframeError
    (``NO_ANSWER``)."""
    from .filenames import shown
    from .scan import is_under, normalise_root  # (light, but only the commands naming a file need it)

    if not str(path).strip():
        raise SeekframeError("Name a video of the library: FILE, or FILE@TIME for one of its moments.")
    videos, wanted = library.video_table.view().values(), normalise_root(path)
    meta = getattr(library, "meta", None)  # (a library's view of rows alone: none remembered)
    hung = (meta.settings.hung_folders if meta is not None else None) or {}
    if not any(is_under(wanted, f) for f in hung):
        answering = [v for v in videos if getattr(v, "root", "") not in hung]
        try:
            video = look_typed(wanted, _on_disk, library, path, answering, otherwise=None)
        except _NotIndexed as no:  # (a copy's hash, a read of its own bound, made after the look's bound)
            if (copy := _copy_indexed(answering, no.wanted, no.size)) is not None:
                raise SeekframeError(f"{shown(str(path))} is not in the library, but an identical copy of it is: "
                                     f"{shown(copy.path)}. Name that one, or index this file's folder with "
                                     "`seekframe index`.") from None
            raise
        if video is not None:
            return replace(video)
    video = next((v for v in videos if v.path == wanted or v.video_id == path), None)
    if video is None and (video := _linked_to(videos, wanted, hung)) is not None:  # (the stuck look was the link's)
        from . import bounded_meta

        bounded_meta.moved(os.path.dirname(wanted), os.path.dirname(video.path))
    if video is None:
        raise SeekframeError(NO_ANSWER.format(path=shown(str(path))))
    return replace(video)


def _linked_to(videos, wanted: str, hung):
    """The video of ``videos`` at the path ``wanted`` leads to through links (its own, its folders'), read
    one part after another by the links' text alone (``shares.leads_to``: each ``readlink`` bounded by
    ``PROBE_S``), where the look of ``wanted`` did not answer: a link in a local folder to a video on a share
    that stopped answering is named by the library's record, as the video's own path is; None where it leads
    to none. Nothing is read past a path the library holds, nor in a folder of ``hung`` (remembered as not
    answering) or on a share of the mount table (``shares.share_of``): the share that did not answer the look is
    not waited for again."""
    from .scan import is_under
    from .scan_stalls import PROBE_S
    from .shares import leads_to, link_text, mount_table, share_of

    if os.name != "posix":  # (a drive letter's path is not read part by part so)
        return None
    by_path, mounts = {v.path: v for v in videos}, mount_table()
    there = leads_to(wanted, lambda at: link_text(at, PROBE_S), lambda at: at in by_path or any(
        is_under(at, f) for f in hung) or share_of(at, mounts) is not None)
    return by_path.get(there) if there is not None else None


def _on_disk(library, path: str, videos):
    """``video_for``'s looks on disk, among ``videos`` (those of folders that answer)."""
    from .filenames import shown
    from .scan import normalise_root

    if os.path.isdir(path):
        raise SeekframeError(f"{shown(str(path))} is a folder: name a video in it (FILE, or FILE@TIME for "
                             "one of its moments).")
    from .file_as_folder import refuse_file_as_folder

    refuse_file_as_folder([path], "Name the video as a file: FILE, or FILE@TIME for one of its moments.", library)
    wanted = normalise_root(path)
    real = os.path.realpath(wanted)
    video = (next((v for v in videos if v.path == wanted or v.video_id == path), None)
             or next((v for v in videos if os.path.realpath(v.path) == real), None))
    if video is None and not wanted.isascii():  # ('café.mp4' typed composed, a Mac's copy decomposed)
        video = _unicode_twin(videos, wanted)
    if video is None and os.path.isfile(wanted):  # ('trip/BEACH.mp4' of 'Trip/beach.mp4' on a Mac's disk)
        from .same_folder import same_file

        video = next((v for v in videos if v.path == same_file([v.path for v in videos], wanted)), None)
    if video is None and os.path.isfile(wanted):  # (renamed in its folder since it was indexed)
        video = _renamed_to(videos, wanted)
    if video is None and "\\" in wanted and not os.path.lexists(path):  # (a file of that very name wins)
        video = _as_printed(videos, wanted, path)
    if video is None and not os.path.lexists(path):  # (a typo: indexing would not help)
        raise SeekframeError(f"{shown(str(path))} is not in the library, and no such file exists: check the path.")
    if video is None and (why := _never_indexed(path)):  # (its folder indexed again skips it again)
        raise SeekframeError(f"{shown(str(path))} is not in the library: {why}.")
    if video is None:  # (video_for then looks for an indexed copy: a download, a card's copy)
        raise _NotIndexed(f"{shown(str(path))} is not in the library. Index its folder first with "
                          "`seekframe index`.", wanted, _size(wanted))
    return video


class _NotIndexed(SeekframeError):
    """``_on_disk``: the file ``wanted`` (of ``size``, None where its stat failed) is no video of the
    library; ``video_for`` looks whether it is a copy of one outside the look's bound (``PROBE_S``):
    the copy's read has a bound of its own (``COPY_LOOK_S``), so a slow one never reads as a folder
    that does not answer."""

    def __init__(self, message: str, wanted: str, size: int | None):
        super().__init__(message)
        self.wanted, self.size = wanted, size


def _size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return None


COPY_LOOK_S = 10.0  # (the file's 3 MiB read on a share that stopped answering: given up, the plain words said)


def _copy_indexed(videos, wanted: str, size: int | None):
    """The library's video that is a byte-identical copy of the file at ``wanted`` (its ``size``, then its
    content hash, read only where a video of that size is indexed), the first by path; None if none
    is, or the file cannot be read now (within ``COPY_LOOK_S``)."""
    from .library.records import DONE
    from .scan_hash import content_hash

    if size is None:
        return None
    same_size = sorted((v for v in videos if v.size == size and v.content_hash and v.status == DONE),
                       key=lambda v: v.path)  # (one indexed: a failed or waiting one's moments are not there)
    if not same_size:
        return None
    try:
        digest = content_hash(wanted, size, timeout_s=COPY_LOOK_S)
    except (OSError, ValueError):
        return None
    return next((v for v in same_size if v.content_hash == digest), None)


def _never_indexed(path) -> str:
    """Why no index ever adds the file at ``path`` (there: ``lexists``), as a walk says it: a link
    in a loop of links, a named pipe, socket or device named as a video; "" for one an index may
    add (a video added since, a link whose target is away: a drive that may come back)."""
    from .file_kinds import SKIPPED, no_file_to_read
    from .scan_links import LOOP, LOOP_REASON, leads_nowhere

    try:
        if os.path.islink(path) and leads_nowhere(path) == LOOP:
            return LOOP_REASON
    except (OSError, ValueError):
        return ""
    return (no_file_to_read(path) or "").removeprefix(SKIPPED)


def _unicode_twin(videos, wanted: str):
    """The video at ``wanted``'s other Unicode spelling (the same text once both are composed)
    when the file system holds the file under that spelling alone (``filters.twin_spellings``):
    never a distinct file whose name is the other spelling, nor one of several such videos."""
    import unicodedata

    from .filters import twin_spellings

    composed = unicodedata.normalize("NFC", wanted)
    twins = {v.path: v for v in videos if not v.path.isascii() and unicodedata.normalize("NFC", v.path) == composed}
    same = twin_spellings(wanted, twins) if twins else []
    if not same and os.path.isfile(wanted):  # (a video's file renamed to this spelling since it was indexed)
        from .paths import respelled

        same = [p for p, v in twins.items() if (r := respelled(p, v.size)) and os.path.samefile(r, wanted)]
    return twins[same[0]] if len(same) == 1 else None


def _renamed_to(videos, wanted: str):
    """The library's video whose file, not there as indexed, is the file at ``wanted`` renamed in its
    folder (``gone_rule.FolderVideos.moved_to``: its size and content hash; the next re-scan takes it
    as moved there), as a search shows it; None otherwise."""
    from .gone_rule import FolderVideos

    moves = FolderVideos(videos).look(os.path.dirname(wanted))[1]
    by_path = {v.path: v for v in videos}
    found = [by_path[old] for old, new in moves.items() if new == wanted and old in by_path]
    return found[0] if len(found) == 1 else None


def _as_printed(videos, wanted: str, typed: str):
    """The video whose path the commands print as ``wanted`` (``filenames.shown``: an undecodable
    byte as ``\\xff``, a newline as ``\\n``; the app copies it so too): a reference copied from a
    result, taken back. Asked only when no file has the very name typed, so a file whose name holds
    a backslash is that file. Through links as the path is. None when no video prints so;
    SeekframeError when several do (a name's byte 0x85 and its character U+0085 print alike)."""
    from .filenames import shown

    spelled, real = shown(wanted), shown(os.path.realpath(wanted))  # (the typed folder, or cwd, as printed too)
    same = ([v for v in videos if shown(v.path) == spelled]
            or [v for v in videos if shown(os.path.realpath(v.path)) == real])
    if len(same) > 1:
        ids = ", ".join(v.video_id for v in same)
        raise SeekframeError(f"{shown(typed)} is how {len(same)} videos of the library are printed: name the one "
                             f"you mean by its video id ({ids}; `seekframe search --json` gives each result's).")
    return same[0] if same else None


def resolve_clip(library, path: str, at: float | None = None) -> ClipRef:
    """``FILE`` (the whole video) or ``FILE@TIME`` (the moment that time names, ``moment_at``)
    as ids. SeekframeError when the file is not in the library, has no moments, or the time is
    outside it."""
    from .filenames import shown  # (a name's newline or undecodable byte as its escape, as everywhere)

    video = video_for(library, path)
    moments = library.moment_table.of(video.video_id)
    if not moments:
        from .library.records import FAILED  # (why its index failed, the reason the run gave)

        why = f": it could not be indexed: {video.error}" if video.status == FAILED and video.error else _waits(library, video)
        raise SeekframeError(f"{shown(video.path)} has no indexed moments{why}.")
    end = max(video.duration, max(m.end for m in moments))
    if at is not None and (at < 0 or at > end + 1e-6):
        from .timefmt import format_time  # (as results give times: 2:01:40.0, not 7300.00 s)

        # as many decimals as tell the two apart (30.17 s past a 30.16 s video: not "0:30.1 is outside 0:00–0:30.1")
        digits = next((d for d in range(1, 7) if format_time(at, d) != format_time(end, d)), 6)
        when = format_time(at, digits) if at >= 0 else f"{at:.2f} s"
        raise SeekframeError(f"{when} is outside {shown(video.path)} (0:00–{format_time(end, digits)}).")
    return ClipRef(video.video_id, None if at is None else moment_at(moments, at).moment_id, tuple(moments))


def on_clip(caption, clip) -> bool:
    """Whether ``caption`` is attached to the clip ``(video_id, start, end)``: to that moment (its
    interval overlaps it) or to the whole video (no interval)."""
    if clip is None or not caption.video_id or caption.video_id != clip[0]:
        return False
    return caption.start < 0 or (caption.start < clip[2] and caption.end > clip[1])


def _waits(library, video) -> str:
    """Why a video waiting to be indexed has no moments (another process's run under way, which a
    ``seekframe similar`` during an index meets, or the next ``seekframe index``, as after a
    ``--reindex`` of another folder): "" for any other video."""
    from .library.lock import writer_free
    from .library.records import PENDING

    if video.status != PENDING:
        return ""
    if isinstance(library.root, Path) and not writer_free(library.root):  # (a URI's library: no lock to look at)
        return " yet: it is being indexed now (another Seekframe is indexing this library): try again once it is done"
    return " yet: it is waiting to be indexed: `seekframe index` does it"
