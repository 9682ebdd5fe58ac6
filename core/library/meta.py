"""``<root>/library.json``: the format version, the bound model and the library's settings
(``LibraryMeta``, ``LibrarySettings``: typed, checked when read), written atomically (checked
against the tables by ``core.library.reconcile``; the few bytes a full disk still lets a writer change in
place: ``core.library.meta_in_place``). ``root`` is a library folder or its ``location.Location`` (a
library given by URI is read through it)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from core import atomic, json_text
from core.errors import DamagedDescriptionError, LibraryError, NewerLibraryError
from core.library import forget_request
from core.library import removed as removed_record
from core.library.location import Location
from core.library.meta_in_place import ROOM, filled_room, in_sectors
from core.library.records import SCHEMA_VERSION

META_FILE = "library.json"
LOCK_FILE = "writer.lock"
DB_DIR = "db"
_OURS = {META_FILE, LOCK_FILE, DB_DIR}


def is_library(root: Path | Location) -> bool:
    """A library folder (or URI): its description, or its tables when the description was lost."""
    where = root if isinstance(root, Location) else Location(root)
    return where.is_file(META_FILE) or where.is_dir(DB_DIR)


def library_or_made(root: Path) -> bool:
    """A library folder, or one a writer is making now (its lock file there before its description,
    held: a lone lock file no writer holds, left by an older version's refused command, is none)."""
    if is_library(root):
        return True
    if not (Path(root) / LOCK_FILE).exists():
        return False
    from core.library.lock import writer_free

    return not writer_free(root)


def check_new_library_folder(root: Path) -> None:
    """A writer may create a library only in a missing/empty folder or a half-created one."""
    if root.exists() and not root.is_dir():
        raise LibraryError(f"{root} is a file, not a library folder.")
    if root.is_dir():
        foreign = [p.name for p in root.iterdir()
                   if p.name not in _OURS and not p.name.startswith(META_FILE)]
        if foreign:
            raise LibraryError(
                f"{root} is not a Seekframe library (no {META_FILE}) and is not empty "
                f"(it holds {', '.join(sorted(foreign)[:3])}…). Choose an empty folder."
            )


@dataclass(frozen=True)
class LibrarySettings:
    """``library.json``'s ``settings``: what was chosen for this library. A setting never given
    is None and stays out of the file; keys this version does not know are kept as they are."""

    folders: list[str] | None = None  # the library's folders, as given
    window_s: float | None = None  # the moment window its moments are cut with
    shot_cuts: bool | None = None  # whether shot boundaries cut moments too
    root_ids: dict | None = None  # core.sync: {folder: its identity at its last clean index}
    held_roots: dict | None = None  # core.sync: {folder: why its vanished videos were kept}
    folder_links: dict | None = None  # core.sync: {folder: the links its last walk met (core.search_links)}
    took_in: dict | None = None  # core.indexer: {folder: the library folders it took in, their videos now its}
    unread_folders: dict | None = None  # core.sync: {folder a walk could not read: why} (``seekframe status``)
    hung_folders: dict | None = None  # core.scan_stalls: {folder offline as it did not answer: since when}
    hung_links: dict | None = None  # core.scan_stalls: {folder: {a link in it whose folder did not answer: since when}}
    moved_folders: dict | None = None  # core.folder_moved: {folder missing: the folder its videos were found moved to}
    # core.folder_moved.copied: {folder missing, no drive recorded: [the folder its videos were found in, as copies,
    # how many]}
    copied_folders: dict | None = None
    other: dict = field(default_factory=dict)

    @classmethod
    def from_json(cls, data) -> "LibrarySettings":
        """Checked; a ValueError says what is wrong. A ``root_ids``, ``held_roots``, ``folder_links``
        or ``took_in`` that is no object reads as absent (core.sync records them again)."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(f'"settings" should be an object, not {_shown(data)}')
        folders, window, shots = data.get("folders"), data.get("window_s"), data.get("shot_cuts")
        if folders is not None and not (isinstance(folders, list)
                                        and all(isinstance(f, str) and f for f in folders)):
            raise ValueError(f'"settings" → "folders" should be a list of folder paths, not {_shown(folders)}')
        if window is not None and (isinstance(window, bool) or not isinstance(window, (int, float))
                                   or not 0 < window < 1e6):
            raise ValueError(f'"settings" → "window_s" should be a positive number of seconds, not {_shown(window)}')
        if shots is not None and not isinstance(shots, bool):
            raise ValueError(f'"settings" → "shot_cuts" should be true or false, not {_shown(shots)}')
        objects = {k: data[k] if isinstance(data.get(k), dict) else None
                   for k in ("root_ids", "held_roots", "folder_links", "took_in", "unread_folders", "hung_folders",
                             "hung_links", "moved_folders", "copied_folders")}
        known = {f.name for f in fields(cls)} - {"other"}  # a key named "other" is one of those kept
        return cls(folders=folders, window_s=window, shot_cuts=shots, **objects,
                   other={k: v for k, v in data.items() if k not in known and not (k == ROOM and v == {})})

    def to_json(self) -> dict:
        return {**self.other, **{f.name: getattr(self, f.name) for f in fields(self)
                                 if f.name != "other" and getattr(self, f.name) is not None}}

    def updated(self, **values) -> "LibrarySettings":
        """These settings with ``values`` changed (None: removed), checked as when read."""
        data = {**self.to_json(), **values}  # (a key of ``other`` given None goes too)
        return LibrarySettings.from_json({k: v for k, v in data.items() if v is not None or k not in values})

    def taken_in(self, folder: str, tops: bool = False) -> list[str]:
        """The library folders ``folder`` took in (``took_in``: ``seekframe index PARENT`` with them
        listed), those that lie in it; ``tops``: only those in none of the others (one taken in
        with what it had taken in itself counts once)."""
        from core.scan import is_under

        took = (self.took_in or {}).get(folder)
        took = [f for f in took if isinstance(f, str) and f != folder and is_under(f, folder)] \
            if isinstance(took, list) else []
        return [f for f in took if not any(o != f and is_under(f, o) for o in took)] if tops else took

    def without(self, dropped, forgotten: str | None = None, kept=()) -> dict:
        """``updated``'s values for the per-folder records (``root_ids``, ``held_roots``,
        ``folder_links``, ``took_in``) of folders ``dropped`` from the list (forgotten, or taken
        into another): theirs go (with the drive records of folders in them not listed), so none stays stale (a folder listed again starts afresh);
        ``forgotten``: the path a forget removed, whose folders taken in go from ``took_in`` too
        (their videos went with it), unless they lie in one of ``kept`` (``after_forget``); the
        folders an earlier walk could not read (``unread_folders``) go too, but those in ``kept``
        (a forget's kept folders; a fold's, still in the library: the new folder's walk replaces
        them). A record that was absent stays so."""
        from core.folder_moved import copy_fits, repointed
        from core.scan import dropped_by_forget, is_under

        dropped = set(dropped)
        out = {k: {f: v for f, v in rec.items() if f not in dropped}
               for k in ("root_ids", "held_roots", "folder_links", "hung_folders", "hung_links", "moved_folders",
                         "copied_folders")
               if (rec := getattr(self, k)) is not None}
        if "moved_folders" in out:  # (one renamed on, forgotten: those found moved into it name where it went)
            out["moved_folders"] = {f: v for f, v in repointed(self.moved_folders).items() if f not in dropped}
        if "copied_folders" in out and forgotten:  # (the copies' folder forgotten: no copies to name, nor to take
            out["copied_folders"] = {f: v for f, v in out["copied_folders"].items()  # its notes; a kept one stays)
                                     if not (copy_fits(v) and dropped_by_forget(v[0], forgotten, kept))}
        listed = set(self.folders or [])
        for k in ("root_ids", "held_roots", "hung_links"):  # (and the records of a part of one indexed alone)
            if k in out:
                out[k] = {f: v for f, v in out[k].items() if f in listed or not any(is_under(f, d) for d in dropped)}
        if self.unread_folders is not None:  # (one in a folder dropped: not one of the library's now; one in a
            # folder kept is, unread still: ``seekframe forget ~ --keep-inside``, a fold until its walk ends)
            out["unread_folders"] = {f: v for f, v in self.unread_folders.items()
                                     if not dropped_by_forget(f, dropped, kept)} or None
        if self.took_in is not None:
            took = {f: [s for s in self.taken_in(f) if not (forgotten and dropped_by_forget(s, forgotten, kept))]
                    for f in self.took_in if f not in dropped}
            out["took_in"] = {f: subs for f, subs in took.items() if subs} or None
        return out

    def after_forget(self, root: str, kept=()) -> "LibrarySettings":
        """These settings once ``root`` is forgotten (``VideoLibrary.forget_folder``): the library
        folders in it unlisted, their records gone (``without``); but ``kept``, folders they took in
        that the forget keeps (``seekframe forget --keep-inside``), listed again on their own where
        the folder that took them in was, each with the folders it had taken in itself and, when
        the folder that took it in had one, its part of that folder's record of links (what its
        last walk met in it: ``core.search_links.merged_records``). None is stale: a folder kept
        has no drive record (its next index makes one) and nothing held."""
        from core.failures_reported import forgotten_values as forgotten_unread
        from core.reembed_record import forgotten_values
        from core.scan import dropped_by_forget, is_under
        from core.search_links import merged_records

        folders = list(self.folders or [])
        kept = [k for k in kept if is_under(k, root) and k not in folders]
        dropped = [f for f in folders if dropped_by_forget(f, root, kept)]
        listed: list[str] = []
        for f in folders:
            listed.extend([k for k in kept if is_under(k, f) and k not in listed] if f in dropped else [f])
        values = {"folders": listed + [k for k in kept if k not in listed], **self.without(dropped, root, kept),
                  **forgotten_values(self, root, kept),  # (a --reindex's records of it: core.reembed_record)
                  **forgotten_unread(self, root, kept)}  # (its unread folders reported: core.failures_reported)
        took = dict(values.get("took_in") or {})
        links = values.get("folder_links")
        for k in kept:
            inner = [s for f in dropped for s in self.taken_in(f) if s != k and is_under(s, k)]
            if inner:
                took[k] = list(dict.fromkeys(inner))
            owner = max((f for f in dropped if is_under(k, f)), key=len, default=None)
            rec = (self.folder_links or {}).get(owner)
            if links is not None and isinstance(rec, dict):  # (its record as the owner's walk saw it)
                if (part := merged_records({}, {owner: rec}, [owner, k]).get(k)) is not None:
                    links[k] = part
        if took:
            values["took_in"] = took
        return self.updated(**values)


@dataclass(frozen=True)
class LibraryMeta:
    """``library.json``: the format, the bound model and the library's settings."""

    schema_version: int
    model_id: str = ""
    model_source: str = ""
    dim: int = 0
    created_at: float = 0.0
    settings: LibrarySettings = field(default_factory=LibrarySettings)
    model_switch: dict | None = None  # reset_for_model → end_model_switch: {"model_id", "model_source", "dim", "from"}
    forgetting: str | None = None  # VideoLibrary.forget_folder: the folder whose forget is under way
    keeping: list | None = None  # the folders in it that forget lists again, their videos kept (--keep-inside)
    relinking: list | None = None  # a forget's videos whose notes wait to be tied to copies (folder_forget.relink_left)
    # a forget of several folders (core.library.forget_request): those not removed yet, recorded before the first
    forget_request: list | None = None
    removed: list | None = None  # the last folders removed, by any process (core.library.removed): {"folder", "at", "seq"}
    removed_seq: int = 0  # removals counted (core.library.removed: the library's order of removals and asks)
    removed_dropped: int = 0  # the highest count cut off ``removed`` past its bound
    # what could not be read of library.json's forget_request as this read found it (forget_request.parse), kept
    # aside in "extra" (forget_request.UNREAD) and said once: never written under its own name
    unread_request: object = field(default=None, compare=False, repr=False)
    unread_moved: bool = field(default=False, compare=False, repr=False)  # this read moved the one kept aside there
    ann_rows: int = 0  # the moments table's rows when its ANN index was last built (maintenance)
    extra: dict = field(default_factory=dict)  # other keys of the file's "extra", kept

    def to_json(self) -> dict:
        ours = {"settings": self.settings.to_json(), "model_switch": self.model_switch,
                "forgetting": self.forgetting, "keeping": self.keeping, "relinking": self.relinking,
                "forget_request": self.forget_request, "removed": self.removed, "removed_seq": self.removed_seq,
                "removed_dropped": self.removed_dropped, "ann_rows": self.ann_rows}
        return {"schema_version": self.schema_version, "model_id": self.model_id,
                "model_source": self.model_source, "dim": self.dim, "created_at": self.created_at,
                "extra": {**self.extra, **{k: v for k, v in ours.items() if v}}}

    def forgets(self, path: str) -> bool:
        """Whether ``path`` lies in the forget under way (``forgetting``), not in a folder it keeps."""
        from core.scan import is_under

        return bool(self.forgetting) and is_under(path, self.forgetting) and not any(
            is_under(path, k) for k in self.keeping or ())


def _read_json(where: Location) -> dict:
    """``library.json`` parsed; read once more when it does not parse: a writer's in-place write
    (``meta_in_place.patch_meta``, no lock taken by a reader) may be half-way through its few bytes."""
    for again in (False, True):
        raw = where.read_bytes(META_FILE)  # (no regular file, ``location.NotAFile``: said at once)
        try:
            data = json_text.loads(raw.decode("utf-8"))  # (nested thousands deep: a ValueError too)
            break
        except ValueError:
            if again:
                raise
            time.sleep(0.05)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def read_meta(root: Path | Location) -> LibraryMeta:
    where = root if isinstance(root, Location) else Location(root)
    root, path = where.root, where.join(META_FILE)
    try:
        data = _read_json(where)
    except FileNotFoundError:  # the caller checks first; a file gone since is not a library
        raise LibraryError(f"{root} is not a Seekframe library (no {META_FILE}).") from None
    except (OSError, ValueError) as e:
        raise DamagedDescriptionError(path, f"unreadable: {e}") from None
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedDescriptionError(path, f"an unknown format version, {version!r}")
    if version > SCHEMA_VERSION:
        raise NewerLibraryError(
            f"The library at {root} was written by a newer Seekframe (library format {version}; "
            f"this version understands up to format {SCHEMA_VERSION}). "
            "Update Seekframe to open it."
        )
    try:
        # (a field of the wrong kind is damage, said with the repair, which rebuilds the file from the
        # tables: "extra": null read as none lost the folder list without a word)
        extra = dict(_object(data.get("extra", {}), '"extra"'))
        if "settings" in extra:
            _object(extra["settings"], '"extra" → "settings"')
        switch, settings = extra.pop("model_switch", None), extra.pop("settings", None)
        forgetting = extra.pop("forgetting", None)  # (absent in a library no forget was interrupted in)
        keeping = extra.pop("keeping", None)
        relinking = extra.pop("relinking", None)  # (absent but between a forget's rows going and its notes tied)
        # (absent in a library written before it, or none stopped; what cannot be read of it kept aside, said)
        request, unread = forget_request.parse(extra.pop("forget_request", None))
        # (one kept aside before it kept too: forget_request.set_aside; moved here, on disk once a writer writes)
        moved = unread is not None and forget_request.set_aside(extra, unread)
        forgetting = forgetting if isinstance(forgetting, str) and forgetting else None
        meta = LibraryMeta(
            schema_version=version,
            model_id=_text(data.get("model_id", ""), '"model_id"'),
            model_source=_text(data.get("model_source", ""), '"model_source"'),
            dim=int(data.get("dim", 0)),
            created_at=float(data.get("created_at", 0.0)),
            model_switch=dict(switch) if isinstance(switch, dict) and switch.get("model_id") else None,
            forgetting=forgetting,
            keeping=[k for k in keeping if isinstance(k, str) and k] or None
            if forgetting and isinstance(keeping, list) else None,
            relinking=[i for i in relinking if isinstance(i, str) and i] or None if isinstance(relinking, list) else None,
            forget_request=request, unread_request=unread, unread_moved=moved,
            removed=removed_record.parse(extra.pop("removed", None)),  # (absent in a library written before it)
            removed_seq=removed_record.count(extra.pop("removed_seq", 0)),
            removed_dropped=removed_record.count(extra.pop("removed_dropped", 0)),
            ann_rows=int(extra.pop("ann_rows", 0) or 0),
            extra=extra,
        )
    except (TypeError, ValueError, OverflowError) as e:
        raise DamagedDescriptionError(path, str(e)) from None
    try:
        return replace(meta, settings=LibrarySettings.from_json(settings))
    except ValueError as e:
        raise DamagedDescriptionError(path, str(e)) from None


def _object(value, name: str) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{name} should be an object, not {_shown(value)}")
    return value


def _text(value, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} should be text, not {_shown(value)}")
    return value


def _shown(value) -> str:
    if value is None:
        return "null"
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return f"{type(value).__name__} {text[:60]}"


def write_meta(where: Location, meta: LibraryMeta) -> None:
    """Atomically and durably: a crash leaves the old description or the new one. Only a folder
    is written."""
    where.check_writable()
    data = meta.to_json()
    settings = data["extra"].setdefault("settings", {})
    held = settings.get(ROOM) or {}  # (its room: written as ``patch_meta`` finds it, empty or holding a record)
    if fits := filled_room(held) is not None:
        settings[ROOM] = {}
    payload = json.dumps(data, indent=2, sort_keys=True).encode("utf-8")
    atomic.write_bytes(where.root / META_FILE, in_sectors(payload, held if fits else None), durable=True,
                       make_folder=False)  # (made by its lock first: never made again where it was)
