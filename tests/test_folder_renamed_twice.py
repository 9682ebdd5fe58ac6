"""A library folder renamed twice, a run after each (``mv ~/Videos ~/Movies``, `seekframe index ~/Movies`, ``mv
~/Movies ~/Films``, `seekframe index ~/Films`): each run finds its videos moved (ids, moments and notes kept, none
read again as a copy: the second run's rule has the drive the first recorded), but `seekframe status` said ~/Videos'
videos "were found moved to ~/Movies", a folder itself missing, its videos moved on. It says where they are now,
following the chain of renames recorded (``core.folder_moved.followed``)."""

from __future__ import annotations

import json

from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_folder_renamed_rescan import _folder, _noted, _videos, encoder  # noqa: F401  (encoder: the fixture)


def test_a_folder_renamed_twice_is_said_moved_to_where_its_videos_are_now(tmp_path, capsys, encoder):
    videos, movies, films, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "Films", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "red.mp4", "the red one")
    ids = {p.rsplit("/", 1)[1]: i for p, (i, _, _) in _videos(lib).items()}
    videos.rename(movies)
    assert run_cli(capsys, "index", movies, "--library", lib, "-q")[0] == 0
    movies.rename(films)
    code, _, err = run_cli(capsys, "index", films, "--library", lib)
    assert code == 0 and "2 moved" in err and "cop" not in err, err
    assert _videos(lib) == {str(films / "red.mp4"): (ids["red.mp4"], False, ["the red one"]),
                            str(films / "blue.mp4"): (ids["blue.mp4"], False, [])}

    code, out, _ = run_cli(capsys, "status", "--library", lib)
    lines = {s.split()[1]: s for s in out.splitlines() if s.startswith("Folder:")}
    for gone in (videos, movies):
        assert f"its videos were found moved to {films} (the folder renamed?)" in lines[str(gone)], out
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    moved = {f["path"]: f.get("moved_to") for f in json.loads(out)["folder_status"]}
    assert moved == {str(videos): str(films), str(movies): str(films), str(films): None}, moved

    # (Movies there again, empty: not said moved, so no chain to follow at status; nor forgotten, as status
    # advises of it, which drops its record: Videos' record names Films itself, where its videos are)
    movies.mkdir()
    assert f"its videos were found moved to {films} (the folder renamed?)" in _status_line(capsys, lib, videos)
    # (the record as a release before the chain was followed on writing left it, library.json as it wrote it:
    # {Videos: Movies, Movies: Films}; Movies there again, empty, is not said moved, yet Videos' videos are in
    # Films: status follows the record, not only the folders it says moved now)
    meta = json.loads((lib / "library.json").read_text())
    meta["extra"]["settings"]["moved_folders"] = {str(videos): str(movies), str(movies): str(films)}
    (lib / "library.json").write_text(json.dumps(meta))
    assert f"its videos were found moved to {films} (the folder renamed?)" in _status_line(capsys, lib, videos)
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    moved = {f["path"]: f.get("moved_to") for f in json.loads(out)["folder_status"]}
    assert moved == {str(videos): str(films), str(movies): None, str(films): None}, moved
    movies.rmdir()
    assert run_cli(capsys, "forget", movies, "--library", lib)[0] == 0
    assert f"its videos were found moved to {films} (the folder renamed?)" in _status_line(capsys, lib, videos)
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.moved_folders == {str(videos): str(films)}


def test_a_chain_renamed_back_is_said_where_the_videos_are_not_the_folder_gone(tmp_path, capsys, encoder):
    """After Videos -> Movies -> Films (a run each), ``mv Films Movies`` (renamed back, no run yet): status said
    Videos' videos "were found moved to …/Films", a folder no longer there (rv_5 #3), by an old-shape record
    {Videos: Movies, Movies: Films} and by a new one {Videos: Films, Movies: Films} alike. The chain ends at a
    folder that holds the videos again: Movies; the later run's words (``moved_before``) too."""
    from core.folder_moved import moved_before

    videos, movies, films, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "Films", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    videos.rename(movies)
    assert run_cli(capsys, "index", movies, "--library", lib, "-q")[0] == 0
    movies.rename(films)
    assert run_cli(capsys, "index", films, "--library", lib, "-q")[0] == 0
    films.rename(movies)
    meta = json.loads((lib / "library.json").read_text())
    for record in ({str(videos): str(films), str(movies): str(films)}, {str(videos): str(movies),
                                                                         str(movies): str(films)}):
        meta["extra"]["settings"]["moved_folders"] = record
        (lib / "library.json").write_text(json.dumps(meta))
        code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
        moved = {f["path"]: f.get("moved_to") for f in json.loads(out)["folder_status"]}
        assert moved[str(videos)] == str(movies), (record, moved)
        assert f"its videos were found moved to {movies} (the folder renamed?)" in _status_line(capsys, lib, videos)
        with VideoLibrary(str(lib), read_only=True) as library:
            said = moved_before(library.meta.settings, [str(videos)], {}, library.video_table.view().values())
        assert said == {str(videos): [str(movies), 0, False]}, (record, said)  # (indexed videos: said "videos")


def _status_line(capsys, lib, folder) -> str:
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0, out
    return next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(folder))


def test_a_forget_of_the_middle_of_a_chain_recorded_before_keeps_where_it_ends():
    """A record left by a release that did not follow the chain as it wrote it ({Videos: Movies, Movies: Films}):
    forgetting Movies (``LibrarySettings.without``) leaves Videos naming Films, not Movies; a value edited by hand
    is kept as it was (the run and status leave it out)."""
    from core.library.meta import LibrarySettings

    settings = LibrarySettings(folders=["/v/Videos", "/v/Movies", "/v/Films", "/v/Odd"],
                               moved_folders={"/v/Videos": "/v/Movies", "/v/Movies": "/v/Films", "/v/Odd": [1]})
    assert settings.without(["/v/Movies"])["moved_folders"] == {"/v/Videos": "/v/Films", "/v/Odd": [1]}


def test_a_folder_moved_into_another_renamed_since_is_said_where_its_videos_are(tmp_path, capsys, encoder):
    """``mv Videos Archive/Videos``, a run, ``mv Archive Old``, a run: no record is keyed Archive/Videos, so the
    chain is followed by the folder Videos' videos lie in: status said "moved to …/Archive/Videos", a folder not
    on disk, before and after the forget it advises for Archive; they are in Old/Videos."""
    videos, archive, old, lib = tmp_path / "Videos", tmp_path / "Archive", tmp_path / "Old", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    _folder(archive, ("green",), seed=5)
    assert run_cli(capsys, "index", videos, archive, "--library", lib, "-q")[0] == 0
    videos.rename(archive / "Videos")
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    archive.rename(old)
    code, _, err = run_cli(capsys, "index", old, "--library", lib)
    assert code == 0 and "3 moved" in err, err
    said = f"its videos were found moved to {old / 'Videos'} (the folder renamed?)"
    assert said in _status_line(capsys, lib, videos)
    assert run_cli(capsys, "forget", archive, "--library", lib)[0] == 0
    assert said in _status_line(capsys, lib, videos)
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.moved_folders == {str(videos): str(old / "Videos")}


def test_a_chain_is_followed_by_the_folder_a_record_names_lying_in_a_renamed_one():
    """The record followed by path (``folder_moved.followed``): the deepest recorded folder a path lies in, a
    folder whose name only begins as one's (Archive2) not in it, a loop of renames ended."""
    from core.folder_moved import followed

    moved = {"/v/Archive": "/v/Old", "/v/Old/Sub": "/v/Sub2", "/v/A": "/v/B", "/v/B": "/v/A"}
    assert followed("/v/Archive/Videos", moved) == "/v/Old/Videos"
    assert followed("/v/Archive/Sub/x", moved) == "/v/Sub2/x"
    assert followed("/v/Archive2/Videos", moved) == "/v/Archive2/Videos"
    assert followed("/v/B", moved) == "/v/B"
