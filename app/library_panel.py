"""``LibraryPanel``: the folders of the library, with add (also by drag & drop), remove and re-scan."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox,
    QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from core.filenames import shown
from core.plural import count
from core.reembed_words import finish_words, kinds_text
from core.scan import is_under
from core.status_words import quick_only_count, quick_only_text
from core.stopped_runs import folder_words

from .elided import bold, compact
from .folder_questions import KEEP_INSIDE, KEEP_TOOK_IN, REMOVE_ALL, remove_question
from .folder_rows import MUTED_ROLE, PARTS_ROLE, FolderRows, fit_width
from .folder_tips import found_tip

EMPTY_TEXT = "No folders yet: add the folder where your videos are, or drop it here."
READ_ONLY_TIP = "The library is open read-only (another Seekframe may be indexing it), so folders cannot be changed."
OFFLINE_TIP = ("This folder cannot be reached right now (a drive that is not connected?). Its videos stay "
               "in the library and show as offline until it is back.")
FORGETTING = "  (being removed)"
FORGETTING_TIP = ("Being removed from the library: its videos are no longer searched (the files are untouched). "
                  "Another Seekframe may be removing it now; a removal that stopped part-way (Seekframe closed, "
                  "or the disk was full) is finished by the next Seekframe that writes this library (this "
                  "window, once no other one writes it: a re-scan), or by removing it again.")
FORGET_NEXT_TIP = ("To be removed from the library: asked with other folders by a removal that stopped part-way "
                   "(Seekframe closed, or the disk was full). Its videos are still searched until then (the files "
                   "are untouched). The next Seekframe that writes this library removes it first (this window: a "
                   "re-scan, or opening it again), or remove it again now.")
RESCAN_WAITS_TIP = ("Look for new, changed and removed videos in every folder; the removal that stopped part-way "
                    "is finished first (its folders are not indexed again)")


SHOWN_UNREAD = 5  # a folder's unread sub-folders its tooltip lists, one by one (then a count)


def unread_tip(unread, writing_now: bool = False, offline: bool = False) -> str:
    """A library folder's tooltip line of the folders in it its last walk could not read
    (``unread``: (folder, why), ...), as `seekframe status` lists them ("" for none). With
    ``writing_now`` another process writes the library: this window can start no re-scan until it is done.
    ``offline``: the library folder cannot be reached now (its drive away): a re-scan reads nothing
    there until it is back."""
    if not unread:
        return ""
    one = len(unread) == 1
    again = ("another seekframe is indexing this library now; once it is done, a re-scan tries again" if writing_now
             else "a re-scan tries again")
    if offline:  # (a re-scan leaves a folder that is not there alone: core.sync keeps these records)
        again = "its drive or share is offline now; once it is back, a re-scan tries again"
    lines = [f"{'A folder' if one else f'{len(unread)} folders'} in it could not be read by the last index "
             f"(the videos in {'it' if one else 'them'} are not indexed; {again}):"]
    lines += [f"  {shown(p)}: {shown(why)}" for p, why in unread[:SHOWN_UNREAD]]
    if len(unread) > SHOWN_UNREAD:
        lines.append(f"  … and {len(unread) - SHOWN_UNREAD} more")
    return "\n".join(lines)


def dropped_folders(mime) -> list[str]:
    """The local directories among the URLs of a drag's mime data."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    return [os.path.normpath(p) for p in paths if os.path.isdir(p)]


class LibraryPanel(QWidget):
    """The library's folders: offline ones greyed with "(offline)", optional video counts; Delete
    removes the selected one. ``request_add`` is "Add folder…" (File › Add folder… calls it too);
    ``ask_folder`` and ``confirm_remove`` are the dialogs (tests override them)."""

    add_requested = Signal(str)  # from "Add folder…" or dropped from a file manager
    remove_requested = Signal(object)  # a folder, once the user confirmed (object: core.filenames)
    remove_keeping_requested = Signal(object)  # a folder to remove keeping the folders it took in (confirmed)
    rescan_requested = Signal()
    finish_requested = Signal(object)  # the folders an index that stopped before it finished left files in
    rows_fit = Signal(int)  # the panel's width at which every row's folder name and count read whole

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._folders: list[str] = []
        self._took: dict[str, tuple] = {}  # folder -> the library folders it took in, with their videos
        self._read_only = ""  # why the folders cannot be changed ('' when they can)
        self._forgetting = ""  # the folder (or a folder above them) whose removal is pending ('' none)
        self._next: tuple[str, ...] = ()  # the rest of a stopped removal of several folders (none: ())
        self._indexing = False
        self._stopped: dict[str, int] = {}  # online folders with files a stopped index left: how many
        self._reembed: dict[str, int] = {}  # and with videos an interrupted --reindex left to embed again
        self._reembed_full: dict[str, int] = {}  # of those, how many a --reindex a full disk stopped left

        title = QLabel("Folders", self)
        title.setFont(bold(title.font()))
        title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # made first: the focus chain follows the making, so Tab goes as they read: Re-scan (at the
        # top, beside the title), the list, Add folder…, Remove (setTabOrder cannot put it before
        # the list within the panel: the chain there is a ring, Re-scan → the list already)
        self._rescan = QPushButton("Re-scan", self)
        self._rescan.clicked.connect(self.rescan_requested)
        self._list = QListWidget(self, accessibleName="Library folders")
        self._list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._list.setItemDelegate(FolderRows(self._list))
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # elide, not scroll
        self._list.itemSelectionChanged.connect(self._update_buttons)
        self._list.installEventFilter(self)
        self._empty = QLabel(EMPTY_TEXT, self, accessibleDescription="No folders", wordWrap=True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        # videos a re-scan of one folder removed, kept by content a while (``set_kept``; hidden: none)
        self._kept = QLabel(self, objectName="kept_by_content", wordWrap=True, visible=False)
        self._finish = QPushButton("Finish indexing", self, visible=False)  # (its own row under the list: when
        self._finish.clicked.connect(lambda: self.finish_requested.emit(tuple({**self._stopped, **self._reembed})))
        # (shown when needed; Tab's next)
        self._add = QPushButton("Add folder…", self)
        self._add.clicked.connect(self.request_add)
        self._remove = QPushButton("Remove", self)
        self._remove.clicked.connect(self._on_remove)

        for button in (self._add, self._remove, self._rescan, self._finish):
            compact(button)
        # Re-scan (every folder) beside the title, Add and Remove (the list's) under it: one row of
        # the three made the window's minimum ~100 px wider (a 1280 px laptop with a side dock)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self._rescan)
        buttons = QHBoxLayout()
        buttons.addWidget(self._add)
        buttons.addWidget(self._remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self._empty)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._kept)
        layout.addWidget(self._finish, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        self.setAcceptDrops(True)
        self.set_folders([])

    def set_folders(self, folders, offline=frozenset(), counts: dict[str, int] | None = None,
                    forgetting: str = "", took_in=(), quick: dict[str, int] | None = None, unread=(),
                    writing_now: bool = False, forget_next=(), stopped: dict[str, int] | None = None,
                    cancelled=(), full=(), reembed: dict[str, int] | None = None, reembed_full=(),
                    found=()) -> None:
        """``quick``: of a folder's counted videos, those with their quick pass's moments only
        (``SessionStatus.quick_per_folder``: a run stopped in its full pass), said beside the count;
        with ``writing_now`` (``SessionStatus.written_elsewhere``) another process's run is under way.
        ``unread``: (folder, why) of the folders the last walk could not read (``SessionStatus.unread_folders``):
        a library folder holding some says how many, its tooltip which and why.
        ``forgetting``: the path whose removal an earlier one left part-way ('' none): the
        folders under it are said to be on their way out, greyed, and not offered for removal.
        ``forget_next``: the rest of a removal of several folders that stopped part-way
        (``SessionStatus.forget_request``), which the next writer's open removes: said so too.
        ``took_in``: (folder, ((library folder it took in, its videos), ...)) of those that took some
        in (``SessionStatus.took_in``): their removal asks whether to keep them. ``stopped``: {folder: files
        an index that stopped before it finished left in it} (``SessionStatus.folder_stopped``), said, and
        "Finish indexing" shown while an online folder has some (``finish_requested``: those folders);
        ``cancelled``: those of them only cancelled runs left files in (``SessionStatus.folder_cancelled``);
        ``full``: those whose last stopped run a full disk stopped (``SessionStatus.folder_full``).
        ``reembed``: {folder: its videos an interrupted --reindex left to embed again}
        (``SessionStatus.folder_reembed``): indexed and searched by their earlier moments, said so, and
        "Finish indexing" shown for them too; ``reembed_full``: {folder: how many of those a --reindex a full
        disk stopped left} (``SessionStatus.folder_reembed_full``: room first), each kind said apart.
        ``found``: (folder, what status found of it, in the window's words) (``SessionStatus.folder_found``): a
        missing folder's videos a run found renamed or copied, its tooltip saying so and to remove it, not a drive
        to connect; one there again where its last index found none, "(back)" and how; said as core chose them."""
        selected, at, now = self.selected_folder(), self._list.verticalScrollBar().value(), [str(f) for f in folders]
        if now != self._folders:
            self._list.clear()  # first: its selection signal reads the rows against the old folders
        self._folders = now
        self._took = {str(f): tuple(took) for f, took in took_in or () if took}
        self._forgetting = str(forgetting or "")
        self._next = tuple(str(f) for f in forget_next or ())
        offline = {str(f) for f in offline}
        counts, quick = counts or {}, quick or {}
        self._stopped, self._reembed = ({f: int(n) for f, n in (given or {}).items() if int(n) > 0
                                         and f in self._folders and f not in offline and not self.being_removed(f)}
                                        for given in (stopped, reembed))
        full_parts = {str(f): int(n) for f, n in reembed_full or ()}
        self._reembed_full = {f: n for f, n in full_parts.items() if f in self._reembed}
        rows = []
        for folder in self._folders:
            going = self.being_removed(folder)
            counted = folder in counts and not self.forgetting(folder)  # (the rest's videos are still searched)
            videos = f"  ·  {count(int(counts[folder]), 'video')}" if counted else ""
            partly = int(quick.get(folder, 0)) if videos else 0
            videos += f" ({quick_only_count(partly)})" if partly else ""
            unseen = [] if going else [(p, why) for p, why in unread or () if is_under(str(p), folder)]
            videos += f"  ·  {count(len(unseen), 'folder')} not read" if unseen else ""
            n_left = 0 if going else int((stopped or {}).get(folder, 0))
            left, left_tip = folder_words(n_left, folder in offline, folder in cancelled, 0, folder in full,
                                          partly)  # (its quick ones: said once, counted beside its videos)
            again = 0 if going else int((reembed or {}).get(folder, 0))
            videos += left + (f"  ·  {again} to embed again" if again else "")
            full_n = min(again, full_parts.get(folder, 0))
            left_tip = "\n".join(filter(None, (left_tip, again and kinds_text(
                [(folder, again - full_n)], [(folder, full_n)], shown, "Finish indexing"))))
            said = "" if going else found_tip(folder, found)  # (an offline one's: found moved or copied)
            state = FORGETTING if going else "  (offline)" if folder in offline else "  (back)" if said else ""
            tip = ((FORGETTING_TIP if self.forgetting(folder) else FORGET_NEXT_TIP) if going
                   else said or (OFFLINE_TIP if folder in offline else ""))
            if partly:  # (what completes them named as the stopped run's line names it: the button shown then)
                said = quick_only_text(partly, "Finish indexing" if n_left else "Re-scan", writing_now,
                                       offline=partly if folder in offline else 0)
                tip = "\n".join(filter(None, (said, tip)))
            tip = "\n".join(filter(None, (tip, unread_tip(unseen, writing_now, folder in offline), left_tip)))
            # (coloured by FolderRows from the list's palette as painted: the palette's Disabled
            # grey set here read 1.86:1 on white and stayed light grey once the palette went dark)
            rows.append((shown(folder) + videos + state, (shown(folder), videos + state),
                         f"{shown(folder)}\n{tip}" if tip else shown(folder), bool(going or folder in offline)))
        self._show_rows(rows, selected, at)
        has = bool(self._folders)
        self._list.setVisible(has)
        self._empty.setVisible(not has)
        self._update_buttons()
        self.rows_fit.emit(fit_width(self._list, [parts for _text, parts, _tip, _quiet in rows], self.layout()))

    def _show_rows(self, rows, selected, at: int) -> None:
        """The rows (text, parts, tooltip, muted) in the list. The same folders (a status read every
        5 s, counts changed or not): each row updated in place, so the list stays scrolled where the
        user left it, its selection and hover kept (cleared and filled again, a dock of 300 folders
        jumped to its top, or to the selected row, each time). Other folders (the list cleared):
        filled again, scrolled back to ``at`` as near as the rows allow."""
        if self._list.count() == len(rows):
            for i, (text, parts, tip, quiet) in enumerate(rows):
                item = self._list.item(i)
                if (item.text(), item.data(PARTS_ROLE), item.toolTip(), item.data(MUTED_ROLE)) != rows[i]:
                    item.setText(text)
                    item.setData(PARTS_ROLE, parts)
                    item.setToolTip(tip)
                    item.setData(MUTED_ROLE, quiet)
            return
        for i, (text, parts, tip, quiet) in enumerate(rows):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, i)  # (Qt would drop a byte of a name that is no text)
            item.setData(PARTS_ROLE, parts)
            item.setToolTip(tip)
            item.setData(MUTED_ROLE, quiet)
            self._list.addItem(item)
            if self._folders[i] == selected:
                self._list.setCurrentItem(item)  # (which selects it)
        self._list.doItemsLayout()  # (the scroll bar's range for the new rows: else ``at`` is cut to 0)
        self._list.verticalScrollBar().setValue(at)

    def set_kept(self, n: int) -> None:
        """``n`` videos a re-scan of one folder removed and keeps by content a while
        (``SessionStatus.kept_by_content``): said under the folders in a line or two, not searchable until
        found; ``seekframe status``'s whole sentence (how long, what brings them back) in its tooltip. The
        index strip and status bar have said it at length after the run; seven lines here repeated it."""
        if n:
            from core.kept_words import status_text
            from core.plural import count

            self._kept.setText(f"Kept by content: {count(n, 'video')}, not searchable until found in another folder")
            self._kept.setToolTip(status_text(n))
            self._kept.setAccessibleDescription(status_text(n))
        self._kept.setVisible(bool(n))

    def folders(self) -> list[str]:
        return list(self._folders)

    def being_removed(self, folder: str) -> bool:
        """Whether ``folder``'s removal, left part-way by an earlier one, is pending (the removal
        under way, ``forgetting``, or the rest of a stopped removal of several)."""
        return self.forgetting(folder) or folder in self._next

    def forgetting(self, folder: str) -> bool:
        """Whether ``folder`` lies in the removal under way that an earlier one left part-way."""
        return bool(self._forgetting) and is_under(folder, self._forgetting)

    def selected_folder(self) -> str | None:
        items = self._list.selectedItems()
        return self._folders[items[0].data(Qt.ItemDataRole.UserRole)] if items else None

    def set_read_only(self, read_only: bool, reason: str = "") -> None:
        self._read_only = (reason or READ_ONLY_TIP) if read_only else ""
        self._update_buttons()

    def set_indexing(self, indexing: bool) -> None:
        self._indexing = bool(indexing)
        self._update_buttons()

    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Add a folder of videos", os.path.expanduser("~"))

    def confirm_remove(self, folder: str) -> bool | str:
        """True: remove it; False: not; ``KEEP_INSIDE``: remove it keeping the folders it took in
        (offered only for a folder that took some in: ``remove_box``)."""
        if not (took := self._took.get(folder)):
            answer = QMessageBox.question(self, "Remove folder", remove_question(folder, self._folders),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            return answer == QMessageBox.StandardButton.Yes
        box = self.remove_box(folder, took)
        box.exec()
        clicked = box.clickedButton()
        return KEEP_INSIDE if clicked is box.keep else clicked is box.remove_all

    def remove_box(self, folder: str, took) -> QMessageBox:
        """The question for a folder that took library folders in: Remove all, Keep the folders it
        took in (the default), or Cancel."""
        box = QMessageBox(QMessageBox.Icon.Question, "Remove folder", remove_question(folder, self._folders, took),
                          QMessageBox.StandardButton.Cancel, self)
        box.remove_all = box.addButton(REMOVE_ALL, QMessageBox.ButtonRole.DestructiveRole)
        box.keep = box.addButton(KEEP_TOOK_IN, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.keep)
        return box

    def ask_add(self, text: str) -> bool:
        """The add question ``text`` asked, as the session's look at the folder on disk decides it
        (``folder_questions.looked_to_add``, in a worker: the panel asks nothing by a folder's spelling,
        which a case-insensitive disk or a link can belie): whether the answer is Yes."""
        answer = QMessageBox.question(self, "Add folder", text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def request_add(self) -> None:
        if self._read_only:
            return
        folder = self.ask_folder()
        if folder:  # (a folder holding library folders: asked once its look says so, ``ask_add``)
            self.add_requested.emit(os.path.normpath(folder))

    def _on_remove(self) -> None:
        folder = self.selected_folder()
        if folder is None or self._read_only:
            return
        answer = self.confirm_remove(folder)
        if answer == KEEP_INSIDE:
            self.remove_keeping_requested.emit(folder)
        elif answer:
            self.remove_requested.emit(folder)

    def _update_buttons(self) -> None:
        ro, selected = self._read_only, self.selected_folder()
        going = selected is not None and self.being_removed(selected)
        # (a removal left part-way, a full disk: a re-scan finishes it first, service.IndexRun)
        waits = any(self.being_removed(f) for f in self._folders)  # (the rest too: service.IndexRun removes it first)
        self._add.setEnabled(not ro)
        self._remove.setEnabled(not ro and selected is not None)
        self._rescan.setEnabled(not ro and not self._indexing and bool(self._folders))
        self._finish.setVisible(bool(self._stopped or self._reembed))
        self._finish.setEnabled(not ro and not self._indexing)
        left, again = sum(self._stopped.values()), sum(self._reembed.values())
        does = "; ".join(filter(None, (
            left and f"index the {count(left, 'file')} an index that stopped before it finished left in "
                     f"{', '.join(map(shown, self._stopped))}",
            again and finish_words(self._reembed, self._reembed_full, shown))))
        self._finish.setToolTip(ro or ("Indexing is running" if self._indexing else does[:1].upper() + does[1:]))
        self._add.setToolTip(ro or "Add a folder of videos to the library (or drop one here)")
        remove_tip = ("Remove it again to finish its removal" if going else "Remove the selected folder from the "
                      "library; the files are not touched" if selected is not None else "Select a folder to remove")
        self._remove.setToolTip(ro or remove_tip)
        self._rescan.setToolTip(ro or ("Indexing is running" if self._indexing else RESCAN_WAITS_TIP if waits else
                                       "Look for new, changed and removed videos in every folder"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self._read_only and dropped_folders(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        folders = [] if self._read_only else dropped_folders(event.mimeData())
        if not folders:
            event.ignore()
            return
        event.acceptProposedAction()
        for folder in folders:
            self.add_requested.emit(folder)

    def eventFilter(self, obj, event) -> bool:
        if obj is self._list and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete:
            self._on_remove()
            return True
        return super().eventFilter(obj, event)
