"""``seekframe forget /typo`` (a path that matches nothing) with a library folder offline. Before:
the path, matching no folder by its spelling, was looked for through links
(``core.forgetting.listed_spelling``), which resolved the real path of every library folder, the
offline one too: on a network share that does not answer that can hang the command (the search's
mapping, ``core.filters``, never resolves such a folder). Now a library folder whose videos are all
offline, or that its last index found missing, is compared by its spelling alone, never resolved;
the typo is still refused, and a link to an online folder, or to the offline one, still removes it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from core import forgetting
from tests.test_folder_spellings_links import row
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _never_resolved(monkeypatch, path: str) -> list[str]:
    """Resolving ``path`` (``os.path.realpath``, ``Path.resolve``) raises and is recorded."""
    calls, real, resolve = [], os.path.realpath, Path.resolve

    def spy_real(p, *a, **k):
        if os.fspath(p).rstrip(os.sep) == path:
            calls.append(os.fspath(p))
            raise OSError("a share that does not answer")
        return real(p, *a, **k)

    def spy_resolve(self, *a, **k):
        if str(self).rstrip(os.sep) == path:
            calls.append(str(self))
            raise OSError("a share that does not answer")
        return resolve(self, *a, **k)

    monkeypatch.setattr(os.path, "realpath", spy_real)
    monkeypatch.setattr(Path, "resolve", spy_resolve)
    return calls


@pytest.fixture
def offline_a(tmp_path, capsys):
    """videos/a (2 videos) and videos/b (1) indexed; a's drive then unplugged (kept, offline)."""
    a, b, lib = make_folder(tmp_path / "videos" / "a", 2), make_folder(tmp_path / "videos" / "b", 1), tmp_path / "lib"
    assert run(capsys, "index", a, b, "--library", lib)[0] == 0
    os.rename(a, tmp_path / "unplugged")
    assert run(capsys, "index", "--library", lib)[0] == 0  # (a's videos kept, offline; a held "missing")
    return str(a), str(b), lib


def test_a_typo_never_resolves_the_offline_library_folder(offline_a, tmp_path, capsys, monkeypatch):
    a, b, lib = offline_a
    calls = _never_resolved(monkeypatch, a)
    code, out, err = run(capsys, "forget", tmp_path / "typo", "--library", lib)
    assert code == 2 and f"{tmp_path / 'typo'} is not one of the library's folders" in err, (out, err)
    assert not calls, calls
    assert set(folder_status(capsys, lib)) == {a, b}  # nothing removed


def test_links_still_remove_their_folder_online_or_offline(offline_a, tmp_path, capsys, monkeypatch):
    a, b, lib = offline_a
    os.symlink(b, tmp_path / "lnkb")
    os.symlink(a, tmp_path / "lnka")  # (a link to the offline folder: its target not there now)
    calls = _never_resolved(monkeypatch, a)
    code, out, err = run(capsys, "forget", tmp_path / "lnkb", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 1 video under {b}"), (out, err)
    code, out, err = run(capsys, "forget", tmp_path / "lnka", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 2 videos under {a}"), (out, err)
    assert not calls, calls
    assert folder_status(capsys, lib) == {}


def test_listed_spelling_leaves_a_folder_whose_videos_are_all_offline_unresolved(tmp_path, monkeypatch):
    """From the rows alone too (a library whose last index recorded no ``held_roots``)."""
    from core.library.meta import LibraryMeta, LibrarySettings

    here, gone = str(tmp_path / "here"), str(tmp_path / "gone")
    os.mkdir(here)
    os.symlink(here, tmp_path / "lnk")
    meta = LibraryMeta(schema_version=1, settings=LibrarySettings(folders=[gone, here]))
    rows = [row(f"{here}/a.mp4", here), row(f"{gone}/b.mp4", gone, offline=True)]
    calls = _never_resolved(monkeypatch, gone)
    assert forgetting.listed_spelling(meta, str(tmp_path / "typo"), videos=rows) == str(tmp_path / "typo")
    assert forgetting.listed_spelling(meta, str(tmp_path / "lnk"), videos=rows) == here
    assert forgetting.listed_spelling(meta, str(tmp_path / "lnk"), videos=lambda: rows) == here
    assert not calls, calls
    forgetting.listed_spelling(meta, str(tmp_path / "typo"))  # (the spy itself: without the rows, resolved)
    assert calls
