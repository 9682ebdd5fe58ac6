"""Which recorded failures a finished ``seekframe index`` has reported to its user, so that the
command's exit code says each failure at least once: a failure counts as one of an earlier run
(``summary["failed_before"]``: listed by a plain run, left out by ``-q``, exit 0) only once a run
of the command that finished listed it or exited 1 for it. One recorded by a run cut short (Ctrl-C,
a full disk, a kill, a reboot) or by the window's own run is new to the next ``seekframe index``:
exit 1 and named under ``-q`` once, then 0 while it stays as it is.

A failure is its video's id and the time it was recorded (a failed row's ``indexed_at``, a failed
re-embedding's ``Failure.at``): the same file failing again later is a failure of its own. Kept in
``library.json``'s settings, key ``KEY``: {video id: that time}; a value of another form (a later
release's) reads as none reported, and is written over by the next finished run.

A folder the walk could not read (``scan.unread_folder``: a root-only ``lost+found`` on a drive added
whole) is reported the same way, once while it stays unread for the same reason: key ``UNREAD``,
{folder: why}, the unread folders the last finished run met (a folder read again, then unread, is said
again); ``told_folders`` counts those as an earlier run's (``summary["failed_before"]``). Kept per
folder: a finished run renews the entries under the folders it walked (``summary["roots"]``, less those
it found offline or not answering) and keeps the others', which it never looked at (``unread_after``)."""

from __future__ import annotations

import math

KEY = "failures_reported"
UNREAD = "unread_folders_reported"
NONE = (0, 0)  # (``remember``: no failure nor unread folder left unnoted)


def reported(settings) -> dict[str, float]:
    """{video id: time of its failure} that a finished ``seekframe index`` reported."""
    data = (getattr(settings, "other", None) or {}).get(KEY)
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, (int, float))
            and not isinstance(v, bool) and math.isfinite(v)}


def was_reported(known: dict[str, float], video_id: str, at: float) -> bool:
    """Whether the failure of ``video_id`` recorded at ``at`` is one ``known`` (``reported``) holds."""
    return video_id in known and known[video_id] == at


def unread_reported(settings) -> dict[str, str]:
    """{folder: why it could not be read} that a finished ``seekframe index`` reported."""
    data = (getattr(settings, "other", None) or {}).get(UNREAD)
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def unread_of(failed) -> dict[str, str]:
    """The folders a run could not read, of its failures ``failed`` (path, reason): {folder: why}."""
    from .scan import unread_folder

    return {p: why for p, r in failed if (why := unread_folder(r)) is not None}


def told_folders(events, settings):
    """``events`` as they come, a run's end counting the unread folders a finished run reported, still
    unread for the same reason, as an earlier run's failures (``summary["failed_before"]``): listed by a
    plain run, left out by ``-q``, no exit 1 for them."""
    known = unread_reported(settings)
    for ev in events:
        if known and getattr(ev, "failed", None) and isinstance(getattr(ev, "summary", None), dict):
            before = list(ev.summary.get("failed_before") or ())
            ev.summary["failed_before"] = before + [p for p, why in unread_of(ev.failed).items()
                                                    if known.get(p) == why and p not in before]
        yield ev


def unread_after(before: dict[str, str], unread: dict[str, str], summary: dict | None) -> dict[str, str]:
    """The unread folders reported once a finished run with ``summary`` could not read ``unread``
    (``unread_of``), of ``before`` (``unread_reported``): those under a folder it walked are its own to
    say (dropped unless unread now), the others kept; a run that names no roots looked at every one."""
    from .scan import is_under

    summary = summary or {}
    if "roots" not in summary:
        return dict(unread)
    walked, unreached = summary["roots"], [*(summary.get("offline_roots") or ()), *(summary.get("hung") or ())]
    return {**{p: why for p, why in before.items()
               if not any(is_under(p, r) for r in walked) or any(is_under(p, u) for u in unreached)}, **unread}


def forgotten_values(settings, root: str, kept=()) -> dict:
    """``update_settings`` values once ``root`` is forgotten (``LibrarySettings.after_forget``): the
    unread folders reported in it go, but those in ``kept`` (``--keep-inside``), still library folders;
    so the folder added back says its still unread folders as new (exit 1, named under ``-q``). A record
    written before forget did this (no library folder above an entry) is dropped by the next finished
    run (``after_run``)."""
    from .scan import dropped_by_forget

    before = unread_reported(settings)
    left = {p: why for p, why in before.items() if not dropped_by_forget(p, root, kept)}
    return {} if left == before else {UNREAD: left or None}


def after_run(settings, failures, listed, unread=None, summary=None) -> dict | None:
    """``update_settings`` values once a ``seekframe index`` run finished and said its failures
    (None: nothing to change). ``failures``: the library's recorded failures now, (path, video id,
    time); ``listed``: the paths the run's list held (those it listed, or exited 1 for). Kept: the
    failures reported before and still recorded as they were, and those listed now. ``unread``: the
    folders it could not read (``unread_of``), reported from now on in place of those before under the
    folders it walked (its ``summary``: ``unread_after``); those before in no library folder now (a
    folder forgotten: ``forgotten_values``) dropped."""
    known = reported(settings)
    listed = set(listed)
    now = {vid: at for path, vid, at in failures if path in listed or was_reported(known, vid, at)}
    values = {} if now == known and KEY in (settings.other or {}) else {KEY: now}
    before = unread_reported(settings)
    library_folders = [f for f in getattr(settings, "folders", None) or () if isinstance(f, str)]
    if unread is not None and (folders := unread_after(_listed_only(before, library_folders), unread,
                                                       summary)) != before:
        values[UNREAD] = folders or None
    return values or None


def _listed_only(before: dict[str, str], folders: list[str]) -> dict[str, str]:
    """The entries of ``before`` in one of the library's ``folders`` (a folder forgotten since: gone)."""
    from .scan import is_under

    return {p: why for p, why in before.items() if any(is_under(p, f) for f in folders)}


def recorded(lib) -> list[tuple[str, str, float]]:
    """The failures ``lib`` (a library or its snapshot) records: (path, video id, time) of each
    failed row and each video whose embedding again failed (``core.reembed_failed``)."""
    from .library.records import FAILED
    from .reembed_failed import recorded as reembed_failures

    rows = lib.video_table.view().values()
    out = [(v.path, v.video_id, v.indexed_at) for v in rows if v.status == FAILED]
    return out + [(f.path, vid, f.at) for vid, f in reembed_failures(lib.meta.settings).items()]


def kept_last(events, box: list, settings=None):
    """``events`` as they come, the last one kept in ``box`` (what ``remember`` is given); with the
    library's ``settings``, the unread folders reported before counted so (``told_folders``)."""
    for ev in (events if settings is None else told_folders(events, settings)):
        box[:] = [ev]
        yield ev


def remember(lib, last) -> tuple[int, int]:
    """After a ``seekframe index`` run's output (``last``: its last event): when it finished, the
    failures it listed recorded as reported. A full disk writes nothing: they are reported once more
    by the next run; returned, the failures and the unread folders reported now left unnoted so ((0, 0):
    none), which the run says (``unnoted_text``)."""
    if last is None or last.kind != "finished":
        return NONE
    settings = lib.meta.settings
    if values := after_run(settings, recorded(lib), [p for p, _ in last.failed], unread_of(last.failed), last.summary):
        try:
            lib.update_settings(**values)
        except Exception as exc:
            return _unnoted(exc, settings, values)
    return NONE


def remember_on_disk(root, snapshot_lib, last) -> tuple[int, int]:
    """``remember`` for a run made on the library's snapshot (``cli_models.noop_rescan``): a plain
    write of ``library.json`` under the writer lock, the snapshot stamped again."""
    from .stopped_runs import updated_on_disk

    if last is None or last.kind != "finished":
        return NONE
    failures, asked = recorded(snapshot_lib), []

    def values_of(settings):
        asked[:] = [settings, after_run(settings, failures, [p for p, _ in last.failed], unread_of(last.failed),
                                        last.summary)]
        return asked[1]

    try:
        updated_on_disk(root, snapshot_lib.all(), values_of)
    except Exception as exc:
        if not asked:
            return _unnoted(exc, None, None)
        try:  # (as written: refused before library.json, or after it, as the snapshot was stamped)
            from .library import meta as meta_io

            asked[0] = meta_io.read_meta(root).settings
        except Exception:
            pass
        return _unnoted(exc, *asked)
    return NONE


def _unnoted(exc: Exception, settings, values) -> tuple[int, int]:
    """``exc`` raised again unless a full disk refused the write of ``values``; else how many failures,
    and how many unread folders, ``values`` marked reported that ``settings`` did not hold: said again
    next run. Counted apart: the run lists its unread folders apart from its failures."""
    from .errors import is_disk_full

    if not is_disk_full(exc):
        raise exc
    if not values:
        return NONE
    known, folders = reported(settings), unread_reported(settings)
    return (sum(known.get(vid) != at for vid, at in (values.get(KEY) or {}).items()),
            sum(folders.get(p) != why for p, why in (values.get(UNREAD) or {}).items()))


def unnoted_text(failures: int, folders: int = 0) -> str:
    """What a run says of ``failures`` it reported, and of ``folders`` it could not read, that a full
    disk kept it from noting so (``remember``): the next `seekframe index` reports them again, as new
    (exit 1, named even with ``-q``), and notes them once it has room (a freed disk's first run too)."""
    from .plural import count

    what = [count(failures, "failure")] if failures else []
    what += [f"{count(folders, 'folder')} that could not be read"] if folders else []
    them = "it" if failures + folders == 1 else "them"
    return (f"The disk is full: the library could not note that this run reported {' and '.join(what)} "
            f"(listed above); the next `seekframe index` reports {them} again; free some space, and that run "
            f"notes {them}.")
