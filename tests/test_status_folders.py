"""``seekframe status`` folder by folder: path, online or not, why vanished videos were kept (the
``core.sync_held.HOLD_REASONS`` key, recorded by the last index of that folder), and its videos by
status, in ``--json`` (``folder_status``) and briefly in the human output."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import core.cli
from core.cli import main
from core.library import VideoLibrary
from core.sync_held import HOLD_REASONS
from tests.fakes import ColourMeanEncoder
from tests.mounts import on_another_device
from tests.videos import Segment, write_broken_video, write_video

COLOURS = ["red", "green", "blue", "yellow"]


@pytest.fixture(autouse=True)
def encoder(monkeypatch):
    enc = ColourMeanEncoder()
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: enc)
    return enc


def make_folder(folder, n):
    for i in range(n):
        write_video(folder / f"clip{i}.mp4", [Segment(2, COLOURS[i % 4])], seed=i)
    return folder


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def folder_status(capsys, lib) -> dict:
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert code == 0
    return {f["path"]: f for f in json.loads(out)["folder_status"]}


def test_status_says_which_folder_is_offline_and_why(tmp_path, capsys, monkeypatch):
    home, drive, lib = make_folder(tmp_path / "home", 2), make_folder(tmp_path / "drive", 3), tmp_path / "lib"
    write_broken_video(home / "broken.mp4")
    assert run(capsys, "index", home, drive, "--library", lib)[0] == 1  # broken.mp4 failed
    status = folder_status(capsys, lib)
    assert status[str(home)] == {"path": str(home), "kind": "folder", "online": True, "held": None, "why": None,
                                 "videos": {"total": 3, "not_videos": 0, "done": 2, "failed": 1, "pending": 0, "offline": 0, "quick_only": 0},
                                 "took_in": []}
    assert status[str(drive)]["online"] and status[str(drive)]["videos"]["done"] == 3

    away = drive.rename(tmp_path / "unplugged")  # an unmounted drive leaves its empty mount point
    drive.mkdir()
    unplugged = on_another_device(monkeypatch)  # (on the computer's disk, not the drive's)
    unplugged.add(str(drive))
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and f"{home / 'broken.mp4'}:" in err, err  # (the first run's failure, reported: still listed)
    status = folder_status(capsys, lib)
    assert status[str(drive)] == {"path": str(drive), "kind": "folder", "online": False, "held": "empty",
                                  "why": HOLD_REASONS["empty"],
                                  "videos": {"total": 3, "not_videos": 0, "done": 3, "failed": 0, "pending": 0, "offline": 3, "quick_only": 0},
                                  "took_in": []}
    assert status[str(home)]["online"] and status[str(home)]["held"] is None
    code, out, _ = run(capsys, "status", "--library", lib)
    assert code == 0
    assert f"Folder:  {drive}  offline, 3 videos (3 done, 0 failed, 3 offline); kept: {HOLD_REASONS['empty']}" in out
    assert f"Folder:  {home}  online, 3 videos (2 done, 1 failed, 0 offline)\n" in out

    drive.rmdir()  # now the folder is gone as a whole: said at once, before any index
    assert folder_status(capsys, lib)[str(drive)]["held"] == "missing"
    code, _, err = run(capsys, "index", "--library", lib, "--prune")  # a missing folder: never pruned
    assert code == 0 and f"{home / 'broken.mp4'}:" in err, err
    f = folder_status(capsys, lib)[str(drive)]
    assert f["held"] == "missing" and f["why"] == HOLD_REASONS["missing"] and f["videos"]["offline"] == 3

    away.rename(drive)  # plugged back: online, nothing kept
    unplugged.discard(str(drive))
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and f"{home / 'broken.mp4'}:" in err, err
    status = folder_status(capsys, lib)
    assert status[str(drive)]["online"] and status[str(drive)]["held"] is None
    assert status[str(drive)]["videos"]["offline"] == 0


def test_a_folder_losing_most_of_its_videos_stays_online_and_says_why_they_were_kept(tmp_path, capsys):
    drive, lib = make_folder(tmp_path / "drive", 4), tmp_path / "lib"
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    with VideoLibrary(lib) as library:  # (its drive not told: on its own, deleted: tests/test_valve_same_drive.py)
        library.update_settings(root_ids=None)
    for i in range(3):
        (drive / f"clip{i}.mp4").unlink()
    assert run(capsys, "index", "--library", lib)[0] == 0
    f = folder_status(capsys, lib)[str(drive)]
    assert f["online"] and f["held"] == "valve" and f["why"] == HOLD_REASONS["valve"]
    assert f["videos"]["offline"] == 3 and f["videos"]["total"] == 4

    assert run(capsys, "index", "--library", lib, "--prune")[0] == 0  # really gone: removed
    f = folder_status(capsys, lib)[str(drive)]
    assert f["held"] is None and f["videos"]["total"] == 1


def test_indexing_one_folder_keeps_what_the_others_recorded(tmp_path, capsys, monkeypatch):
    a, b, lib = make_folder(tmp_path / "a", 2), make_folder(tmp_path / "b", 2), tmp_path / "lib"
    assert run(capsys, "index", a, b, "--library", lib)[0] == 0
    shutil.rmtree(b)
    b.mkdir()  # (a drive's mount point left empty: on the computer's disk)
    on_another_device(monkeypatch).add(str(b))
    assert run(capsys, "index", "--library", lib)[0] == 0
    assert run(capsys, "index", a, "--library", lib)[0] == 0  # only a this time
    assert folder_status(capsys, lib)[str(b)]["held"] == "empty"
    assert run(capsys, "forget", b, "--library", lib)[0] == 0
    assert str(b) not in folder_status(capsys, lib)


def test_forgetting_a_folder_drops_only_its_records(tmp_path):
    from core.library import VideoLibrary
    from core.service import forget_folder

    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    with VideoLibrary(tmp_path / "lib") as library:
        library.update_settings(folders=[a, b], window_s=2.0, root_ids={a: {"device": 1}, b: {"device": 2}},
                                held_roots={b: "missing"})
        assert forget_folder(library, b) == 0
        s = library.meta.settings
        assert (s.folders, s.window_s, s.root_ids, s.held_roots) == ([a], 2.0, {a: {"device": 1}}, {})


def test_forget_refuses_a_path_of_no_library_folder_and_forgets_those_a_parent_holds(tmp_path, capsys):
    a, b, lib = make_folder(tmp_path / "v" / "a", 2), make_folder(tmp_path / "v" / "b", 1), tmp_path / "lib"
    assert run(capsys, "index", a, b, "--library", lib)[0] == 0
    code, out, err = run(capsys, "forget", tmp_path / "v" / "typo", "--library", lib)
    assert code == 2 and "is not one of the library's folders" in err and str(a) in err and not out
    assert set(folder_status(capsys, lib)) == {str(a), str(b)}  # nothing forgotten

    code, out, err = run(capsys, "forget", tmp_path / "v", "--library", lib)  # the parent of both: asked for
    assert code == 2 and "holds 2 of the library's folders" in err and not out
    assert set(folder_status(capsys, lib)) == {str(a), str(b)}  # nothing forgotten
    code, out, _ = run(capsys, "forget", tmp_path / "v", "--all", "--library", lib)
    assert code == 0 and "Removed 3 videos" in out
    assert folder_status(capsys, lib) == {}  # its folders go too: a plain index brings nothing back
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 2 and "No folders to index" in err


def test_forgetting_a_subfolder_says_the_next_index_finds_its_videos_again(tmp_path, capsys):
    a, lib = make_folder(tmp_path / "a", 1), tmp_path / "lib"
    make_folder(a / "trip", 2)
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    code, out, _ = run(capsys, "forget", a / "trip", "--library", lib)
    assert code == 0 and "Removed 2 videos" in out and f"They are still in the library folder {a}" in out
    code, out, _ = run(capsys, "forget", a / "trip", "--library", lib)  # again: none left to remove
    assert code == 0 and "Removed 0 videos" in out and "They are" not in out, out
    assert f"{a / 'trip'} is still in the library folder {a}: the next `seekframe index` finds any video in it" in out


def test_videos_waiting_to_be_indexed_are_counted_and_the_way_on_is_said(tmp_path, capsys, encoder, monkeypatch):
    from dataclasses import replace

    from core.library import VideoLibrary

    a, lib = make_folder(tmp_path / "a", 2), tmp_path / "lib"
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    with VideoLibrary(lib) as library:  # as a re-index killed before its first commit leaves them
        library.video_table.merge([replace(v, status="pending", n_moments=0) for v in library.video_table.all()])
    code, out, _ = run(capsys, "status", "--library", lib)
    assert code == 0 and "(0 done, 2 waiting to be indexed, 0 failed" in out
    assert "2 videos are waiting to be indexed: `seekframe index` does it." in out
    encoder.encode_text = lambda texts: np.full((len(texts), encoder.embed_dim), 0.5, np.float32)
    monkeypatch.setattr(core.cli.cli_models, "text_encoder", lambda *a: encoder)
    with VideoLibrary(lib):  # a writer holds the library (a `seekframe index` under way): not waiting
        code, out, _ = run(capsys, "status", "--library", lib)
        assert code == 0 and "2 videos are being indexed now (another seekframe is indexing" in out
        assert "waiting to be indexed: `seekframe index` does it" not in out
        code, out, err = run(capsys, "search", "red", "--library", lib)
        assert code == 0 and "No results." in out and "2 videos are being indexed now" in err, err
        assert json.loads(run(capsys, "status", "--json", "--library", lib)[1])["indexing_now"] is True
    assert json.loads(run(capsys, "status", "--json", "--library", lib)[1])["indexing_now"] is False


def test_a_renamed_library_folder_keeps_its_videos_vectors_and_notes(tmp_path, capsys, encoder):
    from core.library import VideoLibrary

    a, lib = make_folder(tmp_path / "a", 3), tmp_path / "lib"
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    from core import service

    with VideoLibrary(lib) as library:
        ids = {v.video_id for v in library.video_table.all()}
        red = library.video_table.by_path(a / "clip0.mp4")
        words = type("Words", (), {"encode_text": lambda self, texts: np.eye(len(texts), encoder.embed_dim,
                                                                         dtype=np.float32)})()
        service.add_note(library, words, red.video_id, "the red one", 0.0, 2.0)
    embedded = encoder.embedded if hasattr(encoder, "embedded") else None
    b = tmp_path / "b"
    a.rename(b)
    code, _, err = run(capsys, "index", b, "--library", lib)
    assert code == 0 and "0 to index" in err and "3 moved" in err
    assert f"3 videos of {a}, which is missing, were found moved" in err and "seekframe forget" in err
    if embedded is not None:
        assert encoder.embedded == embedded  # nothing embedded again
    with VideoLibrary(lib, read_only=True) as library:
        videos = library.video_table.all()
        assert {v.video_id for v in videos} == ids and all(str(b) in v.path for v in videos)
        notes = [c for c in library.caption_table.read() if c.source == "note"]
        assert len(notes) == 1 and library.video_table.get(notes[0].video_id).path == str(b / "clip0.mp4")
        assert len(videos) == 3  # no second copy of each


def test_a_video_indexed_by_name_is_listed_as_a_file_not_a_folder(tmp_path, capsys):
    """`seekframe index clip.mp4` listed the clip as "Folder: clip.mp4 ... 1 video (1 done...)";
    gone, it was "its videos are kept" and "the folder is missing"."""
    a = make_folder(tmp_path / "a", 2)
    lib, clip = tmp_path / "lib", a / "clip0.mp4"
    assert run(capsys, "index", clip, "--library", lib)[0] == 0
    code, out, _ = run(capsys, "status", "--library", lib)
    assert code == 0 and f"File:    {clip}  indexed\n" in out and "Folder:" not in out, out
    data = json.loads(run(capsys, "status", "--json", "--library", lib)[1])
    assert [(f["path"], f["kind"]) for f in data["folder_status"]] == [(str(clip), "file")]
    clip.rename(tmp_path / "elsewhere.mp4")
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "the video is kept, marked offline" in err and f'seekframe forget "{clip}"' in err, err
    code, out, _ = run(capsys, "status", "--library", lib)
    assert f"File:    {clip}  offline; kept: the file is missing" in out, out
    assert run(capsys, "index", a, "--library", lib)[0] == 0  # a folder beside it stays a folder
    code, out, _ = run(capsys, "status", "--library", lib)
    assert f"Folder:  {a}  online, 2 videos (2 done, 0 failed, 1 offline)" in out, out


def test_a_library_folder_with_a_file_in_its_place_is_missing_not_an_empty_file(tmp_path, capsys):
    # the folder renamed away and a file (no video) of its name made: its videos are kept offline,
    # the run fails nothing, and neither it nor status says the folder is empty or is a file
    folder, lib = make_folder(tmp_path / "trip", 2), tmp_path / "lib"
    assert run(capsys, "index", folder, "--library", lib)[0] == 0
    folder.rename(tmp_path / "trip.away")
    folder.write_bytes(b"not a folder")
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "empty" not in err and f"offline: {folder}" in err
    status = folder_status(capsys, lib)[str(folder)]
    assert (status["kind"], status["online"], status["held"]) == ("folder", False, "missing")
    assert status["videos"]["offline"] == 2 and status["videos"]["done"] == 2
    folder.unlink()
    (tmp_path / "trip.away").rename(folder)  # back: online again, nothing indexed anew
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "0 to index" in err and folder_status(capsys, lib)[str(folder)]["online"]


def test_a_renamed_folder_missing_one_of_its_videos_marks_that_one_offline(tmp_path, capsys, encoder):
    """A folder renamed and one of its videos deleted: the one not found stayed listed under the
    old name as indexed (not offline) until a bare `seekframe index`, and the run said nothing of it."""
    a, lib = make_folder(tmp_path / "a", 3), tmp_path / "lib"
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    b = tmp_path / "b"
    a.rename(b)
    (b / "clip2.mp4").unlink()
    code, _, err = run(capsys, "index", b, "--library", lib)
    assert code == 0 and "2 moved" in err and f"2 videos of {a}, which is missing, were found moved" in err, err
    assert "1 video not found there stays listed, marked offline" in err and "library's folders with that video." in err
    status = folder_status(capsys, lib)
    assert status[str(a)]["videos"] == {"total": 1, "not_videos": 0, "done": 1, "failed": 0, "pending": 0, "offline": 1, "quick_only": 0}
    assert status[str(b)]["videos"]["total"] == 2 and status[str(b)]["online"]
    code, out, _ = run(capsys, "forget", a, "--library", lib)
    assert code == 0 and "Removed 1 video" in out
    assert list(folder_status(capsys, lib)) == [str(b)]


def test_forgetting_one_video_of_a_library_folder_says_it_in_the_singular(tmp_path, capsys):
    """`seekframe forget ~/Videos/a/trip` holding one video (or the video itself) said "They are still in
    the library folder …: the next `seekframe index` finds them again (move them out of it …)" (s57 j.md)."""
    a, lib = make_folder(tmp_path / "a", 1), tmp_path / "lib"
    make_folder(a / "trip", 1)
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    code, out, _ = run(capsys, "forget", a / "trip", "--library", lib)
    assert code == 0 and "Removed 1 video" in out, out
    assert (f"It is still in the library folder {a}: the next `seekframe index` finds it again (move it out of it, "
            "or forget that folder).") in out, out
