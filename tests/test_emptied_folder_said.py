"""A plain library folder the user emptied is said as its files gone, as the re-scan then does
(it removes their videos: core.folder_identity.emptied), not as a drive unplugged: before, the
window marked every result of it offline ("on a drive not connected") and the CLI's search said
nothing of them, and the next re-scan removed them all. The folder's identity recorded at its
last index tells (``core.scan.file_gone``/``file_now`` with it); an empty folder where a drive or a
bind mount was (another device or another inode) is still offline, kept by the re-scan too."""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

from core.library import VideoLibrary
from core.scan import file_gone, file_now, root_identity
from tests.cli_run import run_cli
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)


def _emptied(folder):
    for dirpath, _, names in os.walk(folder, topdown=False):
        for name in names:
            os.remove(os.path.join(dirpath, name))
        if dirpath != str(folder):
            os.rmdir(dirpath)


def test_a_file_of_a_folder_the_user_emptied_is_gone_by_its_identity(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    (folder / "a.mp4").write_bytes(b"x")
    recorded = {**vars(root_identity(str(folder)))}
    os.remove(folder / "a.mp4")
    assert file_gone(str(folder / "a.mp4"), str(folder), recorded)
    assert file_now(str(folder / "a.mp4"), str(folder), (1, 1.0), recorded)[0] == "gone"
    assert not file_gone(str(folder / "a.mp4"), str(folder))  # (no identity recorded: the cautious guess)
    assert not file_gone(str(folder / "a.mp4"), str(folder), {**recorded, "device": recorded["device"] + 1})
    os.rename(folder, tmp_path / "elsewhere")  # (a drive unplugged, an empty folder at its place: another inode)
    folder.mkdir()
    assert not file_gone(str(folder / "a.mp4"), str(folder), recorded)
    assert file_now(str(folder / "a.mp4"), str(folder), (1, 1.0), recorded)[0] == "offline"
    os.rmdir(folder)
    assert not file_gone(str(folder / "a.mp4"), str(folder), recorded)


def test_a_search_of_a_folder_the_user_emptied_says_its_files_gone_and_the_rescan_removes_them(copies, capsys):
    videos, lib = copies
    _emptied(videos)
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    assert code == 0 and "blue.mp4  (file moved, renamed or deleted since it was indexed)" in out, out
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4", "--json")
    rows = json.loads(out)
    assert rows and all(r["missing"] for r in rows), rows
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "4 removed" in err and "seem to be gone" not in err, err


def test_the_apps_results_of_a_folder_the_user_emptied_are_gone_not_offline(copies, tmp_path):
    from app.file_state import GONE, state_now
    from app.found import annotate
    from core.search import Searcher

    videos, lib = copies
    with VideoLibrary(lib, read_only=True) as library:
        view, ids = library.video_table.view(), library.meta.settings.root_ids
        blue = next(v for v in view.values() if v.path.endswith("blue.mp4"))
        vector = library.moment_table.of(blue.video_id)[0].vector
        results = Searcher(library, None)._search_vector(vector, 8, None, True)

        _emptied(videos)  # the user emptied the folder: gone, as the re-scan will remove them
        found = {r.path: r for r in annotate(results, view, ids)}
        assert all(r.file_state == GONE and not r.offline for r in found.values()), found
        assert state_now(found[blue.path]) == GONE
        shown_before = SimpleNamespace(path=blue.path, root=blue.root, offline=False, indexed=(blue.size, blue.mtime),
                                       root_id=found[blue.path].root_id)
        assert state_now(shown_before) == GONE  # (in the preview when it went: said gone)

        os.rename(videos, tmp_path / "unplugged")  # a drive unplugged, its mount point left empty: offline
        videos.mkdir()
        found = {r.path: r for r in annotate(results, view, ids)}
        assert all(r.offline and r.file_state == "" for r in found.values()), found
