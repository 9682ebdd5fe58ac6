"""The welcome page ↔ Session: the first run's two ways in.

The window shows the page on the first run (an empty library, ``first_run_done`` not yet set).
"Try the demo library" → ``Session.try_demo``: the demo library of its own, with the demo model
(the page is busy while the clips are written);
once they are (``demo_ready``, also after Help › Try the demo library) the search page shows with
the demo's first query typed in, and its results come in as the clips are indexed. "Add my videos
folder…" → ``Session.add_folder`` (the user's library, its default model: the page shows that
model's card). Either choice ends the first run (remembered in the settings).
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class WelcomeController(QObject):
    def __init__(self, window, page):
        super().__init__(window)
        self.window, self.session, self.page = window, window.session, page
        page.demo_requested.connect(self.try_demo)
        page.folder_chosen.connect(self.add_folder)
        self.session.demo_ready.connect(self._demo_ready)
        self.session.status_changed.connect(self._status)

    def _status(self, status) -> None:
        """The page says what the model for the user's own videos can do (not the demo's)."""
        if status.model_card is not None and not status.demo_library:
            self.page.set_model_card(status.model_card)

    def try_demo(self) -> None:
        worker = self.session.try_demo()
        if worker is None:
            return  # refused (read-only, still opening): the session said why
        self.page.set_busy(True, "Writing the demo clips…")
        worker.failed.connect(lambda _msg: self.page.set_busy(False))

    def _demo_ready(self, _folder: str, query: str) -> None:
        self.window.settings.first_run_done = True
        self.page.set_busy(False)
        self.window.show_search()
        self.window.search_panel.set_query(query)

    def add_folder(self, folder: str) -> None:
        self.window.settings.first_run_done = True
        self.window.show_search()
        self.session.add_folder(folder)
