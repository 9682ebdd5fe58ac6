"""``search --folder A`` (and the app's folder filter) where A holds links to other library
folders: the links are those A's last index met (the library setting ``folder_links``), so a
filtered search lists no folder. It walked A's tree for links on every search: 142 ms with 5,040
folders, 1.6 s with a link to /usr (benchmarks/folder_filter.py). A link removed or retargeted
counts as the last index saw it until A's next index or re-scan, as A's videos do."""

from __future__ import annotations

import json
import os
import sys

import pytest

import core.scan
from core.filters import Filters, folder_spellings
from core.library import VideoLibrary
from core.scan import scan
from core.search import Searcher
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import row
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows")


def no_listing(monkeypatch) -> list:
    """From now on, listing a folder fails the test (os.scandir, os.listdir, os.walk); returns
    the folders asked for."""
    asked = []

    def refuse(name):
        def listing(path=".", *a, **k):
            asked.append(os.fspath(path))
            raise AssertionError(f"{name}({path!r}) during a filtered search")
        return listing

    for name in ("scandir", "listdir", "walk"):
        monkeypatch.setattr(os, name, refuse(name))
    return asked


@pytest.fixture
def linked(tmp_path, capsys, monkeypatch):
    """The library folders home/A (again.mp4; toB, a link to B; sub/toC, a link to C; usr, a link
    to a tree of 300 folders holding no video), data/B (bird.mp4), data/C (cat.mp4) and data/D
    (dog.mp4), indexed in one run."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, c, d = tmp_path / "home" / "A", *(tmp_path / "data" / n for n in "BCD")
    for folder, name, colour in ((a, "again", "red"), (b, "bird", "blue"), (c, "cat", "green"), (d, "dog", "yellow")):
        write_video(folder / f"{name}.mp4", [Segment(2, colour)], seed=len(name))
    (a / "sub").mkdir()
    os.symlink(b, a / "toB")
    os.symlink(c, a / "sub" / "toC")
    for i in range(300):
        (tmp_path / "usr" / f"d{i // 20}" / f"e{i}").mkdir(parents=True)
    os.symlink(tmp_path / "usr", a / "usr")
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", a, b, c, d, "--library", lib)[0] == 0
    return tmp_path, lib


def found(capsys, lib, folder) -> list[str]:
    code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", folder)
    assert code == 0, err
    return sorted(os.path.basename(r["path"]) for r in json.loads(out))


def test_a_filtered_search_lists_no_folder(linked, monkeypatch):
    tmp, lib = linked
    a = tmp / "home" / "A"
    with VideoLibrary(lib, read_only=True) as library:
        searcher = Searcher(library, FixedTextEncoder())
        searcher.text("anything", k=20)  # (the library's first reads, before the folders are watched)
        asked = no_listing(monkeypatch)
        for folder, want in ((a, ["again.mp4", "bird.mp4", "cat.mp4"]), (a / "sub", ["cat.mp4"]),
                             (tmp / "home", ["again.mp4", "bird.mp4", "cat.mp4"]), (tmp / "data" / "D", ["dog.mp4"])):
            results = searcher.text("anything", k=20, filters=Filters(folder=str(folder)))
            assert sorted(os.path.basename(r.path) for r in results) == want, folder
        assert not asked


def test_links_count_as_the_last_index_saw_them(linked, capsys):
    """Removed or retargeted after the index: as they were until A's next index (or re-scan),
    then as they are."""
    tmp, lib = linked
    a = tmp / "home" / "A"
    os.remove(a / "toB")
    os.remove(a / "sub" / "toC")
    os.symlink(tmp / "data" / "D", a / "sub" / "toC")  # (now a link to D)
    assert found(capsys, lib, a) == ["again.mp4", "bird.mp4", "cat.mp4"]
    assert found(capsys, lib, a / "sub") == ["cat.mp4"]
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    assert found(capsys, lib, a) == ["again.mp4", "dog.mp4"]
    assert found(capsys, lib, a / "sub") == ["dog.mp4"]


def test_a_library_indexed_before_links_were_recorded_walks_the_folder(linked, capsys):
    """No ``folder_links`` in library.json (an earlier version's index): the folder's tree is
    walked, as before, until the next index records them."""
    tmp, lib = linked
    meta = json.loads((lib / "library.json").read_text())
    assert set(meta["extra"]["settings"]["folder_links"]) == {str(tmp / "home" / "A"), *(str(tmp / "data" / n)
                                                                                          for n in "BCD")}
    del meta["extra"]["settings"]["folder_links"]
    (lib / "library.json").write_text(json.dumps(meta))
    assert found(capsys, lib, tmp / "home" / "A") == ["again.mp4", "bird.mp4", "cat.mp4"]
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    assert "folder_links" in json.loads((lib / "library.json").read_text())["extra"]["settings"]


def tree(tmp_path):
    """Library folders home/A, data/B, data/C, data/D, E and G; A holds toB (B), sub/toC2023
    (into C), sub/loop (A/sub), .hidden (D, hidden: never walked), toH (a link to A/.h/x, holding
    toG: G), toData (data, above B, C and D), toX (data/x, reached through toData first,
    holding toE: E), deep/toUp (home, above A)."""
    a, b, c, d = str(tmp_path / "home" / "A"), *(str(tmp_path / "data" / n) for n in "BCD")
    e, g = str(tmp_path / "E"), str(tmp_path / "G")
    for folder in (f"{a}/sub", f"{a}/.h/x", f"{a}/deep", b, f"{c}/2023", f"{c}/2024", d, e, g,
                   str(tmp_path / "data" / "x")):
        os.makedirs(folder, exist_ok=True)
    links = {f"{a}/toB": b, f"{a}/sub/toC2023": f"{c}/2023", f"{a}/sub/loop": f"{a}/sub", f"{a}/.hidden": d,
             f"{a}/toH": f"{a}/.h/x", f"{a}/.h/x/toG": g, f"{a}/toData": str(tmp_path / "data"),
             f"{a}/toX": str(tmp_path / "data" / "x"), str(tmp_path / "data" / "x" / "toE"): e,
             f"{a}/deep/toUp": str(tmp_path / "home")}
    for link, target in links.items():
        os.symlink(target, link)
    folders = [a, b, c, d, e, g]
    return folders, {f"{f}/v.mp4": row(f"{f}/v.mp4", f) for f in folders}


def test_recorded_links_give_the_walks_spellings(tmp_path, monkeypatch):
    """The spellings from what the index recorded equal those the walk of the folder found, for
    folders in, at and above library folders, through links, and with a library folder offline."""
    folders, videos = tree(tmp_path)
    a = folders[0]
    records = scan(folders).links
    assert set(records) == set(folders)
    asked = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p=".": asked.append(p) or scandir(p))
    offline = {p: row(p, v.root, offline=True) if v.root == folders[3] else v for p, v in videos.items()}
    for rows in (videos, offline):
        for folder in (a, f"{a}/sub", f"{a}/sub/loop", f"{a}/toB", f"{a}/toH", f"{a}/toX", f"{a}/deep",
                       folders[1], str(tmp_path / "home"), str(tmp_path)):
            walked = folder_spellings(folder, folders, rows)
            asked.clear()
            assert set(folder_spellings(folder, folders, rows, records)) == set(walked), folder
            assert not asked, folder
    # (E through toX though its folder was walked through toData first; G through toH, into a hidden folder)
    assert set(folder_spellings(a, folders, videos, records)) == {*folders, f"{folders[2]}/2023"}


def test_a_folder_without_its_record_is_walked(tmp_path, monkeypatch):
    """A folder past ``MAX_RECORDED_LINKS`` links, or whose record is damaged, is walked."""
    folders, videos = tree(tmp_path)
    a = folders[0]
    want = set(folder_spellings(a, folders, videos))
    monkeypatch.setattr(core.scan, "MAX_RECORDED_LINKS", 3)
    records = scan(folders).links
    assert records[a]["links"] is None and records[folders[1]]["links"] == {}
    assert set(folder_spellings(a, folders, videos, records)) == want
    damaged = {**records, a: {"real": a, "links": {"../../etc": "/etc"}}}
    assert set(folder_spellings(a, folders, videos, damaged)) == want


def test_a_rescan_that_finds_the_links_unchanged_writes_nothing(linked, capsys):
    tmp, lib = linked
    before = (lib / "library.json").read_bytes()
    code, out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0, err
    assert (lib / "library.json").read_bytes() == before


def test_a_video_file_indexed_as_a_library_folder_walks_nothing(tmp_path, capsys, monkeypatch):
    """``seekframe index home/clip.mp4``: a search filtered to ``home``, above it and the library
    folder ``home/A``, reads ``A``'s links without walking (a file holds none)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    home, b, lib = tmp_path / "home", tmp_path / "data" / "B", tmp_path / "lib"
    write_video(home / "A" / "again.mp4", [Segment(2, "red")], seed=1)
    write_video(home / "clip.mp4", [Segment(2, "green")], seed=2)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=3)
    os.symlink(b, home / "A" / "toB")
    assert run_cli(capsys, "index", home / "A", home / "clip.mp4", b, "--library", lib)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        searcher = Searcher(library, FixedTextEncoder())
        searcher.text("anything", k=20)
        asked = no_listing(monkeypatch)
        results = searcher.text("anything", k=20, filters=Filters(folder=str(home)))
        assert sorted(os.path.basename(r.path) for r in results) == ["again.mp4", "bird.mp4", "clip.mp4"]
        assert not asked


def test_a_link_to_a_library_folder_on_a_drive_unplugged_at_the_index_counts_once_it_is_back(tmp_path, capsys,
                                                                                          monkeypatch):
    """``A/toB`` a link to the library folder ``B`` on a drive unplugged while A was indexed
    (``seekframe index A``): plugged in again, ``search --folder A`` found none of B's videos until
    A's next index, as if the link were not there (the walk records what it leads to, and it led
    nowhere); the search before walked A and found them. A link that led nowhere and leads to a
    folder now has A walked."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "home" / "A", tmp_path / "usb" / "B", tmp_path / "lib"
    write_video(a / "again.mp4", [Segment(2, "red")], seed=1)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=3)
    os.symlink(b, a / "toB")
    os.symlink(tmp_path / "gone.mp4", a / "latest.mp4")  # (a link to a file, dangling for good: never walked for)
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 0
    assert found(capsys, lib, a) == ["again.mp4", "bird.mp4"]
    os.rename(tmp_path / "usb", tmp_path / "usb-away")  # the drive unplugged
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    before = (lib / "library.json").read_bytes()
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    assert (lib / "library.json").read_bytes() == before  # (the same links met: nothing written)
    with VideoLibrary(lib, read_only=True) as library:  # still unplugged: nothing walked
        searcher = Searcher(library, FixedTextEncoder())
        searcher.text("anything", k=20)
        asked = no_listing(monkeypatch)
        assert [os.path.basename(r.path) for r in searcher.text("anything", k=20, filters=Filters(folder=str(a)))] \
            == ["again.mp4"]
        assert not asked
    monkeypatch.undo()
    use_encoder(monkeypatch, FixedTextEncoder)
    os.rename(tmp_path / "usb-away", tmp_path / "usb")  # plugged in again
    assert found(capsys, lib, a) == ["again.mp4", "bird.mp4"]


def test_a_folder_indexed_in_a_library_folder_has_its_links_recorded(tmp_path, capsys, monkeypatch):
    """``seekframe index A/sub`` (A a library folder) after a link to the library folder B was put
    in A/sub, or one was taken out: ``search --folder A/sub`` went on as A's last whole index saw
    it (the walk of sub was recorded for sub, which is no library folder, and dropped), though sub
    had just been indexed; and ``seekframe index A/sub A B`` (the walk of A leaves sub to its own)
    recorded none of sub's links. What lies under sub now comes from sub's walk."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "home" / "A", tmp_path / "data" / "B", tmp_path / "lib"
    write_video(a / "sub" / "again.mp4", [Segment(2, "red")], seed=1)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=3)
    os.symlink(b, a / "toB")
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 0
    assert found(capsys, lib, a / "sub") == ["again.mp4"]
    os.symlink(b, a / "sub" / "toB")
    assert run_cli(capsys, "index", a / "sub", "--library", lib)[0] == 0
    assert found(capsys, lib, a / "sub") == ["again.mp4", "bird.mp4"]
    os.remove(a / "sub" / "toB")
    os.remove(a / "toB")  # (outside sub: as A's last walk saw it, until A's next index)
    assert run_cli(capsys, "index", a / "sub", "--library", lib)[0] == 0
    assert found(capsys, lib, a / "sub") == ["again.mp4"]
    assert found(capsys, lib, a) == ["again.mp4", "bird.mp4"]
    os.symlink(b, a / "sub" / "toB")
    other = tmp_path / "lib2"
    assert run_cli(capsys, "index", a / "sub", a, b, "--library", other)[0] == 0
    assert found(capsys, other, a / "sub") == ["again.mp4", "bird.mp4"]
    assert found(capsys, other, a) == ["again.mp4", "bird.mp4"]


def test_records_merged_for_a_part_of_a_folder(monkeypatch):
    """A part walked replaces what its folder's record held under it, keeps the link it is (a
    root reached through one: ``index A/toX``) and what lies elsewhere; past the cap, none."""
    from core.search_links import merged_records

    folders = ["/v/A", "/v/B"]
    recorded = {"/v/A": {"real": "/v/A", "links": {"toX": "/x", "toX/old": "/o", "subway": "/s", "sub/l": "/l"}},
                "/v/B": {"real": "/v/B", "links": {}}, "/v/gone": {"real": "/v/gone", "links": {}}}
    walked = {"/v/A/toX": {"real": "/x", "links": {"new": "/n"}}, "/v/A/sub": {"real": "/v/A/sub", "links": {}}}
    assert merged_records(recorded, walked, folders) == {
        "/v/A": {"real": "/v/A", "links": {"toX": "/x", "toX/new": "/n", "subway": "/s"}},
        "/v/B": {"real": "/v/B", "links": {}}}
    monkeypatch.setattr(core.scan, "MAX_RECORDED_LINKS", 3)
    assert merged_records(recorded, walked, folders)["/v/A"]["links"] == {"toX": "/x", "toX/new": "/n", "subway": "/s"}
    walked["/v/A/sub"] = {"real": "/v/A/sub", "links": {"l2": "/l2"}}
    assert merged_records(recorded, walked, folders)["/v/A"] == {"real": "/v/A", "links": None}
    walked["/v/A/sub"] = {"real": "/v/A/sub", "links": None}  # (the part past the cap itself)
    monkeypatch.setattr(core.scan, "MAX_RECORDED_LINKS", 5000)
    assert merged_records(recorded, walked, folders)["/v/A"] == {"real": "/v/A", "links": None}
    assert merged_records(recorded, {"/v/A": recorded["/v/A"], "/v/A/sub": {"real": "/v/A/sub", "links": {}}},
                          folders)["/v/A"]["links"] == {"toX": "/x", "toX/old": "/o", "subway": "/s"}
