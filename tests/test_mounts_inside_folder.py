"""A drive mounted inside a library folder (``~/Videos/external``) and unplugged: its videos are
kept, marked offline, as a whole library folder's are; a plain subfolder deleted on purpose still
takes its videos with it. Before, the unplugged drive's videos were removed unless they were
over half of the folder's (the valve), their moments and notes lost."""

from __future__ import annotations

import os
import shutil

import pytest

from core.cli import main
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import FoundFile, ScanResult, root_identity, scan
from core.sync import plan_sync
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def index(capsys, lib, *args):
    code = main(["index", *map(str, args), "--library", str(lib)])
    return code, capsys.readouterr().err


def videos(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return {os.path.relpath(v.path, library.meta.settings.folders[0]): v for v in library.video_table.all()}


def test_an_unplugged_drive_in_the_folder_keeps_its_videos_a_deleted_subfolder_does_not(tmp_path, capsys, mounts,
                                                                                        encoder):
    folder, lib, aside = tmp_path / "Videos", tmp_path / "lib", tmp_path / "aside"
    for i, colour in enumerate(["red", "green", "blue"]):
        write_video(folder / f"home{i}.mp4", [Segment(2, colour)], seed=i)
    write_video(folder / "sub" / "trip.mp4", [Segment(2, "yellow")], seed=5)
    mounts.tmpfs(folder / "external")
    write_video(folder / "external" / "drive.mp4", [Segment(2, "white")], seed=6)
    shutil.copytree(folder / "external", aside)  # (copy2: the drive's files as they were, for its return)
    assert index(capsys, lib, folder)[0] == 0
    assert len(videos(lib)) == 5
    assert scan([str(folder)]).mounts == {str(folder): [str(folder / "external")]}

    mounts.unmount(folder / "external")  # unplugged: its empty mount point is left
    shutil.rmtree(folder / "sub")  # deleted on purpose
    code, err = index(capsys, lib)
    assert code == 0 and "1 removed" in err, err
    assert f"offline: {folder / 'external'} (its videos are kept, marked offline)" in err, err
    vids = videos(lib)
    assert sorted(vids) == ["external/drive.mp4", "home0.mp4", "home1.mp4", "home2.mp4"]
    assert vids["external/drive.mp4"].offline and vids["external/drive.mp4"].status == DONE
    assert not any(v.offline for name, v in vids.items() if name != "external/drive.mp4")

    (folder / "external").rmdir()  # (an automounter removes its mount point too)
    for _ in range(2):  # (and again: what the run recorded keeps them)
        code, err = index(capsys, lib)
        assert code == 0 and "0 removed" in err and "external/drive.mp4" in videos(lib), err

    mounts.tmpfs(folder / "external")  # plugged back: online again, nothing embedded again
    shutil.copytree(aside, folder / "external", dirs_exist_ok=True)
    embedded = encoder.embedded
    code, err = index(capsys, lib)
    assert code == 0 and "0 to index" in err and encoder.embedded == embedded, err
    assert not any(v.offline for v in videos(lib).values())

    mounts.unmount(folder / "external")  # unplugged again, and removed on purpose
    code, err = index(capsys, lib, folder, "--prune")
    assert code == 0 and "1 removed" in err and sorted(videos(lib)) == ["home0.mp4", "home1.mp4", "home2.mp4"], err


def records(root: str, names: list[str]) -> list[VideoRecord]:
    return [VideoRecord(video_id=f"{i:016x}", path=os.path.join(root, name), root=root, size=1000 + i, mtime=1.0,
                        content_hash=f"h{i}", status=DONE) for i, name in enumerate(names)]


def test_the_plan_keeps_what_a_mount_recorded_held_and_records_the_mounts(tmp_path):
    """Without mounting: the rule on what the last index recorded (library setting ``root_ids``)."""
    root = str(tmp_path / "Videos")
    os.makedirs(os.path.join(root, "ext"))
    recs = records(root, ["a.mp4", "b.mp4", "c.mp4", "ext/d.mp4", "sub/e.mp4"])
    found = ScanResult(files={r.path: FoundFile(r.path, root, r.size, r.mtime) for r in recs[:3]},
                       identities={root: root_identity(root)})
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        ident = {**vars(root_identity(root))}
        lib.update_settings(root_ids={root: ident})  # no mount recorded: both subfolders were deleted
        plan = plan_sync(lib, [root], found)
        assert sorted(os.path.basename(v.path) for v in plan.deleted) == ["d.mp4", "e.mp4"]

        lib.update_settings(root_ids={root: {**ident, "mounts": ["ext"]}})  # ext was a drive mounted there
        plan = plan_sync(lib, [root], found)
        assert [os.path.basename(v.path) for v in plan.deleted] == ["e.mp4"]
        assert [os.path.basename(v.path) for v in plan.offline] == ["d.mp4"] and not plan.held
        assert plan.linked_away == [os.path.join(root, "ext")]  # (said as offline by the run)
        assert plan.identities.get(root, {**ident, "mounts": ["ext"]})["mounts"] == ["ext"]  # (kept recorded)
        pruned = plan_sync(lib, [root], found, prune=True)
        assert sorted(os.path.basename(v.path) for v in pruned.deleted) == ["d.mp4", "e.mp4"]
        assert "mounts" not in pruned.identities.get(root, {})

        mounted = ScanResult(files=dict(found.files), identities=dict(found.identities),
                             mounts={root: [os.path.join(root, "ext")]})  # there now, d.mp4 deleted from it
        plan = plan_sync(lib, [root], mounted)
        assert sorted(os.path.basename(v.path) for v in plan.deleted) == ["d.mp4", "e.mp4"]

        lib.update_settings(root_ids={root: ident})  # a drive mounted since the last index: recorded
        assert plan_sync(lib, [root], mounted).identities[root] == {**ident, "mounts": ["ext"]}


def test_a_drive_that_is_a_library_folder_of_its_own_is_held_by_its_own_rules(tmp_path):
    """Videos/ext, a mounted drive, indexed as a library folder too: unplugged, its empty mount
    point holds its videos as any library folder's ("empty"), which `seekframe status` says."""
    root = str(tmp_path / "Videos")
    ext = os.path.join(root, "ext")
    os.makedirs(ext)
    recs = records(root, ["a.mp4", "b.mp4", "c.mp4", "ext/d.mp4"])
    found = ScanResult(files={r.path: FoundFile(r.path, root, r.size, r.mtime) for r in recs[:3]},
                       identities={root: root_identity(root), ext: root_identity(ext)})
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(root_ids={root: {**vars(root_identity(root)), "mounts": ["ext"]}})
        plan = plan_sync(lib, [root, ext], found)
        assert plan.held[ext][0] == "empty" and [os.path.basename(v.path) for v in plan.offline] == ["d.mp4"]
        assert not plan.deleted and not plan.linked_away
        plan = plan_sync(lib, [root], found)  # (the folder above alone: kept by the mount it recorded)
        assert not plan.deleted and plan.linked_away == [ext]


def test_a_damaged_record_of_mounts_is_no_mount(tmp_path):
    root = str(tmp_path / "Videos")
    os.makedirs(root)
    recs = records(root, ["a.mp4", "b.mp4", "c.mp4", "ext/d.mp4"])
    found = ScanResult(files={r.path: FoundFile(r.path, root, r.size, r.mtime) for r in recs[:3]},
                       identities={root: root_identity(root)})
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        for mounts in ("ext", [3, None, ""], ["../elsewhere", "/abs"], [".."]):
            lib.update_settings(root_ids={root: {**vars(root_identity(root)), "mounts": mounts}})
            assert [os.path.basename(v.path) for v in plan_sync(lib, [root], found).deleted] == ["d.mp4"], mounts
