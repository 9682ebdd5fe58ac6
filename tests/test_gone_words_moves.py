"""A result's file not there is said as the next re-scan finds it (``core.gone_rule``), where what the
re-scan finds is more than the file's own folder listed by name:

- videos renamed in their folder (or respelled in the other Unicode form: a folder copied from a Mac)
  are found moved by the re-scan (their size and content hash), kept under the new name, so they are
  no videos gone in the safety valve's count: a folder of four with two renamed and one deleted
  removes that one (one of four gone), where the words counted three not there and said it offline;
  the renamed ones were printed at their old names with no mark (the window: offline), and are now
  shown where they are;
- a sub-folder the re-scan cannot list is no folder the user emptied (its walk was not whole): the
  safety valve's count decides, where the words said the folder's videos gone by its identity alone;
- a new video in a new sub-folder is a video the re-scan finds in the folder, so it is not "found
  empty", where the words looked for one only in the folders of the library's videos."""

from __future__ import annotations

import json
import os
import unicodedata
from types import SimpleNamespace

import pytest

from core.gone_rule import FolderVideos
from core.library import VideoLibrary
from core.scan import file_gone
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

GONE = "(file moved, renamed or deleted since it was indexed)"
NAMES = ("Café.mp4", "Ålesund.mp4", "Zoë.mp4", "Émile.mp4")


def _library(tmp_path, capsys, monkeypatch):
    """Four distinct videos in one folder, indexed into a library without a recorded identity of its
    folder (an older library: the safety valve counts)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    paths = [videos / unicodedata.normalize("NFC", name) for name in NAMES]
    for i, (path, colour) in enumerate(zip(paths, ("red", "blue", "green", "yellow"))):
        write_video(path, [Segment(2, colour)], seed=i)
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib)) as library:
        library.update_settings(root_ids=None)
    return videos, lib, paths


def _moved(paths, how) -> dict[str, str]:
    """The second and third videos renamed in their folder (``how``): {path as indexed: path now}."""
    moves = {}
    for p in paths[1:3]:
        new = p.with_name(unicodedata.normalize("NFD", p.name)) if how == "respelled" else p.with_name(f"{p.stem} (2).mp4")
        os.rename(p, new)
        moves[str(p)] = str(new)
    return moves


@pytest.mark.parametrize("how", ["renamed", "respelled"])
def test_search_says_a_file_gone_beside_files_renamed_in_its_folder_as_the_rescan_removes_it(
        tmp_path, capsys, monkeypatch, how):
    videos, lib, paths = _library(tmp_path, capsys, monkeypatch)
    moves = _moved(paths, how)
    os.remove(paths[0])
    code, out, err = run_cli(capsys, "search", "x", "--library", lib, "-k", "8", "--json")
    assert code == 0, err
    said = {r["path"]: r["missing"] for r in json.loads(out)}
    assert said == {str(paths[0]): True, **dict.fromkeys(moves.values(), False), str(paths[3]): False}, said
    code, out, err = run_cli(capsys, "search", "x", "--library", lib, "-k", "8")
    assert f"{paths[0]}  {GONE}" in out and all(f"{new}\n" in out or f"{new}  " in out for new in moves.values()), out
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (the re-scan: two moved, the one deleted removed)
    assert code == 0 and "2 moved, 1 removed" in err and "seem to be gone" not in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert sorted(v.path for v in library.video_table.all()) == sorted([*moves.values(), str(paths[3])])


def test_the_apps_results_show_a_renamed_file_where_it_is_and_the_deleted_one_gone(tmp_path, capsys, monkeypatch):
    from app.file_state import GONE as GONE_STATE
    from app.found import annotate
    from core.search import Searcher

    videos, lib, paths = _library(tmp_path, capsys, monkeypatch)
    with VideoLibrary(str(lib), read_only=True) as library:
        view, ids = library.video_table.view(), library.meta.settings.root_ids
        first = next(iter(view.values()))
        results = Searcher(library, None)._search_vector(library.moment_table.of(first.video_id)[0].vector, 8, None, True)
    moves = _moved(paths, "renamed")
    os.remove(paths[0])
    found = {view[r.video_id].path: r for r in annotate(results, view, ids)}
    assert found[str(paths[0])].file_state == GONE_STATE and not found[str(paths[0])].offline, found[str(paths[0])]
    for old, new in moves.items():
        assert (found[old].path, found[old].offline, found[old].file_state) == (new, False, ""), found[old]


def test_a_file_of_the_size_of_one_gone_but_other_bytes_is_no_move(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    records = []
    for i in range(4):
        (folder / f"v{i}.mp4").write_bytes(bytes([i]) * 100)
        records.append(SimpleNamespace(path=str(folder / f"v{i}.mp4"), size=100, content_hash="not-its-bytes"))
    os.rename(folder / "v1.mp4", folder / "w1.mp4")
    os.rename(folder / "v2.mp4", folder / "w2.mp4")
    os.remove(folder / "v0.mp4")
    every = FolderVideos(records)
    assert every.moved_to(str(folder / "v1.mp4")) is None
    assert not file_gone(str(folder / "v0.mp4"), str(folder), None, every)  # (three of four not found: held)


def _unlistable(monkeypatch, name: str) -> None:
    """A folder called ``name`` that cannot be listed (its permissions: root reads every folder, so it
    is told so here, to the re-scan's walk and the words alike)."""
    listdir, scandir = os.listdir, os.scandir

    def refuse(path=".", real=None):
        if os.path.basename(os.fspath(path).rstrip(os.sep)) == name:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", lambda path=".": refuse(path, listdir))
    monkeypatch.setattr(os, "scandir", lambda path=".": refuse(path, scandir))


def test_a_folder_with_a_subfolder_it_cannot_list_is_not_taken_as_emptied_by_the_user(tmp_path, capsys, monkeypatch):
    """Its identity recorded (a library of today): three of four videos deleted would be the user's
    deletions, removed however many, but the re-scan cannot list the sub-folder holding the fourth, so
    it does not take the folder as emptied by the user, and holds the three (offline: it finds no video
in the folder, the valve's count aside)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    paths = [videos / "a.mp4", videos / "b.mp4", videos / "c.mp4", videos / "locked" / "d.mp4"]
    for i, (path, colour) in enumerate(zip(paths, ("red", "blue", "green", "yellow"))):
        write_video(path, [Segment(2, colour)], seed=i)
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        records, ids = library.video_table.all(), library.meta.settings.root_ids or {}
    assert ids.get(str(videos))
    for p in paths[:3]:
        os.remove(p)
    _unlistable(monkeypatch, "locked")
    assert not file_gone(str(paths[0]), str(videos), ids[str(videos)], FolderVideos(records))
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (exit 1: a folder it could not read)
    assert "3 videos seem to be gone" in err and "locked: Permission denied" in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert sum(v.offline for v in library.video_table.all()) == 3
    monkeypatch.undo()
    assert file_gone(str(paths[0]), str(videos), ids[str(videos)], FolderVideos(records))  # (listed: the user's)


def test_a_new_video_in_a_new_subfolder_keeps_the_folder_from_being_found_empty(tmp_path):
    """Two of four videos behind a link whose target is not there (kept apart) and the other two deleted:
    the re-scan finds no video in the folder and holds them, said offline; a new video in a new
    sub-folder is one it finds: two counted of four is no more than half, removed (gone)."""
    folder = tmp_path / "videos"
    folder.mkdir()
    paths = [folder / "v0.mp4", folder / "v1.mp4"]
    os.symlink(tmp_path / "drive", folder / "cam")
    every = [*paths, folder / "cam" / "a.mp4", folder / "cam" / "b.mp4"]
    records = [SimpleNamespace(path=str(p)) for p in every]
    assert not file_gone(str(paths[0]), str(folder), None, FolderVideos(records))
    (folder / "new").mkdir()
    (folder / "new" / "clip.mp4").write_bytes(b"z")
    assert file_gone(str(paths[0]), str(folder), None, FolderVideos(records))


def test_a_search_hashes_a_bounded_number_of_files(tmp_path, monkeypatch):
    """Each look hashes at most MAX_HASHED files and one FolderVideos (a search's) MAX_HASHED_IN_ALL in
    all its looks: a renamed video past them is said as before (not found moved)."""
    import core.gone_rule as gone_rule
    from core.scan import content_hash

    monkeypatch.setattr(gone_rule, "MAX_HASHED_IN_ALL", 2)
    records = []
    for i in range(3):
        folder = tmp_path / f"f{i}"
        folder.mkdir()
        (folder / "v.mp4").write_bytes(bytes([i]) * 100)
        records.append(SimpleNamespace(path=str(folder / "v.mp4"), size=100, content_hash=content_hash(str(folder / "v.mp4"))))
        os.rename(folder / "v.mp4", folder / "w.mp4")
    every = FolderVideos(records)
    assert [every.moved_to(r.path) for r in records] == [str(tmp_path / "f0" / "w.mp4"), str(tmp_path / "f1" / "w.mp4"), None]



def test_a_window_looking_again_finds_a_renamed_video_without_hashing_it_again(tmp_path, monkeypatch):
    """The window keeps one FolderVideos while its results are shown and each card asks again after
    COUNTED_S: a renamed video's file, hashed once at its size and time (``scan_hash.hash_now``), is not
    read again nor counted against MAX_HASHED_IN_ALL, which would otherwise run out and say it not there."""
    import core.gone_rule as gone_rule
    from core import scan_hash
    from core.scan import content_hash

    monkeypatch.setattr(gone_rule, "MAX_HASHED_IN_ALL", 1)
    monkeypatch.setattr(gone_rule, "COUNTED_S", 0.0)  # (every ask a look of its own, as after 2 s)
    monkeypatch.setattr(scan_hash, "_KEPT", {})
    reads = []
    monkeypatch.setattr(scan_hash, "content_hash", lambda *a: reads.append(a) or content_hash(*a))
    folder = tmp_path / "videos"
    folder.mkdir()
    (folder / "v.mp4").write_bytes(b"frames" * 100)
    record = SimpleNamespace(path=str(folder / "v.mp4"), size=600, content_hash=content_hash(str(folder / "v.mp4")))
    os.rename(folder / "v.mp4", folder / "w.mp4")
    every = FolderVideos([record])
    assert [every.moved_to(record.path) for _ in range(3)] == [str(folder / "w.mp4")] * 3
    assert len(reads) == 1


def test_similar_of_a_renamed_file_names_its_video(tmp_path, capsys, monkeypatch):
    """``seekframe similar`` of the name a search shows a renamed video at: that video, not 'is not in the
    library' (before the re-scan takes it as moved there)."""
    videos, lib, paths = _library(tmp_path, capsys, monkeypatch)
    moves = _moved(paths, "renamed")
    code, out, err = run_cli(capsys, "similar", next(iter(moves.values())), "--library", lib, "--json")
    assert code == 0, err
    other = videos / "other.mp4"
    write_video(other, [Segment(3, "white")], seed=9)  # (a file never indexed: still not in the library)
    code, out, err = run_cli(capsys, "similar", other, "--library", lib)
    assert code == 2 and "is not in the library" in err, err


def test_a_video_whose_content_another_has_is_not_said_moved(tmp_path):
    """Two of the library's videos with the same bytes (a copy), one renamed in its folder: the re-scan may
    give that file to the other (gone elsewhere, its path first), so neither is said moved there (re-scan
    fuzz, seed 335: said moved, then removed)."""
    from core.scan import content_hash

    folder, other = tmp_path / "videos", tmp_path / "elsewhere"
    folder.mkdir()
    other.mkdir()
    for p in (folder / "v.mp4", other / "copy.mp4"):
        p.write_bytes(b"same bytes" * 10)
    records = [SimpleNamespace(path=str(p), size=100, content_hash=content_hash(str(p)))
               for p in (folder / "v.mp4", other / "copy.mp4")]
    os.rename(folder / "v.mp4", folder / "w.mp4")
    os.remove(other / "copy.mp4")
    assert FolderVideos(records).moved_to(str(folder / "v.mp4")) is None
    assert FolderVideos(records[:1]).moved_to(str(folder / "v.mp4")) == str(folder / "w.mp4")  # (alone: moved)
