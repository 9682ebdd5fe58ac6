"""Clip actions (context menu, "Clip" toolbar and menu) and the captions panel ↔ Session, for the
grid's current result. The captions panel follows it: the captions on that clip, then the others
that match it best, asked again when captions change.
"""

from __future__ import annotations


from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu, QToolBar

from core.filenames import shown_name
from core.plural import count
from core.timefmt import format_time

from ..beside_writes import note_place
from ..captions_panel import captions_title
from ..file_look import FileLook
from ..file_state import OFFLINE
from .library import edits_off
from .preview import say_file_problem

FOLLOW_K = 5  # other captions shown for the result in hand
MORE_K = 20  # … after "Find similar captions"
ELSEWHERE = "in other videos"  # where similar clips are: never the clip's own video (core.search.similar_clips)


def clip_place(result) -> str:
    return f"{shown_name(result.path)} at {format_time(result.start)}"


def captions_found(n: int, where: str) -> str:
    """What the status bar says of "Find similar captions"'s answer: ``n`` other captions closest to
    the clip at ``where``. Short: whole in the bar at the window's narrowest (app.message_bar)."""
    if n == 1:  # (not "The 1 other caption …, closest first")
        return f"{count(n, 'other caption')} closest to {where}."
    return (f"The {count(n, 'other caption')} closest to {where}, closest first." if n
            else f"No other caption or note to compare with {where}.")


class ClipController(QObject):
    def __init__(self, window, actions, captions):
        super().__init__(window)
        self.window, self.session, self.actions, self.captions = window, window.session, actions, captions
        self.view = window.results_view
        self._similar_labels: dict[str, str] = {}  # "Clips like …", by the moment id asked (_keep_labels)
        self._asked_more: str | None = None  # the moment "Find similar captions" was asked for
        self._announce = False  # its answer is still to be shown (focus, status bar)
        self._shown: str | None = None  # the moment the captions panel's title names
        self._asking: str | None = None  # the moment whose captions are asked (its answer not in)
        self._edits = 0  # imports and notes being written
        self._menu: QMenu | None = None
        self._looks = FileLook(window, "similar")  # the file of the clip whose similar clips were asked
        s = self.session
        # the actions' places: context menu, toolbar, menu bar
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_context_menu)
        self.toolbar = QToolBar("Clip", window, objectName="clip_toolbar", movable=False)
        self.toolbar.toggleViewAction().setVisible(False)  # it belongs to the search page: not hideable
        self.toolbar.addActions(actions.actions())
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        window.stack.currentChanged.connect(self._page_changed)
        self.clip_menu = actions.menu(window)
        self.clip_menu.setTitle("&Clip")
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.clip_menu)
        # back from "Clips like …" / a refined query to the typed search, by keyboard too (the
        # line's button only: Tab to it from the grid, then Space)
        self.back_action = window.make_action("&Back to the typed search", window.search_panel.back_button.click,
                                              "Alt+Left", "The results of the typed search again")
        self.back_action.setEnabled(False)
        self.clip_menu.addSeparator()
        self.clip_menu.addAction(self.back_action)
        # actions → session
        self.view.current_result_changed.connect(self._current_changed)
        actions.similar_clips.connect(self.find_similar_clips)
        actions.similar_captions.connect(self.find_similar_captions)
        actions.more_like.connect(s.more_like)
        actions.less_like.connect(s.less_like)
        actions.error.connect(lambda text: window.show_message("error", text))
        actions.copied.connect(lambda text: window.statusBar().showMessage(f"Copied {text}", 8000))
        window.results_model.modelReset.connect(self._results_changed)
        # captions panel ↔ session
        captions.import_requested.connect(self.import_captions)
        captions.note_requested.connect(self.add_note)
        captions.note_removal_asked.connect(self.remove_note)
        captions.removal_refused.connect(lambda text: window.show_message("warning", text))
        captions.caption_activated.connect(window.show_search)  # the caption's text searched
        window.import_captions_action.triggered.connect(captions.request_import)
        s.captions_results.connect(self._captions_ready)
        s.captions_failed.connect(self._captions_failed)
        s.captions_changed.connect(self._captions_changed)
        s.status_changed.connect(self._status)
        s.ready.connect(self._captions_changed)  # the model is there: captions can be asked
        s.opened.connect(self._library_opened)
        s.library_changed.connect(self._keep_labels)  # (re-indexed: moments gone or given new ids)
        self._library = ""  # the library the grid's results are of
        self._status(s.status)

    def _page_changed(self, _index: int) -> None:
        """The clip toolbar shows with the search page (not over the welcome page)."""
        self.toolbar.setVisible(self.window.stack.currentWidget() is self.window.main_splitter)

    # -- the result in hand ------------------------------------------------------------------
    def _current_changed(self, result) -> None:
        self.actions.set_current(result)
        if result is not None and self.session.searcher is not None:
            self._ask_captions(result)
        else:
            self._clear_captions()

    def _clear_captions(self) -> None:
        """No clip in hand (or none whose captions can be asked): an answer still to come for the
        clip before is not waited for (its busy bar stayed on, the buttons greyed, for good)."""
        self._shown = self._asking = None
        self.captions.clear()
        self._update_busy()

    def show_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        if self._menu is not None:
            self._menu.deleteLater()
        self._menu = self.actions.menu(self.view)
        self._menu.popup(self.view.viewport().mapToGlobal(pos))

    def _results_changed(self) -> None:
        request = self.window.results_model.request
        self.back_action.setEnabled(request is not None and request.kind in ("similar", "refine"))
        if request is None:
            self.actions.set_query_active(False)
            return
        self.actions.set_query_active(request.kind in ("text", "refine") and bool(request.query.strip()))
        if request.kind == "similar":  # (the engine leaves out the clip's own video and its identical copies)
            label = self._similar_labels.get(request.similar_to, f"Clips like the chosen moment {ELSEWHERE}")
        elif request.kind == "refine":
            parts = ([f"more like {count(len(request.more), 'clip')}"] if request.more else []) + \
                    ([f"less like {count(len(request.less), 'clip')}"] if request.less else [])
            label = f"“{request.query}”, refined: " + ", ".join(parts)
        else:
            label = ""
        self.window.search_panel.show_request(request, label)
        self._keep_labels()

    def _keep_labels(self) -> None:
        """Only the "Clips like …" lines of the similar-clips search the grid shows and of the one
        asked last (its answer may be still to come): one a search asked, kept for the window's
        life, they grew for hours."""
        wanted = {r.similar_to for r in (self.window.results_model.request, self.session.last_request)
                  if r is not None and r.kind == "similar"}
        self._similar_labels = {k: v for k, v in self._similar_labels.items() if k in wanted}

    def _library_opened(self, library_dir: str, _read_only: bool) -> None:
        """Another library open (File › Open, the demo library and back): the grid's results, and
        the clip in hand, are of the one before; the typed query is asked of this one."""
        before, self._library = self._library, library_dir
        if before and before != library_dir:
            self._similar_labels.clear()  # (the moments of the library before)
            if self.window.results_model.request is not None:
                self.window.results_model.clear()
                self.window.search_panel.back_to_text()
        self._keep_labels()  # (the same library opened again, e.g. after a repair)

    def find_similar_clips(self, result) -> None:
        panel = self.window.search_panel
        self._similar_labels[result.moment_id] = f"Clips like {clip_place(result)} {ELSEWHERE}"
        self.session.similar_clips(result, per_video=panel.per_video, filters=panel.filters())
        # its vectors are what it held when indexed: answered at once, its file looked at in the
        # worker pool (never the GUI thread: a hung share), and said if gone or changed since
        request = self.session.last_request
        self._looks.ask(result, lambda state, r=result: self._similar_looked(r, request, state))

    def _similar_looked(self, result, request, state: str) -> None:
        """The look at the file of ``result``, whose similar clips ``request`` asked: said while
        that is still the search asked last (not over a search since)."""
        if state and state != OFFLINE and request is self.session.last_request:
            say_file_problem(self.window, result, state, "similar")

    def find_similar_captions(self, result) -> None:
        """The explicit action: make sure the panel is in view, then ask for more matches."""
        area = self.window.preview_area
        sizes = area.sizes()
        index = area.indexOf(self.captions)
        if index >= 0 and sizes[index] == 0:
            sizes[index] = max(sizes) // 2 or 200
            area.setSizes(sizes)
        self._asked_more, self._announce = result.moment_id, True
        self._ask_captions(result)

    def _ask_captions(self, result) -> None:
        if result.moment_id != self._asked_more:
            self._asked_more = None  # another clip: back to the short list
        k = MORE_K if self._asked_more == result.moment_id else FOLLOW_K
        if not self.session.similar_captions(result, k):  # (refused: the session said why)
            if self._shown != result.moment_id:
                self._clear_captions()  # never the clip before's captions under this one
            return
        self._asking = result.moment_id
        if self._shown != result.moment_id:  # another clip: named at once, the list before gone
            self._shown = result.moment_id
            self.captions.show_loading(captions_title(result.path, result.start))
        self._update_busy()

    def _answered(self, result) -> bool:
        """An answer to the captions asked (only the latest ask is answered: ``LatestRunner``) is
        in: whether it is for the clip in hand, whose title the panel shows (else the user moved
        on, and a newer ask answers, or there is nothing to show)."""
        self._asking = None
        self._update_busy()
        current = self.actions.current()
        return current is not None and current.moment_id == result.moment_id == self._shown

    def _captions_failed(self, result, _message: str) -> None:
        if self._answered(result):
            self.captions.show_failed()

    def _captions_ready(self, result, rows) -> None:
        if not self._answered(result):
            return  # the user moved on; the newer request answers
        self.captions.show_captions(captions_title(result.path, result.start), rows,
                                    clip=(result.video_id, result.start, result.end))
        if self._announce and self._asked_more == result.moment_id:
            self._announce = False  # once per "Find similar captions"
            self.captions.show_matches()
            n = len(self.captions.others())
            where = clip_place(result)
            self.window.statusBar().showMessage(captions_found(n, where), 10000)

    def _captions_changed(self) -> None:
        current = self.actions.current()
        if current is not None and self.session.searcher is not None:
            self._ask_captions(current)

    def import_captions(self, path: str) -> None:
        self._busy_while(lambda then: self.session.import_captions(path, then=then))

    def add_note(self, text: str) -> None:
        result = self.actions.current()
        if result is None:
            self.window.show_message("warning", "Select a clip first: a note belongs to a clip.")
            return
        self._busy_while(lambda then: self.session.add_note(result, text, then=then))

    def remove_note(self, note) -> None:
        """The user's ``note`` on the clip in hand removed, then the grid's search asked again (a
        moment its note found is found no more)."""
        result = self.actions.current()
        if result is None or note.video_id != result.video_id:
            self.window.show_message("warning", "Select the note's clip first: nothing was removed.")
            return
        whole = note.start < 0  # (a moment's note by its own span: not a same-worded note the clip also lists)
        start, end = (-1.0, -1.0) if whole else (float(note.start), float(note.end))
        where = note_place(result.path, start, end)  # (the note's span, not the clip in hand's)

        def removing(then):
            return self.session.remove_note(result.video_id, note.text, start, end, where,
                                            then=lambda: (then(), self.window.search_again()))

        self._busy_while(removing)

    def _busy_while(self, start) -> None:
        """Busy from ``start(then)`` until its worker calls ``then`` (connected before it starts,
        so a worker that fails at once is heard too)."""
        ended = []

        def done() -> None:  # (once, whichever tells it first)
            if not ended:
                ended.append(True)
                self._edits -= 1
                self._update_busy()

        self._edits += 1
        self._update_busy()
        if start(done) is None:
            done()  # refused: the session said why

    def _update_busy(self) -> None:
        """The captions panel busy while captions are asked or an import or a note is written."""
        self.captions.set_busy(self._asking is not None or self._edits > 0)

    def _status(self, status) -> None:
        self.captions.set_read_only(*edits_off(self.session, status))
