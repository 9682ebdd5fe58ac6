"""A library whose videos table lost its newest version file (deleted by hand, a sync tool, a backup
restored without it) reads as the version before without a word: the window opened on a smaller
library and said nothing, where `seekframe status` says it damaged (tests/test_damaged_gone_version.py).
The window now says the same words in its repair notice, its Repair library button named in them,
and the repair takes the table as it reads; the notice goes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.damage_look import damage_words
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_library_repair_app import noted_library
from tests.test_damaged_gone_version import delete_newest_version


@pytest.mark.slow
def test_the_window_says_a_gone_newest_version_and_repairs_it(qtbot, make_app_window, tmp_path, demo_clips,
                                                               demo_model):
    root, _videos, _red = noted_library(tmp_path, demo_clips, demo_model)
    delete_newest_version(root, "videos")

    window = make_app_window(root)
    session, notice = window.session, window.repair_notice
    qtbot.waitUntil(notice.isVisible, timeout=SESSION_TIMEOUT_MS)
    assert "Damaged: the videos table's newest version" in notice.text, notice.text
    assert "Repair library takes it as it is and says what the next re-scan does" in notice.text, notice.text
    assert "seekframe" not in notice.text and notice.button.isVisible()

    with qtbot.waitSignal(session.repairs.finished, timeout=SESSION_TIMEOUT_MS):
        qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.status.opened, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert damage_words(str(root)) == "" and not notice.isVisible()
    assert not list((root / "db").glob("*.damaged-*"))  # (taken as it reads: nothing set aside)
