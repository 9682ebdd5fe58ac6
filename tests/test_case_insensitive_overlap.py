"""On a case-insensitive disk (a Mac's APFS as it comes; simulated, ``tests.casefold_fs``) a library may
list ``D/Media`` and ``D/media/Clips``: Clips added while ``D/Media`` did not answer, or each added
where case counted and copied since (offline folders are compared by spelling alone). Clips is then in
``D/Media``'s walk as ``D/Media/Clips``. Listed and there, it is passed over by being the same folder
(``core.scan``'s exclude, by ``st_dev``/``st_ino``): its videos stay its own. But held offline (its
drive away at the last re-scan, back now), it was passed over by spelling alone (``away``), so a
re-scan of ``D/Media`` (``seekframe index D/media``, the window's Add folder of it) walked it and moved
its videos' ids to ``D/Media`` ("1 video of D/media/Clips, which is missing, was found moved … `seekframe
forget` …" of a folder that is there), and the next full re-scan moved them back. An offline library
folder inside a root but for case is now looked at as the same folder too and passed over, as one
spelled inside is: its videos, ids and notes stay its own, offline until its own re-scan."""

from __future__ import annotations

import os
import shutil

import pytest

from core.library import VideoLibrary
from tests.casefold_fs import casefold
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _rows(lib) -> list[tuple[str, str, str, bool]]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return sorted((v.path, v.root, v.video_id, v.offline) for v in library.video_table.all())


def _folders(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return list(library.meta.settings.folders or [])


def _notes(lib) -> int:
    with VideoLibrary(str(lib), read_only=True) as library:
        return library.caption_table.count({v.video_id for v in library.video_table.all()})


def _listed_apart(tmp_path, capsys, monkeypatch):
    """D/Media and D/media/Clips listed, each holding a video, Clips' with a note, on a case-insensitive disk."""
    use_encoder(monkeypatch, FixedTextEncoder)
    d, lib = tmp_path / "disk" / "D", tmp_path / "lib"
    write_video(d / "Media" / "x.mp4", [Segment(2, "red")], seed=1)
    write_video(d / "media" / "Clips" / "c.mp4", [Segment(2, "blue")], seed=2)
    for folder in (d / "Media", d / "media" / "Clips"):
        assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    assert run_cli(capsys, "note", d / "media" / "Clips" / "c.mp4", "the blue one", "--library", lib)[0] == 0
    shutil.move(d / "media" / "Clips", d / "Media" / "Clips")  # (one folder D/Media now, as on such a disk)
    os.rmdir(d / "media")
    casefold(monkeypatch, tmp_path / "disk")
    return d, lib


def _as_listed(d, offline=(False, False)):
    """Each video as listed, under its own folder: (D/Media's, Clips') offline or not."""
    media, clips = str(d / "Media"), str(d / "media" / "Clips")
    return lambda rows: [(p, r, o) for p, r, _, o in rows] == [
        (os.path.join(media, "x.mp4"), media, offline[0]), (os.path.join(clips, "c.mp4"), clips, offline[1])]


@pytest.mark.slow  # (five runs: ~8 s)
def test_a_re_scan_of_the_folder_above_leaves_the_held_library_folder_s_videos_its_own(tmp_path, capsys,
                                                                                      monkeypatch):
    d, lib = _listed_apart(tmp_path, capsys, monkeypatch)
    os.rename(d, tmp_path / "disk" / "away")  # (the drive unplugged during a re-scan: both held)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    os.rename(tmp_path / "disk" / "away", d)  # (back)
    before, notes = _rows(lib), _notes(lib)
    assert _as_listed(d, (True, True))(before) and notes == 1
    code, out, err = run_cli(capsys, "index", d / "Media", "--library", lib)
    assert code == 0, out + err
    assert "found moved" not in out + err, out + err  # (old: '1 video of D/media/Clips, which is missing, was found moved')
    rows = _rows(lib)
    assert [(p, i) for p, _, i, _ in rows] == [(p, i) for p, _, i, _ in before]  # (old: under D/Media)
    assert _as_listed(d, (False, True))(rows)  # (Clips' own: offline until its own re-scan)
    code, out, err = run_cli(capsys, "index", "--library", lib)  # (every folder: Clips back, nothing moved)
    assert code == 0, out + err
    assert "moved" not in out + err or " 0 moved" in out + err, out + err
    rows = _rows(lib)
    assert _as_listed(d)(rows) and [i for *_, i, _ in rows] == [i for *_, i, _ in before] and _notes(lib) == 1


def test_a_re_scan_of_the_folder_above_leaves_a_listed_one_s_videos_its_own(tmp_path, capsys, monkeypatch):
    """Clips there and listed: passed over as the same folder (already so before: kept as a regression test)."""
    d, lib = _listed_apart(tmp_path, capsys, monkeypatch)
    before = _rows(lib)
    for args in (["index", d / "media"], ["index", d / "Media"], ["index"]):
        code, out, err = run_cli(capsys, *args, "--library", lib)
        assert code == 0, out + err
        assert "0 moved, 0 removed" in out + err and _rows(lib) == before, (args, out + err)
    assert _as_listed(d)(before) and _notes(lib) == 1


@pytest.mark.slow  # (five runs: ~8 s)
def test_the_held_folder_typed_in_another_case_is_that_library_folder(tmp_path, capsys, monkeypatch):
    """``seekframe index D/media`` (or the window's Add folder of it) while D/Media is held, its drive back:
    offline folders were compared by spelling alone, so D/media was listed as a second library folder,
    the same folder on disk, and D/Media's video moved to it ("1 video of D/Media, which is missing, was found
    moved")."""
    d, lib = _listed_apart(tmp_path, capsys, monkeypatch)
    os.rename(d, tmp_path / "disk" / "away")
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    os.rename(tmp_path / "disk" / "away", d)
    before = _rows(lib)
    code, out, err = run_cli(capsys, "index", d / "media", "--library", lib)
    assert code == 0, out + err
    assert "found moved" not in out + err, out + err
    assert _folders(lib) == [str(d / "Media"), str(d / "media" / "Clips")]  # (old: D/media listed too)
    rows = _rows(lib)
    assert [(p, i) for p, _, i, _ in rows] == [(p, i) for p, _, i, _ in before] and _as_listed(d, (False, True))(rows)
