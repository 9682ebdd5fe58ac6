"""The main window with its views, connected to the :class:`~app.session.Session` by one
controller per feature (the views and the session do not know each other)."""

from __future__ import annotations

from dataclasses import dataclass

from ..captions_panel import CaptionsPanel
from ..clip_actions import ClipActions
from ..file_reads import FileReads
from ..idle_trim import IdleTrim, SettleAgainWhenIdle, settle_objects
from ..index_panel import IndexPanel
from ..library_panel import LibraryPanel
from ..player import PreviewPlayer
from ..preview_split import follow_video_height
from ..resume import UnfinishedRuns
from ..welcome import WelcomePage
from ..window import MainWindow
from .clips import ClipController
from .first_run import WelcomeController
from .library import LibraryController
from .models import ModelController
from .play_keys import PlayKeys
from .preview import PreviewController
from .read_again import ReadAgainController
from .rescan import RescanController


@dataclass
class Wiring:
    library: LibraryController
    preview: PreviewController
    clips: ClipController
    models: ModelController
    first_run: WelcomeController
    rescan: RescanController
    read_again: ReadAgainController
    play_keys: PlayKeys


def build_window(session, settings=None) -> MainWindow:
    """The main window with every view plugged in and wired to ``session`` (``window.wiring``)."""
    window = MainWindow(session, settings)
    session.resume.store = UnfinishedRuns(window.settings)  # unfinished indexing outlives the window
    window.settings.unsaved = lambda text: window.show_message("warning", text)  # (its disk full: said once)
    # (made as the window reads: Tab follows the making, each panel the order it sets itself)
    welcome = WelcomePage(window)  # (in the search page's place: before the library beside both)
    player = PreviewPlayer(window, reads=FileReads(window, "preview"))  # (its file read in workers)
    captions = CaptionsPanel(window)
    library_panel, index_panel = LibraryPanel(window), IndexPanel(window)
    actions = ClipActions(window)
    window.set_library_panel(library_panel)
    window.set_index_panel(index_panel)
    window.set_preview(player)
    window.set_captions_panel(captions)
    window.status_last()  # (the status bar's button, made with the window, after them)
    window.set_welcome_page(welcome)
    models = ModelController(window)
    window.wiring = Wiring(
        library=LibraryController(window, library_panel, index_panel),
        preview=PreviewController(window, player),
        clips=ClipController(window, actions, captions),
        models=models,
        first_run=WelcomeController(window, welcome, models),
        rescan=RescanController(window, window.file_notice),  # (the file notice's button)
        read_again=ReadAgainController(window, window.repair_notice),  # (its Try again, a read of the moment)
        play_keys=PlayKeys(window, player),  # (the preview's keys from anywhere: a Playback menu)
    )
    window.idle_trim = IdleTrim(window)  # (the memory worker threads freed, given back between actions)
    window.session.search_results.connect(window.idle_trim.answered)
    # (no full collection walks what the model load left; the model switched from collected, the new
    # frozen; once more when the work in hand ends: what it held let go)
    window.settle = SettleAgainWhenIdle(window, settle_objects)
    window.session.ready.connect(window.settle.request)
    window.session.model_switched.connect(window.settle.request)
    window.restore_layout()  # again: the toolbar and the views exist now
    window.wiring.clips._page_changed(window.stack.currentIndex())  # (restoreState may have shown it)
    if not window.settings.splitter_sizes("preview"):
        # (the selected clip's picture what it needs, the captions the rest)
        follow_video_height(window.preview_area, player.shape)
    return window
