"""A screen reader reads a label by its accessible name, and Qt gives a label's name its text only
where none is set: the labels named for what they are read that name and never their words. The
preview's time was read "Playback time", never "0:04 / 0:12"; the indexing counts "Files indexed"
("12 of 40 files · 310 moments" unsaid); a file notice "File notice", its words unsaid; the model
dialog's error "Message"; the welcome page's download command "Download command", though it is
there to be copied. A label's name is now its words (a cut one's whole words, a wrapped line's without
its break points); what it is goes in its description. The notices' ✕ is read "Dismiss"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextDocument
from PySide6.QtWidgets import QLabel

from app.context_row import ContextRow
from app.elided import BREAK, ElidedLabel
from app.index_panel import IndexPanel
from app.model_dialog import ModelDialog, ModelEntry
from app.model_notice import FileNotice
from app.welcome import WelcomePage
from core.encoders.card import CLIP_CARD
from core.indexer import IndexEvent
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_session_search import RED_BALL
from tests.app.test_view_index_panel import run_events
from tests.app.test_view_model_dialog import CLIP32, entries


def spoken(widget) -> str:
    """What a screen reader says a widget is: its accessible name, as Qt works it out."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def words(label: QLabel) -> str:
    """A label's words as a user reads them: a cut or wrapped one's whole, rich text as plain."""
    if hasattr(label, "full_text"):
        return label.full_text()
    if label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text())):
        doc = QTextDocument()
        doc.setHtml(label.text())
        return doc.toPlainText()
    return label.text()


def unsaid(root) -> list[str]:
    """The shown labels of ``root`` with words that a screen reader does not read as them."""
    return [f"{words(lb)!r} read as {spoken(lb)!r}" for lb in root.findChildren(QLabel)
            if lb.isVisible() and words(lb).strip() and spoken(lb) != words(lb)]


def test_the_windows_labels_are_read_as_their_words(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    results = type_query(qtbot, window, RED_BALL.query)
    qtbot.waitUntil(lambda: window.preview.current_path() == results[0].path, timeout=SESSION_TIMEOUT_MS)
    captions = window.captions_panel
    qtbot.waitUntil(lambda: captions.title() != "Captions" and not captions.loading(), timeout=SESSION_TIMEOUT_MS)
    assert not unsaid(window)  # (the preview's time, the captions' "No captions in this library yet…")
    time = window.preview._time
    assert spoken(time) == time.text() and " / " in time.text()  # ("0:00 / 0:12", not "Playback time")
    assert time.accessibleDescription() == "Playback time"


def test_the_indexing_counts_and_the_file_read_are_said(show_view, qtbot):
    panel = show_view(IndexPanel(), (300, 300))  # (narrow: the file's name is cut on screen)
    panel.start()
    evs, _, _ = run_events(done=12, moments_each=25)
    long = "/v/a holiday video with a very long name indeed, far too long for the strip.mp4"
    evs.append(IndexEvent("file_started", 12, 40, 300, current=long, eta_s=125))
    for ev in evs:
        panel.on_event(ev)
    qtbot.waitUntil(lambda: panel._counts.text().startswith("12 of 40 files"), timeout=10_000)
    assert spoken(panel._counts) == panel._counts.text()
    assert spoken(panel._eta) == "about 2 min left"
    cut = panel._current_label
    assert cut.text() != cut.full_text()  # (drawn cut to fit…)
    assert spoken(cut) == f"Reading {long.rsplit('/', 1)[1]}"  # (…read whole)
    assert cut.accessibleDescription() == "File being read"
    assert not unsaid(panel)


def test_a_notice_is_read_as_its_words_and_its_close_button_as_dismiss(show_view):
    notice = show_view(FileNotice(), (600, 120))
    notice.show_message("warning", "beach.mp4 is no longer there: it was moved or deleted.")
    assert spoken(notice.label) == "beach.mp4 is no longer there: it was moved or deleted."
    assert spoken(notice.close_button) == "Dismiss"
    assert spoken(notice.button) == "Re-scan its folder"


def test_the_model_dialogs_card_and_message_are_said(qtbot):
    models = [entries()[0], ModelEntry("hub", CLIP32, "CLIP", card=CLIP_CARD)]
    dialog = ModelDialog(models, models[0].source, 12)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_source(CLIP32)
    assert dialog._card.isVisible() and spoken(dialog._card) == dialog._card.text()  # (not "What this model knows")
    dialog.fetch_failed("Could not get the model: no connection.")
    assert spoken(dialog._message) == "Could not get the model: no connection."
    assert not unsaid(dialog)


def test_the_welcome_pages_status_and_model_are_said(show_view, no_real_dialogs):
    page = show_view(WelcomePage(), (800, 600))
    page.set_busy(True, "Writing the demo clips… 4 of 12")
    page.set_model_loading()
    assert spoken(page._status) == "Writing the demo clips… 4 of 12"
    assert page._model.isVisible() and not unsaid(page)


def test_a_wrapped_line_is_read_whole_without_its_break_points(show_view):
    row = show_view(ContextRow(), (260, 80))
    name = "a_very_long_file_name_without_any_space_in_it_at_all.mp4"
    row.label.set_full_text(f"Clips like {name} at 1:12 in other videos")
    assert BREAK in row.label.text()  # (broken on screen where its lines end…)
    assert spoken(row.label) == f"Clips like {name} at 1:12 in other videos"  # (…read as one)


def test_an_elided_label_is_read_whole():
    label = ElidedLabel()
    label.resize(60, 20)
    label.set_full_text("PXL_20230815_123426123.TS.mp4")
    assert spoken(label) == "PXL_20230815_123426123.TS.mp4"
