"""The desktop app's own settings, in an INI file beside the data (``SEEKFRAME_HOME`` moves it).

What the library itself must remember (its folders, moment window, model) lives in the library;
this file holds what belongs to this user's window: which library, which model, the window's
geometry, splitter sizes, the results mode and whether the first run is done.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from core.paths import data_home

FILE_NAME = "seekframe-app.ini"
RESULTS_MODES = ("moments", "videos")


def settings_path() -> Path:
    return data_home() / FILE_NAME


class AppSettings:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._s = QSettings(str(self.path), QSettings.Format.IniFormat)

    # -- plain values -------------------------------------------------------------------------
    def _str(self, key: str) -> str:
        value = self._s.value(key, "")
        return str(value) if value is not None else ""

    @property
    def library_dir(self) -> str:
        return self._str("library/dir")

    @library_dir.setter
    def library_dir(self, value: str) -> None:
        self._s.setValue("library/dir", str(value))

    @property
    def own_library_dir(self) -> str:
        """The user's own library last opened (not the demo library); '' when none yet."""
        return self._str("library/own_dir")

    @own_library_dir.setter
    def own_library_dir(self, value: str) -> None:
        self._s.setValue("library/own_dir", str(value))

    @property
    def model_source(self) -> str:
        """The model last used in the app (a folder or hub id); '' when none yet."""
        return self._str("model/source")

    @model_source.setter
    def model_source(self, value: str) -> None:
        self._s.setValue("model/source", str(value or ""))

    @property
    def results_mode(self) -> str:
        mode = self._str("search/results_mode")
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

    # -- window layout ------------------------------------------------------------------------
    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

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
