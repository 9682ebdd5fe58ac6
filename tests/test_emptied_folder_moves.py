"""A plain folder (no drive's mount point) that the user empties keeps its moves: a video moved
from it into another library folder keeps its id, its moments and its notes, whether the rest of
the folder was deleted in the same run or moved away over earlier runs. Before, an empty folder
whose vanished videos were not all found elsewhere (fc1417a), or that an earlier run had held
(e112e74), was taken for an unplugged drive: the moved video stayed listed offline in the empty
folder, with its notes, and its file was embedded again as a new video. An unplugged drive says
so by its identity (tests/test_unplugged_videos_stay.py)."""

from __future__ import annotations

import json

import pytest

from core import service
from core.cli import main
from core.library import VideoLibrary
from tests.fakes import cli_encoder, NoteWords as Words
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def index(capsys, lib):
    code = main(["index", "--library", str(lib), "-q"])
    capsys.readouterr()
    return code


def videos(lib):
    """path -> (video id, offline, the texts of its notes, its moments' ids)"""
    with VideoLibrary(lib, read_only=True) as library:
        notes = [c for c in library.caption_table.read(with_vectors=False) if c.source == "note"]
        return {v.path: (v.video_id, v.offline, [c.text for c in notes if c.video_id == v.video_id],
                         [m.moment_id for m in library.moment_table.of(v.video_id)])
                for v in library.video_table.all()}


def library(tmp_path, colours):
    folder, other, lib = tmp_path / "clips", tmp_path / "kept", tmp_path / "lib"
    for i, colour in enumerate(colours):
        write_video(folder / f"{colour}.mp4", [Segment(2, colour)], seed=i + 1)
    write_video(other / "white.mp4", [Segment(2, "white")], seed=9)
    assert main(["index", str(folder), str(other), "--library", str(lib), "-q"]) == 0
    return folder, other, lib


def note(lib, path, text):
    with VideoLibrary(lib) as library:
        service.add_note(library, Words(), library.video_table.by_path(str(path)).video_id, text, 0.0, 2.0)


def test_one_moved_out_the_rest_deleted(tmp_path, capsys, encoder):
    folder, other, lib = library(tmp_path, ["red", "blue"])
    note(lib, folder / "red.mp4", "the red one")
    before = videos(lib)
    (folder / "red.mp4").rename(other / "red.mp4")
    (folder / "blue.mp4").unlink()
    assert index(capsys, lib) == 0
    now = videos(lib)
    assert now[str(other / "red.mp4")] == (before[str(folder / "red.mp4")][0], False, ["the red one"],
                                           before[str(folder / "red.mp4")][3])
    assert str(folder / "red.mp4") not in now
    assert str(folder / "blue.mp4") not in now  # (the rest: deleted, as the user did)


def test_the_last_one_moved_out_a_run_after_the_others_went(tmp_path, capsys, encoder):
    folder, other, lib = library(tmp_path, ["red", "blue", "green"])
    note(lib, folder / "green.mp4", "the green one")
    before = videos(lib)
    elsewhere = tmp_path / "elsewhere"  # (no library folder)
    elsewhere.mkdir()
    for colour in ("red", "blue"):
        (folder / f"{colour}.mp4").rename(elsewhere / f"{colour}.mp4")
    assert index(capsys, lib) == 0  # (most of the folder gone at once: held)
    (folder / "green.mp4").rename(other / "green.mp4")
    assert index(capsys, lib) == 0
    now = videos(lib)
    assert now[str(other / "green.mp4")] == (before[str(folder / "green.mp4")][0], False, ["the green one"],
                                             before[str(folder / "green.mp4")][3])
    assert str(folder / "green.mp4") not in now


def test_moved_out_of_the_library_then_back_into_another_folder(tmp_path, capsys, encoder):
    folder, other, lib = library(tmp_path, ["red", "blue", "green"])
    note(lib, folder / "green.mp4", "the green one")
    before = videos(lib)
    with VideoLibrary(lib) as library_:  # (its drive not told, an older library: the valve holds)
        library_.update_settings(root_ids=None)
    for colour in ("red", "green"):  # (most of the folder gone at once: held by the valve)
        (folder / f"{colour}.mp4").rename(tmp_path / f"{colour}.mp4")
    assert index(capsys, lib) == 0
    assert videos(lib)[str(folder / "green.mp4")][1]
    (tmp_path / "green.mp4").rename(other / "green.mp4")
    assert index(capsys, lib) == 0
    now = videos(lib)
    assert now[str(other / "green.mp4")] == (before[str(folder / "green.mp4")][0], False, ["the green one"],
                                             before[str(folder / "green.mp4")][3])
    assert str(folder / "green.mp4") not in now


def test_a_folder_emptied_by_the_user_has_its_videos_removed(tmp_path, capsys, encoder):
    """Every video of a plain folder deleted: the re-scan removes them, as the user did (before:
    kept offline, 'the folder is empty (an unmounted drive?)', until --prune). A note waits in the
    notes journal, and comes back with its file."""
    folder, other, lib = library(tmp_path, ["red", "blue"])
    note(lib, folder / "red.mp4", "the red one")
    (folder / "red.mp4").rename(tmp_path / "red.mp4")  # (out of the library)
    (folder / "blue.mp4").unlink()
    code = main(["index", "--library", str(lib)])
    err = capsys.readouterr().err
    assert code == 0 and "2 removed" in err and "seem to be gone" not in err and "--prune" not in err, err
    assert set(videos(lib)) == {str(other / "white.mp4")}
    assert main(["status", "--library", str(lib), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    f = next(f for f in status["folder_status"] if f["path"] == str(folder))
    assert f["online"] and f["held"] is None and f["videos"]["total"] == 0 and not status["offline"], f
    (tmp_path / "red.mp4").rename(other / "red.mp4")  # (brought back: a video again, its note with it)
    assert index(capsys, lib) == 0
    assert videos(lib)[str(other / "red.mp4")][2] == ["the red one"]
