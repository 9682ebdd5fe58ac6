"""The links each library folder's last walk met (library setting ``folder_links``, read by
``search --folder``) stayed in library.json for a folder forgotten until the next index, and a
library folder inside another listed one kept its own stale record after the one above was
indexed (its walk went through it): ``search --folder`` read them. A forget or a fold now drops
the records of the folders it unlists, and an index of a folder updates those of the library
folders inside it."""

from __future__ import annotations

import os
import sys

import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_search_folder_links_recorded import found
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows")


def records(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return dict(library.meta.settings.folder_links or {})


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """home/A (again.mp4, sub/sun.mp4) and data/B (bird.mp4)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b = tmp_path / "home" / "A", tmp_path / "data" / "B"
    write_video(a / "again.mp4", [Segment(2, "red")], seed=1)
    write_video(a / "sub" / "sun.mp4", [Segment(2, "yellow")], seed=2)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=3)
    return a, b, tmp_path / "lib"


def test_a_forgotten_folders_links_go_with_it(folders, capsys):
    """A (A/toB, a link to B) forgotten, the link taken out, then A added again by a run cancelled in
    its scan: ``search --folder A`` found B's bird through the link A no longer holds (A's record from
    before the forget); now A has none, and its tree is walked."""
    a, b, lib = folders
    os.symlink(b, a / "toB")
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 0
    assert found(capsys, lib, a) == ["again.mp4", "bird.mp4", "sun.mp4"]
    assert run_cli(capsys, "forget", a, "--library", lib)[0] == 0
    assert set(records(lib)) == {str(b)}
    os.remove(a / "toB")
    cancelled_in_its_scan(lib, a)  # (listed again, nothing walked or recorded)
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.settings.folders == [str(b), str(a)]
    assert found(capsys, lib, a) == []


def cancelled_in_its_scan(lib, folder) -> None:
    """``seekframe index FOLDER`` stopped in its scan: its folders listed (a fold done), nothing walked."""
    with VideoLibrary(lib) as library:
        indexer = MomentIndexer(library, FixedTextEncoder(), IndexOptions(two_pass=False, part_of_folder=True))
        indexer.cancel()
        assert [e.kind for e in indexer.run([str(folder)])] == ["cancelled"]


def test_a_folder_taken_in_leaves_no_record(folders, capsys):
    """Its record goes in the write that unlists it, even when the run is stopped before it walks."""
    a, b, lib = folders
    os.symlink(b, a / "sub" / "toB")
    assert run_cli(capsys, "index", a / "sub", b, "--library", lib)[0] == 0
    assert set(records(lib)) == {str(a / "sub"), str(b)}
    cancelled_in_its_scan(lib, a)  # takes sub in
    assert set(records(lib)) == {str(b)}
    assert found(capsys, lib, a / "sub") == ["bird.mp4", "sun.mp4"]  # (walked: A has no record yet)
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    assert set(records(lib)) == {str(a), str(b)}
    assert found(capsys, lib, a / "sub") == ["bird.mp4", "sun.mp4"]
    assert found(capsys, lib, a) == ["again.mp4", "bird.mp4", "sun.mp4"]


def test_a_library_folder_inside_an_indexed_one_has_its_record_from_that_walk(folders, capsys):
    """A and A/sub both listed (an earlier version's adds); a link to B put in A/sub, then ``seekframe
    index A``, whose walk goes through sub: ``search --folder A`` (and A/sub) went on without B's bird,
    as sub's own last index saw it, until sub itself was indexed."""
    a, b, lib = folders
    with VideoLibrary(lib) as library:
        for folder in (a / "sub", a, b):  # (no part_of_folder: each listed, as the app's adds did)
            list(MomentIndexer(library, FixedTextEncoder(), IndexOptions(two_pass=False)).run([str(folder)]))
        assert library.meta.settings.folders == [str(a / "sub"), str(a), str(b)]
    assert found(capsys, lib, a) == ["again.mp4", "sun.mp4"]
    os.symlink(b, a / "sub" / "toB")
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    assert records(lib)[str(a / "sub")] == {"real": str(a / "sub"), "links": {"toB": str(b)}}
    assert found(capsys, lib, a) == ["again.mp4", "bird.mp4", "sun.mp4"]
    assert found(capsys, lib, a / "sub") == ["bird.mp4", "sun.mp4"]
    os.remove(a / "sub" / "toB")
    assert run_cli(capsys, "index", "--library", lib)[0] == 0  # (a re-scan of all: each walked on its own)
    assert records(lib)[str(a / "sub")] == {"real": str(a / "sub"), "links": {}}
    assert found(capsys, lib, a) == ["again.mp4", "sun.mp4"]


def test_nested_records_leave_hidden_linked_and_missing_folders_theirs(monkeypatch):
    from core.search_links import merged_records

    folders = ["/v/A", "/v/A/sub", "/v/A/.hid/n", "/v/A/toX/n", "/v/A/gone"]
    old = {f: {"real": f, "links": {"old": "/o"}} for f in folders}
    walked = {"/v/A": {"real": "/r/A", "links": {"sub/l": "/l", "toX": "/x", "toX/n/m": "/m"}}}
    monkeypatch.setattr(os.path, "exists", lambda p: p != "/v/A/gone")
    out = merged_records(old, walked, folders)
    assert out["/v/A/sub"] == {"real": "/r/A/sub", "links": {"l": "/l"}}
    assert {f: out[f] for f in folders[2:]} == {f: old[f] for f in folders[2:]}
    walked["/v/A/sub"] = {"real": "/v/A/sub", "links": {}}  # (walked on its own too: its own walk's)
    assert merged_records(old, walked, folders)["/v/A/sub"] == {"real": "/v/A/sub", "links": {}}
