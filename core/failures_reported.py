"""Which recorded failures a finished ``seekframe index`` has reported to its user, so that the
command's exit code says each failure at least once: a failure counts as one of an earlier run
(``summary["failed_before"]``: listed by a plain run, left out by ``-q``, exit 0) only once a run
of the command that finished listed it or exited 1 for it. One recorded by a run cut short (Ctrl-C,
a full disk, a kill, a reboot) or by the window's own run is new to the next ``seekframe index``:
exit 1 and named under ``-q`` once, then 0 while it stays as it is.

A failure is its video's id and the time it was recorded (a failed row's ``indexed_at``, a failed
re-embedding's ``Failure.at``): the same file failing again later is a failure of its own. Kept in
``library.json``'s settings, key ``KEY``: {video id: that time}; a value of another form (a later
release's) reads as none reported, and is written over by the next finished run."""

from __future__ import annotations

import math

KEY = "failures_reported"


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


def after_run(settings, failures, listed) -> dict | None:
    """``update_settings`` values once a ``seekframe index`` run finished and said its failures
    (None: nothing to change). ``failures``: the library's recorded failures now, (path, video id,
    time); ``listed``: the paths the run's list held (those it listed, or exited 1 for). Kept: the
    failures reported before and still recorded as they were, and those listed now."""
    known = reported(settings)
    listed = set(listed)
    now = {vid: at for path, vid, at in failures if path in listed or was_reported(known, vid, at)}
    if now == known and KEY in (settings.other or {}):
        return None
    return {KEY: now}


def recorded(lib) -> list[tuple[str, str, float]]:
    """The failures ``lib`` (a library or its snapshot) records: (path, video id, time) of each
    failed row and each video whose embedding again failed (``core.reembed_failed``)."""
    from .library.records import FAILED
    from .reembed_failed import recorded as reembed_failures

    rows = lib.video_table.view().values()
    out = [(v.path, v.video_id, v.indexed_at) for v in rows if v.status == FAILED]
    return out + [(f.path, vid, f.at) for vid, f in reembed_failures(lib.meta.settings).items()]


def kept_last(events, box: list):
    """``events`` as they come, the last one kept in ``box`` (what ``remember`` is given)."""
    for ev in events:
        box[:] = [ev]
        yield ev


def remember(lib, last) -> None:
    """After a ``seekframe index`` run's output (``last``: its last event): when it finished, the
    failures it listed recorded as reported (a full disk writes nothing: they are said once more)."""
    from .errors import is_disk_full

    if last is None or last.kind != "finished":
        return
    if values := after_run(lib.meta.settings, recorded(lib), [p for p, _ in last.failed]):
        try:
            lib.update_settings(**values)
        except OSError as exc:
            if not is_disk_full(exc):
                raise


def remember_on_disk(root, snapshot_lib, last) -> None:
    """``remember`` for a run made on the library's snapshot (``cli_models.noop_rescan``): a plain
    write of ``library.json`` under the writer lock, the snapshot stamped again."""
    from .errors import is_disk_full
    from .stopped_runs import updated_on_disk

    if last is None or last.kind != "finished":
        return
    failures = recorded(snapshot_lib)
    try:
        updated_on_disk(root, snapshot_lib.all(), lambda s: after_run(s, failures, [p for p, _ in last.failed]))
    except OSError as exc:
        if not is_disk_full(exc):
            raise
