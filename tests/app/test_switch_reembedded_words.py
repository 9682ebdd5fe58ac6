"""A model switch in the window said "Re-embedded 1 captions and notes with Seekframe demo model."
of a library holding one note (s59 H's walk: a note added, then File › Model…). The count is of
captions and notes together (``core.captions.switch_model``): one is "1 caption or note", more
"N captions and notes"."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QObject, Signal

from app.model_switch import ModelSwitcher
from app.requests import encoder_title


class Session(QObject):
    model_switched = Signal(str, str)

    def __init__(self):
        super().__init__()
        self.said = []

    def search_with(self, encoder) -> None:
        pass

    def say(self, level: str, text: str) -> None:
        self.said.append((level, text))


class Runner(QObject):
    switched = Signal(object, int)
    switch_failed = Signal()


def test_the_captions_a_switch_re_embedded_are_counted_in_words_that_fit_the_count(qapp):
    session, runner = Session(), Runner()
    ModelSwitcher(lambda source: None, session, runner)
    encoder = SimpleNamespace(card=None, name="demo", source="/models/demo")
    for n in (1, 3, 0):
        runner.switched.emit(encoder, n)
    assert session.said == [("info", f"Re-embedded 1 caption or note with {encoder_title(encoder)}."),
                            ("info", f"Re-embedded 3 captions and notes with {encoder_title(encoder)}.")]
