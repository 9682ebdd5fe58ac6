"""A text file saved under a video's name (list.mov) is no video in `seekframe status`'s counts
since 799b6ff0, but the offline figures still counted it: a renamed folder said "0 videos (… 0 offline)"
and then "1 video not found there is kept, marked offline" (the one "video" was list.mov), and a folder
partly offline capped its offline at its video count, a guess (s58 rv_3, finding 1). A folder's offline
count is of its videos only now (``folder_counts``), in the words, the window's figures and ``--json``."""

from __future__ import annotations

import json

from core.cli import main
from core.library import VideoLibrary
from core.library_status import library_status
from tests.videos import Segment, write_text_as_video, write_video


def _status(capsys, lib) -> tuple[str, dict]:
    capsys.readouterr()
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert main(["status", "--library", str(lib), "--json"]) == 0
    return out, json.loads(capsys.readouterr().out)


def test_a_renamed_folder_does_not_call_its_text_file_a_video_not_found(noted_library, capsys):
    videos, lib = noted_library
    write_text_as_video(videos / "list.mov")
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    renamed = videos.parent / "renamed"
    videos.rename(renamed)
    capsys.readouterr()
    assert main(["index", str(videos), str(renamed), "--library", str(lib)]) == 0
    run = capsys.readouterr().err  # (the run's words: its two videos moved, no video left behind)
    assert "2 videos of" in run and "found moved to" in run and "not found there" not in run, run
    out, data = _status(capsys, lib)
    line = next(t for t in out.splitlines() if t.startswith("Folder:") and f"{videos} " in t)
    assert "0 videos (0 done, 0 failed, 0 offline)" in line and "skipped" not in line, out  # (list.mov went
    now = next(t for t in out.splitlines() if t.startswith(f"Folder:  {renamed} "))  # with the rename:
    assert "1 file skipped, not a video" in now, out  # s58 rv_7 #2, no row left at its old path)
    assert "not found there" not in line and "found moved to" in line, line  # (was: "1 video not found there")
    folder = next(f for f in data["folder_status"] if f["path"] == str(videos))
    assert folder["videos"]["offline"] == 0 and "not found there" not in folder["why"], folder
    with VideoLibrary(str(lib), read_only=True) as library:  # (what the window reads: app.engine's folder_moved)
        status = library_status(library)
    assert [(f.offline, f.videos) for f in status.folders if f.path == str(videos)] == [(0, (0, 0))]


def test_a_folder_partly_offline_counts_its_offline_videos_only(tmp_path, capsys, colour_model):
    """Three videos, one of them offline (another drive at its path holding the others: the "device"
    hold), and an offline list.mov: it said 2 offline (the text file's count, capped at 3)."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    for n, colour in enumerate(("red", "blue", "green")):
        write_video(videos / f"{colour}.mp4", [Segment(1, colour)], seed=n)
    write_text_as_video(videos / "list.mov")
    assert main(["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]) == 0
    with VideoLibrary(str(lib)) as library:
        rows = {v.path: v.video_id for v in library.video_table.all()}
        library.video_table.set_offline([rows[str(videos / "red.mp4")], rows[str(videos / "list.mov")]], True)
    out, data = _status(capsys, lib)
    assert "3 videos (3 done, 0 failed, 1 offline); 1 file skipped, not a video" in out, out
    folder = next(f for f in data["folder_status"] if f["path"] == str(videos))
    assert folder["videos"] == {**folder["videos"], "total": 3, "not_videos": 1, "offline": 1}, folder
    with VideoLibrary(str(lib), read_only=True) as library:
        status = library_status(library)
    assert [(f.offline, f.videos, f.not_videos) for f in status.folders] == [(1, (3, 1), 1)]
    assert status.offline_folders == ()


def test_a_folder_whose_videos_are_all_offline_is_offline_whatever_its_text_file(tmp_path, capsys, colour_model):
    """Its videos offline, its list.mov not: the folder's videos are all offline (the window's offline
    folders, as ``LibraryStatus.offline_folders`` says), its text file no video to count."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(1, "red")])
    write_text_as_video(videos / "list.mov")
    assert main(["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]) == 0
    with VideoLibrary(str(lib)) as library:
        library.video_table.set_offline([v.video_id for v in library.video_table.all() if v.path.endswith(".mp4")],
                                        True)
    with VideoLibrary(str(lib), read_only=True) as library:
        status = library_status(library)
    assert [(f.offline, f.videos) for f in status.folders] == [(1, (1, 1))]
    assert status.offline_folders == (str(videos),)


def test_a_drive_of_text_files_only_unplugged_is_offline_in_the_window_as_in_status(tmp_path, capsys, colour_model,
                                                                                   monkeypatch):
    """A library folder holding only files named as videos that hold none (list.mov, a text file), its drive
    unplugged and its mount point left empty: `seekframe status` says it offline, so must the window
    (``LibraryStatus.offline_folders``, its library panel and offline banner), before a run and after one
    (s58 fr_1 F2: f30c704f compared offline with its videos, 0, and the folder was said online)."""
    from tests.mounts import on_another_device

    drive, lib = tmp_path / "drive", tmp_path / "lib"
    drive.mkdir()
    write_text_as_video(drive / "list.mov")
    write_video(tmp_path / "other" / "red.mp4", [Segment(1, "red")])  # (a folder there, to tell apart)
    assert main(["index", str(drive), str(tmp_path / "other"), "--library", str(lib), "--model", colour_model,
                 "-q"]) == 0
    drive.rename(tmp_path / "unplugged")
    drive.mkdir()  # (the empty mount point an unplugged drive leaves)
    on_another_device(monkeypatch).add(str(drive))
    for run in (False, True):
        if run:
            assert main(["index", "--library", str(lib), "-q"]) == 0
        out, data = _status(capsys, lib)
        line = next(t for t in out.splitlines() if t.startswith(f"Folder:  {drive} "))
        assert " offline, " in line, out
        assert [f["online"] for f in data["folder_status"] if f["path"] == str(drive)] == [False], data
        with VideoLibrary(str(lib), read_only=True) as library:
            status = library_status(library)
        assert status.offline_folders == (str(drive),), (run, status.folders)
