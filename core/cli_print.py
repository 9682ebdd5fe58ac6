"""How the commands print search results: a numbered line per moment, or JSON for scripts."""

from __future__ import annotations

import os
import shlex
import sys

from .filenames import json_output, shown, telling_apart
from .timefmt import format_score, format_time


def print_json(rows) -> None:
    sys.stdout.write(json_output(rows, indent=2))  # (a file name that is no text: readable, and its bytes)
    sys.stdout.write("\n")


# a result's file not there, its folder there (as the window says it: ``app.file_state``)
GONE_WORDS = "file moved, renamed or deleted since it was indexed"
NO_STRONG_MATCH = "No strong match for this query; the closest moments:"
NO_STRONG_VIDEO = "No strong match for this query; the closest videos:"  # (search --videos)
NO_STRONG_SIMILAR = "No strong match: nothing in other videos is much like this clip; the closest:"
_MARKS = {"weak": "  (weak match)", "none": "  (poor match)"}


def where_now(result, root: str | None = None, recorded=None, videos=None) -> str:
    """"gone": a result's file gone since it was indexed (deleted, or moved by hand) as the folder's
    next index finds it, removing it (``core.scan.file_now``: its library folder ``root`` there);
    "offline": not there, and kept by that index, marked offline: a drive unplugged since (its
    mount point left empty too), a folder moved away whole, or more than half of the folder's videos
    (``videos``, a ``gone_rule.FolderVideos``) not there at once, as the window says it
    (``app.found.annotate``); a folder the user emptied (its identity ``recorded``) is its files
    gone; "" where it is there, or already offline. One ``stat`` per printed result."""
    from .scan import file_now

    if result.offline:
        return ""
    state, _ = file_now(result.path, root, None, recorded, videos)
    return state if state in ("gone", "offline") else ""


def as_on_disk(result, roots):
    """``result`` at its file's other Unicode spelling where it is there so and gone as indexed
    (``paths.respelled``: renamed since, same size), or at the name it was renamed to in its folder
    (``gone_rule.FolderVideos.moved_to``: its size and content hash; the re-scan keeps it there),
    else as it is."""
    from dataclasses import replace

    from .file_look import found_at

    root, _, videos, *size = roots.get(result.video_id, (None, None, None, None))
    if result.offline or not size:
        return result
    there = found_at(result.path, root, size[0], videos)  # (bounded: a share that stopped answering, None)
    return result if there is None else replace(result, path=there)


def roots_of(library, results) -> dict[str, tuple[str, dict | None, object, int, bool]]:
    """Each result's library folder, its identity recorded at its last index (library setting
    ``root_ids``) and the library's videos (``gone_rule.FolderVideos``) by its video id (``missing``),
    and its file's size as indexed (``as_on_disk``), and whether that folder stopped answering (library setting
    ``hung_folders``: its results said offline, not looked at), read while the library is open."""
    from .gone_rule import FolderVideos

    videos, ids = library.video_table.view(), library.meta.settings.root_ids or {}
    hung = library.meta.settings.hung_folders or {}
    every = FolderVideos(videos.values(), hung)
    return {r.video_id: (v.root, ids.get(v.root), every, v.size, v.root in hung)
            for r in results if (v := videos.get(r.video_id)) is not None}


def print_hits(results, as_json: bool, roots=None, no_strong: str = NO_STRONG_MATCH) -> None:
    """``roots``: each result's library folder, its recorded identity and the library's videos by its
    video id (``roots_of``); ``no_strong``: the line above results labelled and none strong."""
    from .search import no_strong_match

    roots = roots or {}
    from dataclasses import replace

    results = [replace(r, offline=True) if roots.get(r.video_id, ())[4:] == (True,) else r for r in results]
    results = [as_on_disk(r, roots) for r in results]
    now = {r.path: where_now(r, *roots.get(r.video_id, (None, None, None))[:3]) for r in results}
    # (before, a file on a drive unplugged since the last index was shown as if there, unmarked)
    results = [replace(r, offline=True) if now[r.path] == "offline" else r for r in results]
    gone = {path: state == "gone" for path, state in now.items()}
    if as_json:
        print_json([{**r.to_json(), "missing": gone[r.path]} for r in results])
        return
    went = {r.path: _elsewhere(r, roots) for r in results if gone[r.path]}  # (the words alone say it)
    if not results:
        print("No results.")
    elif no_strong_match(results):
        print(no_strong)
    for i, r in enumerate(results, 1):
        off = ("  (offline)" if r.offline else f"  ({GONE_WORDS}{went[r.path]})" if gone[r.path] else "")
        mark = _MARKS.get(getattr(r, "strength", ""), "")
        when = f"{format_time(r.start, 1)}–{format_time(r.end, 1)}"
        print(f"{i:>3}. {format_score(r.score, 3):>6}  {when}  {shown(r.path)}{off}{mark}{copies_text(r.copies, r.path)}")


def caption_mark(caption) -> str:
    """After a caption that `seekframe captions` ranks: how well it describes the clip, as a search's
    result says it ("  (weak match)", "  (poor match)"); '' for a strong or unlabelled one."""
    return _MARKS.get(caption.strength, "")


def note_clip(caption) -> str:
    """Where a user's note is, as `seekframe note CLIP --remove` takes it back: ``FILE@START-END``, its own
    span (``note_removal.span_text``), or ``FILE`` for a note on the whole video (`captions --json`'s "clip")."""
    from .note_removal import span_text

    return caption.path if caption.start < 0 else f"{caption.path}@{span_text(caption.start, caption.end)}"


def _note_said(caption, own: bool) -> str:
    """``note_clip`` after a note `seekframe captions` lists: ``own`` (on the clip typed, its FILE known)
    "@START-END" or "(on the whole video)"; another clip's quoted as a shell word, to paste."""
    if own:
        return "(on the whole video)" if caption.start < 0 else note_clip(caption)[len(caption.path):]
    return shlex.quote(shown(note_clip(caption))) + " (the whole video)" * (caption.start < 0)


def print_captions(results, span, as_json: bool, clip: str = "FILE@TIME") -> None:
    """`seekframe captions`: the notes and captions on the clip (``span``: ``Searcher.clip_captions``')
    first, then those that describe it, each note with where it is (``note_clip``); or JSON (a note's
    "clip", the FILE@START-END or FILE that `note --remove` takes). ``clip``: as typed (an empty library's
    advice names the note to add on it, as the window's does)."""
    from .clirefs import on_clip
    from .strength import no_strong_match

    results = sorted(results, key=lambda r: (not on_clip(r, span), -r.score))  # its own notes first
    if as_json:  # a caption of no clip has null path, start and end
        print_json([{"text": r.text, "score": r.score, "source": r.source, "path": r.path or None,
                     "start": r.start if r.start >= 0 else None, "end": r.end if r.end >= 0 else None,
                     "on_this_clip": on_clip(r, span), **({"strength": r.strength} if r.strength else {}),
                     **({"clip": note_clip(r)} if r.source == "note" else {})} for r in results])
        return
    if not results:
        print("No captions in the library yet. Import some: seekframe captions-import FILE; or add a note to this "
              f"clip: seekframe note {shlex.quote(clip)} 'your words'")
    others = [r for r in results if not on_clip(r, span)]
    heads = {True: "On this clip:", False: ("No caption describes it well; the closest:" if no_strong_match(others)
                                            else "Captions that describe it:")}
    for i, r in enumerate(results, 1):
        own = on_clip(r, span)
        if i == 1 or own != on_clip(results[i - 2], span):
            print(heads[own])
        mark = "" if own else caption_mark(r)  # (its own notes are its own, whatever their score)
        where = f"  {_note_said(r, own)}" if r.source == "note" else ""
        print(f"{i:>3}. {r.score:6.3f}  [{shown(r.source)}]  {shown(r.text)}{where}{mark}")  # (an imported file's escape codes)


def _elsewhere(result, roots) -> str:
    """After a result's "file gone": where the library has its content in another folder ('' none known)."""
    videos = roots.get(result.video_id, (None, None, None))[2]
    there = videos.elsewhere(result.path) if videos is not None else None
    return f"; the library has it at {shown(there)}" if there else ""


def _named(copies, group) -> str:
    """Up to three of ``copies`` named apart from the rest of ``group``, then how many more."""
    more = f", {len(copies) - 3} more" if len(copies) > 3 else ""
    return ", ".join(telling_apart(p, group) for p in copies[:3]) + more


def copies_text(copies, path: str = "") -> str:
    """A result's byte-identical copies, after its ``path``: "  (identical copy: b.mp4)"; up to three
    named, each by the fewest last parts of its path that tell it from the result's and the other
    copies' ("backup/red.mp4" beside ".../red.mp4", which its name alone made read as a copy of
    itself; ``filenames.telling_apart``); --json lists their paths."""
    if not copies:
        return ""
    names = _named(copies, [path, *copies] if path else list(copies))
    return f"  (identical {'copy' if len(copies) == 1 else 'copies'}: {names})"


def path_query_hint(query: str) -> str:
    """What a search says when its query is a video file's path (``seekframe search
    ~/Videos/beach.mp4``, maybe ``@1:12``): it was searched as words, and ``similar`` finds clips
    like that video; '' for any other query (one ``stat``, bounded: ``clirefs.look_typed``)."""
    from .clirefs import look_typed, split_clip_ref
    from .errors import SeekframeError
    from .scan import is_video_name

    try:
        path, _ = split_clip_ref(os.path.expanduser(query.strip()))
    except SeekframeError:
        return ""
    if not is_video_name(os.path.basename(path)) or not look_typed(path, os.path.isfile, path, otherwise=False):
        return ""
    return (f"{shown(query.strip())} is a video file, searched here as words; clips like it: "
            f"seekframe similar {shlex.quote(query.strip())}")


QUERY_FILE_WORDS = {"gone": GONE_WORDS, "offline": "offline: its drive or folder is not there now",
                    "changed": "changed since it was indexed"}


def query_file_text(library, video_id: str) -> str:
    """What `similar` says (stderr) of a clip whose file is no longer the one indexed, gone, offline or
    another size since (``scan.file_now``), as the window's file notice says it: the clips listed
    are like what it held when indexed; '' otherwise (a file only touched: its content may be the
    same). One ``stat``."""
    from .gone_rule import FolderVideos
    from .scan import file_now

    videos = library.video_table.view()
    if (video := videos.get(video_id)) is None:
        return ""
    recorded = (library.meta.settings.root_ids or {}).get(video.root)
    hung = video.root in (library.meta.settings.hung_folders or {})  # (stopped answering: not looked at)
    state = "offline" if video.offline or hung else file_now(video.path, video.root, (video.size, video.mtime),
                                                             recorded, FolderVideos(videos.values()))[0]
    words = QUERY_FILE_WORDS.get(state)
    return f"{shown(video.path)}: {words}; these are clips like what it held when indexed." if words else ""


def only_itself_text(library, video_id: str, filters) -> str:
    """What ``similar`` says when it found nothing because every video that passes the filters
    (the library's indexed ones, with none: a video that failed is in the library, not indexed) is
    the clip's own or a byte-identical copy of it, which it leaves out; '' otherwise."""
    from .filters import Filters
    from .search import same_content

    videos = library.video_table.view()
    if (video := videos.get(video_id)) is None:
        return ""
    own = same_content(video, videos)
    settings = library.meta.settings
    accepts = (filters or Filters()).matcher(settings.folders or [], videos, settings.folder_links,
                                               settings.held_roots)
    if any(accepts(v) for vid, v in videos.items() if vid not in own):
        return ""
    many = len(own) > 1
    filtered = filters is not None and not filters.is_empty()
    verb = f"{'pass' if many else 'passes'} the filters" if filtered else f"{'are' if many else 'is'} indexed"
    return (f"Only this clip's own video{' and its identical copies' if many else ''} {verb}, and similar leaves "
            f"{'them' if many else 'it'} out.")


def copies_left_out_text(library, video_id: str, moment: bool = False) -> str:
    """What ``similar`` of a whole video (``moment``: of one of its moments, ``FILE@TIME``) says
    (stderr) of its byte-identical copies, which it leaves out (the same video, not one like it):
    "Its identical copy road_trip.mp4 is left out: …" ("Its video's …"); '' when it has none."""
    from .search_copies import same_content

    videos = library.video_table.view()
    if (video := videos.get(video_id)) is None:
        return ""
    others = sorted(v.path for vid, v in same_content(video, videos).items() if vid != video_id)
    if not others:
        return ""
    names = _named(others, [video.path, *others])
    one = len(others) == 1
    whose = "Its video's" if moment else "Its"
    return (f"{whose} identical {'copy' if one else 'copies'} {names} {'is' if one else 'are'} left out: "
            f"the same video, not {'one' if one else 'ones'} like it.")
