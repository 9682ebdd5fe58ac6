"""``search --folder A``, A a library folder holding ``A/toB``, a link to the library folder B:
the walk of A leaves B to its own folder, so the library knows B's videos as ``B/...`` only, and
the filter of A found none of them, though the user sees them under A on disk (``--folder
A/toB`` found them). Now the folder's tree is walked for links into other library folders (folders
only, each link resolved once, each library folder at most once per command; none into a library
folder whose videos are all offline)."""

from __future__ import annotations

import json
import os

from core.filters import Filters, folder_spellings
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import realpaths, row
from tests.videos import Segment, write_video


def library(tmp_path):
    """home/A (again.mp4; sub/ holding toC2023, a link to C/2023; toB, a link to B; .hidden, a link to
    D), data/B (bird.mp4), data/C (2023/x.mp4, 2024/y.mp4), data/D (d.mp4): folders and rows."""
    a, b, c, d = str(tmp_path / "home" / "A"), *(str(tmp_path / "data" / n) for n in "BCD")
    for folder in (f"{a}/sub", b, f"{c}/2023", f"{c}/2024", d):
        os.makedirs(folder)
    os.symlink(b, f"{a}/toB")
    os.symlink(f"{c}/2023", f"{a}/sub/toC2023")
    os.symlink(d, f"{a}/.hidden")  # (the index walks no hidden folder)
    os.symlink(f"{a}/sub", f"{a}/sub/loop")  # (a loop: walked once)
    rows = [(f"{a}/again.mp4", a), (f"{b}/bird.mp4", b), (f"{c}/2023/x.mp4", c), (f"{c}/2024/y.mp4", c),
            (f"{d}/d.mp4", d)]
    return [a, b, c, d], {p: row(p, root) for p, root in rows}


def passing(filters, folders, videos) -> list[str]:
    accepts = filters.matcher(folders, videos)
    return sorted(os.path.basename(p) for p, v in videos.items() if accepts(v))


def test_a_library_folder_finds_the_library_folders_its_links_lead_to(tmp_path):
    folders, videos = library(tmp_path)
    a = folders[0]
    assert passing(Filters(folder=a), folders, videos) == ["again.mp4", "bird.mp4", "x.mp4"]
    assert passing(Filters(folder=f"{a}/sub"), folders, videos) == ["x.mp4"]
    assert passing(Filters(folder=f"{a}/toB"), folders, videos) == ["bird.mp4"]  # (as before)
    assert passing(Filters(folder=folders[1]), folders, videos) == ["bird.mp4"]  # (B holds no link)
    # (a folder above A: what A's links lead to too)
    assert passing(Filters(folder=str(tmp_path / "home")), folders, videos) == ["again.mp4", "bird.mp4", "x.mp4"]


def test_links_are_resolved_once_per_command_and_never_into_an_offline_folder(tmp_path, monkeypatch):
    folders, videos = library(tmp_path)
    a, b, c, _ = folders
    calls = realpaths(monkeypatch)
    filters = Filters(folder=a, min_duration=0.0)
    for _ in range(3):
        filters.matcher(folders, videos)
    filters.folder_only().matcher(folders, videos)
    assert calls[f"{a}/toB"] == 1 and calls[f"{a}/sub/toC2023"] == 1, calls
    assert all(n <= 1 for n in calls.values()), calls
    assert not calls[f"{a}/.hidden"]
    # B's videos all offline (its drive unplugged): the link to it is neither listed nor walked
    offline = {p: (row(p, v.root, offline=True) if v.root == b else v) for p, v in videos.items()}
    calls.clear()
    assert folder_spellings(a, folders, offline) == [a, f"{c}/2023"]
    assert not calls[b]


def test_search_folder_of_a_library_folder_finds_videos_through_its_link(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    write_video(a / "again.mp4", [Segment(2, "red")], seed=1)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=2)
    os.symlink(b, a / "toB")
    assert run_cli(capsys, "index", b, "--library", lib)[0] == 0
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    for folder, found in ((a, ["again.mp4", "bird.mp4"]), (a / "toB", ["bird.mp4"]), (b, ["bird.mp4"])):
        code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", folder)
        assert code == 0, err
        assert sorted(os.path.basename(r["path"]) for r in json.loads(out)) == found, folder
