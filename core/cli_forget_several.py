"""``seekframe forget`` of several library folders at once: a path above folders spelled through
different links (``forgetting.held_through_links``), each removed under its own spelling
(``_remove_each``, also ``cli_forget.cmd_forget``'s when its check under the lock finds such a
mix). The whole request is recorded before the first removal (``core.library.forget_request``):
stopped part-way (a full disk, Ctrl-C, a kill), what was removed and what is left is said
(``_stopped_at``), and the next writer's open removes the rest, which the same command again then
counts as its own (``resumed``)."""

from __future__ import annotations

import sys

from .errors import is_disk_full
from .filenames import shown


def _forget_several(args, root: str, several: list[str]) -> int:
    """``seekframe forget`` of a path above library folders added through different links (/up a
    link to /videos, above /l1/a and /l2/b): each of ``several`` forgotten under its own spelling,
    asked about first as a path above several folders is (``--all``, or a yes in a terminal), and
    checked again under the writer lock; ``--keep-inside`` is refused (it keeps what one folder
    took in: that folder is to be named). Core removes one folder at a time (each whole or not at
    all): one that fails (a full disk) is said with those removed before it and those left
    (``_stopped_at``), and the error raised on; one of them whose stopped removal the writer's open
    finished, and those it removed as the rest of that stopped request (``resumed``), are counted
    in the summary."""
    from .cli_failures import EXIT_DISK_FULL
    from .cli_library import writer
    from .cli_forget import _agreed, _check_while_a_removal_waits, _disk_full, _read_only, says_finished

    if _refused_keep_inside(args, root, several):
        return 2
    asked = _read_only(args, lambda lib: _reach(lib, several))
    if not _agreed(args, root, asked if asked is not None else [(f, None) for f in several]):
        return 2
    waits: list[str | None] = [None]

    def before(where) -> bool:
        waits[0] = _check_while_a_removal_waits(where, several[0])
        return False

    opened = False
    try:
        with writer(args, existing=True, forgetting=tuple(several), before=before) as lib:
            opened = True
            from .service import held_through_links

            done = lib.forget_finished if lib.forget_finished and says_finished(lib.forget_finished[0],
                                                                                tuple(several)) else None
            listed = lib.meta.settings.folders or []
            now = (held_through_links(lib.meta, root, lib.video_table.all)  # (again under the lock; one left
                   or [f for f in several if f in listed])  # once the open finished another: that one)
            removed = _remove_each(args, lib, root, now, several, done, resumed(lib, tuple(several)))
            if removed is None:
                return 2
    except Exception as exc:
        if opened or waits[0] is None or not is_disk_full(exc):
            return _disk_full(args, exc)
        from .service import removal_waits

        print(f"seekframe: {removal_waits(root, waits[0], again='run the same command again')}", file=sys.stderr)
        return EXIT_DISK_FULL
    print(_several_summary(args.folder, done, removed))
    return 0


def _refused_keep_inside(args, root: str, several: list[str]) -> bool:
    """``--keep-inside`` with a path above folders spelled through different links: refused (it
    keeps what one folder took in: that folder is to be named), said; nothing removed."""
    if not getattr(args, "keep_inside", False):
        return False
    print(f"seekframe: {shown(root)} holds library folders added through different links "
          f"({', '.join(map(shown, several))}); --keep-inside keeps what one folder took in: name that "
          "folder. Nothing was forgotten.", file=sys.stderr)
    return True


def _reach(lib, folders) -> list[tuple[str, int]]:
    from .scan import is_under

    videos = lib.video_table.all()
    return [(f, sum(is_under(v.path, f) for v in videos)) for f in folders]


def resumed(lib, forgetting) -> list[tuple[str, int]]:
    """The folders the writer's open removed as the rest of a stopped request
    (``VideoLibrary.forget_resumed``) that the forget of ``forgetting`` says itself (``says_finished``)."""
    from .cli_forget import says_finished

    return [(f, n) for f, n in lib.forget_resumed if says_finished(f, forgetting)]


def resumed_text(folder: str, n: int) -> str:
    """Said of a folder the writer's open removed as the rest of a stopped request (``cli_library.writer``)."""
    from .forget_words import removed_count  # (``folder_forget.Removed``: its files that could not be read too)

    return (f"The removal of {shown(folder)}, asked with other folders by an earlier `seekframe forget` that "
            f"stopped part-way, is done now: {removed_count(n)} removed (the files are untouched).")


def said_at_start(lib, events):
    """An index run's ``events``, what its start removed of a stopped forget (``VideoLibrary.
    finish_pending_forget``: the removal under way, the rest of a forget of several that a full disk
    kept this writer's open from removing) said first, as that open says it (``cli_library.say_forgot``);
    said as the run ends when it yields nothing (no folder left) or fails."""
    from .cli_library import say_forgot

    heard = [lib.forget_finished, lib.forget_resumed]

    def say() -> None:
        finished, rest = lib.forget_finished, lib.forget_resumed
        if finished is not heard[0] or rest is not heard[1]:
            say_forgot(finished if finished is not heard[0] else None, rest if rest is not heard[1] else (), "")
            heard[:] = [finished, rest]

    try:
        for event in events:
            say()
            yield event
    finally:
        say()


def _remove_each(args, lib, root: str, now: list[str], asked, done, already=()) -> list[tuple[str, int]] | None:
    """Under the writer lock: each of ``now`` forgotten under its own spelling ((folder, videos)
    each, after ``already``: those the open removed as the rest of a stopped request), asked about
    first when it holds a folder not among ``asked`` (those the question before the lock named);
    None when not agreed (nothing removed). The whole request is recorded first
    (``core.library.forget_request``): one that fails (a full disk, Ctrl-C) is said with those
    removed before it and those left (``_stopped_at``, ``done`` the removal the open finished), and
    the error raised on; the next writer's open removes the rest."""
    from .cli_forget import _agreed
    from .library import forget_request
    from .service import forget_folder

    if set(now) - set(asked) and not _agreed(args, root, _reach(lib, now)):
        return None
    removed: list[tuple[str, int]] = list(already)
    forget_request.begin(lib, now)  # (before the first: stopped part-way, the next open removes the rest)
    for i, f in enumerate(now):
        try:
            removed.append((f, forget_folder(lib, f)))
        except BaseException:
            _stopped_at(lib, done, removed, now[i:])
            raise
    forget_request.end(lib)  # (one no longer in the library, nothing removed for it: none left either)
    return removed


def _several_summary(typed: str, done, removed) -> str:
    """What ``_forget_several`` removed: ``removed`` ((folder, videos) each) and ``done``, the
    stopped removal of one of them the writer's open finished ((folder, videos), or None)."""
    from .forget_words import removed_count, together
    from .library.folder_forget import Removed
    from .service import forget_summary

    each = [k for _, k in [*removed, *([done] if done else [])]]  # (their files no videos said too, as a folder's)
    if done and not removed:
        return forget_summary(together(each), typed)
    said = forget_summary(together(each, Removed), typed)
    if done:
        k = removed_count(done[1]) if getattr(done[1], "unread", 0) else done[1]  # ("2 of them": the videos)
        of_them = f" ({k} of them)" if k else ""
        said += (f" The removal of {shown(done[0])}, which an earlier try had stopped part-way, was finished "
                 f"first{of_them}.")
    return said


def _stopped_at(lib, done, removed, left) -> None:
    """Said when the removal of ``left[0]`` failed (the error itself is said after this): what was
    removed before it, and which folders were not removed; one whose removal is recorded
    (begun, its last write refused) is finished by the next writer's open, which removes the rest
    of the request too (``core.library.forget_request``)."""
    if removed or done:
        print(_several_summary(", ".join(f for f, _ in removed) or done[0], done, removed))
    pending = lib.meta.forgetting if lib.meta.forgetting in left else None
    out = [f for f in left if f != pending]
    said = []
    if pending:
        said.append(f"the removal of {shown(pending)} was begun and stopped before its end: it is finished the "
                    "next time the library is opened to write (the same command again, or any `seekframe index`)")
    if out:
        one = len(out) == 1
        said.append(f"{', '.join(map(shown, out))} {'was' if one else 'were'} not removed: "
                    f"{'it is' if one else 'they are'} still in the library")
        if set(out) <= set(lib.meta.forget_request or ()):  # (the request recorded: the rest removed, as asked)
            said[-1] += (f", and the next time the library is opened to write (the same command again, or any "
                         f"`seekframe index`) removes {'it' if one else 'them'} too, as asked")
    print(f"seekframe: the removal stopped at {shown(left[0])} (why below); " + "; ".join(said) + ".", file=sys.stderr)


