"""The desktop app's own settings, in an INI file beside the data (``SEEKFRAME_HOME`` moves it).

What the library itself must remember (its folders, moment window, model) lives in the library;
this file holds what belongs to this user's window: which library, which model, the window's
geometry, splitter sizes, the results mode, whether the first run is done, and the indexing a
closed window left unfinished (``app.resume``).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QSettings

from core.paths import SETTINGS_NAME, data_home, is_uri

RESULTS_MODES = ("moments", "videos")


class _Setting:
    """The setting at ``key``: its stored value through ``read``, a value stored through
    ``write``; on the class, the descriptor itself."""

    def __init__(self, key: str, read: Callable, write: Callable = lambda value: value):
        self.key, self.read, self.write = key, read, write

    def __get__(self, settings: "AppSettings | None", _owner=None):
        return self if settings is None else self.read(settings._s.value(self.key))

    def __set__(self, settings: "AppSettings", value) -> None:
        settings._s.setValue(self.key, self.write(value))


def _text(value) -> str:
    """A stored text (a value of another type, as a newer or hand-edited file may hold: '')."""
    return value if isinstance(value, str) else ""


def _folder(value) -> str:
    """A stored folder: an absolute path or a URI ('' otherwise: a relative one would name a
    folder of wherever the app was started from)."""
    text = _text(value).strip()
    return text if os.path.isabs(text) or is_uri(text) else ""


def _qt_state(value) -> QByteArray | None:
    """A saved Qt state (None when unset)."""
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def _json_object(value) -> dict:
    try:
        data = json.loads(str(value or "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _widths(value) -> list[int]:
    """Stored widths in px ([] when unset or not whole numbers above 0)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    try:
        widths = [int(v) for v in items if v is not None]
    except (TypeError, ValueError):
        return []
    return widths if all(w > 0 for w in widths) else []


def _results_mode(value: str) -> str:
    if value not in RESULTS_MODES:
        raise ValueError(f"results mode must be one of {RESULTS_MODES}")
    return value


class AppSettings:
    library_dir = _Setting("library/dir", _folder, _text)
    # the user's own library last opened (not the demo's)
    own_library_dir = _Setting("library/own_dir", _folder, _text)
    model_source = _Setting("model/source", _text, _text)  # the model last used in the app (a folder or hub id)
    geometry = _Setting("window/geometry", _qt_state)
    window_state = _Setting("window/state", _qt_state)
    # [the width the user left the library dock at, the window's width then] (app.dock_width)
    library_dock = _Setting("window/library_dock", _widths, lambda widths: [int(w) for w in widths])
    results_mode = _Setting("search/results_mode", lambda value: value if value in RESULTS_MODES else "moments",
                            _results_mode)
    first_run_done = _Setting("app/first_run_done", lambda value: str(value).lower() in ("true", "1"), bool)
    # {library folder: the folders its unfinished index run was indexing (None: every folder)}
    unfinished_runs = _Setting("index/unfinished", _json_object, json.dumps)
    # {library folder: the notes and caption imports a window closed while they waited for another writer}
    held_writes = _Setting("notes/held", _json_object, json.dumps)

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else data_home() / SETTINGS_NAME
        self.problem = ""  # why the settings cannot be kept ('' when they can)
        self.unsaved: Callable[[str], None] | None = None  # told once when a save is refused (``sync``)
        self._said_unsaved = self._refused = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not os.access(self.path.parent, os.W_OK):
                raise PermissionError(f"Permission denied: '{self.path.parent}'")
        except OSError as exc:
            self.problem = (f"Seekframe cannot write its data folder {self.path.parent} ({exc.strerror or exc}): "
                            "the window's layout and the library and model last used will not be kept. "
                            "Make that folder writable, or set SEEKFRAME_HOME to a folder you can write.")
        self._s = QSettings(str(self.path), QSettings.Format.IniFormat)

    def splitter_sizes(self, name: str) -> list[int]:
        value = self._s.value(f"splitters/{name}")
        if value is None:
            return []
        items = value if isinstance(value, (list, tuple)) else [value]
        try:
            sizes = [int(v) for v in items]
        except (TypeError, ValueError):
            return []
        return sizes if all(s >= 0 for s in sizes) else []

    def set_splitter_sizes(self, name: str, sizes: list[int]) -> None:
        self._s.setValue(f"splitters/{name}", [int(s) for s in sizes])

    def sync(self) -> bool:
        """Write the settings to their file now; False when that was refused (their disk full, their
        folder turned read-only: the file keeps what it had), said once through ``unsaved`` (the
        window's warning). Before, nothing was said: the indexing a closed window left to resume,
        and a note it held, were lost without a word."""
        if self._refused:  # (a QSettings' status stays its first error: a fresh one, sharing its values,
            self._s = QSettings(str(self.path), QSettings.Format.IniFormat)  # which it writes again, says now)
        self._s.sync()
        self._refused = self._s.status() != QSettings.Status.NoError
        if not self._refused:
            return True
        if not self._said_unsaved and self.unsaved is not None:
            self._said_unsaved = True
            self.unsaved(self.unsaved_text())
        return False

    def unsaved_text(self) -> str:
        folder = self.path.parent
        try:
            why = "its disk is full" if shutil.disk_usage(folder).free < (64 << 10) else "it cannot be written"
        except OSError:
            why = "it cannot be read"
        return (f"Seekframe cannot save its settings in {folder} ({why}): the window's layout, the library and "
                "model last used and any indexing to finish next time will not be kept. Free some space there "
                "(or make the folder writable), or set SEEKFRAME_HOME to another folder.")
