"""``ClipActions``: what one can do with a search result, as QActions for menus and toolbars."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from core.filenames import shown

from .file_urls import file_url


def clip_ref(result) -> str:
    """``FILE@TIME`` of a result, the form ``seekframe similar`` / ``captions`` / ``note`` accept
    (``core.clirefs.split_clip_ref``): ``/v/beach.mp4@1:12``, ``h:mm:ss`` past an hour. The time is
    inside the moment as the command line reads it back (``core.clirefs.parse_time``), never on
    its boundary with the one before, so the reference names this moment."""
    from core.clirefs import time_inside  # (light: no engine)

    return f"{shown(result.path)}@{time_inside(result.start, result.end)}"


WATCH_S = 15.0  # how long a desktop opener's failure is still reported


def desktop_opener() -> str | None:
    """``xdg-open`` on Linux and the BSDs, whose exit status says whether anything opened the
    folder (Qt launches it too, but cannot tell a failure); None elsewhere, or when not installed."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return shutil.which("xdg-open")
    return None


def no_file_manager(folder: str, detail: str = "") -> str:
    return (f"No file manager could open {folder}" + (f" ({detail})" if detail else "") +
            ". Open the folder yourself, or install a file manager.")


class ClipActions(QObject):
    """The actions on the current search result (``set_current``; None disables them all). "More /
    less like this" refine a text query: enabled only while one is active (``set_query_active``).
    "Open containing folder" and "Copy path and timestamp" are handled here; the others emit the result."""

    similar_captions = Signal(object)
    similar_clips = Signal(object)
    more_like = Signal(object)
    less_like = Signal(object)
    error = Signal(str)  # a message for the user (the folder of an offline file cannot be opened)
    copied = Signal(str)  # the FILE@TIME text just put on the clipboard

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._result = None
        self._query_active = False

        def make(text: str, shortcut: str, tip: str) -> QAction:
            keys = QKeySequence(shortcut)
            return QAction(text, self, shortcut=keys, statusTip=tip,
                           toolTip=f"{tip} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")

        self.find_similar_clips = make("Find similar clips", "Ctrl+Shift+F",
                                       "Search the library for clips that look like this moment")
        self.find_similar_captions = make("Find similar captions", "Ctrl+Shift+T",
                                          "Show the captions and notes that describe this moment")
        self.more_like_this = make("More like this", "Ctrl+Shift+M",
                                   "Refine the search towards clips like this one")
        self.less_like_this = make("Less like this", "Ctrl+Shift+L",
                                   "Refine the search away from clips like this one")
        self.open_folder = make("Open containing folder", "Ctrl+Shift+O",
                                "Show the folder of this video in the file manager")
        self.copy_reference = make("Copy path and timestamp", "Ctrl+Shift+C",
                                   "Copy FILE@TIME, which the seekframe command accepts")

        self.find_similar_clips.triggered.connect(lambda: self._emit(self.similar_clips))
        self.find_similar_captions.triggered.connect(lambda: self._emit(self.similar_captions))
        self.more_like_this.triggered.connect(lambda: self._emit(self.more_like))
        self.less_like_this.triggered.connect(lambda: self._emit(self.less_like))
        self.open_folder.triggered.connect(self.open_containing_folder)
        self.copy_reference.triggered.connect(self.copy_path_and_time)
        self._update()

    def actions(self) -> list[QAction]:
        return [self.find_similar_clips, self.find_similar_captions, self.more_like_this,
                self.less_like_this, self.open_folder, self.copy_reference]

    def menu(self, parent: QWidget | None = None) -> QMenu:
        menu = QMenu(parent)
        for action in self.actions():
            if action in (self.more_like_this, self.open_folder):
                menu.addSeparator()
            menu.addAction(action)
        return menu

    def set_current(self, result) -> None:
        self._result = result
        self._update()

    def current(self):
        return self._result

    def set_query_active(self, active: bool) -> None:
        self._query_active = bool(active)
        self._update()

    def open_containing_folder(self) -> None:
        r = self._result
        if r is None:
            return
        folder = os.path.dirname(os.path.abspath(r.path))
        if getattr(r, "offline", False) or not os.path.exists(r.path):
            self.error.emit(f"Cannot open the folder of {shown(r.path)}: the file is not there (moved, deleted, "
                            "or on a drive that is not connected).")
            return
        if not self.open_url(file_url(folder)):
            self.error.emit(no_file_manager(shown(folder)))

    def copy_path_and_time(self) -> None:
        if self._result is None:
            return
        text = clip_ref(self._result)
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)

    def open_url(self, url: QUrl) -> bool:
        """Open a folder's ``url`` with the desktop: False when nothing could. Through ``xdg-open``
        where there is one, watched for ``WATCH_S`` seconds: its failure is reported then as ``error``."""
        opener = desktop_opener()
        if opener is None:
            return bool(QDesktopServices.openUrl(url))
        errors = tempfile.TemporaryFile()  # not a pipe: a long-lived opener must never block on it
        try:
            process = subprocess.Popen([opener, url.toLocalFile()], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
        except OSError:
            errors.close()
            return False
        started = time.monotonic()
        timer = QTimer(self, interval=100)

        def check() -> None:
            code = process.poll()
            if code is None and time.monotonic() - started < WATCH_S:
                return
            timer.stop()
            timer.deleteLater()
            if code:  # it ran and failed: nothing opened the folder
                errors.seek(0)
                lines = errors.read().decode("utf-8", "replace").strip().splitlines()
                self.error.emit(no_file_manager(url.toLocalFile(),
                                                lines[-1] if lines else f"xdg-open exit status {code}"))
            errors.close()

        timer.timeout.connect(check)
        timer.start()
        return True

    def _emit(self, signal) -> None:
        if self._result is not None:
            signal.emit(self._result)

    def _update(self) -> None:
        has = self._result is not None
        for action in self.actions():
            action.setEnabled(has and (self._query_active or action not in (self.more_like_this, self.less_like_this)))
