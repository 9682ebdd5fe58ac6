"""Library panel and indexing panel ↔ Session: folders, index runs and their failures, the repair
of a library that cannot be read. Every edit is off while the library opens or is read-only,
Re-scan while indexing."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QObject, QTimer

from core.paths import is_uri

from ..damage_look import REPAIR_WORDS, DamageLook
from ..requests import READ_ONLY_MESSAGE, WRITER_DONE, WRITER_UNWAITED, WRITER_WAITED

OPENING_TIP = "The library is still opening."
OPEN_SAID = "(said by the open's notes)"  # what was said of the videos whose moments its open took out
IN_PATH = r"[^\s;:,()'\"]"  # a character a path named in a sentence goes on with (not its edge)
# a write a full disk refused, said by every front end's words for it (core.errors.disk_full_message,
# core.forgetting.folder_waits, app.worker_messages.removal_stopped_message): "the disk holding … is full (or …"
DISK_FULL = re.compile(r"\bis (?:still )?full \(or a disk quota or the file size limit was reached\)")
# folders a full disk kept from being added or removed (core.forgetting.folder_waits, removal_waits): still so
NOT_ADDED = re.compile(r"(.+?) (?:was|were) not added to the library: (?:the removal of |the disk holding )")
NOT_REMOVED = re.compile(r"(.+?) was not removed: nothing changed for it")
FILES_FAILED = re.compile(r"[\d,]+ files? could not be indexed \(")  # a run's failed files (app.run_words.run_messages)


def edits_off(session, status) -> tuple[bool, str]:
    """Whether the library's edits are off, and why for a panel's tooltip: the session's reason,
    '' where the panel keeps its own words (another writer), or still opening. A session open with
    its model loaded is open even before the first status read says so."""
    opened, why = status.opened or session.is_open, session.read_only_reason
    off = not opened or status.read_only or session.read_only
    return off, ((why if why != READ_ONLY_MESSAGE else "") if opened else OPENING_TIP)


def _all_named(named: str, folders: list[str], exact: bool = False) -> bool:
    """Whether each folder of ``named`` (shown, joined by ', ': one holding ', ' read whole too)
    is one of ``folders`` (shown) or, unless ``exact``, in one."""
    from core.scan import is_under

    return any(all(p in folders if exact else any(is_under(p, f) for f in folders) for p in names)
               for names in ([named], named.split(", ")))


class LibraryController(QObject):
    SUMMARY_MS = 8000  # how long the strip stays after a run without failures
    REFRESH_MS = 1500  # while indexing, the grid's search is asked again at most this often

    def __init__(self, window, panel, index_panel):
        super().__init__(window)
        self.window, self.session, self.panel, self.index_panel = window, window.session, panel, index_panel
        self._stopped_before: tuple[str, ...] = ()  # (``_rest``)
        s = self.session
        panel.add_requested.connect(s.add_folder)
        s.add_asked.connect(lambda folder, text: s.add_folder(folder, looked=True) if panel.ask_add(text) else None)
        panel.remove_requested.connect(self._remove)
        panel.remove_keeping_requested.connect(lambda folder: self._remove(folder, keep_inside=True))
        panel.rescan_requested.connect(s.rescan)
        panel.finish_requested.connect(s.finish_indexing)
        index_panel.retry_requested.connect(s.retry_failed)
        window.add_folder_action.triggered.connect(panel.request_add)
        index_panel.cancel_requested.connect(s.cancel_indexing)
        index_panel.prune_requested.connect(s.prune_missing)
        s.status_changed.connect(self.show_status)
        s.indexing_changed.connect(self._indexing_changed)
        s.index_event.connect(self._index_event)
        notice = window.repair_notice  # a library that cannot be read: its way out
        s.library_damaged.connect(lambda: notice.show_refused(is_uri(s.library_dir)) if s.refuses_writers
                                  else notice.show_notice())  # (a read-only drive, a URI: no repair runs there)
        self._damage = DamageLook(s)  # (what is damaged, said as `seekframe status` says it: looked at in a worker)
        s.opened.connect(self._damage.check)
        s.library_damaged.connect(self._damage.check)
        self._damage.found.connect(notice.show_damage)
        self._damage.found.connect(self._repair_unoffered)
        notice.triggered.connect(lambda: (notice.dismiss(), s.repair_library()))
        s.repairs.finished.connect(lambda _ran: notice.dismiss())
        gone = window.gone_notice  # its folder moved or deleted while open: open it again once back
        s.gone.changed.connect(gone.show_text)
        gone.triggered.connect(s.gone.open_again)
        s.message.connect(self._writer_done)
        self._hide_timer = QTimer(self, singleShot=True, interval=self.SUMMARY_MS)
        self._hide_timer.timeout.connect(self.end_summary)
        self._refresh_timer = QTimer(self, singleShot=True, interval=self.REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_results)
        self._quiet_end = False  # the session cancelled the run itself (a removal, a switch): no summary strip
        # when the last run's end was heard (time.monotonic()): a status read begun before it, shown once the run
        # is over, said "3 videos · 1 still to index" and Finish indexing under "Indexed 4 of 4 files" (s55 G audit)
        self._run_end = 0.0
        self._removed: set[str] = set()  # folders this window asked to remove, until they have left
        self._warned: dict[str, float] = {}  # folders a run's scan found offline: when (``_back``)
        self._failed_said: list[str] = []  # the files the last finished run could not index (its warning)
        self._forgetting = ""  # the folder whose stopped removal waited at the last status read
        self._notes = ("", "")  # (library, what its open put right: app.open_notes), for _opened
        self._lost = ("", 0, "")  # (library, its videos whose moments are gone, what was said of them)
        self._cut = None  # the cut data files the library's handle had taken out when it was last read
        s.opened.connect(self._opened)
        self.show_status(s.status)

    def _remove(self, folder, keep_inside: bool = False) -> None:
        from core.scan import is_under

        folders = self.session.status.folders  # (those inside it leave with it: service.forget_folder)
        self._removed |= {folder, *(f for f in folders if is_under(f, folder))}
        if not self.index_panel.is_running():  # the last run's words ("12 videos up to date") no longer
            self._hide_timer.stop()  # true of the library: they go (its failures elsewhere come back with
            self.index_panel.reset()  # the next status read, show_status)
            self._update_strip()
        self.session.remove_folder(folder, keep_inside)  # (keep_inside: the folders it took in stay)

    def _repair_unoffered(self, _text: str, repairable: bool) -> None:
        """Damage no repair can mend here (a library that refuses writers: ``app.damage_look``), found
        in a library that refused them only after the work that failed looked (a drive remounted
        read-only; one that refused them as it opened, or as that work failed, is said so from the
        start: ``Session.refuses_writers``, ``Worker.refuses_now``): the
        messages' banner's word on a failed read, "Repair library (below) sets what cannot be read
        aside", goes, as the repair notice below says what to do instead (Try again)."""
        banner = self.window.banner
        if not repairable and banner.level == "error" and REPAIR_WORDS in banner.text:
            banner.dismiss()

    def _writer_done(self, _level: str, text: str) -> None:
        """Work that waited for another process starts, or was cancelled: its warning goes (the
        status bar says why)."""
        if text in (WRITER_DONE, WRITER_UNWAITED) and WRITER_WAITED in self.window.banner.text:
            self.window.banner.dismiss()

    def _opened(self, library_dir: str, read_only: bool) -> None:
        """What a library's open put right (``open_notes``, said as it opened) is of that library:
        the banner saying it goes once another library opens (File › Open, the demo tried) without
        saying the same."""
        from ..open_notes import cut_by, notes_text, says_cut

        self._cut = cut_by(self.session.library)  # (taken out by its open: said with its notes)

        (before, said), self._notes = self._notes, (library_dir, notes_text(self.session.library))
        if self._lost[0] != library_dir:
            if self._lost[0]:  # (of the library before: its warning goes)
                self._lost_now(self._lost[0], 0)
            self._lost = (library_dir, 0, "")
        if says_cut(self.session.library):  # (the open said the loss of those videos' moments: not again)
            self._lost = (library_dir, None, OPEN_SAID)
        banner, text = self.window.banner, self.window.banner.text
        if said and before != library_dir and banner.level == "warning" and said != self._notes[1] and (
                text == said or text.startswith(said + "\n")):  # (alone, or with a read-only reason)
            banner.dismiss()
        elif not read_only and banner.level == "warning" and text.endswith("\n" + READ_ONLY_MESSAGE):
            banner.show_message("warning", text[:-len(READ_ONLY_MESSAGE)].rstrip("\n"))  # (writable now)

    def _lost_now(self, library_dir: str, lost: int, read_only: bool = False, cut=None) -> None:
        """Say once that ``lost`` videos' moments are gone (``open_notes.lost_words``: no search finds
        them), when their number or what to say changes; the warning goes once they are embedded
        again (``lost`` 0). ``cut``: a search's taking out of cut data files, said as its cause."""
        from ..open_notes import lost_words

        (lib, before, said), banner = self._lost, self.window.banner
        if lib == library_dir and cut is None and (lost == before or before is None):
            self._lost = (library_dir, lost, said)  # (the same videos, said; the open's notes said the first)
            return
        text = lost_words(lost, read_only, cut) if lost else ""
        self._lost = (library_dir, lost, text)
        if said and banner.level == "warning" and banner.text == said:
            banner.dismiss()
        if text:
            self.session.say("warning", text)

    def _left(self, folders) -> None:
        """A warning naming a folder this window removed, or a library folder inside it (found
        offline, its vanished videos kept), is no longer true once that folder has left the library:
        it goes, whatever else it names; so does the last run's warning of files it could not index
        (named by name alone) once each of them was in such a folder. ``folders``: the library's now."""
        from core.filenames import shown
        from core.scan import is_under

        gone = self._removed - set(folders)
        self._removed -= gone
        banner = self.window.banner
        if not gone or banner.level != "warning":
            return
        if any(re.search(f"(?<!{IN_PATH}){re.escape(shown(f))}(?!{IN_PATH})", banner.text) for f in gone):
            banner.dismiss()  # (a path whole: "/v/a" names neither "/v/ab", a file in it, nor "/mnt/v/a")
        elif (FILES_FAILED.match(banner.text) and self._failed_said
              and all(any(is_under(p, f) for f in gone) for p in self._failed_said)):
            banner.dismiss()  # (the files the run could not index, each in a folder gone: named by name alone)

    def _back(self, folders, offline, read_at: float) -> None:
        """A run's warning that a library folder is offline (``run_words.offline_text``) is no longer true
        once a status read begun after that run's scan lists the folder online (its drive back, re-scanned;
        or back before any read saw it offline, with no video marked offline): it goes. (A status the
        session says again may be a read from before the run: ``read_at``, ``app.status_reader``.)"""
        from app.run_words import offline_text

        back = {f for f, at in self._warned.items() if read_at > at and f not in offline and f in folders}
        self._warned = {f: at for f, at in self._warned.items() if f not in back}
        banner = self.window.banner
        if banner.level == "warning" and any(banner.text in (offline_text(f), offline_text(f, True)) for f in back):
            banner.dismiss()

    def _written(self, roots) -> None:
        """A run finished, so the library was written: a banner saying a full disk refused a write
        (a removal stopped; 'Indexing stopped … Re-scan … to index the rest' once the run was of
        every folder, ``roots`` empty, or of every folder a stopped run left files in, ``_rest``;
        folders not added once it was of them, as ``_settled`` sees too) is no longer true. One not removed: ``_settled``."""
        from core.filenames import shown

        banner, text = self.window.banner, self.window.banner.text
        if banner.level not in ("error", "warning") or not DISK_FULL.search(text) or NOT_REMOVED.match(text):
            return
        if named := NOT_ADDED.match(text):  # (added again: a folder reached through a link is listed
            if _all_named(named[1], [shown(r) for r in roots], exact=True):  # under the library's spelling)
                banner.dismiss()
        elif not roots or not text.startswith("Indexing stopped:") or self._every_folder(roots) or self._rest(roots):
            banner.dismiss()

    def _rest(self, roots) -> bool:
        """Whether a run of ``roots`` was of every folder a stopped run left files in, as the status
        said last while no run was going (Finish indexing's folders; a run's own counts go down): it indexed the rest, which the banner said to index,
        other folders or not (none said: not known, only a run of every folder takes it)."""
        from core.scan import is_under

        left = self._stopped_before
        return bool(left) and all(any(is_under(f, r) for r in roots) for f in left)

    def _every_folder(self, roots) -> bool:
        """Whether a run of ``roots`` was of every library folder (Finish indexing of the one folder a
        full disk stopped, a run of each folder named): 'Indexing stopped … to index the rest' stayed
        up over the run that had just indexed the rest."""
        from core.scan import is_under

        folders = self.session.status.folders
        return bool(folders) and all(any(is_under(f, r) for r in roots) for f in folders)

    def _settled(self, folders) -> None:
        """A banner saying folders were not added (or one not removed) as a full disk kept another
        removal from finishing first goes once they are in the library (it is not: ``folders``, the
        library's now), not before: another run finishing leaves them as they were, and the banner
        is what says to add (remove) them again."""
        from core.filenames import shown
        from core.scan import is_under

        banner, listed = self.window.banner, [shown(f) for f in folders]
        if banner.level not in ("error", "warning"):
            return
        if named := NOT_ADDED.match(banner.text):
            if _all_named(named[1], listed):
                banner.dismiss()
        elif (named := NOT_REMOVED.match(banner.text)) and not any(is_under(named[1], f) for f in listed):
            banner.dismiss()

    def _removal_done(self, forgetting: str) -> None:
        """The banner that said a full disk stopped a removal goes once it is finished."""
        from ..worker_messages import removal_stopped_message

        before, self._forgetting = self._forgetting, forgetting
        if before and not forgetting and self.window.banner.text == removal_stopped_message():
            self.window.banner.dismiss()

    def show_status(self, status) -> None:
        if status.opened and not status.indexing and status.read_at < self._run_end:
            return  # (read before the run's end it was told of: the read after it comes, _on_ended's)
        if not status.indexing:  # (the folders a stopped run left files in, before any run: ``_rest``)
            self._stopped_before = tuple(f for f, _n in (*status.folder_stopped, *status.folder_reembed))
        if status.opened:
            self._left(status.folders)
            self._back(status.folders, status.offline_folders, status.read_at)
            cut, self._cut = status.cut if status.cut is not self._cut else None, status.cut
            if status.library_dir == self.session.library_dir:  # (a search's cut: not the open's, said)
                self._lost_now(status.library_dir, status.lost, status.read_only, cut if status.lost else None)
            self._settled(status.folders)
            self._removal_done(status.forgetting or "")
        self.panel.set_folders(status.folders, offline=set(status.offline_folders),
                               counts=status.videos_per_folder if status.opened else None, forgetting=status.forgetting,
                               took_in=status.took_in, quick=status.quick_per_folder if status.opened else None,
                               unread=status.unread_folders, writing_now=status.written_elsewhere,
                               forget_next=status.forget_request,  # (a run under way: not said stopped)
                               stopped=None if status.indexing else dict(status.folder_stopped),
                               cancelled=status.folder_cancelled, full=status.folder_full,
                               reembed=None if status.indexing else dict(status.folder_reembed),
                               reembed_full=status.folder_reembed_full,
                               found=status.folder_found)
        self.panel.set_kept(status.kept_by_content if status.opened else 0)
        self.panel.set_read_only(*edits_off(self.session, status))
        self.panel.set_indexing(status.indexing)
        if not (status.opened or status.indexing) and self.index_panel.is_running():
            self.index_panel.reset()  # the library closed mid-run: its end is never heard (Session.close),
            self.window._indexing_changed(False)  # by the window neither (its status bar's line, Cancel)
        if not status.indexing and not self.index_panel.is_running():
            from core.reembed_failed import kept_reason  # (their re-embed failed: listed, and tried again, too)

            kept = tuple((p, kept_reason(r)) for p, r in status.reembed_failed)
            self.index_panel.set_failed(status.failed + kept, status.to_retry)
        self._update_strip()

    def _indexing_changed(self, running: bool) -> None:
        if running:
            self._hide_timer.stop()
            self._quiet_end = False
            self.index_panel.start()
        else:
            self.index_panel.stopped()  # (a run that failed: no "finished" or "cancelled" heard)
            if not self._quiet_end:
                self._hide_timer.start()
        self._update_strip()

    def _index_event(self, ev) -> None:
        self.index_panel.on_event(ev)
        if ev.kind in ("finished", "cancelled"):  # (a removal's or a switch's cancel: what follows runs)
            self._quiet_end = ev.kind == "cancelled" and bool(ev.summary.get("quiet"))
            self._run_end = time.monotonic()  # (its last commit made: a status read begun before is older)
        if ev.kind == "scanned":  # (before its words: ``app.run_events``)
            self._warned.update((f, time.monotonic()) for f in ev.summary.get("offline_roots") or ())
        if ev.kind == "finished":
            self._written(ev.summary.get("run_roots") or ())
            self._failed_said = [p for p, _why in ev.failed or ()]
        if ev.kind == "file_done" and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_results(self) -> None:
        if self.session.indexing:
            self.window.search_again()

    def end_summary(self) -> None:
        """The last run's summary has been shown long enough: the strip goes unless files failed."""
        self._hide_timer.stop()
        self._update_strip()

    def _update_strip(self) -> None:
        shown = (self.index_panel.is_running() or bool(self.index_panel.failed())
                 or bool(self.index_panel.held()) or self._hide_timer.isActive())
        self.window.index_strip.setVisible(shown)
