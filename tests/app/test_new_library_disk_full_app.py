"""A window opened on a new library that a full disk kept from being made said 'Could not open the
library L: the disk holding the library is full … Opening it to write needs some room; nothing was
lost …' and left a lock file and empty table folders behind, read later as a library with no model.
It now says the new library was not made and that nothing of it was left, and nothing is left."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.new_library_disk import meta_writes_refused


def test_the_window_says_a_new_library_a_full_disk_refused_was_not_made(qtbot, make_app_window, tmp_path,
                                                                       monkeypatch):
    lib = tmp_path / "lib"
    meta_writes_refused(monkeypatch, made=False)
    window = make_app_window(lib, ready=False)
    qtbot.waitUntil(lambda: window.banner.isVisible() and "Could not open the library" in window.banner.text,
                    timeout=SESSION_TIMEOUT_MS)
    text = window.banner.text
    assert text == (f"Could not open the library {lib}: the disk holding it is full (or a disk quota or the file size "
                    "limit was reached), so the new library was not made. Nothing was indexed and your videos are "
                    "untouched; nothing of the library was left there. Free some space (or raise the limit), then "
                    "open Seekframe again."), text
    assert not lib.exists()
