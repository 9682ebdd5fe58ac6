"""A run queued through a link to a folder (~/lnk a link to ~, ~/lnk added) when ~ is removed goes with
it (the removal's worker resolves it as the indexer does), but its words were those of a folder inside
the removed one: 'The indexing of ~/lnk (in ~), waiting or under way, was dropped with the removal: add
it again to index it as a library folder of its own', advice the user who removed ~ did not want, for
a folder that is ~ itself. c64dcdb gave the folder's own run its words ('was dropped with the removal
of the folder'); the link is that run too, said so: '… of ~/lnk (~ through a link), … was dropped with
the removal of the folder.'"""

from __future__ import annotations

import os
import sys

import pytest

from app.run_words import dropped_text
from tests.app.test_remove_drops_runs_inside import indexed_home
from tests.app.test_remove_links_drop_runs import removed_with_runs_queued
from tests.app.test_remove_refused_keeps_runs import new_folder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_the_words_of_a_run_through_a_link_to_the_folder_itself():
    home, lnk, inner = "/home/u", "/tmp/lnk", "/home/u/New"
    assert dropped_text(home, (lnk,), (lnk,)) == (
        f"The indexing of {lnk} ({home} through a link), waiting or under way, was dropped with the removal of "
        "the folder.")
    said = dropped_text(home, (home, lnk, inner), (lnk,))
    assert said == (f"The indexing of {home}, {lnk} ({home} through a link), and of {inner} in it, waiting or "
                    f"under way, was dropped with the removal of the folder: add {inner} again to index it as a "
                    "library folder of its own."), said
    assert dropped_text(home, (lnk,)).startswith(f"The indexing of {lnk} (in {home})")  # (not known as the same)


def test_the_window_says_a_run_through_a_link_to_the_removed_folder_went_with_it(qtbot, make_session, demo_clips,
                                                                                 tmp_path):
    session, home, _downloads = indexed_home(qtbot, make_session, demo_clips, tmp_path)
    inner = new_folder(demo_clips, home)
    lnk = tmp_path / "lnk"
    os.symlink(home, lnk)  # a link to ~
    text = removed_with_runs_queued(qtbot, session, tmp_path / "lib", home, lnk, inner)
    assert session.status.folders == () and session.status.videos == 0, session.status.folders  # (none added back)
    assert (f"The indexing of {lnk} ({home} through a link), and of {inner} in it, waiting or under way, was "
            f"dropped with the removal of the folder: add {inner} again to index it as a library folder of its "
            "own.") in text, text
    assert f"add {lnk} again" not in text and f"{lnk}, {inner}" not in text, text
