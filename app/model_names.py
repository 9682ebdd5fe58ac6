"""The names the window gives a model that need a look at its card on disk (``core.model_titles.model_title``,
the one rule, the CLI's too, names it from the card): the library's own model, and a model loading. Each reads the
card in a worker, never the GUI thread (a model on a share that stopped answering hangs it); the
GUI thread names the library's model by the title a status read gave it (``known_library_title``).
"""

from __future__ import annotations

from core.model_titles import card_or_none, listed_title

from .requests import SessionStatus, model_title

CARD_LOOK_S = 3.0  # the longest a look at the library's model's card is waited for (a share that stopped answering)


def library_model_title(meta, read: bool = True) -> str:
    """The model a library was indexed with (its ``meta``), named as the model dialog lists it
    (``model_title``: its card's title, a known hub model's name), its path or id only for a model this
    install does not have. ``read``: its card read off its folder, within ``CARD_LOOK_S`` (a worker's:
    never the GUI thread, a model on a share that stopped answering hangs it); else named without a look."""
    from core import bounded_meta

    source = meta.model_source or ""
    card = bounded_meta.answer(source, card_or_none, source, timeout_s=CARD_LOOK_S) if read and source else None
    if card is not None:  # (a student whose title another local model has too: with its folder, as the dialog)
        return listed_title(source, card, source or meta.model_id or "")
    return model_title(card, source or meta.model_id or "", source)


def known_library_title(status: SessionStatus):
    """``make_searcher``'s ``library_title`` in the GUI thread: the title the last status read (a worker's)
    gave the library's model where it is the one read, else named without a look at the disk."""
    return lambda meta: (status.library_model_title if status.library_model_title
                         and status.library_model_id == meta.model_id else library_model_title(meta, read=False))


def loading_title(source: str) -> str:
    """What the status bar names a model by while it loads, as once it is loaded (``listed_title``, as
    the CLI's "Loading model …"), its card read off its folder here in the worker; "" where neither its
    card nor the known hub models name it (the window then names its folder). Before, the bundled model
    loaded as "real", its folder's name."""
    return listed_title(source)  # (a student whose title another local model has too: with its folder)


def switch_title(switch: dict | None) -> str:
    """The model an interrupted switch (``VideoLibrary.model_switch``) moves to, named as it loads
    (``loading_title``: its card read here in the worker), for what the window says as it resumes the
    switch (``ModelSwitcher.resume``); "" where none is, or neither its card nor the known hub models
    name it (the window then names its path). Before, the bundled model was said by its folder's path."""
    return loading_title(switch.get("model_source") or "") if switch else ""
