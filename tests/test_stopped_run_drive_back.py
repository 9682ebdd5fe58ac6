"""A drive plugged back on another device (its folder's identity another drive's: a USB drive given a
new device number, a tmpfs mounted again) with one of its videos deleted meanwhile and a new file on
it: its vanished video is kept, held as "on another drive", which counts the folder among the run's
``offline_roots``. Found by the model-based re-scan check (seed 945): the run walked the drive and
indexed its new file, yet kept its own stopped-run record there (a root found offline keeps its
record: ``core.stopped_runs``), so `seekframe status` said an index of the drive had stopped before
it finished, and to run `seekframe index`, the command just run. Now a finished run drops the record
it wrote itself; the record of an earlier run of another drive in that folder, whose files this run
never reached, is kept."""

from __future__ import annotations

import json
import shutil

import pytest

from core import stopped_runs
from core.cli import main
from tests.fakes import cli_encoder
from tests.mounts import mounts, on_another_device  # noqa: F401 (the fixture)
from tests.stopped_index import ctrl_c_run
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


@pytest.fixture
def replugged(monkeypatch) -> set[str]:
    """The folders whose drive is plugged back on another device (a test adds each): their identity
    says another device than the one recorded, as a real unmount and mount again may."""
    return on_another_device(monkeypatch)


def status(lib, capsys) -> tuple[dict, str]:
    capsys.readouterr()
    assert main(["status", "--library", str(lib), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert main(["status", "--library", str(lib)]) == 0
    return data, capsys.readouterr().out


def folder(data: dict, path) -> dict:
    return next(f for f in data["folder_status"] if f["path"] == str(path))


def test_a_drive_back_on_a_new_device_with_a_new_file_leaves_no_stopped_run(tmp_path, capsys, encoder, replugged):
    drive, lib = tmp_path / "drive", tmp_path / "lib"
    for i, colour in enumerate(("red", "blue")):
        write_video(drive / f"{colour}.mp4", [Segment(2, colour)], seed=1 + i)
    assert main(["index", str(drive), "--library", str(lib), "-q"]) == 0

    replugged.add(str(drive))  # unplugged, then plugged back: another device number
    (drive / "blue.mp4").unlink()  # (deleted on another computer meanwhile)
    write_video(drive / "green.mp4", [Segment(2, "green")], seed=3)  # (and a new clip put there)
    assert main(["index", "--library", str(lib), "-q"]) == 0

    data, text = status(lib, capsys)
    here = folder(data, drive)
    assert here["held"] == "device" and here["videos"]["offline"] == 1  # (the vanished video kept)
    assert here["videos"]["done"] == 3, here  # red, green indexed by this run, blue kept
    assert stopped_runs.KEY not in json.loads((lib / "library.json").read_text())["extra"]["settings"]
    # Before, the run's record stayed, said by nothing while green's row told it reached; once green's
    # file is overwritten by red's (``mv -f``: green's video goes, red's, indexed long before, moves
    # there), the record counted a file left, and status said the index had stopped.
    (drive / "red.mp4").replace(drive / "green.mp4")
    assert main(["index", "--library", str(lib), "-q"]) == 0
    data, text = status(lib, capsys)
    assert folder(data, drive)["held"] == "device"  # (blue still kept)
    assert data["stopped_runs"] == [], data["stopped_runs"]
    assert "before it finished" not in text, text


def test_an_earlier_drives_stopped_run_is_kept_while_another_drive_is_in_its_folder(tmp_path, capsys, encoder,
                                                                                   replugged, monkeypatch):
    """A guard: an index of drive A stopped with files left; drive B, at the same place, holds one of
    A's clips as it was and none of the files left. The run reaches nothing of A's: the record stays,
    said again once A is back and indexed by the next run."""
    drive, lib, aside = tmp_path / "drive", tmp_path / "lib", tmp_path / "drive A"
    for i, colour in enumerate(("red", "blue")):
        write_video(drive / f"{colour}.mp4", [Segment(2, colour)], seed=1 + i)
    assert main(["index", str(drive), "--library", str(lib), "-q"]) == 0
    for i, colour in enumerate(("green", "black")):
        write_video(drive / f"new{i}.mp4", [Segment(2, colour)], seed=10 + i)
    ctrl_c_run(lib, drive, monkeypatch)
    said = (f"An index of {drive} was cancelled before it finished (2 files were still to index); "
            "`seekframe index` indexes the rest.")
    assert said in status(lib, capsys)[1]

    drive.rename(aside)  # drive A unplugged; drive B at its place, with red.mp4 as A had it
    drive.mkdir()
    (aside / "red.mp4").rename(drive / "red.mp4")
    replugged.add(str(drive))
    assert main(["index", "--library", str(lib), "-q"]) == 0
    data, text = status(lib, capsys)
    assert folder(data, drive)["held"] == "device" and said in text

    (drive / "red.mp4").rename(aside / "red.mp4")  # drive A back, on its own device
    drive.rmdir()
    aside.rename(drive)
    replugged.discard(str(drive))
    assert main(["index", "--library", str(lib), "-q"]) == 0
    data, text = status(lib, capsys)
    assert data["stopped_runs"] == [] and "before it finished" not in text
    assert folder(data, drive)["videos"]["done"] == 4


def test_a_tmpfs_drive_mounted_again_with_a_new_file_leaves_no_stopped_run(tmp_path, capsys, encoder, mounts):
    """The seed-945 shape on a real drive (a tmpfs: needs root), unmounted and mounted again."""
    drive, lib, aside = tmp_path / "drive", tmp_path / "lib", tmp_path / "aside"
    mounts.tmpfs(drive)
    for i, colour in enumerate(("red", "blue")):
        write_video(drive / f"{colour}.mp4", [Segment(2, colour)], seed=1 + i)
    assert main(["index", str(drive), "--library", str(lib), "-q"]) == 0
    aside.mkdir()
    for p in drive.iterdir():  # (copied off, with their times, as the drive keeps them)
        shutil.copy2(p, aside / p.name)
    mounts.unmount(drive)
    mounts.tmpfs(drive)  # plugged back: a new device
    shutil.copy2(aside / "red.mp4", drive / "red.mp4")
    write_video(drive / "green.mp4", [Segment(2, "green")], seed=3)
    assert main(["index", "--library", str(lib), "-q"]) == 0
    data, text = status(lib, capsys)
    assert folder(data, drive)["videos"]["offline"] == 1
    assert data["stopped_runs"] == [] and "before it finished" not in text, data["stopped_runs"]
