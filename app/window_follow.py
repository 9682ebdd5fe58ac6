"""``WindowFollow``: the main window's own views following the session (``MainWindow.follow``).

The session's signals shown there: a search's answer in the results grid (only the latest
request's; a moment gone sends the field back to its text) and the grid's empty text (why nothing
was found, as the library stands now; the example query of the model loaded, ``app.search_hints``;
indexing under way), the status bar (library size, the model or the one loading), the actions that
write (off while read-only or not open), the window's title, the first-run page (shown on the first
run only; left for the search page once the library turns out to hold videos) and the settings
that follow the library and its model, and under the search field the videos that wait to be
indexed with the library's model (a switch's re-index: searches do not find them yet). The views
plugged in by ``app.wiring`` follow it through their own controllers.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from core.model_titles import folder_name
from core.plural import count

from .announce import announce
from .demo_library import on_demo_library
from .empty_results import (EMPTY_LIBRARY, NOTHING_YET_ELSEWHERE, TABLES_LOST, empty_library_text, nothing_found_text,
                            unsearched_text)
from .requests import MOMENT_GONE, READ_ONLY_MESSAGE, MomentGone, model_title
from .results import SEARCH_HINT, no_strong_words
from .search_hints import field_placeholder, search_hint


def found_words(request, results, empty_text: str) -> str:
    """What a screen reader says as a search answers: how many it found (in the grid's words for
    nothing: why), and that none is a strong match where the grid says so."""
    if not results:
        return empty_text or "Nothing found."
    text = count(len(results), "video" if request.per_video else "moment", thousands=True) + " found"
    text += ", the most one search lists." if len(results) >= request.k else "."
    return f"{text} {said}" if (said := no_strong_words(request, results)) else text


class WindowFollow(QObject):
    def __init__(self, window):
        """``window``, its parent: the ``app.window.MainWindow`` whose session it connects to its views."""
        super().__init__(window)
        self.window, self.session = window, window.session
        self.provisional = False  # the welcome page shown before the library opened (set_welcome_page)
        self._welcomed = False  # the empty library's first word said (the welcome page or the grid's)
        self._loading_model = ""
        self._hint, self._found = SEARCH_HINT, []  # (the hint follows the model: _follow_model)
        w, s = window, self.session
        w.search_panel.request_changed.connect(s.search)
        s.search_results.connect(self.results)
        s.message.connect(w.show_message)
        s.status_changed.connect(self.status)
        s.indexing_changed.connect(self.indexing_changed)
        s.library_changed.connect(w.search_again)
        s.opened.connect(self._opened)
        s.model_loading.connect(self._model_loading)
        s.ready.connect(self._model_ready)
        s.model_switched.connect(lambda _name, _source: self._model_ready())
        s.model_switch_failed.connect(lambda _msg: self._model_loading(""))

    def results(self, request, results) -> None:
        w = self.window
        if request is not self.session.last_request:
            return  # an older request's answer
        if isinstance(results, MomentGone):
            said = w.statusBar().currentMessage()  # (what the session said of it just now, a removal's "Removed …":
            kept = said and ("info", said) in w.message_log[-8:]  # kept before it, not replaced)
            w.statusBar().showMessage(f"{said} {MOMENT_GONE}" if kept else MOMENT_GONE, 15000)
            return w.search_panel.back_to_text()
        w.results_model.set_results(request, results)
        w.search_panel.show_answer(request, results)
        said = no_strong_words(request, results)
        if said:
            w.no_match_label.setText(said)
        w.no_match_label.setVisible(bool(said))
        self._found = results
        self._say_why_nothing(self.session.status)
        if not w.results_model.refreshed and not request.is_blank:  # (not each refresh while indexing)
            announce(w.results_view, found_words(request, results, w.results_view.empty_text))

    def _say_why_nothing(self, status) -> None:  # the grid's empty text for the last answer, as the library stands now
        request = self.window.results_model.request
        if request is not None and (text := nothing_found_text(request, self._found, status, self._hint)) is not None:
            self.window.results_view.set_empty_text(text)

    def status(self, status) -> None:
        w, settings = self.window, self.window.settings
        w.status_widgets.show_status(status, self._loading_model)
        self._follow_model(status.model_card)
        w.search_panel.set_folders(status.folders)
        w.search_panel.show_waiting(unsearched_text(status))  # (a model switch's re-index under way, or stopped)
        w.set_writable(status.opened and not status.read_only)
        if status.videos and not settings.first_run_done:
            settings.first_run_done = True
        started = status.videos or status.folders or status.indexing or status.read_only or status.written_elsewhere
        if status.opened and self.provisional:
            self.provisional = False
            if started:
                w.show_search()  # the library has videos already: not a first run after all
        if status.opened and not started and not self._welcomed:
            self._welcomed = True
            if w.welcome_page is not None and not settings.first_run_done:
                w.show_welcome()  # the first run only: later an empty library gets the hint
            else:
                w.results_view.set_empty_text(EMPTY_LIBRARY)
        elif (r := w.results_model.request) is not None and not r.is_blank and not w.results_model.rowCount():
            self._say_why_nothing(status)  # (a folder removed, added: the reason follows the library)
        elif status.opened and (w.results_view.empty_text in (EMPTY_LIBRARY, NOTHING_YET_ELSEWHERE, TABLES_LOST)
                                or status.tables_lost and w.results_view.empty_text == self._hint):
            # (no search yet: the empty library's word follows another process's run, and its end; the
            # lost tables' words take the example query's place until its folders are indexed again)
            w.results_view.set_empty_text(empty_library_text(status) or self._hint)

    def _follow_model(self, card) -> None:
        """The example query of the field and of the empty results: one this model can find."""
        hint, view = search_hint(card), self.window.results_view
        if hint != self._hint:
            old, self._hint = self._hint, hint
            self.window.search_panel.placeholder.set(field_placeholder(card))
            if view.empty_text.startswith(old):
                view.set_empty_text(hint + view.empty_text[len(old):])

    def _opened(self, library_dir: str, read_only: bool) -> None:
        w = self.window
        w.settings.library_dir = library_dir
        demo = on_demo_library(self.session)
        if not demo:
            w.settings.own_library_dir = library_dir
        w.own_library_action.setVisible(demo)
        w.setWindowTitle(f"Seekframe — {library_dir}" + (" (read-only)" if read_only else ""))
        if not read_only and w.banner.text == READ_ONLY_MESSAGE:
            w.banner.dismiss()  # (read-only no more: app.write_role)

    def _model_loading(self, source: str) -> None:
        name = getattr(self.session, "loading_title", "") if source else ""
        self._loading_model = name or model_title(None, folder_name(source), source)  # (core's folder rule)
        self.window.status_widgets.show_status(self.session.status, self._loading_model)

    def _model_ready(self) -> None:
        self._loading_model = ""
        status = self.session.status
        if status.model_source and not on_demo_library(self.session):  # (the demo's model stays there)
            self.window.settings.model_source = status.model_source
        self.status(status)

    def indexing_changed(self, running: bool) -> None:
        w = self.window
        w.cancel_index_action.setEnabled(running)
        if running:
            w.statusBar().clearMessage()  # (an earlier run's words: the indexing panel says this one's)
            if w.stack.currentWidget() is not w.main_splitter:
                w.show_search()
        if (r := w.results_model.request) is not None and not r.is_blank:
            return  # (a query's answer keeps its words: why nothing was found, which the status follows)
        w.results_view.set_empty_text(self._hint + (" Videos become searchable as they are indexed." if running else ""))
