"""``IndexPanel``: progress of an indexing run, its failures, and a way to cancel it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from core.filenames import shown, shown_name
from core.plural import count
from core.reembed_failed import earlier_kept
from core.timefmt import format_eta

from .elided import ElidedLabel, never_widens
from .font_follow import column_in_characters, follow_font
from .level_colours import follow_palette, warn_bar
from .path_cut import PathCut
from .run_words import bar_words, earlier_failed_text, own_failed, split_failed, window_reason
from .strip_words import finished_text, skipped_sentence, with_run_skips  # (the strip's words: tests import them here)

# (cancelled once its plan was recorded: the library panel offers Finish indexing for the files it left, and
# the status bar's words name it so, ``app.run_words.run_messages``; before its plan, no record: Re-scan)
CANCELLED_TEXT = "Cancelled: indexed videos are kept, Finish indexing finishes the rest"
CANCELLED_UNPLANNED_TEXT = "Cancelled: indexed videos are kept, re-scan to finish"
# (a run that failed: the banner says why, and names the way on the library panel offers, Finish indexing
# where a recorded run left files, else Re-scan: app.worker_messages; the strip names neither, never the other)
STOPPED_TEXT = "Stopped before it finished: indexed videos are kept; the message above says why and how to go on"
AGAIN_TIP = ("Read the failed files again now, though they have not changed (a permission put right, a share back, "
             "a codec installed): a re-scan of every folder that tries them too")


FAILED_ROWS = 4  # rows of failed files the open list shows (more scroll)


def rows_high(tree: QTreeWidget) -> None:
    """``tree`` as tall as its header and ``FAILED_ROWS`` rows of its font, no more, no less. Left to
    its default preferred height (192 px, whatever the font), the strip asked that much as its
    height for its width, which the window's minimum never counted: at the window's minimum the
    pages above it were squeezed below theirs ("Import captions…" cut at a 1.5x font)."""
    row = max(tree.fontMetrics().height() + 4, tree.sizeHintForRow(0))  # (an item's margins: 2 px a side)
    tree.setFixedHeight(tree.header().sizeHint().height() + FAILED_ROWS * row + 2 * tree.frameWidth())


class IndexPanel(QWidget):
    """Shows an indexing run: "12 of 40 files · 310 moments", the file being read, the time
    left, Cancel, and the files that could not be read (with reasons, copyable). ``on_event`` takes
    every ``IndexEvent`` and is cheap: the display is rebuilt at most every ``UPDATE_MS``, at once
    when a run or pass starts or ends; ``set_failed`` shows files that failed before (the status)."""

    cancel_requested = Signal()  # the button says "Cancelling…" until the run ends
    prune_requested = Signal(list)  # "Remove them": the folders whose vanished videos the last run kept
    retry_requested = Signal()  # "Try again": the failed videos read again, unchanged (``Session.retry_failed``)

    UPDATE_MS = 150

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.refreshes = 0  # how often the display was rebuilt (events are coalesced)
        self._timer = QTimer(self, singleShot=True, interval=self.UPDATE_MS)
        self._timer.timeout.connect(self._refresh)

        self._bar = QProgressBar(self, accessibleName="Indexing progress", textVisible=False)
        self._counts = QLabel(self, accessibleDescription="Files indexed")
        self._eta = QLabel(self, accessibleDescription="Time left")
        self._current_label = ElidedLabel(self, accessibleDescription="File being read")
        self._summary = never_widens(QLabel(self, accessibleDescription="Indexing summary"))  # (a long folder)
        self._cancel = QPushButton("Cancel", self, toolTip="Stop indexing; videos indexed so far are kept")
        self._cancel.clicked.connect(self._on_cancel)
        self._prune = QPushButton("Remove them", self, toolTip="Remove from the library the videos that seem "
                                  "to be gone (the files are not touched)")
        self._prune.clicked.connect(self._on_prune)

        self._failed_button = QToolButton(self, checkable=True)  # (its tooltip: _update_failed_widgets)
        self._failed_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._failed_button.toggled.connect(self._update_failed_widgets)
        self._copy = QPushButton("Copy list", self)
        self._copy.setToolTip("Copy the failed files and their reasons to the clipboard")
        self._copy.clicked.connect(self.copy_failed)
        self._again = QPushButton("Try again", self, toolTip=AGAIN_TIP)  # (no run goes: shown once it has ended)
        self._again.clicked.connect(self._on_again)
        # (those of them an earlier version failed, which the next re-scan tries again: set_failed's to_retry)
        self._retry = never_widens(QLabel(self, accessibleDescription="Failed files tried again"))
        self._tree = QTreeWidget(self, accessibleName="Files that could not be read", rootIsDecorated=False,
                                 uniformRowHeights=True)
        self._tree.setHeaderLabels(["File", "Reason"])
        self._tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        column_in_characters(self._tree, 0, 50)  # (a width the user drags it to is kept)
        self._tree.setItemDelegateForColumn(0, PathCut(0, self._tree))  # (a file's name kept whole)
        follow_font(self._tree, rows_high)  # (its height in rows of its font: the window's minimum holds it)
        follow_palette(self._bar, self._mark_bar)  # (its warning colour a light or a dark window's)

        top = QHBoxLayout()
        top.addWidget(self._bar, 1)
        top.addWidget(self._cancel)
        line = QHBoxLayout()
        line.addWidget(self._counts)
        line.addStretch(1)
        line.addWidget(self._eta)
        fails = QHBoxLayout()
        fails.addWidget(self._failed_button)
        fails.addStretch(1)
        fails.addWidget(self._again)
        fails.addWidget(self._copy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(line)
        layout.addWidget(self._current_label)
        summary = QHBoxLayout()
        summary.addWidget(self._summary, 1)
        summary.addWidget(self._prune, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(summary)
        layout.addLayout(fails)
        layout.addWidget(self._retry)
        layout.addWidget(self._tree, 1)
        self.reset()

    def start(self) -> None:
        self.reset()
        self._running = True
        self._bar.setRange(0, 0)
        self._set_running_widgets(True)
        self._counts.setText("Looking for videos…")

    def on_event(self, ev) -> None:
        from core.progress import Tally  # (imports the library: not at start-up)

        kind = ev.kind
        self._latest = ev
        if kind in ("scanned", "pass_started"):  # a two-pass run: the quick pass, then the full one
            self._tally = Tally() if kind == "scanned" else self._tally
            self._current, self._running = "", True
        elif kind == "file_started":
            self._current = ev.current
        if self._tally is not None:
            self._tally.add(ev)
        if kind in ("scanned", "pass_started", "finished", "cancelled"):
            self._timer.stop()
            self._refresh()
        elif not self._timer.isActive():
            self._timer.start()

    def set_failed(self, failed, to_retry: int = 0) -> None:
        """Show the (path, reason) rows ``failed``; appends when the list only grew (the usual case
        during a run), else rebuilds. (A run's files skipped as no file to read, a pipe or a device
        named, are no failure: its events' ``skipped``, named by the summary.) ``to_retry`` of them an
        earlier version failed (the status's ``to_retry``): said to be tried again by the next re-scan,
        as `seekframe status` says it (none during a run: it tries them)."""
        failed = [(str(p), window_reason(str(r))) for p, r in failed]  # (Try again, not the CLI's option)
        if to_retry != self._to_retry:
            self._to_retry = to_retry
            self._update_failed_widgets()
        if failed == self._failed:
            return
        if failed[:len(self._failed)] == self._failed:
            new = failed[len(self._failed):]
        else:
            self._tree.clear()
            self._failed, new = [], failed
        self._failed.extend(new)
        for path, reason in new:
            item = QTreeWidgetItem([shown(path), shown(reason)])
            item.setToolTip(0, shown(path))
            item.setToolTip(1, shown(reason))
            self._tree.addTopLevelItem(item)
        self._update_failed_widgets()

    def failed(self) -> list[tuple[str, str]]:
        return list(self._failed)

    def summary_text(self) -> str:
        return self._summary.text()

    def is_running(self) -> bool:
        return self._running

    def held(self) -> list[str]:
        return list(self._held)

    def reset(self) -> None:
        self._timer.stop()
        self._latest, self._current, self._tally, self._running = None, "", None, False
        self._bar.setRange(0, 1)
        self._bar.setValue(0)
        self._counts.setText("")
        self._eta.setText("")
        self._current_label.set_full_text("")
        self._summary.setText("")
        self._summary.hide()
        self._held: list[str] = []  # the folders whose vanished videos the last run kept
        self._prune.hide()
        self._set_running_widgets(False)
        self._tree.clear()
        self._failed: list[tuple[str, str]] = []  # the run's or status's ``failed``, listed
        self._to_retry = 0  # of those, the ones an earlier version failed (set_failed)
        self._skipped: list[tuple[str, str]] = []  # (path, why): the run's paths to index that are no file to read
        self._update_failed_widgets()

    def stopped(self) -> None:
        """The run ended without its end heard (it failed: the banner says why): shown stopped, as
        a cancelled one, never going on at its last file with Cancel. A run not begun (no event: it
        waits for another process's writes, queued again) is left as it is."""
        if not self._running or self._latest is None:
            return
        self._timer.stop()
        self._running = False
        self._set_running_widgets(False)
        self._bar.setVisible(True)
        self._update_failed_widgets()
        self._summary.setText(STOPPED_TEXT)
        self._summary.setVisible(True)

    def copy_failed(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(f"{shown(p)}\t{shown(r)}" for p, r in self._failed))

    def _on_cancel(self) -> None:
        if not self._running:
            return
        self._cancel.setEnabled(False)
        self._cancel.setText("Cancelling…")
        self.cancel_requested.emit()

    def _on_again(self) -> None:
        self._again.hide()  # (the run it asks for lists what fails again)
        self.retry_requested.emit()

    def _on_prune(self) -> None:
        roots, self._held = self._held, []  # (the button shows only while some are held)
        self._prune.hide()
        self.prune_requested.emit(roots)

    def _set_running_widgets(self, running: bool) -> None:
        for w in (self._bar, self._eta, self._current_label, self._counts, self._cancel):
            w.setVisible(running)
        if running:
            self._again.hide()  # (shown again by the end's ``_update_failed_widgets``)
        self._cancel.setEnabled(running)
        self._cancel.setText("Cancel")

    def _refresh(self) -> None:
        ev = self._latest  # (set by on_event before it refreshes or starts the timer)
        self.refreshes += 1
        self.set_failed(ev.failed)
        self._skipped = list(ev.skipped)
        ended = ev.kind in ("finished", "cancelled")
        total = max(1, ev.files_total)
        self._bar.setRange(0, total)
        self._bar.setValue(total if ev.kind == "finished" else min(ev.files_done, total))
        self._held = [h["root"] for h in (ev.summary or {}).get("held", ())] if ended else []
        self._prune.setVisible(bool(self._held))
        self._summary.setVisible(ended)
        if ended:
            self._running = False
            self._set_running_widgets(False)
            self._bar.setVisible(True)
            self._update_failed_widgets()
            tally = self._tally
            more = [t[:-1] for t in (tally.checked_text(), tally.cut_text(names=3), tally.away_text()) if t] \
                if tally else []  # (no full stops)
            if ev.kind == "cancelled":
                text = CANCELLED_TEXT if ev.files_total else CANCELLED_UNPLANNED_TEXT
            elif none_here := tally.no_videos_text() if tally else "":  # (each file no video: not "Indexed 0 files")
                left_out = [*((ev.summary or {}).get("skipped") or {}).get("files", ()), *tally.skipped]
                text = none_here[:-1] + skipped_sentence({"files": left_out})  # (the files by name)
            else:
                summary = with_run_skips(ev.summary or {}, tally.skipped if tally else (), self._skipped)
                folders, files = split_failed(self._failed)
                kept, own = _kept(files), own_failed(ev)  # (earlier runs' failures it did not try: said apart)
                mine = sum(p in own and not earlier_kept(r) for p, r in files)
                text = ". ".join([finished_text(tally.indexed if tally else 0, ev.moments, mine, summary, len(folders),
                                                kept, len(tally.skipped) if tally else 0, len(files) - kept - mine,
                                                tally.to_index(ev.files_total) + len(tally.skipped) if tally else None),
                                  *more])
            self._summary.setText(text)
            return
        if ev.kind == "scanned":
            self._set_running_widgets(True)
        phase = {"quick": "Quick pass: ", "full": "Full pass: "}.get(ev.phase, "") \
            if (ev.summary or {}).get("two_pass") else ""
        self._counts.setText(f"{phase}{ev.files_done} of {count(ev.files_total, 'file')} · "
                             f"{count(ev.moments, 'moment')}")
        if self._current:
            self._current_label.set_full_text(f"Reading {shown_name(self._current)}", shown(self._current))
        elif ev.kind == "pass_started":  # (the quick pass's last file is not what the full pass reads)
            self._current_label.set_full_text("")
        self._eta.setText(format_eta(ev.eta_s) if ev.kind != "scanned" else "")

    def _update_failed_widgets(self) -> None:
        n, shown = len(self._failed), self._failed_button.isChecked()
        folders, files = split_failed(self._failed) if n else ([], [])
        kept = _kept(files)  # (searched on their earlier moments: said apart)
        what = " and ".join(count(x, w) for x, w in ((len(files) - kept, "file"), (len(folders), "folder")) if x)
        said = [f"{what} could not be read"] * bool(what) + [f"{count(kept, 'video')} not embedded again"] * bool(kept)
        self._failed_button.setText(", ".join([f"{n - kept} failed"] * bool(n - kept or not kept)  # (kept: indexed, searched)
                                              + [f"{kept} not embedded again"] * bool(kept)))
        self._failed_button.setAccessibleName("; ".join(said) or "0 files could not be read")
        retry = earlier_failed_text(self._to_retry) if n else ""
        what = f"the files{' and folders' if folders else ''} that could not be read" if n - kept or not kept else ""
        what += " and " * bool(what and kept) + "the videos not embedded again" * bool(kept)
        self._failed_button.setToolTip(f"Show {what}, and why" + (f"\n{retry}" if retry else ""))
        self._failed_button.setAccessibleDescription(retry)
        self._retry.setText(retry)
        self._retry.setVisible(bool(retry))
        self._tree.headerItem().setText(0, "File or folder" if folders else "File")
        self._failed_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._failed_button.setVisible(n > 0)
        self._copy.setVisible(n > 0 and shown)
        self._again.setVisible(bool(files) and not self._running)  # (files: a folder unread is read by any re-scan)
        self._tree.setVisible(n > 0 and shown)
        self._mark_bar()

    def _mark_bar(self) -> None:
        """A run's bar, once it has ended, while files that could not be read are listed: a warning's, saying
        so ("Finished: 3 failed"), not a plain full bar that read as all done well; plain again once the list
        is empty (tried again and read, or their folder forgotten)."""
        ended = self._latest is not None and not self._running and self._bar.isVisibleTo(self)
        problems = self._failed_button.text() if ended and self._failed else ""
        warn_bar(self._bar, bar_words(problems, self._latest))


def _kept(files) -> int:
    """How many of the failed ``files`` ((path, reason)) are videos not embedded again, still searched on
    their earlier moments (``core.reembed_failed.earlier_kept``)."""
    return sum(earlier_kept(r) for _p, r in files)
