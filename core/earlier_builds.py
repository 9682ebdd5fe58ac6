"""Earlier builds of a bundled model, kept so that a library indexed with one still searches after an
upgrade rebuilt that model (a new label bank: a new model id, so the new build cannot search the old
vectors; before, such a library was refused every search until it was indexed again).

A bundled model rebuilt in place (``python -m training.label_model --out core/resources/models/real``)
keeps its build before under ``core/resources/models/earlier/<model id>/``: ``build.json`` (the id
and the bundled model it is a build of) and only the files that differ from the current build (for
the real-footage model its ``config.json`` and ``model.safetensors``, the 1.5 MB label bank; the
tokenizer and the card are the current build's when they are the same bytes). ``for_library``: the
model source a library bound to such a build loads, a whole folder made once in the cache
(``<cache>/earlier-models/<id>``, written whole, its id checked off its files), so its searches
answer at once with the build its vectors came from, text queries encoded by that build, and a
re-scan embeds new videos with it too (never vectors of two builds in one library). ``seekframe
index --reindex`` (the window: choosing the bundled model in File › Model…) moves it to the current
build, captions and notes kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from . import earlier_users
from .paths import bundled_models_dir, cache_dir

EARLIER = "earlier"
BUILD_FILE = "build.json"
KEPT = ("config.json", "model.safetensors", "card.json", "tokenizer.json", "tokenizer_config.json")
ASSEMBLED = "earlier-models"


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except (OSError, ValueError, RuntimeError):
        return False


def bundled_name(source: str | Path) -> str | None:
    """The bundled model (``real``, ``demo``) a library's recorded source is: that folder now; one
    of an earlier install that is gone (a wheel of another Python: ``…/core/resources/models/real``);
    or an earlier build made in the cache (``<cache>/earlier-models/<id>``). None for another model."""
    if not source:
        return None
    path = Path(str(source)).expanduser()
    for name in ("real", "demo"):
        if _same(path, bundled_models_dir() / name):
            return name
    if path.parent.name == ASSEMBLED:
        return (_read_build(path) or _read_build(bundled_models_dir() / EARLIER / path.name)).get("of")
    if path.parts[-3:-1] == ("resources", "models") and path.name in ("real", "demo") and not path.exists():
        return path.name
    return None


def _read_build(folder: Path) -> dict:
    try:
        raw = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) and isinstance(raw.get("of"), str) else {}


def current_id(name: str) -> str | None:
    """The id of the bundled model ``name`` this install holds (read off its files, remembered)."""
    from .encoders import model_ids

    folder = bundled_models_dir() / name
    return model_ids.known(str(folder), folder) if (folder / "config.json").is_file() else None


def for_library(source: str, model_id: str, library_dir=None) -> str | None:
    """The folder to load for a library bound to ``model_id`` whose recorded model ``source`` is a
    bundled model that now holds another build (or is gone): the kept earlier build, made whole in
    the cache; this install's folder where it holds that very build and the recorded one is another
    install's, gone (an update put Seekframe elsewhere: 0fd2f02's ``resources/models``, a wheel of
    another Python; before, ``model folder not found`` for every search and re-scan); None where
    the source is no bundled model, still that build here, or no build is kept. ``library_dir``:
    the library's folder, recorded as using that build (``core.earlier_users``: the cache keeps it
    while a library uses it; ``let_unused_go`` lets the copies no library uses go). Looks at no other
    library: a search pays nothing for the cache's upkeep."""
    name = bundled_name(source) if model_id else None
    if name is None:
        return None
    if current_id(name) == model_id:
        here = current_build(source)
        return here if here is not None and not _same(here, source) else None
    folder = earlier_build(model_id, library_dir)
    return str(folder) if folder is not None else None


def let_unused_go() -> list[str]:
    """Remove the cache's earlier builds no library uses any more (``earlier_users.prune_due``: at most
    once a day): called where a library may have moved off its build (the index command: ``--reindex``,
    ``--model``) and by the window's open, in its worker; never by a search. The ids removed."""
    return earlier_users.prune_due(cache_dir() / ASSEMBLED)


def recorded_source(source: str) -> str:
    """The source a library records for a model loaded from ``source``: for an earlier build made
    in the cache, the bundled model's folder it is a build of (where ``for_library`` finds that build
    again, the cache emptied or not); any other as it is."""
    path = Path(str(source))
    if path.parent.name == ASSEMBLED and (name := bundled_name(source)):
        return str(bundled_models_dir() / name)
    return source


def current_build(source: str) -> str | None:
    """This install's folder of the bundled model ``source`` is a build of (where ``seekframe index
    --reindex`` moves a library on an earlier build); None for another model."""
    name = bundled_name(source)
    folder = bundled_models_dir() / name if name else None
    return str(folder) if folder is not None and (folder / "config.json").is_file() else None


CLI_MOVE = "`seekframe index --reindex` moves it"
WINDOW_MOVE = "choosing the bundled model in File › Model… moves it"  # (app.model_switch: ids differ, a switch)


def library_text(source: str, model_id: str, how: str = CLI_MOVE) -> str:
    """What a library bound to ``model_id`` whose recorded model ``source`` is a bundled model that
    now holds another build is told ('' for any other): it goes on with its build where this install
    keeps it, else it cannot be searched; either way how to move it to this install's build (``how``:
    the command's words, or the window's, ``WINDOW_MOVE``)."""
    name = bundled_name(source) if model_id else None
    now = current_id(name) if name else None
    if now is None or now == model_id:
        return ""
    move = f"{how} to this version's ({now}): captions and notes are kept."
    if serves(name, model_id):
        return (f"This library was indexed with an earlier build of the bundled model ({model_id}); it searches "
                f"and indexes with that build. {move}")
    return (f"This library was indexed with an earlier build of the bundled model ({model_id}), which this "
            f"version does not keep, so it cannot be searched until it is indexed again: {move}")


def moving_text(source: str, model_id: str, source_now: str) -> str:
    """What ``seekframe index --reindex`` says as it moves a library from an earlier build of a
    bundled model to this install's ('' for any other run)."""
    if not library_text(source, model_id) or not _same(source_now, current_build(source) or ""):
        return ""
    return (f"Moving this library from an earlier build of the bundled model ({model_id}) to this "
            f"version's: its videos are embedded again; captions and notes are kept.")


def still_at(source: str, model_id: str) -> str | None:
    """Where the model ``model_id`` a library was indexed with is still found: its folder where its
    files still give that id (or a hub id, or a model only a load tells), the kept earlier build of a
    bundled model; None where that folder now holds another model or is gone."""
    from .encoders import model_ids

    if (kept := for_library(source, model_id)) is not None:
        return kept
    folder = Path(str(source)).expanduser()
    if not source or bundled_name(source) is not None and not folder.is_dir():
        return None
    if not folder.is_dir():
        return None if folder.is_absolute() or str(source).startswith(".") else str(source)  # (a hub id)
    known = model_ids.known(str(source), folder)
    return str(source) if known in (None, model_id) else None


def kept_ids(name: str = "real") -> list[str]:
    """The ids of the earlier builds of bundled model ``name`` this install keeps."""
    root = bundled_models_dir() / EARLIER
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if _read_build(p).get("of") == name)


def serves(name: str, model_id: str) -> bool:
    """Whether this install can load the earlier build ``model_id`` of bundled model ``name``: the
    package carries it (``kept_ids``), or the user's cache holds a copy made before whose files
    still give that id (kept for a library that uses it after a later package dropped it,
    ``core.earlier_users``). The one rule ``library_text`` (``seekframe status``, ``index``) and the
    window's notice (``app.earlier_build``) follow; it makes no copy."""
    from .encoders import model_ids

    if not model_id or "/" in model_id or "\\" in model_id or model_id.startswith("."):
        return False
    if model_id in kept_ids(name):
        return (bundled_models_dir() / name / "config.json").is_file()
    made = made_copy(model_id)
    return ((made / "config.json").is_file() and _read_build(made).get("of") == name
            and model_ids.known(str(made), made) == model_id)


def made_copy(model_id: str) -> Path:
    """Where the user's cache holds the earlier build ``model_id`` made whole (there or not)."""
    return cache_dir() / ASSEMBLED / model_id


def earlier_build(model_id: str, library_dir=None) -> Path | None:
    """The kept build ``model_id`` as a whole model folder (its kept files over the current build's),
    made once in the cache and checked: its files must give that id; one made so before for a
    library that still uses it where the package no longer carries it (``core.earlier_users``).
    ``library_dir``: the library that loads it, recorded first. None if none is kept."""
    from .atomic import replacing_folder
    from .encoders import model_ids

    if not model_id or "/" in model_id or "\\" in model_id or model_id.startswith("."):
        return None
    kept = bundled_models_dir() / EARLIER / model_id
    name = _read_build(kept).get("of")
    out = cache_dir() / ASSEMBLED / model_id
    made = (out / "config.json").is_file() and bool(_read_build(out).get("of"))
    if not made and (not name or not (bundled_models_dir() / name / "config.json").is_file()):
        return None
    earlier_users.use(out.parent, model_id, library_dir)  # (before a copy is made: no prune takes it meanwhile)
    if made and model_ids.known(str(out), out) == model_id:
        return out
    if not name or not (bundled_models_dir() / name / "config.json").is_file():
        return None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with replacing_folder(out) as part:
            for file in (*KEPT, BUILD_FILE):
                src = kept / file if (kept / file).is_file() else bundled_models_dir() / name / file
                if src.is_file():
                    shutil.copyfile(src, Path(part) / file)
    except OSError:
        return None
    return out if model_ids.known(str(out), out) == model_id else None


def snapshot(folder: Path) -> tuple[str | None, dict[str, bytes]]:
    """A bundled model folder's id and files, read before it is rebuilt in place (``keep``)."""
    from .encoders.file_ids import derive

    folder = Path(folder)
    files = {f: (folder / f).read_bytes() for f in KEPT if (folder / f).is_file()}
    return (derive(folder) if files else None), files


def set_aside(folder: Path) -> tuple[str | None, dict[str, bytes]]:
    """``snapshot`` of a bundled model folder about to be rebuilt in place, written whole under
    ``../earlier/<id>`` first, so that a rebuild killed or failing half way (Ctrl-C, out of memory, a
    full disk) still leaves the build before kept; ``keep`` then trims it to what the rebuild changed."""
    before = snapshot(folder)
    if before[0]:
        _write(before, Path(folder), trim=False)
    return before


def keep(before: tuple[str | None, dict[str, bytes]], folder: Path) -> Path | None:
    """After ``folder`` (a bundled model) was rebuilt: where its id changed, keep the build before
    (``snapshot``) under ``../earlier/<id>``, only the files that differ from the new build's; where
    it did not, drop what ``set_aside`` wrote there (the current build needs no copy). The package
    carries the last ``earlier_users.PACKAGED`` builds: older ones go (``earlier_users.trim``)."""
    from .encoders.file_ids import derive

    folder = Path(folder)
    if not before[0]:
        return None
    if derive(folder) == before[0]:
        shutil.rmtree(folder.parent / EARLIER / before[0], ignore_errors=True)
        return None
    kept = _write(before, folder, trim=True)
    earlier_users.trim(folder.parent / EARLIER, folder.name, _read_build)  # (the last PACKAGED)
    return kept


def _write(before: tuple[str | None, dict[str, bytes]], folder: Path, trim: bool) -> Path:
    """The build before of bundled model ``folder`` written whole under ``../earlier/<id>``: its
    files (``trim``: only those that differ from ``folder``'s now) and ``build.json``."""
    from .atomic import replacing_folder

    old_id, files = before
    target = folder.parent / EARLIER / str(old_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing_folder(target) as part:
        for file, data in files.items():
            if not trim or not (folder / file).is_file() or (folder / file).read_bytes() != data:
                (Path(part) / file).write_bytes(data)
        order = earlier_users.next_order(target.parent, folder.name, _read_build, but=str(old_id))
        (Path(part) / BUILD_FILE).write_text(json.dumps({"model_id": old_id, "of": folder.name, "order": order})
                                             + "\n", encoding="utf-8")
    return target
