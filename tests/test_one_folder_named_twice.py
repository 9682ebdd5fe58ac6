"""One folder named twice in one ``seekframe index``: ``index ~/Videos ~/videos`` on a
case-insensitive file system (simulated: ``tests.casefold_fs``), or ``index A lnk`` with ``lnk`` a
link to ``A`` on any system. The second name is the same folder: the run lists one library folder
and says the second name is the first, indexed once (it listed two, one of them empty). Two folders
whose names differ only in case stay two where the disk tells case apart."""

from __future__ import annotations

import os

from tests.casefold_fs import casefold
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_cli_index_unicode_twins import _folders, _rows  # (the library's folders; its rows' path, root)
from tests.videos import Segment, write_video


def test_a_folder_named_in_two_cases_in_one_run_is_listed_once(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    home, lib = tmp_path / "disk" / "home", tmp_path / "lib"
    write_video(home / "Videos" / "beach.mp4", [Segment(2, "red")], seed=1)
    casefold(monkeypatch, tmp_path / "disk")
    code, out, err = run_cli(capsys, "index", home / "Videos", home / "videos", "--library", lib)
    assert code == 0, out + err
    folder = str(home / "Videos")
    assert _folders(lib) == [folder]
    assert _rows(lib) == [(os.path.join(folder, "beach.mp4"), folder)]
    assert (f"{home / 'videos'} is {folder}, on this disk, which does not tell upper from lower case: "
            "indexed once.") in err, err


def test_a_folder_and_a_link_to_it_in_one_run_are_listed_once(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, lib = tmp_path / "A", tmp_path / "lib"
    write_video(a / "beach.mp4", [Segment(2, "red")], seed=1)
    os.symlink(a, tmp_path / "lnk")
    code, out, err = run_cli(capsys, "index", tmp_path / "lnk", a, "--library", lib)  # (the link first)
    assert code == 0, out + err
    assert _folders(lib) == [str(a)]  # (the name not through a link)
    assert _rows(lib) == [(str(a / "beach.mp4"), str(a))]
    assert f"{tmp_path / 'lnk'} is {a}, reached through a link: indexed once." in err, err


def test_a_link_into_a_folder_named_in_the_same_run_is_part_of_it(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, lib = tmp_path / "A", tmp_path / "lib"
    write_video(a / "trip" / "beach.mp4", [Segment(2, "red")], seed=1)
    os.symlink(a, tmp_path / "lnk")
    code, out, err = run_cli(capsys, "index", a, tmp_path / "lnk" / "trip", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(a)]
    assert _rows(lib) == [(str(a / "trip" / "beach.mp4"), str(a))]


def test_two_folders_of_two_cases_in_one_run_stay_two_where_case_counts(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    home, lib = tmp_path / "home", tmp_path / "lib"
    write_video(home / "Videos" / "beach.mp4", [Segment(2, "red")], seed=1)
    write_video(home / "videos" / "snow.mp4", [Segment(2, "blue")], seed=2)
    code, out, err = run_cli(capsys, "index", home / "Videos", home / "videos", "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(home / "Videos"), str(home / "videos")]
    assert "indexed once" not in err


def test_a_folder_named_through_a_link_before_the_folder_it_lies_in_is_part_of_it(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, lib = tmp_path / "A", tmp_path / "lib"
    write_video(a / "trip" / "beach.mp4", [Segment(2, "red")], seed=1)
    os.symlink(a, tmp_path / "lnk")
    code, out, err = run_cli(capsys, "index", tmp_path / "lnk" / "trip", a, "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(a)]
    assert _rows(lib) == [(str(a / "trip" / "beach.mp4"), str(a))]


def test_a_folder_in_another_case_named_before_the_folder_it_lies_in_is_part_of_it(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    home, lib = tmp_path / "disk" / "home", tmp_path / "lib"
    write_video(home / "Videos" / "Trip" / "beach.mp4", [Segment(2, "red")], seed=1)
    casefold(monkeypatch, tmp_path / "disk")
    code, out, err = run_cli(capsys, "index", home / "videos" / "trip", home / "Videos", "--library", lib)
    assert code == 0, out + err
    folder = str(home / "Videos")
    assert _folders(lib) == [folder]
    assert _rows(lib) == [(os.path.join(folder, "Trip", "beach.mp4"), folder)]
