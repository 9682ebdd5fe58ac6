"""``seekframe --library ~/bibliothèque`` typed composed (NFC, a keyboard's) of a library folder a
Mac named decomposed (NFD): the window opened a new, empty library under the typed spelling beside
it (``session.open`` makes one where none is). Now it opens that library (``core.paths.on_disk``,
as the commands do)."""

from __future__ import annotations

import os
import shutil
import unicodedata

import pytest

from tests.app.test_startup import started  # noqa: F401 (the fixture)

NFC, NFD = unicodedata.normalize("NFC", "bibliothèque"), unicodedata.normalize("NFD", "bibliothèque")


def test_the_library_typed_in_the_other_spelling_opens(qtbot, started, demo_library, tmp_path):  # noqa: F811
    there = tmp_path / "where" / NFD
    shutil.copytree(demo_library, there)
    if os.path.isdir(there.parent / NFC):
        pytest.skip("this file system takes the two spellings for one name")
    window, session = started(["--library", str(there.parent / NFC)])
    qtbot.waitUntil(lambda: session.is_open, timeout=30_000)
    qtbot.waitUntil(lambda: "12 videos" in window.status_widgets.library_label.text(), timeout=10_000)
    assert os.listdir(there.parent) == [NFD]  # (no library made under the typed spelling)
    assert str(session.library_dir) == str(there)
