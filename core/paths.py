"""Where Seekframe keeps its data (the README's "Where things live"): platformdirs' folders,
each location overridable by the environment variable its function reads.
"""

from __future__ import annotations

import os
import re
from importlib import resources as _package_data
from pathlib import Path

import platformdirs

APP_NAME = "seekframe"
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_uri(where) -> bool:
    """A library given as a URI (``s3://bucket/lib``, ``file:///mnt/lib``), not a folder path."""
    return isinstance(where, str) and bool(_URI.match(where.strip()))


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return on_disk(Path(value).expanduser()) if value else None


def on_disk(path: Path) -> Path:
    """``path`` as the disk spells it when it is not there as typed but is in another Unicode
    spelling (``folder_spelling.disk_spelling``: a library folder whose name a Mac wrote
    decomposed, typed composed, or the other way round): that folder, never a second library made
    beside it under the typed spelling. As given otherwise (ASCII, there, or no such spelling)."""
    text = os.fspath(path)
    if text.isascii() or os.path.lexists(text):
        return path
    from .folder_spelling import disk_spelling

    spelled = disk_spelling(text)
    return Path(spelled) if spelled is not None else path


def respelled(path: str, size: int) -> str | None:
    """The file a library indexed at ``path``, not there now, as the disk spells it in another Unicode
    spelling (``on_disk``'s: renamed so since, a Mac's decomposed copy put where a composed name was, or
    the other way round) while it has the ``size`` it was indexed at (a distinct file of another size
    is never it); None otherwise. A search's result (the CLI's, the window's) is shown and opened
    there, and names its video (``clirefs.video_for``); the next re-scan takes it as moved."""
    text = os.fspath(path)
    spelled = str(on_disk(Path(text))) if not text.isascii() else text
    if spelled == text:
        return None
    try:
        return spelled if os.path.isfile(spelled) and os.stat(spelled).st_size == size else None
    except (OSError, ValueError):
        return None


def data_home() -> Path:
    return _env_path("SEEKFRAME_HOME") or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_library_dir() -> Path | str:
    """The library folder; a ``SEEKFRAME_LIBRARY`` that is a URI (``core.library.location``) is
    returned as given."""
    value = os.environ.get("SEEKFRAME_LIBRARY", "").strip()
    if is_uri(value):
        return value
    return _env_path("SEEKFRAME_LIBRARY") or data_home() / "library"


def demo_library_dir() -> Path:
    """The demo library: the generated demo clips, indexed with the bundled demo model (a
    library of its own, so the user's library gets the real-footage model)."""
    return _env_path("SEEKFRAME_DEMO_LIBRARY") or data_home() / "demo-library"


def models_dir() -> Path:
    return _env_path("SEEKFRAME_MODELS") or data_home() / "models"


def cache_dir() -> Path:
    return _env_path("SEEKFRAME_CACHE") or Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


# Seekframe's own files in its data home: the window's settings (``app.settings``, QSettings' lock file beside
# them while it writes) and the log with its older parts (``core.log_file``)
SETTINGS_NAME = "seekframe-app.ini"
LOG_NAME = "seekframe-app.log"
_OWN_FILE = re.compile(rf"{re.escape(SETTINGS_NAME)}(?:\.lock)?|{re.escape(LOG_NAME)}(?:\.\d+)?")


# the demo clips' folder (``seekframe demo``, the window's "Try the demo library") and the list of queries
# written beside the clips: Seekframe's own, never counted as a file the demo's run skipped
DEMO_QUERIES_NAME = "QUERIES.md"
# the demo clips' file names (``core.demo.DEMO_FILES``, made from its clips; kept here, light, for the scan's
# walk, which must not import core.demo's cv2 and numpy: tests/test_demo_queries_not_skipped.py checks they agree)
DEMO_CLIP_NAMES = frozenset({
    "blue-box-then-orange-heart-then-green-person.mp4", "blue-car-street.mp4", "blue-person-grass.mp4",
    "green-triangle-underwater.mp4", "orange-person-snow.mp4",
    "pink-ball-then-yellow-triangle-then-red-star-then-white-car.mp4", "purple-box-grass.mp4",
    "purple-triangle-then-yellow-heart.mp4", "red-ball-beach.mp4", "red-car-then-yellow-ball-then-white-star.mp4",
    "white-heart-sunset.mp4", "yellow-star-night.mp4"})


def demo_queries_entry(entry, entries) -> bool:
    """Whether a walk's ``entry`` (an ``os.DirEntry``) is the list of queries ``seekframe demo --out DIR`` wrote
    beside its clips, in a folder of the user's choosing: named so, in a folder (its listing ``entries``) that
    holds most of the demo's clips by name, as the demo left it (a user's own QUERIES.md elsewhere is counted as
    the other files a walk skips; the demo's own folder passes over any). Nothing is read: the same on every
    platform (a list written with Windows' line ends) and whatever the list says."""
    if entry.name != DEMO_QUERIES_NAME:
        return False
    return 2 * len(DEMO_CLIP_NAMES.intersection(e.name for e in entries)) > len(DEMO_CLIP_NAMES)


def demo_videos_dir() -> Path:
    return data_home() / "demo-videos"


def own_file_name(name: str) -> bool:
    """Whether a file of the data home named ``name`` is Seekframe's own (``_OWN_FILE``): a scan of a data home
    that is a library folder (``SEEKFRAME_HOME=~/Videos``) never counts it as a file it skipped."""
    return _OWN_FILE.fullmatch(name) is not None


def own_folders() -> list[str]:
    """Seekframe's own folders, never walked by a scan when a library folder holds them (``core.indexer``):
    the data home (one inside a library folder; the data home named as a library folder itself is walked,
    its own folders in it not), the default library, the demo library, the models and the cache."""
    library = default_library_dir()
    return [str(p) for p in (data_home(), *(() if is_uri(library) else (library,)), demo_library_dir(),
                             models_dir(), cache_dir())]


def resources_dir() -> Path:
    """The bundled models and the icon: ``core/resources``, package data of ``core`` found through
    ``importlib.resources`` (a checkout, an installed wheel or a PyInstaller build alike)."""
    return _env_path("SEEKFRAME_RESOURCES") or Path(_package_data.files("core") / "resources")


def bundled_models_dir() -> Path:
    return resources_dir() / "models"


def library_file_text(root) -> str | None:
    """What every command says of a library folder named that is a file (`--library notes.txt/`),
    None when it is none; also the file that stands where a folder above it should be
    (``SEEKFRAME_HOME`` set to a file, `--library notes.txt/lib`): no library can be made there."""
    if os.path.isfile(root):
        return f"{library_named(root)} is a file, not a library folder."
    up = _file_above(Path(root))
    if up is None:
        return None
    what = "a file, not a folder" if os.path.isfile(up) else "not a folder"
    named = [name for name in ("SEEKFRAME_HOME", "SEEKFRAME_LIBRARY")
             if (value := os.environ.get(name, "").strip()) and not is_uri(value)
             and _at_or_under(Path(value).expanduser().absolute(), up)]
    fix = "Name another library folder (--library DIR)."
    if named:
        fix = f"Set {named[0]} to a folder, or name another library folder (--library DIR)."
    return f"{library_named(root)} cannot be a library folder: {up} is {what}. {fix}"


def unstorable_text(root) -> str | None:
    """What every command (and the app) says of a library folder whose name is not UTF-8 (bytes an
    older system or a damaged drive wrote): LanceDB, which keeps its tables, cannot take the
    name. None when it can (a URI: its own rules)."""
    text = os.fspath(root)
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError:
        from .filenames import shown
    named = [name for name in ("SEEKFRAME_HOME", "SEEKFRAME_LIBRARY") if not _utf8(os.environ.get(name, ""))]
    fix = f"set {named[0]} to another folder, or " if named else ""
    return (f"The library folder {shown(text)} has a name that is not UTF-8 (bytes an older system or a damaged "
            f"drive wrote): no library can be kept there. Rename that folder, or {fix}name another library "
            "folder (--library DIR).")


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _file_above(root: Path) -> Path | None:
    """The nearest folder above ``root`` that is there, when it is not a folder (a file, a
    dangling link); None when it is a folder."""
    for up in Path(root).absolute().parents:
        if os.path.lexists(up):
            return None if os.path.isdir(up) else up
    return None


def _at_or_under(path: Path, up: Path) -> bool:
    return path == up or up in path.parents


def library_named(root) -> str:
    """A library folder as messages name it: in full, and where it came from a relative
    ``SEEKFRAME_LIBRARY``, that this names a folder of the current folder (each folder then has
    a library of its own: "No library at mylib" from another folder would look like a lost one)."""
    value = os.environ.get("SEEKFRAME_LIBRARY", "").strip()
    where = str(Path(root).absolute())
    if value and not is_uri(value) and not Path(value).expanduser().is_absolute() and Path(value).expanduser() == Path(root):
        where += (f" (SEEKFRAME_LIBRARY={value} is relative: it names a folder of the current folder; "
                  "set it to a full path to use one library from everywhere)")
    return where
