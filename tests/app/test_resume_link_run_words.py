"""A run a closed (or killed) window left of ~/lnk, a link to the library folder ~, then ~ removed by
another process (`seekframe forget ~`): the next open drops the run (``app.resume`` maps the runs left
through links, ``resume_removed.through_links``), but said it as a folder inside ~: 'The indexing of
~/lnk (in ~), waiting or under way, was dropped with the removal: add it again to index it as a library
folder of its own', advice for a folder in it, given for ~ itself, which the user removed. Now said as
the folder's own run, as the window's removal and its queued runs say it (``run_words.dropped_text``)."""

from __future__ import annotations

import os
import sys

import pytest

from app.jobs import IndexJob
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_resume_removed_elsewhere import _forget, _settled

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_a_run_left_through_a_link_to_a_folder_removed_since_is_said_as_its_own(qtbot, open_session, store,  # noqa: F811
                                                                               demo_library, demo_clips, tmp_path):
    folder, root = str(demo_clips), str(tmp_path / "lnk")
    os.symlink(folder, root)
    store.set(str(demo_library), IndexJob((root,)))  # (the window killed mid-run of it)
    _forget(demo_library, folder)
    session = open_session(demo_library, store)
    said = _settled(qtbot, session)
    assert session.status.folders == () and session.status.videos == 0, session.status.folders
    assert (f"The indexing of {root} ({folder} through a link), waiting or under way, was dropped with the removal "
            "of the folder.") in said, said
    assert "add it again" not in said and f"(in {folder})" not in said, said
