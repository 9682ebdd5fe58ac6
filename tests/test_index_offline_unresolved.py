"""``seekframe index PATH`` with a library folder offline. Before: PATH was mapped to a library
folder through links (``as_library_folder``), which resolved the real path of every library folder,
the offline one too: on a network share that does not answer that can hang the command (``forget``
and the search's ``--folder`` never resolve such a folder: ``test_forget_typo_offline``). Now an
offline library folder (``core.folder_spelling.offline_folders``, the rule ``forget`` uses) is
compared by its spelling alone: a new folder is added, a link to an online folder still indexes
that folder, and the offline folder spelled as listed is still that folder, kept offline."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from core.folder_spelling import as_library_folder, library_spellings
from core.library.meta import LibraryMeta, LibrarySettings
from tests.test_folder_spellings_links import row
from tests.test_forget_typo_offline import _never_resolved, offline_a  # noqa: F401
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_indexing_a_new_folder_never_resolves_the_offline_library_folder(offline_a, tmp_path, capsys, monkeypatch):
    a, b, lib = offline_a
    c = make_folder(tmp_path / "elsewhere" / "c", 1)
    calls = _never_resolved(monkeypatch, a)
    code, out, err = run(capsys, "index", c, "--library", lib)
    assert code == 0, (out, err)
    assert not calls, calls
    status = folder_status(capsys, lib)
    assert set(status) == {a, b, str(c)} and not status[a]["online"] and status[str(c)]["videos"]["done"] == 1


def test_a_link_to_an_online_folder_still_indexes_that_folder(offline_a, tmp_path, capsys, monkeypatch):
    a, b, lib = offline_a
    os.symlink(b, tmp_path / "lnkb")
    write_video(Path(b) / "new.mp4", [Segment(2, "yellow")], seed=7)  # (a new video in b)
    calls = _never_resolved(monkeypatch, a)
    code, out, err = run(capsys, "index", tmp_path / "lnkb", "--library", lib)
    assert code == 0, (out, err)
    assert not calls, calls
    status = folder_status(capsys, lib)
    assert set(status) == {a, b}, status  # (no folder added under the link's name)
    assert status[b]["videos"]["done"] == 2 and status[a]["videos"]["offline"] == 2


def test_the_offline_folder_spelled_as_listed_is_still_that_folder(offline_a, capsys):
    a, b, lib = offline_a
    code, out, err = run(capsys, "index", a, "--library", lib)
    assert code == 0, (out, err)
    status = folder_status(capsys, lib)
    assert set(status) == {a, b} and not status[a]["online"] and status[a]["videos"]["offline"] == 2


def test_the_mapping_leaves_offline_folders_unresolved(tmp_path, monkeypatch):
    """``as_library_folder`` / ``library_spellings``: an offline folder by its records
    (``held_roots``) or its rows (every video offline) is never resolved; a link to it, into it,
    or a path in it as spelled still maps by its spelling; online folders map through links."""
    here, gone, held = str(tmp_path / "here"), str(tmp_path / "gone"), str(tmp_path / "held")
    os.mkdir(here)
    os.symlink(here, tmp_path / "lnk")
    os.symlink(gone, tmp_path / "lnkgone")
    folders = [gone, held, here]
    meta = LibraryMeta(schema_version=1, settings=LibrarySettings(folders=folders, held_roots={held: "missing"}))
    rows = [row(f"{here}/a.mp4", here), row(f"{gone}/b.mp4", gone, offline=True)]
    calls = _never_resolved(monkeypatch, gone)
    also = _never_resolved(monkeypatch, held)  # (both spied: the second spy wraps the first)
    typed = [str(tmp_path / "typo"), str(tmp_path / "lnk" / "x"), str(tmp_path / "lnkgone"), f"{gone}/sub", held]
    assert library_spellings(typed, folders, meta, lambda: rows) == [typed[0], f"{here}/x", gone, f"{gone}/sub", held]
    assert as_library_folder(str(tmp_path / "lnk"), folders, {gone, held}) == here
    assert not calls and not also, (calls, also)
    assert library_spellings([held, here], folders, meta, lambda: 1 / 0) == [held, here]  # (rows never read)
    as_library_folder(str(tmp_path / "typo"), folders)  # (the spy itself: without the offline ones, resolved)
    assert calls
