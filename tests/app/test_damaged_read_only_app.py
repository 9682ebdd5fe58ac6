"""A library on a read-only drive or mount (its folder refuses writers) whose videos table lost
its newest version file, or a data file. The window's repair notice said "Repair library takes it
as it is" (or "sets it aside") with a Repair library button that could only be refused. Now it
says the library cannot be written here and what to do first, in the window's words, with Try
again (open it again once its folder is writable), never a command to type."""

from __future__ import annotations

import pytest

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_library_repair_app import noted_library
from tests.test_cut_moments_read_only import refuse_writers
from tests.test_damaged_gone_files import delete_data
from tests.test_damaged_gone_version import delete_newest_version

FIRST = ("The library cannot be written here (a read-only drive or folder), so Repair library cannot run here: "
         "make the library's folder writable, then Try again")


@pytest.mark.slow
@pytest.mark.parametrize("damage", [delete_newest_version, delete_data])
def test_a_damaged_read_only_library_is_offered_no_repair(qtbot, make_app_window, tmp_path, demo_clips, demo_model,
                                                          monkeypatch, damage):
    root, _videos, _red = noted_library(tmp_path, demo_clips, demo_model)
    damage(root, "videos")
    refuse_writers(monkeypatch)

    window = make_app_window(root, ready=False)  # (a data file gone: the open fails, the notice says why)
    notice = window.repair_notice
    qtbot.waitUntil(lambda: notice.isVisible() and "Damaged" in notice.text, timeout=SESSION_TIMEOUT_MS)
    text = notice.text
    assert "the videos table" in text and FIRST in text, text
    assert "start Seekframe with --library on the copy" in text, text
    assert "seekframe" not in text and "takes it as it is" not in text and "sets it aside" not in text, text
    assert notice.again_button.isVisible() and not notice.button.isVisible()  # (a repair would be refused)
    qtbot.waitUntil(lambda: not (window.banner.isVisible() and "Repair library" in window.banner.text),
                    timeout=SESSION_TIMEOUT_MS)


@pytest.mark.slow
def test_a_read_only_library_with_a_damaged_description_is_not_said_undamaged(
        qtbot, make_app_window, tmp_path, demo_clips, demo_model, monkeypatch):
    """Its open is refused (library.json cannot be read, and no writer can rebuild it there): the
    window said "Nothing is damaged: it can be searched"; it says what is damaged now, no repair."""
    root, _videos, _red = noted_library(tmp_path, demo_clips, demo_model)
    meta = root / "library.json"
    meta.write_text(meta.read_text().replace('"folders": [', '"folders": 7, "was": ['))  # (a wrong-typed field)
    refuse_writers(monkeypatch)

    window = make_app_window(root, ready=False)
    qtbot.waitUntil(lambda: window.banner.isVisible() and "read-only drive" in window.banner.text,
                    timeout=SESSION_TIMEOUT_MS)
    text = window.banner.text
    assert "library.json is damaged, which cannot be repaired while the library cannot be written" in text, text
    assert "Nothing is damaged" not in text and not window.repair_notice.button.isVisible(), text
