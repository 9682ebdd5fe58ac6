"""``MainWindow``: composes the views around a :class:`~app.session.Session`. No engine logic here;
what its own views show of the session, ``app.window_follow`` (``MainWindow.follow``).

Layout (where the other views plug in)::

    ┌ menus ───────────────────────────────────────────────────────────────┐
    │ library_dock │ banner (messages), the notices (app.model_notice)     │
    │ (left dock:  │ stack: [welcome page?] [main_splitter:                │
    │ set_library_ │          search page (search_panel + results_view)    │
    │ panel)       │          | preview_area: preview / captions ]         │
    │              │ index_strip (set_index_panel)                         │
    └ status bar: indexing progress · library size · model · read-only ───┘
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QDockWidget, QLabel,
                               QLineEdit, QMainWindow, QPlainTextEdit, QSplitter, QStackedWidget, QTextEdit,
                               QVBoxLayout, QWidget)

from core.filenames import shown
from core.timefmt import format_range

from .file_urls import file_url
from .font_follow import FONT_CHANGES, restyle
from .help import install_help, within_screen
from .note_label import NoteLabel
from .results import NO_STRONG_MATCH, ResultsModel, ResultsView
from .model_notice import EarlierBuildNotice, FileNotice, GoneNotice, ModelNotice, RepairNotice
from .search_panel import SearchPanel
from .demo_library import open_own_library
from .dock_width import DockWidth
from .settings import AppSettings
from .message_bar import MessageBar
from .preview_split import follows_video
from .status_widgets import MessageBanner, StatusWidgets
from .thumbnails import ThumbnailLoader
from .window_follow import WindowFollow
from . import workers

log = logging.getLogger("seekframe.app")
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class MainWindow(QMainWindow):
    play_requested = Signal(object)  # core.search.SearchResult to play (at its moment)
    pause_requested = Signal()  # Space, when focus is not in a text field
    model_requested = Signal()  # File › Model… or the status bar's model: the model dialog

    def __init__(self, session, settings: AppSettings | None = None):
        super().__init__()
        self.session = session
        self.settings = settings or AppSettings()
        self.thumbnails = ThumbnailLoader(self)
        self.preview = self.captions_panel = self.library_panel = self.index_panel = self.welcome_page = None
        self.message_log: list[tuple[str, str]] = []
        self.external_open = QDesktopServices.openUrl  # the fallback player (tests replace it)
        self.setWindowTitle("Seekframe")
        self._build()
        self._build_menus()
        self.follow = WindowFollow(self)  # the session's signals shown in the views above (app.window_follow)
        self._show_results, self._show_status = self.follow.results, self.follow.status  # (as tests call them)
        self._indexing_changed = self.follow.indexing_changed  # (app.wiring.library: a run the library's close ended)
        self.restore_layout()

    def _build(self) -> None:
        self.search_panel = SearchPanel(self)
        # the message banner and the notices (top to bottom as shown) made right after the search row:
        # Tab, from the field where the window starts, reaches what they offer before the results (Qt
        # keeps a widget's place in the focus chain from its making; made later, they came after the
        # status bar)
        self.banner = MessageBanner(self)
        self.file_notice, self.gone_notice = FileNotice(self), GoneNotice(self)
        self.repair_notice, self.model_notice = RepairNotice(self), ModelNotice(self)
        self.earlier_notice = EarlierBuildNotice(self)  # (a library on an earlier build of a bundled model)
        self.results_model = ResultsModel(self.thumbnails, self)
        self.results_view = ResultsView(self)
        self.results_view.setModel(self.results_model)
        self.search_panel.forward_keys_to(self.results_view)  # Down in the field: the first result
        self.results_view.left_at_top.connect(lambda: self.search_panel.field.setFocus())
        self.no_match_label = NoteLabel(NO_STRONG_MATCH, self, objectName="no_match_label", wordWrap=True)
        self.no_match_label.setVisible(False)
        self.search_page = QWidget(self)
        page = QVBoxLayout(self.search_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.search_panel)
        page.addWidget(self.no_match_label)
        page.addWidget(self.results_view, 1)
        self.preview_area = QSplitter(Qt.Orientation.Vertical, self, objectName="preview_area", visible=False)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self, objectName="main_splitter")
        self.main_splitter.addWidget(self.search_page)
        self.main_splitter.addWidget(self.preview_area)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.main_splitter)
        self.index_strip = QWidget(self, objectName="index_strip", visible=False)
        QVBoxLayout(self.index_strip).setContentsMargins(0, 0, 0, 0)
        central = QWidget(self)
        col = QVBoxLayout(central)
        col.setContentsMargins(4, 4, 4, 0)
        for banner in (self.banner, self.file_notice, self.gone_notice, self.repair_notice, self.model_notice,
                       self.earlier_notice):
            col.addWidget(banner)
        col.addWidget(self.stack, 1)
        col.addWidget(self.index_strip)
        self.setCentralWidget(central)
        self.library_dock = QDockWidget("Library", self, objectName="library_dock")
        self.library_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.library_dock.setVisible(False)
        self.dock_width = DockWidth(self, self.library_dock)  # (a fair share of a small window, given back)
        self.setStatusBar(MessageBar(self))  # (its messages read whole: app.message_bar)
        self.status_widgets = StatusWidgets(self)
        self.status_widgets.attach(self.statusBar())
        self.status_widgets.model_requested.connect(lambda: self.model_requested.emit())
        self.results_view.play_requested.connect(self.play)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self).activated.connect(self._space)
        within_screen(self, 1200, 780)  # (a first start on a small screen: inside it)

    def make_action(self, text: str, slot, shortcut="", tip: str = "") -> QAction:
        """An action of this window's menus that calls ``slot`` (None: a controller connects it)."""
        a = QAction(text, self, statusTip=tip, shortcut=QKeySequence(shortcut))
        if slot is not None:
            a.triggered.connect(slot)
        return a

    def _build_menus(self) -> None:
        action = self.make_action
        self.add_folder_action = action("&Add folder…", None, "Ctrl+O", "Index a folder of videos")
        self.rescan_action = action("&Re-scan", self.session.rescan, "F5", "Index new and changed files")
        self.cancel_index_action = action("&Cancel indexing", self.session.cancel_indexing, "",
                                          "Stop indexing (what is done is kept)")
        self.import_captions_action = action("&Import captions…", None, "",
                                             "Import captions from a .txt, .csv or .json file")
        self.demo_action = action("Try the &demo library", self.session.try_demo, "",
                                  "Write 12 generated clips and index them")
        self.own_library_action = action("Back to &my library", self.open_own_library, "",
                                         "Leave the demo library for your own videos")
        self.own_library_action.setVisible(False)
        self.model_action = action("&Model…", lambda: self.model_requested.emit(), "",
                                   "The model that indexes and searches this library")
        self.quit_action = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():  # (Windows' keys have no Quit: Ctrl+Q, as the menu says)
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.file_menu = self.menuBar().addMenu("&File")
        for a in (self.own_library_action, self.add_folder_action, self.rescan_action, self.cancel_index_action, None,
                  self.import_captions_action, self.model_action, None, self.quit_action):
            self.file_menu.addSeparator() if a is None else self.file_menu.addAction(a)
        self.cancel_index_action.setEnabled(False)

        self.view_menu = self.menuBar().addMenu("&View")
        self.moments_action = action("&Moments", lambda: self.search_panel.set_per_video(False), "Ctrl+1",
                                     "Every matching moment")
        self.videos_action = action("&Videos", lambda: self.search_panel.set_per_video(True), "Ctrl+2",
                                    "The best moment of each video")
        group = QActionGroup(self)
        for a in (self.moments_action, self.videos_action):
            a.setCheckable(True)
            group.addAction(a)
            self.view_menu.addAction(a)
        self.moments_action.setChecked(True)
        self.search_panel.per_video_changed.connect(self._per_video_changed)  # (the mode's keys follow it)
        self.view_menu.addSeparator()
        self.find_action = action("&Search", self.focus_search, QKeySequence.StandardKey.Find,
                                  "Go to the search field")
        self.view_menu.addAction(self.find_action)
        self.view_menu.addSeparator()
        self.library_dock.toggleViewAction().setText("&Library panel")
        self.view_menu.addAction(self.library_dock.toggleViewAction())  # brings a closed dock back

        self.help_menu = self.menuBar().addMenu("&Help")
        install_help(self)  # keyboard shortcuts, the README, the demo library, About (app.help)
        self.set_writable(False)

    # -- plug-in points for the other views -----------------------------------------------------
    def set_library_panel(self, widget: QWidget) -> None:
        self.library_panel = widget
        self.library_dock.setWidget(widget)
        self.library_dock.setVisible(True)
        if hasattr(widget, "rows_fit"):  # (its folders' names whole: wider while the user has not sized it)
            widget.rows_fit.connect(lambda fit: fit and self.dock_width.offer(
                self.library_dock.width() - widget.width() + fit))

    def status_last(self) -> None:
        """Tab goes as the window reads: the search row, the results, the panels in the order they were
        made (app.wiring), the status bar's model button last (made with the window, it came right after
        the results). Only that button moves, after the window's last stop: each panel keeps its own order."""
        button = self.status_widgets.model_label
        last = self.previousInFocusChain()  # (the window's chain is a ring: the last widget joined)
        while last is not self and (last is button or not last.focusPolicy() & Qt.FocusPolicy.TabFocus):
            last = last.previousInFocusChain()
        if last is not self:
            QWidget.setTabOrder(last, button)

    def set_preview(self, widget: QWidget) -> None:
        """The player: connect it to ``play_requested`` / ``pause_requested``."""
        self.preview = widget
        self.preview_area.insertWidget(0, widget)
        self.preview_area.setVisible(True)

    def set_captions_panel(self, widget: QWidget) -> None:
        self.captions_panel = widget
        self.preview_area.addWidget(widget)
        self.preview_area.setStretchFactor(self.preview_area.count() - 1, 2)
        self.preview_area.setStretchFactor(0, 3)  # the player gets more room, unless saved otherwise
        self.preview_area.setVisible(True)

    def set_index_panel(self, widget: QWidget) -> None:
        self.index_panel = widget
        self.index_strip.layout().addWidget(widget)
        self.index_strip.setVisible(True)

    def set_welcome_page(self, widget: QWidget) -> None:
        self.welcome_page = widget
        self.stack.insertWidget(0, widget)
        if self.settings.first_run_done:
            self.show_search()
        else:  # the first run: the page shows at once, while the library opens and the model loads
            self.follow.provisional = True
            self.show_welcome()

    def show_welcome(self) -> None:
        self.stack.setCurrentWidget(self.welcome_page)

    def show_search(self, query: str | None = None) -> None:
        """The search page, its field focused (``query`` typed in it, when given)."""
        self.stack.setCurrentWidget(self.main_splitter)
        self.search_panel.field.setFocus()
        if query is not None:
            self.search_panel.set_query(query)

    def focus_search(self) -> None:
        """The search field focused from anywhere (Ctrl+F), its text selected: typing replaces it."""
        self.show_search()
        self.search_panel.field.selectAll()

    # -- what the session says (app.window_follow shows the rest) ------------------------------
    def show_message(self, level: str, text: str) -> None:
        self.message_log.append((level, text))
        if level in ("error", "warning"):
            self.banner.show_message(level, text)
        else:
            self.statusBar().showMessage(text, 10000)

    def set_writable(self, writable: bool) -> None:
        """The actions that write the library on or off (off while it opens or is read-only)."""
        for a in (self.add_folder_action, self.rescan_action, self.import_captions_action, self.demo_action,
                  self.model_action):
            a.setEnabled(writable)

    def search_again(self) -> None:
        """The grid's search asked again (the library changed under it)."""
        request = self.session.last_request
        if request is not None and not request.is_blank:
            self.session.search(request)

    # -- user actions ---------------------------------------------------------------------------
    def open_own_library(self) -> None:
        open_own_library(self.session, self.settings.own_library_dir, self.settings.model_source or None)

    def _per_video_changed(self, per_video: bool) -> None:
        (self.videos_action if per_video else self.moments_action).setChecked(True)
        self.settings.results_mode = "videos" if per_video else "moments"

    def play(self, result) -> None:
        """Play a result at its moment: in the preview when one is plugged in, else in the
        system's player (which starts at the beginning: the moment is named in the status bar)."""
        self.play_requested.emit(result)
        if self.preview is None:
            self.external_open(file_url(result.path))
            self.statusBar().showMessage(f"Opened {shown(os.path.basename(result.path))}: the moment is at "
                                         f"{format_range(result.start, result.end)}.", 15000)

    def _space(self) -> None:
        """Space: pause / play, except where the focused control takes Space itself: a text
        field types it, a button (Add folder…, Filters, the dialogs' own) is pressed, a list of
        choices opens. The window's shortcut took it first: a user who tabbed to a button and
        pressed Space paused the video instead, the button never pressed."""
        focus = QApplication.focusWidget()
        if isinstance(focus, TEXT_INPUTS):
            return
        if isinstance(focus, QAbstractButton):
            focus.animateClick()
        elif isinstance(focus, QComboBox):
            focus.showPopup()
        else:
            self.pause_requested.emit()

    # -- settings and closing ---------------------------------------------------------------
    def restore_layout(self) -> None:
        """Geometry, docks and toolbars, splitters and the results mode, as last saved (call it
        again once the views are plugged in)."""
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        if self.settings.window_state is not None:
            self.restoreState(self.settings.window_state)
        self.dock_width.restore(self.settings.library_dock)  # (the width the user left it at: app.dock_width)
        for splitter, name in ((self.main_splitter, "main"), (self.preview_area, "preview")):
            sizes = self.settings.splitter_sizes(name)
            if len(sizes) == splitter.count() and any(sizes):  # (as many panes as when saved)
                splitter.setSizes(sizes)
        self.search_panel.set_per_video(self.settings.results_mode == "videos")

    def save_settings(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.library_dock = self.dock_width.saved()
        self.settings.set_splitter_sizes("main", self.main_splitter.sizes())
        if self.preview_area.count():  # (one following the video is not the user's: not kept, followed again)
            self.settings.set_splitter_sizes("preview", [] if follows_video(self.preview_area)
                                             else self.preview_area.sizes())
        self.settings.sync()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in FONT_CHANGES:  # (the app's or the system's font changed)
            restyle(self)  # its coloured notes, banner and badge follow it too

    def closeEvent(self, event) -> None:
        """Save the layout; cancel indexing, wait for the workers (bounded), close the library.
        Each step runs even if an earlier one fails (an exception must not escape a Qt override)."""
        for step in (self.save_settings, self.hide, lambda: self.session.close(timeout=10.0),
                     lambda: self.thumbnails.wait(5000), lambda: workers.shutdown(5.0)):
            try:
                step()
            except Exception:
                log.exception("while closing the window")
        event.accept()
