"""A path the user typed (``seekframe forget PATH``, ``seekframe index A/../B``, ``search --folder``), looked at
where that look may wait for ever (a network share that stopped answering: a ``realpath``'s ``lstat``, a link's
``readlink``), as one ``core.bounded_meta`` look: ``typed_look`` its answer, ``NotAnswering`` (in words for the
user: nothing changed, what to do) where it does not answer, so the command ends, said why, rather than hanging
or guessing. ``real_places``: where the library's folders really are, all looked at together, one that does not
answer compared by its spelling alone (as ``folder_spelling.as_library_folder`` compares it). Imports nothing
heavy."""

from __future__ import annotations

from .errors import SeekframeError


class NotAnswering(SeekframeError):
    """A path typed whose look did not answer within the bound: nothing was done with it."""


def not_answering(typed, why: str) -> NotAnswering:
    """The refusal of ``typed``, whose look did not answer: ``why`` that look was needed."""
    from .bounded_read import bound
    from .filenames import shown

    return NotAnswering(f"{shown(str(typed))} does not answer (nothing in {bound(None):g} s: a network share that "
                        f"stopped answering?), so {why}: nothing was changed. Check that its drive or share is "
                        "connected (open the folder in your file manager), then run the command again.")


def typed_look(typed, why: str, fn, *args, key=None):
    """``fn(*args)``, a look at the path ``typed`` (keyed by ``key``, else ``typed``), made as one bounded look
    (``bounded_meta.waited``: one still stuck in this process waited for once, then the answer at once); its
    ``OSError`` or ``ValueError`` raised as ever, ``not_answering(typed, why)`` where it does not answer (the
    bound's ``TimeoutError``, or the share's own ETIMEDOUT)."""
    from . import bounded_meta

    try:
        return bounded_meta.waited(str(typed) if key is None else key, fn, *args)
    except TimeoutError:
        raise not_answering(typed, why) from None


def real_looks(folders, offline=(), known=None) -> dict:
    """{folder: its links resolved and its ``same_folder._key`` (``folder_spelling._real_key``), None where it does
    not answer} of ``folders``, each looked at as one bounded look, all together (``bounded_meta.answers``): several
    on a share that stopped answering cost one bound in all. An ``offline`` one (``folder_spelling.offline_folders``)
    is never looked at (None); a ``known`` one ({folder: its answer}, ``folder_hung.looked_now``'s) not again. The
    one rule of ``real_places``, ``filters``' ``--folder`` and ``folder_spelling.as_library_folder``: one that does
    not answer is compared by its spelling alone."""
    from . import bounded_meta
    from .folder_spelling import _real_key

    known = known or {}
    looked = {**bounded_meta.answers([f for f in folders if f not in offline and f not in known], _real_key,
                                     wait=True), **known}
    return {f: None if f in offline else looked.get(f) for f in folders}


def real_places(folders, offline=(), spelled=(), known=None) -> tuple[list, dict]:
    """([(folder, where it really is)], {where: its ``same_folder._key``}) of ``folders``, each looked at
    (its links resolved, ``folder_spelling._real_key``) as one bounded look, all together
    (``bounded_meta.answers``). An ``offline`` one (``folder_spelling.offline_folders``) is never looked at, and
    one that does not answer (a share that stopped answering) is not either again: each is where its spelling
    says, with no key (``same_folder.same_spelled`` never looks at one missing from the keys it is given:
    ``fit_to_look``). A ``spelled`` one (in or above the path asked about, as spelled) is where its spelling
    says, its key looked at. ``known``: as ``real_looks``'."""
    looked = real_looks(folders, offline, known)
    places, keys = [], {}
    for f in folders:
        look = looked.get(f)
        there = f if look is None or f in spelled else look[0]
        places.append((f, there))
        if look is not None:
            keys[there] = look[1]
    return places, keys


def fit_to_look(places, keys) -> list:
    """The ``places`` (``real_places``) that may be looked at: those that answered."""
    return [(f, there) for f, there in places if there in keys]
