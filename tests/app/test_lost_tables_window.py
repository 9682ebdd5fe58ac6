"""A library whose db folder (its tables) was deleted while library.json stayed, as the window opens
it: before, nothing was said (its grid said no video was indexed yet, its folders holding none it
could read); now the window's open notes say the tables were missing and made anew, in its words
(a re-scan indexes the folders again; a backup restored gives back what was indexed)."""

from __future__ import annotations

import shutil

from tests.app.conftest import wait_idle


def test_the_window_says_the_tables_were_missing(qtbot, make_app_window, noted_library):
    _videos, lib = noted_library
    shutil.rmtree(lib / "db")
    window = make_app_window(lib)
    wait_idle(qtbot, window.session)
    said = [(level, t) for level, t in window.message_log if "tables are missing" in t]
    assert len(said) == 1, window.message_log
    text = said[0][1]
    assert text.startswith("The library's tables are missing: the folder ") and str(lib / "db") in text, text
    assert "which a re-scan fills by indexing the library's folders again" in text, text
    assert "A backup of that folder, restored in their place, gives back what was indexed" in text, text
    assert "seekframe" not in text, text
