"""The welcome page ↔ Session: the first run's two ways in (the demo library, the user's folder;
either ends it), and the hub offer: the best of ``OFFERED`` looked up in a worker, nothing
downloaded until "Get it…" (``ModelController.fetch``, the one download path).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from .. import hub_models
from ..demo_library import add_once_open
from ..requests import KNOWN_HUB_MODELS
from ..workers import Task

# The hub models the first run offers, best first: CLIP ViT-B/32 (quality), TinyCLIP 8M (small).
OFFERED = ("openai/clip-vit-base-patch32", "wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M")
NAMES = {rid: name for rid, name, _detail in KNOWN_HUB_MODELS}
assert all(rid in NAMES for rid in OFFERED), "the offered models come from KNOWN_HUB_MODELS"


class WelcomeController(QObject):
    def __init__(self, window, page, models):
        super().__init__(window)
        self.window, self.session, self.page, self.models = window, window.session, page, models
        page.demo_requested.connect(self.try_demo)
        page.folder_chosen.connect(self.add_folder)
        self.session.demo_ready.connect(self._demo_ready)
        self._edits, self._edits_at_ask = 0, None  # the search field's edits by the user; their count at the ask
        window.search_panel.field.textEdited.connect(self._edited)
        window.demo_action.triggered.connect(self._demo_asked)  # (File and Help: one action)
        self.session.status_changed.connect(self._status)
        self.offer = None  # the hub check's core.hub_offer.HubOffer, once it answered
        self._check: Task | None = None
        self._fetching = ""  # the hub id the page is downloading
        page.get_model_requested.connect(self.get_model)
        page.use_model_requested.connect(self.use_model)
        page.fetch_cancel_requested.connect(self.cancel_fetch)
        models.fetch_progress.connect(self._fetch_progress)
        models.fetch_done.connect(self._fetch_done)
        models.fetch_failed.connect(self._fetch_failed)
        window.stack.currentChanged.connect(self._page_shown)
        self.session.model_loading.connect(self._model_loading)
        if not self.session.is_ready:
            page.set_model_loading()  # the page shows at once; the model's card comes when it is loaded

    def _status(self, status) -> None:
        """The page says what the model for the user's own videos can do (not the demo's)."""
        if status.model_card is not None and not status.demo_library:
            self.page.set_model_card(status.model_card)
        elif status.model_failed and not status.demo_library:
            self.page.set_model_card(None)  # the session said why, in the banner
        if self.offer is not None and status.model_source == self.offer.repo_id and not self._fetching:
            self.page.set_offer(None)  # the offered model is the one in use now
        if status.opened:
            self._page_shown()

    def _model_loading(self, _source: str) -> None:
        if not self.session.status.demo_library and self.window.stack.currentWidget() is self.page:
            self.page.set_model_loading()

    # -- the hub offer --------------------------------------------------------------------------
    def _page_shown(self, _index: int = 0) -> None:
        """Check the hub once the page shows for an open library (the page shows before the
        library opens, which may turn out to hold videos: then there is no first run to offer to)."""
        if (self.window.stack.currentWidget() is not self.page or not self.session.is_open
                or self.offer is not None or self._check is not None):
            return
        self.page.set_checking()
        task = self._check = Task(hub_models.check_offer, OFFERED, name="hub-offer")
        task.done.connect(self._checked)
        task.failed.connect(lambda _msg: self.page.set_offer(None))
        task.start()

    def _checked(self, offer) -> None:
        self.offer = offer
        if offer.repo_id == self.session.status.model_source:
            self.page.set_offer(None)
        else:
            self.page.set_offer(offer, NAMES.get(offer.repo_id, offer.repo_id))

    def get_model(self, repo_id: str) -> None:
        """"Get it…" (the page shows the download starting): the one download path, the model controller's."""
        self._fetching = repo_id
        if not self.models.fetch(repo_id, for_dialog=False):
            self._fetching = ""

    def cancel_fetch(self) -> None:
        if self._fetching:
            self.models.cancel_fetch()

    def _fetch_progress(self, repo_id: str, done, total) -> None:
        if repo_id == self._fetching:
            self.page.set_fetch_progress(int(done), int(total))

    def _fetch_done(self, repo_id: str, _folder: str) -> None:
        if repo_id != self._fetching:
            return
        self._fetching = ""
        self.page.fetch_finished()
        if self.window.stack.currentWidget() is not self.page:
            self.window.show_message("info", f"{NAMES.get(repo_id, repo_id)} is downloaded: choose it in "
                                             "File › Model… to use it.")

    def _fetch_failed(self, repo_id: str, message: str) -> None:
        if repo_id == self._fetching:
            self._fetching = ""
            self.page.fetch_failed(message)

    def use_model(self, repo_id: str) -> None:
        """"Use it…": File › Model… on that model (switching asks before a re-index)."""
        self.models.preselect = repo_id
        self.models.open_dialog()

    def _edited(self, _text: str) -> None:
        self._edits += 1

    def _demo_asked(self) -> None:
        self._edits_at_ask = self._edits

    def try_demo(self) -> None:
        self._demo_asked()
        self.page.set_busy(True, "Writing the demo clips…")
        # ``then`` (its end), not failed: a result for a library closed since (File › Open
        # meanwhile) is dropped; connected before the worker starts, so a quick end is heard too
        if self.session.try_demo(then=lambda: self.page.set_busy(False)) is None:
            self.page.set_busy(False)  # refused (read-only, still opening): the session said why

    def _demo_ready(self, _folder: str, query: str) -> None:
        """The demo clips written: the search page with the demo's query typed in, unless the user
        typed a search of their own since asking (the demo library opens before its clips are
        written again: a query typed there was replaced seconds later)."""
        self.window.settings.first_run_done = True
        self.page.set_busy(False)
        typed = self._edits_at_ask is not None and self._edits != self._edits_at_ask
        self._edits_at_ask = None
        self.window.show_search(None if typed else query)

    def add_folder(self, folder: str) -> None:
        self.window.settings.first_run_done = True
        self.window.show_search()
        add_once_open(self.session, folder)  # (the page shows before the library is open)
