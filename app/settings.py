"""The desktop app's own settings, in an INI file beside the data (``SEEKFRAME_HOME`` moves it).

What the library itself must remember (its folders, moment window, model) lives in the library;
this file holds what belongs to this user's window: which library, which model, the window's
geometry, splitter sizes, the results mode and whether the first run is done.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from core.paths import data_home

RESULTS_MODES = ("moments", "videos")


class _Text:
    """A text setting at ``key`` ('' when unset); on the class, the descriptor itself."""

    def __init__(self, key: str):
        self.key = key

    def __get__(self, settings: "AppSettings | None", _owner=None) -> "str | _Text":
        if settings is None:
            return self
        value = settings._s.value(self.key, "")
        return str(value) if value is not None else ""

    def __set__(self, settings: "AppSettings", value: str) -> None:
        settings._s.setValue(self.key, str(value or ""))


class _Bytes:
    """A saved Qt state at ``key`` (None when unset); on the class, the descriptor itself."""

    def __init__(self, key: str):
        self.key = key

    def __get__(self, settings: "AppSettings | None", _owner=None) -> "QByteArray | _Bytes | None":
        if settings is None:
            return self
        value = settings._s.value(self.key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def __set__(self, settings: "AppSettings", value: QByteArray) -> None:
        settings._s.setValue(self.key, value)


class AppSettings:
    library_dir = _Text("library/dir")
    own_library_dir = _Text("library/own_dir")  # the user's own library last opened (not the demo's)
    model_source = _Text("model/source")  # the model last used in the app (a folder or hub id)
    geometry = _Bytes("window/geometry")
    window_state = _Bytes("window/state")

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else data_home() / "seekframe-app.ini"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._s = QSettings(str(self.path), QSettings.Format.IniFormat)

    @property
    def results_mode(self) -> str:
        mode = str(self._s.value("search/results_mode", "") or "")
        return mode if mode in RESULTS_MODES else "moments"

    @results_mode.setter
    def results_mode(self, value: str) -> None:
        if value not in RESULTS_MODES:
            raise ValueError(f"results mode must be one of {RESULTS_MODES}")
        self._s.setValue("search/results_mode", value)

    @property
    def first_run_done(self) -> bool:
        return str(self._s.value("app/first_run_done", "false")).lower() in ("true", "1")

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self._s.setValue("app/first_run_done", bool(value))

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

    def sync(self) -> None:
        self._s.sync()
