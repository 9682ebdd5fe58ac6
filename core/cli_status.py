"""``seekframe status``, printed from ``core.service.library_status``, and the hint to switch a
real-footage library off the demo model."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace

from .errors import is_damage_note, not_video_kind
from .failure_retry import TRIES, retried_text, shown_reason
from .filenames import json_output, shown
from .plural import count
from .scan import skipped_text
from .search_words import NO_WORDS_TEXT, no_words_text
from .status_words import BUSY_FIRST_RUN, quick_only_count, quick_only_text, retry_text
from .reembed_failed import again_text, held_text
from .reembed_words import waiting_text as reembed_text
from .stopped_runs import stopped_text


def model_hint(lib, card, library_arg: str | None = None, source: str | None = None) -> str:
    """A hint when a library of real videos is indexed with a model of the generated world
    (libraries indexed with the demo model before it had a library of its own, or with a student
    trained on the generated world): the model at ``source`` named as ``generated_model_named`` says."""
    from .model_choice import bundled_real_model, generated_model_named, is_demo_library

    if card is None or card.domain != "generated" or is_demo_library(lib.root):
        return ""
    from .demo import holds_real_videos  # the demo world imports OpenCV: only when it can matter
    from .library.records import DONE

    if not holds_real_videos(v.path for v in lib.video_table.view().values() if v.status == DONE):  # (no copies)
        return ""
    real = bundled_real_model()
    model = f'"{real}"' if real else "openai/clip-vit-base-patch32"
    where = f' --library "{library_arg}"' if library_arg else ""
    return (f"This library uses {generated_model_named(card, source)}, which only knows generated shapes; switch to the "
            f"real-footage model: seekframe index --reindex{where} --model {model}")


def took_in_text(folder: str, took: tuple[tuple[str, int], ...]) -> str:
    """The line under a folder that took library folders in (``FolderStatus.took_in``): which, with
    their videos, and how to forget it keeping them."""
    one = len(took) == 1
    listed = "; ".join(f"{shown(k)} ({count(n, 'video')})" for k, n in took)
    return (f"         took in {listed}, listed before it was indexed; `seekframe forget {shown(folder)} "
            f"--keep-inside` would list {'it' if one else 'them'} on {'its' if one else 'their'} own again.")


def forget_request_text(folders) -> str:
    """The status's line for the rest of a forget of several folders that stopped part-way
    (``LibraryStatus.forget_request``): which, and that the next writer's open removes them."""
    one = len(folders) == 1
    return (f"Forgetting next: {', '.join(map(shown, folders))}, asked with other folders by a `seekframe forget` "
            f"that stopped part-way; still in the library, searched as before. The next `seekframe index` (or any "
            f"command that writes the library, or the app) removes {'it' if one else 'them'}, as asked.")


# (a run's first videos are listed once its first pass commits them: until then none is waiting)
NOTHING_YET_BUSY = BUSY_FIRST_RUN + " Search again in a moment."
BUSY_UNCOUNTED = ("Another seekframe is writing this library now (indexing?): the videos it has not "
                  "reached yet are not counted here.")


def waiting_text(pending: int, writing_now: bool) -> str:
    """What a reader says of the videos waiting to be indexed ("" for none): a run under way
    (another process holds the writer lock) is doing it; otherwise the next ``seekframe index``."""
    if not pending:
        return ""
    are = "is" if pending == 1 else "are"
    if writing_now:
        return f"{count(pending, 'video')} {are} being indexed now (another seekframe is indexing this library)."
    return f"{count(pending, 'video')} {are} waiting to be indexed: `seekframe index` does it."


_FILTER_OPTIONS = {"folder": "--folder", "min_duration": "--min-duration", "max_duration": "--max-duration",
                   "modified_after": "--after", "modified_before": "--before"}


UNREAD = NO_WORDS_TEXT  # (the window's text: app.requests.NO_WORDS)


def spelled_text(f) -> str:
    """What ``seekframe status`` adds of a library folder there in its name's other Unicode spelling
    (``FolderStatus.spelled``: a Mac's copy put in its place): there, listed so by the next re-scan,
    which brings back those of its videos an earlier one kept offline."""
    if not f.spelled:
        return ""
    from .folder_spelling import unicode_form

    back = f"; its {count(f.offline, 'video')} offline are back then" if f.offline else ""
    return f"; spelled {unicode_form(f.path, f.spelled)} on disk now: the next re-scan lists it so{back}"


def _videos_gone(lib) -> str:
    """``gone_versions.gone_text`` of the videos table, when its newest version file is gone ("": not);
    of a library given by URI, with where it can be repaired (``damage_text.uri_text``)."""
    from .library import gone_versions
    from .library.meta import DB_DIR

    if isinstance(lib.root, str):
        from .library.damage_text import URI_THEN, uri_text
        from .library.uri_damage import gone

        then = f"{uri_text('`seekframe repair`', URI_THEN)} Or restore the library folder from a backup."
        return gone_versions.gone_text("videos", *lost, then=then) if (lost := gone(lib.root, "videos")) else ""
    lost = gone_versions.gone(lib.root / DB_DIR / "videos.lance")
    return gone_versions.gone_text("videos", *lost) if lost else ""


def no_results_text(lib, filters=None, unread: bool = False, query: str = "") -> str:
    """Why a search found nothing, where the library can say ("" otherwise): a query of no word
    the model knows (``unread``; ``search_words.no_words_text`` of ``query``), videos waiting to be indexed (or being indexed now), no video
    indexed at all, or none that the filters let through (a mistyped --folder)."""
    if unread:
        return no_words_text(query)
    from .library.lost_tables import note_in
    from .service import videos_now

    busy = lib.indexing_elsewhere()
    videos = videos_now(lib, busy)[0]
    if waiting := waiting_text(sum(v.status == "pending" for v in videos), busy):
        return waiting
    done = [v for v in videos if v.status == "done"]
    if not done:
        if not busy and (lost := _videos_gone(lib) or note_in(lib.meta_notes)):  # (not "no video yet": its videos
            return lost  # table lost its newest version, or its tables were lost whole: ``lost_tables``)
        return NOTHING_YET_BUSY if busy else "The library holds no indexed video yet: seekframe index FOLDER adds some."
    folders = lib.meta.settings.folders or []  # (a --folder through a link: the library's spelling)
    links, held = lib.meta.settings.folder_links, lib.meta.settings.held_roots
    if filters is not None and not filters.is_empty() and not any(map(filters.matcher(folders, videos, links, held),
                                                                      done)):
        given = [o for f, o in _FILTER_OPTIONS.items() if getattr(filters, f) is not None]
        alone = filters.folder and not any(map(filters.folder_only().matcher(folders, videos, links, held), done))
        under = f" (none is under {shown(str(filters.folder))})" if alone else ""
        return (f"None of the library's {count(len(done), 'indexed video')} passes {' and '.join(given)}"
                f"{under}.")
    return ""


BACK_NEXT_RUN = "their folder is back: the next `seekframe index` finds them again"


def _back_of(st):
    """Whether an offline path is under a library folder that is back (``FolderStatus.back``): there again,
    its offline files found at the next run, not waiting for it (``status_words.back_text``)."""
    from .scan import is_under

    back = [f.path for f in st.folders if f.back]
    stay = {p for f in st.folders if f.back for p in f.linked_away}  # (behind a link away: not found again then)
    return lambda path: path not in stay and any(is_under(path, f) for f in back)


def _back_line(folder) -> str:
    """What the offline videos' line says of those of a ``folder`` that is back: found again at the next run,
    but those behind a link that leads nowhere now (``status_words.linked_text``)."""
    from .status_words import linked_text

    if not (linked := folder.linked_videos):
        return BACK_NEXT_RUN
    found = folder.offline - linked
    return (f"their folder is back: the next `seekframe index` finds {count(found, 'video')} of them again; "
            if found > 0 else "") + linked_text(linked)


def print_library_status(lib, as_json: bool, library_arg: str | None = None) -> int:
    """Print ``core.service.library_status`` of ``lib``. Exit code 0, or 2 when library.json and
    the tables disagree (the message says how to repair)."""
    from .encoders.card import card_of_source
    from .service import library_status

    st = library_status(lib, detail=True)
    card = card_of_source(st.model_source) if st.model_source else None
    if isinstance(lib.root, str):  # (a library given by URI: its tables read through the engine, as a search)
        from .library.uri_damage import damaged_tables
    else:
        from .library.repair import damaged_tables
    damaged = damaged_tables(lib.root)
    away = set(st.not_videos_offline)  # (files that hold no video, their folder not there now)
    back = _back_of(st)  # (offline files under a folder there again: the next run finds them, no wait, no --prune)
    if as_json:
        data = {**st.stats, "library": st.root, "folders": [f.path for f in st.folders],
                "folder_status": [f.to_json() for f in st.folders],
                "failed": [{"path": p, "reason": r} for p, r in st.failed],
                "not_videos": [{"path": p, "reason": r, "offline": p in away,  # (a folder back: "back", as said)
                                **({"back": True} if p in away and back(p) else {})} for p, r in st.not_videos],
                "unread_folders": [{"path": p, "reason": r} for p, r in st.unread],
                "cut_short": [{"path": p, "note": n} for p, n in st.cut_short if not is_damage_note(n)],
                "damaged_videos": [{"path": p, "note": n} for p, n in st.cut_short if is_damage_note(n)],
                "offline": list(st.offline), "model_switch": st.model_switch, "to_check": st.to_check,
                "to_retry": st.to_retry,
                "indexing_now": st.writing_now, "forgetting": st.forgetting,
                "forget_request": list(st.forget_request), "quick_only": st.quick,
                "stopped_runs": [r.to_json() for r in st.stopped], "kept_by_content": st.kept_by_content,
                "reembed_waiting": dict(st.reembed), "reembed_full_disk": list(st.reembed_full),
                "reembed_failed": [{"path": p, "reason": r} for p, r in st.reembed_failed],
                "reembed_again": [{"path": p, "reason": r} for p, r in st.reembed_again]}
        if card is not None:
            data["model_card"] = card.to_json()
        data.update(problems=list(st.problems), notes=list(st.notes), damaged=damaged)
        sys.stdout.write(json_output(data, indent=2, default=str))
        sys.stdout.write("\n")
        return 2 if st.problems or damaged else 0
    print(f"Library: {shown(str(st.root))}")
    if st.model_source:  # (named as File › Model… lists it: its card's title; its id and path in --json)
        from .model_titles import listed_title

        print(f"Model:   {shown(listed_title(st.model_source, card, st.model_source))}")
    else:
        print(f"Model:   {shown(st.model_id or '(none yet)')}")
    from .earlier_builds import library_text

    if said := library_text(st.model_source, st.model_id):  # (a bundled model an upgrade rebuilt)
        print(f"         {said}")
    switch = st.model_switch
    if switch:  # (named as everything else names a model, its card's title: core.model_titles)
        from .model_titles import told_apart

        source = switch.get("model_source") or ""
        to = shown(told_apart(source, st.model_source) if source else switch["model_id"])
    if switch and st.writing_now:
        print(f"Switching to the model {to}: under way now (another seekframe is indexing this library).")
    elif switch:
        print(f"Switching to the model {to}: interrupted; `seekframe index` finishes it, captions and notes included.")
    if st.forgetting:  # (killed, or a write refused, between its steps: never left half done)
        print(f"Forgetting {shown(st.forgetting)}: " + ("under way now (another seekframe is writing this library)."
              if st.writing_now else "interrupted; the next `seekframe index` (or any command that writes "
              "the library, or the app) finishes it, and does not index it again."))
    if st.forget_request:  # (a `seekframe forget A B C` stopped part-way: the rest, as asked)
        print(forget_request_text(st.forget_request))
    for f in st.folders:
        waiting = f", {f.pending} waiting to be indexed" if f.pending else ""
        quick = f", {quick_only_count(f.quick)}" if f.quick else ""  # (of those done: searchable, not complete)
        skipped = (f"; {count(f.not_videos, 'file')} skipped, not {'a video' if f.not_videos == 1 else 'videos'}"
                   if f.not_videos else "")  # (named as videos, holding none: no videos, said apart)
        line = (f"Folder:  {shown(f.path)}  {'online' if f.online else 'offline'}, {count(f.videos[0], 'video')} "
                f"({f.done} done{quick}{waiting}, {f.failed} failed, {f.videos[1]} offline){skipped}")
        if f.being_removed == "now":  # (in the removal under way: its videos no longer searched, the window's words)
            print(f"{'File:    ' if f.is_file else 'Folder:  '}{shown(f.path)}  (being removed)")
            continue
        if f.is_file:  # a video given by name: no folder of videos
            state = ("offline" if f.offline and not (f.spelled or f.back) or not f.online else "indexed (quick moments only)" if f.quick
                     else "indexed" if f.done else "failed" if f.failed
                     else "waiting to be indexed" if f.pending else "not a video" if f.files else "not indexed")
            line = f"File:    {shown(f.path)}  {state}"
        line += "  (being removed)" if f.being_removed else ""  # (the rest of a stopped forget of several: searched)
        line += spelled_text(f)
        # its videos found moved (renamed: none kept there as a drive's) or copied elsewhere, in its why's place, or
        # it back (not looked at yet): ``FolderStatus.found``, --json's and the window's choice of words too
        found = f.found()
        why = f"; kept: {f.why}" if f.held else f": {f.why}" if f.why else ""  # (a pipe: what it is)
        print(line + (f"; {found}" if found else why) + ("." if f.moved_to else ""))
        if f.took_in:  # (its videos counted in its own: which library folders it holds since it took them in)
            print(took_in_text(f.path, f.took_in))
    for run in st.stopped:  # (killed, Ctrl-C'd: its new files have no row yet; none said while a writer runs)
        said_below = st.quick and not switch  # (its quick ones: said once, by the line of quick videos below)
        print(stopped_text(replace(run, quick=0) if said_below else run, shown))
    if st.reembed:  # (a --reindex killed part-way: searched on their earlier moments meanwhile)
        print(reembed_text(st.reembed, shown, full=st.reembed_full))
        if st.reembed_again:  # (of those, the ones whose last try failed: why, and that the next run tries again)
            print(again_text(st.reembed_again, shown, TRIES))
    if st.reembed_failed:  # (a --reindex failed them: not tried again until their files change)
        print(held_text(st.reembed_failed, shown, [f.path for f in st.folders]))
    if st.pending and (st.writing_now or not switch):  # (a run stopped before them: the next one indexes them)
        print(waiting_text(st.pending, st.writing_now))
    elif st.writing_now and not (switch or st.forgetting):
        print(BUSY_UNCOUNTED)
    if st.quick and not switch:  # (a run stopped in its full pass: searchable, the full moments to come)
        print(quick_only_text(st.quick, "`seekframe index`", st.writing_now, st.quick_offline))
    from .status_figures import figures_lines

    for line in figures_lines(st.stats):  # (videos, moments, captions and notes, size: in words, not the dict's keys)
        print(line)
    if st.failed:
        print("Failed files:")
        for p, r in st.failed:  # (one no run tries again says what does: --retry-failed)
            print(f"  {shown(p)}: {shown_reason(shown(r))}")
        if st.to_retry:  # (core.sync's retry: this reader may read what an earlier one could not)
            print(f"  {retry_text(st.to_retry)}")
        else:  # (when, and what reads them now: as the run's end says it)
            print(f"  {retried_text([r for _p, r in st.failed])}")
    if st.unread:  # (their videos, if any, unseen: neither indexed nor failed)
        print(f"{'Folders' if len(st.unread) > 1 else 'A folder'} the last index could not read (the videos in "
              f"{'them' if len(st.unread) > 1 else 'it'} are not indexed):")
        for p, r in st.unread:
            print(f"  {shown(p)}: {shown(r)}")
    if here := [(p, r) for p, r in st.not_videos if p not in away]:
        print(f"Not videos (skipped): {skipped_text(Counter(not_video_kind(r) for _, r in here))}")
        for p, r in here:
            print(f"  {shown(p)}: {shown(r)}")
    for still_away in (True, False):  # (no advice: not there to rename or move)
        if gone := [(p, r) for p, r in st.not_videos if p in away and back(p) != still_away]:
            when = "looked at again when their folder is back" if still_away else BACK_NEXT_RUN
            print(f"Not videos, offline (kept; {when}): {skipped_text(Counter(not_video_kind(r) for _, r in gone))}")
            for p, _r in gone:
                print(f"  {shown(p)}")
    for damage, heading in ((False, "Cut short (a download or copy that did not finish?), indexed as far as they play:"),
                            (True, "Damaged (bad sectors, a failing card?), indexed where they decode:")):
        if notes := [(p, n) for p, n in st.cut_short if is_damage_note(n) == damage]:
            print(heading)
            for p, n in notes:
                print(f"  {shown(p)}: {shown(n)}")
    if st.offline:
        print(f"Offline videos: {len(st.offline)} (kept; " + (f"{BACK_NEXT_RUN})" if all(map(back, st.offline)) else
              "they are back when their folder is; `seekframe index --prune FOLDER` removes those that are really "
              "gone)"))
        for folder in st.folders:
            if folder.offline:  # (one back among others still away: said so)
                print(f"  {shown(folder.path)}: {folder.offline} offline" + (f" ({_back_line(folder)})"
                                                                            if folder.back else ""))
    if st.kept_by_content:  # (removed by a re-scan of one folder: core.sync_gone)
        from .kept_words import status_text

        print(status_text(st.kept_by_content))
    if st.to_check:
        from .video_info import READ_OTHERWISE

        print(f"To check: {count(st.to_check, 'video')} indexed by an earlier version, which read "
              f"{READ_OTHERWISE} otherwise; the next `seekframe index` checks them and embeds again "
              "those it now reads otherwise.")
    for note in st.notes:
        print(f"Note:    {note.rstrip()}" + ("" if note.rstrip().endswith((".", "!", "?")) else "."))
    if st.problems:  # library.json and the tables disagree: say what and how to repair
        from .library.reconcile import REPAIR

        print("Problem: " + "; ".join(st.problems) + ". " + REPAIR)
    if damaged:  # (what a search would meet)
        from .library.repair import damaged_text

        print(damaged_text(damaged, shown))
    if card is not None:
        print("What the model knows:")
        for line in card.lines():
            print(f"  {line}")
        hint = model_hint(lib, card, library_arg, st.model_source)
        if hint:
            print(hint)
    return 2 if st.problems or damaged else 0
