"""The app's "Add folder" of a link in a loop of links (``ln -s loop loop``, ``a -> b -> a``):
refused, as ``seekframe index`` refuses it (``tests/test_index_link_loop.py``), said, and neither
indexed nor listed (a guard: it was so before the CLI's message was made to say "loop")."""

from __future__ import annotations

import os
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_adding_a_loop_of_links_is_refused_and_lists_nothing(qtbot, make_session, tmp_path):
    os.symlink("loop", tmp_path / "loop")
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    session = make_session(tmp_path / "lib")
    for loop in (tmp_path / "loop", tmp_path / "a"):
        session.add_folder(str(loop))
        qtbot.waitUntil(lambda: any(f"{loop} is not a folder that can be read" in t for _, t in session.messages),
                        timeout=10_000)
    qtbot.waitUntil(lambda: not session.indexing, timeout=10_000)
    assert not session.status.folders, session.status.folders
    assert not any("offline" in t for _, t in session.messages), session.messages
