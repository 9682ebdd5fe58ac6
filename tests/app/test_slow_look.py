"""``tests/app/slow_look.py``: in app tests a look says it waits for a drive after a minute, not 250 ms
(a starved worker pool on a loaded machine is no slow drive), but in the tests of those words."""

from __future__ import annotations

import app.wiring.slow_word as slow_word
from app.wiring.slow_word import SlowWord


def test_a_look_says_it_waits_after_a_minute_in_app_tests(qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    assert slow_word.SLOW_MS == 60_000
    assert SlowWord(window, lambda: None)._timer.interval() == 60_000


def test_the_words_own_tests_get_the_apps_250_ms(slow_word_as_in_the_app):
    assert slow_word_as_in_the_app == slow_word.SLOW_MS == 250
