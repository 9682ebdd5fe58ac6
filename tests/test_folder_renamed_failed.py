"""A library folder renamed (``mv ~/Videos ~/Movies``, ``seekframe index ~/Movies``) holding a file an
earlier run failed on: the run said "1 video not found there stays listed, marked offline" though the file
was in the new folder, kept its failure offline under the old name and listed the file twice (status
"Videos: 3 (1 done, 2 failed, 1 offline)" for 2 files). The failed file moves with its folder as its videos
do: listed once, its failure kept under its new path, which `seekframe index --retry-failed` tries."""

from __future__ import annotations

import pytest

from core.library import VideoLibrary
from core.library.records import DONE, FAILED
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_broken_video, write_video


@pytest.fixture
def encoder(monkeypatch):
    return use_encoder(monkeypatch, FixedTextEncoder)


def _rows(lib):
    with VideoLibrary(str(lib), read_only=True) as library:
        return {v.path: v for v in library.video_table.all()}


def test_a_renamed_folder_s_failed_file_moves_with_it(tmp_path, capsys, encoder):
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")], seed=1)
    write_broken_video(videos / "broken.mp4")
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 1  # (broken.mp4 failed)
    before = _rows(lib)[str(videos / "broken.mp4")]
    assert before.status == FAILED and before.error

    videos.rename(movies)
    code, out, err = run_cli(capsys, "index", movies, "--library", lib)
    said = out + err
    assert "Found 2 videos: 0 to index, 0 unchanged, 1 failed before (not tried again), 1 moved, 0 removed." in said, said
    assert "not found there" not in said and "marked offline" not in said, said
    rows = _rows(lib)
    assert sorted(rows) == [str(movies / "broken.mp4"), str(movies / "red.mp4")], rows
    moved = rows[str(movies / "broken.mp4")]
    assert (moved.video_id, moved.status, moved.error, moved.offline) == (before.video_id, FAILED, before.error, False)
    assert rows[str(movies / "red.mp4")].status == DONE

    out = run_cli(capsys, "status", "--library", lib)[1]
    assert "Videos: 2 (1 done, 1 failed)" in " ".join(out.split()), out
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    assert "0 videos" in line and "not found there" not in line, line

    said = "".join(run_cli(capsys, "index", "--retry-failed", movies, "--library", lib)[1:])  # (tried at its new path)
    assert "Found 2 video files: 1 to index, 1 unchanged, 0 moved, 0 removed." in said, said
    again = _rows(lib)
    assert sorted(again) == sorted(rows) and again[str(movies / "broken.mp4")].status == FAILED
    assert again[str(movies / "broken.mp4")].indexed_at != moved.indexed_at


def test_a_renamed_folder_none_of_whose_files_was_indexed_is_renamed_too(tmp_path, capsys, encoder):
    """A folder whose files all failed (none indexed) was no rename: its rows had no moments to tell it by, so
    the run took its files at the new name as new ones (tried, failing again: exit 1), kept the failures under the
    old name offline and listed each file twice (status "Videos: 4 (0 done, 4 failed, 2 offline)"), the old
    folder "missing (an unmounted drive?)". Its failed files tell its rename now (s60 A#3): moved, their failures
    following them, counted once, and said as a renamed folder's."""
    from tests.videos import write_text_as_video

    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    (videos / "sub").mkdir(parents=True)
    write_broken_video(videos / "broken.mp4")
    with open(write_broken_video(videos / "sub" / "cut.mp4"), "ab") as f:
        f.write(b"another file")
    write_text_as_video(videos / "list.mov")  # (no video: read again at its new path, as a renamed folder's)
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 1
    before = {p: (v.video_id, v.error) for p, v in _rows(lib).items() if v.status == FAILED and "text" not in v.error}

    videos.rename(movies)
    code, out, err = run_cli(capsys, "index", movies, "--library", lib)
    said = out + err
    assert code == 0, said  # (not tried again: failed before, as a renamed folder's failed file)
    assert ("Found 3 video files: 1 to index, 0 unchanged, 2 failed before (not tried again), 0 moved, 0 removed."
            in said), said
    assert (f"The files of {videos}, which is missing, were found moved to {movies} (the folder renamed?): none "
            f"of them was indexed, their failures follow them. If it was renamed, `seekframe forget") in said, said
    rows = _rows(lib)
    assert sorted(rows) == sorted(str(movies / p) for p in ("broken.mp4", "list.mov", "sub/cut.mp4")), rows
    assert {p: (v.video_id, v.error) for p, v in rows.items() if v.status == FAILED and "text" not in v.error} == {
        p.replace(str(videos), str(movies)): kept for p, kept in before.items()}

    out = " ".join(run_cli(capsys, "status", "--library", lib)[1].split())
    assert "Videos: 2 (0 done, 2 failed)" in out, out
    assert f"Folder: {videos} offline, 0 videos (0 done, 0 failed, 0 offline); its files were found moved to " \
           f"{movies} (the folder renamed?)" in out, out  # (none of them was a video indexed: rv_2 #5, not "videos")
    # a later run says it as status does (fr_1 #1: it said "its videos"), the CLI's and the window's words alike
    code, out, err = run_cli(capsys, "index", "--library", lib)
    assert f"{videos}: missing; its files were found moved to {movies} (the folder renamed?)" in out + err, out + err
    from app.run_words import scan_messages
    from core.folder_moved import moved_before

    with VideoLibrary(str(lib), read_only=True) as library:
        said = moved_before(library.meta.settings, [str(videos)], {}, library.video_table.view().values())
    assert said == {str(videos): [str(movies), 0, True]}, said
    assert any(f"its files were found moved to {movies}" in text
               for _, text in scan_messages({"offline_roots": [str(videos)], "moved_before": said})), said
