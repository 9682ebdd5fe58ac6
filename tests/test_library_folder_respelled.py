"""A library folder whose name the disk now spells in its other Unicode form (``Médias`` listed
composed, NFC, then a Mac's copy, decomposed, NFD, put in its place, its files' names decomposed too):
``seekframe status`` said it "offline ... kept: the folder is missing or cannot be read (an unmounted
drive?)", the library panel showed it "(offline)" (``app.engine.session_status``'s offline folders),
and every re-scan said it offline and marked its videos offline, for good. Now status and the panel
count it there, and the re-scan lists it under the disk's spelling, its videos kept (ids, notes),
nothing embedded again; those an earlier re-scan marked offline are back."""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from core.library import VideoLibrary
from core.library_status import library_status
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

FOLDER, CLIP = "Médias", "Café.mp4"


def _nf(form: str, text: str) -> str:
    return unicodedata.normalize(form, text)


@pytest.fixture
def respelled(tmp_path, capsys, monkeypatch):
    """The folder indexed composed, with a note on its Café.mp4, then put back decomposed (the folder's
    name and its files'), as a copy from a Mac: (library, as listed, on disk, the video's path on disk)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    listed, lib = str(tmp_path / _nf("NFC", FOLDER)), tmp_path / "lib"
    write_video(os.path.join(listed, _nf("NFC", CLIP)), [Segment(2, "red")], seed=1)
    write_video(os.path.join(listed, "plain.mp4"), [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", listed, "--library", lib, "-q")[0] == 0
    assert run_cli(capsys, "note", os.path.join(listed, _nf("NFC", CLIP)), "the terrace", "--library", lib)[0] == 0
    on_disk = str(tmp_path / _nf("NFD", FOLDER))
    os.rename(listed, on_disk)
    os.rename(os.path.join(on_disk, _nf("NFC", CLIP)), os.path.join(on_disk, _nf("NFD", CLIP)))
    return lib, listed, on_disk, os.path.join(on_disk, _nf("NFD", CLIP))


def _ids(lib) -> dict[str, str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return {v.video_id: v.path for v in library.video_table.all()}


def test_status_and_the_panel_count_it_there(respelled, capsys):
    from app.engine import session_status

    lib, listed, on_disk, _ = respelled
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and f"Folder:  {listed}  online, 2 videos (2 done, 0 failed, 0 offline)" in out, out
    assert "spelled decomposed (NFD, as a Mac writes names) on disk now: the next re-scan lists it so" in out, out
    assert "missing" not in out and "unmounted" not in out, out
    code, out, err = run_cli(capsys, "status", "--library", lib, "--json")
    folder = json.loads(out)["folder_status"][0]
    assert (folder["online"], folder["spelled_on_disk"]) == (True, on_disk), folder
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library_status(library).offline_folders == ()
        assert session_status(library, True).offline_folders == ()


def test_the_rescan_lists_it_as_the_disk_spells_it_its_videos_kept(respelled, capsys):
    lib, listed, on_disk, cafe = respelled
    before = _ids(lib)
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and f"The library's folder {listed} is spelled decomposed" in err, err
    assert "Nothing new to index" in err and "offline" not in err, err
    after = _ids(lib)
    assert set(after) == set(before) and sorted(after.values()) == sorted([cafe, os.path.join(on_disk, "plain.mp4")])
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.folders == [on_disk]
        assert not any(v.offline for v in library.video_table.all())
    code, out, err = run_cli(capsys, "captions", cafe, "--library", lib)
    assert code == 0 and "the terrace" in out, out + err
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert f"Folder:  {on_disk}  online, 2 videos (2 done, 0 failed, 0 offline)" in out and "spelled" not in out, out
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (and once more: nothing to do)
    assert code == 0 and "spelled" not in err and "Nothing new to index" in err, err


def test_videos_an_earlier_rescan_kept_offline_are_back(respelled, capsys):
    lib, listed, on_disk, _ = respelled
    with VideoLibrary(str(lib)) as library:  # (as a re-scan before this one left it: missing, its videos offline)
        library.update_settings(held_roots={listed: "missing"})
        library.video_table.set_offline([v.video_id for v in library.video_table.all()], True)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert f"Folder:  {listed}  online" in out and "its 2 videos offline are back then" in out, out
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "Nothing new to index" in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.folders == [on_disk] and not (library.meta.settings.held_roots or {})
        assert not any(v.offline for v in library.video_table.all())


def test_a_folder_there_as_listed_beside_its_other_spelling_is_left_as_it_is(tmp_path, capsys, monkeypatch):
    """Both spellings there (two folders to Linux): the one listed is there, nothing renamed."""
    use_encoder(monkeypatch, FixedTextEncoder)
    listed, lib = str(tmp_path / _nf("NFC", FOLDER)), tmp_path / "lib"
    write_video(os.path.join(listed, "a.mp4"), [Segment(2, "red")], seed=1)
    assert run_cli(capsys, "index", listed, "--library", lib, "-q")[0] == 0
    write_video(tmp_path / _nf("NFD", FOLDER) / "b.mp4", [Segment(2, "blue")], seed=2)
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "spelled" not in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.folders == [listed]


def test_a_distinct_folder_of_the_other_spelling_is_not_taken_for_it(tmp_path, capsys, monkeypatch):
    """The folder listed gone (its drive unplugged) and a folder of its name's other spelling there holding
    none of its videos (another folder, on the computer's own disk): not it, the folder stays offline."""
    use_encoder(monkeypatch, FixedTextEncoder)
    listed, lib = str(tmp_path / _nf("NFC", FOLDER)), tmp_path / "lib"
    write_video(os.path.join(listed, "a.mp4"), [Segment(2, "red")], seed=1)
    assert run_cli(capsys, "index", listed, "--library", lib, "-q")[0] == 0
    os.rename(listed, tmp_path / "away")
    write_video(tmp_path / _nf("NFD", FOLDER) / "b.mp4", [Segment(2, "blue")], seed=2)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert f"Folder:  {listed}  offline" in out and "spelled" not in out, out
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "spelled" not in err and f"offline: {listed}" in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.meta.settings.folders == [listed]
