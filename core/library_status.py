"""What a library holds now, for every front end: ``library_status`` (the CLI's ``seekframe status``,
the app's library panel), its folders' states (``FolderStatus``), and the videos as the next index
run will find them (``videos_now``; ``status_words.lost_text``, the note on those whose moments are gone). Taken
out of ``core.service``, which re-exports these names. No Qt, no printing; heavy modules are imported
inside the functions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from .folder_counts import add_counts, folder_counts, under_each
from .status_words import lost_text


OFFLINE_REASONS = ("missing", "empty", "device")  # core.sync_held HOLD_REASONS keys meaning "not there"
# the folder not there, or empty on another drive, now: all its videos offline. "device" (another drive
# at its path, holding some of them) is the last re-scan's word, which marked offline only those missing
NOT_THERE = ("missing", "empty")


@dataclass(frozen=True)
class FolderStatus:
    """One library folder: ``online`` (there now, and its last index did not find it missing,
    empty or on another drive); ``held``, the ``core.sync_held.HOLD_REASONS`` key saying why its
    vanished videos are kept offline (None when none are; "missing" also when it is gone since),
    ``why`` in words."""

    path: str
    online: bool
    held: str | None
    why: str | None
    files: int  # its records: its videos and the files named as videos that hold none (``not_videos``)
    done: int
    failed: int
    pending: int
    offline: int  # of its videos, those offline (not a text file named as one: ``folder_counts``)
    is_file: bool = False  # a video given by name (`seekframe index clip.mp4`), not a folder
    took_in: tuple[tuple[str, int], ...] = ()  # (library folder it took in, its videos now): LibrarySettings.taken_in
    quick: int = 0  # of ``done``, those searchable through their quick pass's moments only (full pass to come)
    # "now": in the removal under way (its videos no longer searched); "next": the rest of a stopped forget
    # of several (searched until the next writer removes it); "" neither (the window's "(being removed)")
    being_removed: str = ""
    spelled: str = ""  # there in its name's other Unicode spelling (a Mac's copy): the next re-scan lists it so
    moved_to: str = ""  # missing, its videos found moved there by a run (renamed: ``core.folder_moved``)
    # its last index found it not there ("missing", "empty", "device": the ``held`` it left; "hung", it did not answer),
    # there now: back, the next run brings it up to date (``status_words.back_text``); ``held`` None, its videos
    # marked offline counted so
    back: str = ""
    # missing, no drive recorded for it (an earlier release's library): (the folder its videos were found in by a
    # run, as a rename leaves them, how many), taken as copies (``core.folder_moved.copied``): said why
    copied: tuple[str, int] | tuple = ()
    # back: its offline files behind a link that leads nowhere now (``folder_back.linked_away``): not found again
    # with it; of them its videos (as ``offline`` counts)
    linked_away: tuple[str, ...] = ()
    linked_videos: int = 0
    moved_files: bool = False  # (none of those moved indexed: its files said moved; last, set by ``replace``)

    @property
    def not_videos(self) -> int:
        """Its files named as videos that hold none (a text file saved as ``list.mov``, audio only):
        counted in ``files`` as the records are, said apart as no videos."""
        return max(0, self.files - self.done - self.failed - self.pending)

    @property
    def videos(self) -> tuple[int, int]:
        """(its videos, those offline): ``files`` less those that hold no video, and ``offline`` (of its
        videos only, as every offline figure of status: ``LibraryStatus.offline``)."""
        return self.files - self.not_videos, self.offline

    def found(self, where: str | None = None) -> str:
        """What a look found of it since its last index, in words (``core.folder_moved.found_since``, for the
        ``where`` it is read: the CLI's by default): its videos moved or copied elsewhere, or it back; '' none."""
        from .folder_moved import CLI, found_since

        return found_since(self.path, self.moved_to, self.offline, self.copied, self.back, self.videos[1],
                           where or CLI, self.linked_videos, self.moved_files)

    def to_json(self) -> dict:
        return {"path": self.path, "kind": "file" if self.is_file else "folder", "online": self.online,
                "held": self.held, "why": self.found() or self.why,
                "videos": {"total": self.videos[0], "not_videos": self.not_videos, "done": self.done,
                           "failed": self.failed, "pending": self.pending, "offline": self.videos[1],
                           "quick_only": self.quick},
                "took_in": [{"path": f, "videos": n} for f, n in self.took_in],
                **({"being_removed": self.being_removed} if self.being_removed else {}),
                **({"spelled_on_disk": self.spelled} if self.spelled else {}),
                **({"moved_to": self.moved_to} if self.moved_to else {}),
                **({"copied_to": self.copied[0]} if self.copied else {}),
                **({"back": self.back} if self.back else {})}


@dataclass(frozen=True)
class LibraryStatus:
    root: str
    model_id: str
    model_source: str
    model_switch: dict | None  # an interrupted switch ({model_id, model_source}), None when none
    videos: int  # indexed
    moments: int
    pending: int
    failed: tuple[tuple[str, str], ...]  # (path, reason), in the library's order
    offline: tuple[str, ...]  # offline videos' paths
    folders: tuple[FolderStatus, ...]
    captions: int
    done_paths: tuple[str, ...]  # the indexed videos
    notes: tuple[str, ...] = ()  # library.json's notes and problems (core.library.reconcile)
    problems: tuple[str, ...] = ()
    stats: dict | None = None  # Maintenance.stats() when asked for (it walks the library's files)
    to_check: int = 0  # indexed videos of an earlier reader, which the next index run checks (core.sync)
    to_retry: int = 0  # failed videos an earlier reader failed, which the next index run tries again (core.sync)
    cut_short: tuple[tuple[str, str], ...] = ()  # (path, note): indexed as far as they play (core.errors.CutShort)
    not_videos: tuple[tuple[str, str], ...] = ()  # (path, reason): named as videos, holding none (audio only)
    not_videos_offline: tuple[str, ...] = ()  # of those, the paths offline (their folder not there now)
    writing_now: bool = False  # another process holds the writer lock (indexing): pending is being done
    forgetting: str | None = None  # a folder whose forget was interrupted (the next writer finishes it)
    forget_request: tuple[str, ...] = ()  # the rest of a stopped forget of several: the next writer removes them
    lost: int = 0  # indexed videos whose moments are gone (counted waiting: ``videos_now``; ``lost_text``)
    quick: int = 0  # indexed videos searchable through their quick pass's moments only (``index_passes.is_quick``)
    quick_offline: int = 0  # of those, the offline ones
    unread: tuple[tuple[str, str], ...] = ()  # (folder, why): folders in the library's its walks could not read
    stopped: tuple = ()  # index runs that stopped before they finished, with files left (``core.stopped_runs``)
    reembed: tuple = ()  # (folder, videos) an interrupted --reindex left to embed again (``core.reembed_record``)
    reembed_killed: tuple = ()  # of those, the ones whose run was killed or crashed (``reembed_record.killed``)
    reembed_full: tuple = ()  # of those, the folders whose run a full disk stopped (``reembed_record.full``)
    reembed_failed: tuple = ()  # (path, reason): videos whose embedding again failed, passed over by later plain
    # runs until their files change (``core.reembed_failed``), on their earlier moments: not in ``reembed``
    reembed_again: tuple = ()  # (path, reason): of ``reembed``'s, those whose last try failed (of the moment)
    kept_by_content: int = 0  # removed by a re-scan of one folder, kept a while should they turn up in another
    kept_apart: tuple[str, ...] = ()  # library folders a new folder holding them leaves listed (core.taking_in)
    # pending videos indexed before (a model switch or move, lost moments: a search found them, no longer does),
    # in folders there now: a run brings them back; not a new folder's first index, nor an unplugged drive's
    unsearched: int = 0

    @property
    def offline_folders(self) -> tuple[str, ...]:
        """Folders not there now, or whose videos are all offline (an empty mount point is there), or, holding
        no video, whose files named as videos are (a drive of text files unplugged: offline, as `status` says)."""
        from .scan import is_under

        away = self.not_videos_offline
        return tuple(f.path for f in self.folders if not (f.spelled or _is_dir(f) or f.is_file and f.online)
                     or (f.offline == f.videos[0] and not (f.spelled or f.back)
                         and (f.videos[0] or f.files and sum(is_under(p, f.path) for p in away) == f.files)))
        # (a video given by name: there, and not held; one there in its other Unicode spelling, or back where its
        # last index found it not there: there, its videos back at the next re-scan)


def _failed_ids(videos) -> set[str]:
    """The ids of the videos that could not be indexed (not those that are no video:
    ``errors.is_not_video``). Its imports made once, not for each video: in the window's process
    every import statement goes through PySide's import hook (20,000 videos: 40,000 imports, half
    of a 0.4 s status read)."""
    from .errors import is_not_video
    from .library.records import FAILED

    return {v.video_id for v in videos if v.status == FAILED and not is_not_video(v.error)}


def _is_dir(folder: FolderStatus) -> bool:
    """A folder now: one bounded look (``core.bounded_meta``), none at one said not to answer, nor at one
    remembered so whose look made again (``bounded_meta.relook``) answered: that look's answer."""
    from . import bounded_meta
    from .scan_stalls import HUNG_STATUS, PROBE_S, RELOOK_S

    if (looked := bounded_meta.last(folder.path, 3 * RELOOK_S)) is not None:
        return bool(looked[0] and looked[0][1])  # (``_looked``'s isdir)
    return folder.why != HUNG_STATUS and bool(
        bounded_meta.answer(folder.path, os.path.isdir, folder.path, timeout_s=PROBE_S))


def _folder_statuses(library, videos, failed: set[str]) -> tuple[tuple[FolderStatus, ...], frozenset[str]]:
    """The library folders' statuses, and those with an offline video under them by the records
    (``core.taking_in.kept_apart_counted``: the counts made here, no second pass over the videos)."""
    from . import bounded_meta, folder_back, folder_moved
    from .file_kinds import SKIPPED
    from .folder_respelled import respelled_folders
    from .library.forget_request import rest
    from .library.records import FAILED
    from .scan import is_under, is_video_name
    from .scan_stalls import HUNG_STATUS, PROBE_S, RELOOK_S, RELOOK_WAIT_S
    from .sync_held import HOLD_REASONS

    settings = library.meta.settings
    held, meta = settings.held_roots or {}, library.meta
    root_ids, (moved, copies) = settings.root_ids or {}, folder_moved.records(settings)  # (those that fit)
    going = {f: "next" for f in rest(meta)} | {f: "now" for f in settings.folders or [] if meta.forgets(f)}
    out = []
    hung = settings.hung_folders or {}  # (a share that stopped answering, ``core.scan_stalls``: looked at again
    # in the background, ``bounded_meta.relook``; its Unicode spelling not looked for)
    spelled = respelled_folders([f for f in settings.folders or [] if not f.isascii()], settings.folders, videos,
                                hung)  # (the others: nothing looked at; those there as listed: one bounded lexists)
    # (its videos counted under the disk's spelling too: a re-scan killed between moving them there
    # and listing the folder so, ``folder_respelled.renamed_records``, leaves them there)
    counted, itself = folder_counts(videos, [*(settings.folders or []), *spelled.values()], failed)
    # (before the twins' counts; an offline text file named as a video too, as ``taking_in.kept_apart`` walks it)
    offline_in = frozenset(f for f in settings.folders or [] if counted[f][4] or counted[f][6])
    for folder, there in spelled.items():
        add_counts(counted[folder], counted[there])
    under = None  # (under_each's lists: only for a folder that took library folders in)
    for folder in settings.folders or []:
        total, done, failed_n, pending, offline, quick, _ = counted[folder]  # (offline: of its videos)
        reason = was = held.get(folder) if held.get(folder) in HOLD_REASONS else None
        recorded, behind = root_ids.get(folder) if reason is None and folder not in itself else None, []
        if reason in OFFLINE_REASONS:  # (back, as the next run finds it, once a few of its videos are:
            # ``core.folder_back``; on another drive, "device": those its last index found gone, marked offline)
            under = under if under is not None else under_each([v.path for v in videos], settings.folders or [])
            behind = folder_back.linked_away(folder, videos, under[folder], settings, look=False)
            looked = folder_back.device_looked(videos, under[folder], behind, reason == "device")
            recorded = folder_back.held(root_ids.get(folder), videos, looked or under[folder], folder in hung)
        # (its looks bounded, ``core.bounded_meta``: None, it does not answer)
        there = (bounded_meta.relook(folder, _looked, folder, recorded, every_s=RELOOK_S, wait_s=RELOOK_WAIT_S)
                 if folder in hung else bounded_meta.answer(folder, _looked, folder, recorded, timeout_s=PROBE_S))
        if folder in hung:  # (said back only once seen there as listed: its other spelling is not looked for)
            there = there if there and (there[0] or there[1]) else None  # (held as it did not answer: back,
            # as any held folder, once its videos answer, ``core.folder_back``; a share whose reads hang is not)
        isfile, isdir, odd, emptied = there or (False, False, None, False)  # (held: ``emptied``, not back yet)
        is_file = folder in itself or (isfile and is_video_name(folder))
        # a named pipe, socket or device an older `seekframe index PATH` listed: there, no drive away
        odd = not (total or is_file or isdir) and odd
        if there is None:
            reason = "missing"  # (offline, as the next re-scan finds it)
        elif odd:
            reason, is_file = None, True  # (said as what it is: `status` prints the reason, not offline)
        elif folder in spelled:  # (there, spelled otherwise: listed so by the next re-scan, its videos kept)
            reason, is_file = None, bool(bounded_meta.answer(folder, os.path.isfile, spelled[folder],
                                                             timeout_s=PROBE_S))
        elif not (isdir or is_file and isfile):  # a video given by name is a root too
            reason = "missing"  # (a folder with a file in its place is missing too)
        elif was is None and reason is None and not is_file and emptied:
            reason = "empty"  # (its drive unplugged since, its mount point left there: as the next re-scan holds it)
        elif reason in OFFLINE_REASONS and not emptied:
            reason = None  # (there again, a folder or the video given by name: back, its offline videos at the next run)
        back = (("hung" if folder in hung else was) if was in OFFLINE_REASONS and reason is None
                and there is not None and not odd and folder not in spelled else "")
        why = (odd.removeprefix(SKIPPED) if odd else HUNG_STATUS if there is None
               else HOLD_REASONS[reason] if reason else None)
        offline = done + failed_n + pending if reason in NOT_THERE else offline  # (not there: all its videos,
        # as a re-scan marks them; not its text files named as videos, ``FolderStatus.not_videos``)
        if is_file and why and not odd:
            why = why.replace("the folder", "the file")
        took_in = ()
        if taken := settings.taken_in(folder, True):
            under = under if under is not None else under_each([v.path for v in videos], settings.folders or [])
            took_in = tuple((k, sum(is_under(videos[i].path, k) for i in under[folder])) for k in taken)
        gone = reason == "missing" and there is not None and not isdir
        behind = folder_back.linked_away(folder, videos, behind, settings) if back and behind else []  # (those now)
        out.append(FolderStatus(folder, reason not in OFFLINE_REASONS, reason, why, total, done, failed_n, pending,
                                offline, is_file, took_in, quick, going.get(folder, ""), spelled.get(folder, ""),
                                # (renamed: said so while it is not there; back, as any folder whose last run
                                # found it missing, its record gone with the next run that looks at it)
                                moved.get(folder, "") if gone else "", back,
                                tuple(copies[folder]) if gone and folder in copies else (),
                                tuple(videos[i].path for i in behind),
                                sum(videos[i].status != FAILED or videos[i].video_id in failed for i in behind)))
    # (renamed again since: where they are now, by the whole record, up to a folder holding them again: ``where_now``;
    # none of the records there or at the record's end a video indexed or to index: its files said moved, not videos)
    chain, paths = {**moved, **{f.path: f.moved_to for f in out if f.moved_to}}, [v.path for v in videos]
    for n, f in [(n, f) for n, f in enumerate(out) if f.moved_to]:
        ends = (folder_moved.where_now(f.moved_to, chain, paths) if len(chain) > 1 else f.moved_to,
                folder_moved.followed(f.moved_to, chain))
        out[n] = replace(f, moved_to=ends[0], moved_files=folder_moved.files_moved(ends, videos))
    return tuple(out), offline_in


def _away(videos, folders) -> set[str]:
    """The ids of the videos, not marked offline, under a folder said offline now (``FolderStatus.online``
    False): its drive unplugged or the folder gone since the last re-scan, which marks them offline."""
    away = [f.path for f in folders if f.held in NOT_THERE]  # (not "device": its re-scan marked the missing ones)
    if not away:
        return set()
    under = under_each([v.path for v in videos], away)  # (not videos x folders: under_each's note)
    return {videos[i].video_id for f in away for i in under[f] if not videos[i].offline}


def _looked(folder: str, recorded) -> tuple[bool, bool, str | None, bool]:
    """What status asks of a library folder on disk, in one call (bounded as one): whether it is a
    file, a folder, what else it is (``no_file_to_read``), and, with its identity ``recorded`` at its last
    index, whether it is an empty folder on another drive (its drive unplugged, its mount point left); one
    held not there by its last index (``recorded`` a ``folder_back.Held``), whether it is not back yet."""
    from .file_kinds import no_file_to_read
    from .folder_back import Held, empty, still_away
    from .folder_identity import other_drive
    from .scan import root_identity

    isfile, isdir = os.path.isfile(folder), os.path.isdir(folder)
    odd = None if isfile or isdir else no_file_to_read(folder)
    if isinstance(recorded, Held):  # (held so by its last index: back once the run would find its videos)
        return isfile, isdir, odd, (isdir or isfile) and still_away(folder, recorded)
    emptied = bool(recorded) and isdir and other_drive(root_identity(folder), recorded) and empty(folder)
    return isfile, isdir, odd, emptied


def videos_now(library, busy: bool | None = None) -> tuple[list, set[str]]:
    """The library's videos as the next ``seekframe index`` will find them, and the ids of those
    whose moments are gone (a moments table rolled back to an earlier version, a data file lost):
    a reader lists them as waiting to be indexed, as a writer's open marks them. ``busy``:
    ``library.indexing_elsewhere()``, when the caller has asked it already. The rows are the
    library's own, uncopied (``VideoTable.view``; copying 20,000 of them was half of the window's
    status read, every 5 s): read them, never change them (``VideoTable.all`` gives copies)."""

    from .library.records import PENDING

    videos = library.video_table.view().values()
    # (a writer at work, a re-index dropping the moments table: what is missing is on its way)
    busy = library.indexing_elsewhere() if busy is None else busy
    lost = library.moment_table.lost_videos() if library.read_only and not busy else set()
    return [replace(v, status=PENDING, n_moments=0) if v.video_id in lost else v for v in videos], lost


def _to_check(done, reader: int, frames_since) -> int:
    """How many of the indexed videos ``done`` an earlier reader read otherwise than ``reader`` (this
    code's ``video_info.READER``) reads them (``frames_since``: their name's extension looked at,
    0.1 s of a status read at 20,000 videos): none read by ``reader`` itself, never a reader since, nor
    one with its quick pass's moments only (the next run indexes it whole: ``core.sync``)."""
    return sum(not v.quick and v.reader < reader and v.reader < frames_since(v.path) for v in done)


def _to_retry(videos, failed: set[str], reader: int) -> int:
    """How many of the ``failed`` videos an earlier reader failed: the next run tries them again
    (``core.sync``'s retry, a hang's failure not: ``errors.failed_earlier``)."""
    from .errors import failed_earlier

    return sum(v.video_id in failed and failed_earlier(v, reader) for v in videos)


def library_status(library, *, refresh: bool = False, detail: bool = False) -> LibraryStatus:
    """What ``library`` holds now. ``refresh``: a reader first sees the writer's latest commits;
    ``detail``: with ``Maintenance.stats()`` too (sizes on disk, the ANN index)."""
    from . import reembed_failed, reembed_record, stopped_runs
    from .library import forget_request, gone_kept
    from .library.records import DONE, FAILED, PENDING
    from .taking_in import kept_apart_counted
    from .video_info import READER, frames_since

    if refresh:
        library.refresh()
    busy = library.indexing_elsewhere()  # (a lock tried once for the whole status)
    videos, lost = videos_now(library, busy)
    failed = _failed_ids(videos)
    meta = library.meta
    done, pending, none = [], [], set()  # (one read of a state a video: big libraries; ``none``: the ids of
    for v in videos:  # files that hold no video, a text file named as one, counted apart)
        state = v.status
        if state == DONE:
            done.append(v)
        elif state == PENDING:
            pending.append(v)
        elif state == FAILED and v.video_id not in failed:
            none.add(v.video_id)
    stats = library.maintenance.stats() if detail else None
    if stats is not None:  # (its counts are the videos' rows: those lost are pending, no video is no failure)
        stats = {**stats, "moments": sum(v.n_moments for v in done),
                 "by_status": {**stats.get("by_status", {}), "pending": len(pending), "done": len(done),
                               "failed": len(failed), "not_videos": len(none)}}
        stats["videos"] = len(videos) - stats["by_status"]["not_videos"]  # (a text file named list.mov: no video)
    try:  # (not those a removed video left: kept for its content's return, notes_journal.relink)
        captions = library.caption_table.count({v.video_id for v in videos})
    except Exception:  # a status must not fail on the captions table
        captions = int(stats.get("captions", 0)) if stats is not None else 0
    if stats is not None:
        stats["captions"] = captions
    folders, offline_in = _folder_statuses(library, videos, failed)
    away = _away(videos, folders)  # (the videos a re-scan marks offline, their folder not there now: said so now)
    offline, offline_none = [], []  # (offline videos; files that hold none, a text file named as a video, apart)
    for v in videos:
        if v.offline or v.video_id in away:
            (offline_none if v.video_id in none else offline).append(v.path)
    if stats is not None:  # (one count: "Videos: … N offline" as "Offline videos: N", the folders' and the window's)
        stats["offline"] = len(offline)
    held, again = ([], []) if busy else reembed_failed.held_videos(meta.settings, videos)  # (not waiting: passed over)
    held_ids = {v.video_id for v, _ in held}
    return LibraryStatus(
        root=str(library.root), model_id=meta.model_id, model_source=meta.model_source,
        model_switch=library.model_switch, videos=len(done), moments=sum(v.n_moments for v in done),
        pending=len(pending), unsearched=sum(v.indexed_at > 0 and not (v.offline or v.video_id in away)
                                             for v in pending),
        failed=tuple((v.path, v.error) for v in videos if v.video_id in failed) if failed else (),
        not_videos=tuple((v.path, v.error) for v in videos if v.video_id in none),
        offline=tuple(offline), not_videos_offline=tuple(offline_none), folders=folders,
        captions=captions, done_paths=tuple(v.path for v in done),
        notes=tuple(library.meta_notes) + ((lost_text(len(lost)),) if lost else ()),
        problems=tuple(library.meta_problems), stats=stats,
        to_check=_to_check(done, READER, frames_since), to_retry=_to_retry(videos, failed, READER), cut_short=tuple((v.path, v.error) for v in done if v.error),
        writing_now=busy, forgetting=library.forgetting, forget_request=tuple(forget_request.rest(meta)),
        lost=len(lost), quick=sum(v.quick for v in done),
        quick_offline=sum(v.quick and (v.offline or v.video_id in away) for v in done),
        unread=tuple((meta.settings.unread_folders or {}).items()),
        stopped=stopped_runs.stopped(meta.settings, videos, busy),
        reembed=(reembed := reembed_record.waiting(meta.settings, [v for v in videos if v.video_id not in held_ids]
                                                   if held else videos, busy)),
        reembed_killed=reembed_record.killed(meta.settings, reembed),
        reembed_full=reembed_record.full(meta.settings, reembed),
        reembed_failed=tuple((v.path, reembed_failed.said_reason(f.reason)) for v, f in held if not v.offline),
        reembed_again=tuple((v.path, f.reason) for v, f in again if not v.offline),
        kept_by_content=len(gone_kept.entries(meta, {v.video_id for v in videos})),
        kept_apart=tuple(sorted(kept_apart_counted(meta.settings.folders or [], meta.settings.held_roots,
                                                   offline_in))))
