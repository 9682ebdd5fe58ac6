"""An empty library folder: a plain folder the user emptied, or an unplugged drive's mount point?
Its drive identity recorded at its last clean index (device, mount point, fsid: ``core.sync``)
tells. The same drive, the folder walked whole: the user emptied it, and its videos are removed
by the re-scan (before: kept offline, "the folder is empty (an unmounted drive?)", until
``--prune``; tests/test_emptied_folder_moves.py). Held as before, with the same words:

- a library indexed before identities were recorded (none to tell): the cautious guess;
- a folder in it that the walk could not open or list: its videos may be there;
- another drive, or no longer a mount point (tests/test_prune_guard.py, test_unplugged_videos_stay.py).
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from core.cli import main
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import FoundFile, RootIdentity, ScanResult, root_identity
from core.sync import plan_sync
from core.sync_held import HOLD_REASONS
from tests.fakes import cli_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def test_a_library_without_recorded_identities_still_holds_an_emptied_folder(tmp_path, capsys, encoder):
    folder, lib = tmp_path / "clips", tmp_path / "lib"
    for i, colour in enumerate(["red", "blue"]):
        write_video(folder / f"{colour}.mp4", [Segment(2, colour)], seed=i + 1)
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    with VideoLibrary(lib) as library:  # (as a library indexed before identities were recorded)
        library.update_settings(root_ids=None)
    for f in folder.iterdir():
        f.unlink()
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 removed" in err and f"2 videos seem to be gone from {folder} ({HOLD_REASONS['empty']})" in err, err
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert f"Folder:  {folder}  offline, 2 videos (2 done, 0 failed, 2 offline); kept: {HOLD_REASONS['empty']}" in out
    assert main(["status", "--library", str(lib), "--json"]) == 0
    f = json.loads(capsys.readouterr().out)["folder_status"][0]
    assert (f["online"], f["held"], f["why"]) == (False, "empty", HOLD_REASONS["empty"])


def _plan(tmp_path, identity_now, problems=()):
    """A library folder with 2 indexed videos and its identity recorded, re-scanned empty: the plan."""
    root = tmp_path / "clips"
    root.mkdir()
    here = root_identity(str(root))
    recs = [VideoRecord(video_id=f"{i:016x}", path=str(root / f"v{i}.mp4"), root=str(root), size=1000 + i,
                        mtime=1.0, content_hash=f"h{i}", status=DONE) for i in range(2)]
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)], root_ids={str(root): asdict(here)})
        scan = ScanResult(identities={str(root): identity_now(here)}, problems=list(problems))
        return str(root), plan_sync(lib, [str(root)], scan)


def test_a_plain_folder_emptied_on_its_drive_has_its_videos_removed(tmp_path):
    root, plan = _plan(tmp_path, lambda here: here)
    assert len(plan.deleted) == 2 and not plan.held and not plan.offline and root in plan.judged


@pytest.mark.parametrize("identity_now", [
    lambda here: RootIdentity(here.device + 1, here.mount_point, here.fsid),  # another drive's mount point
    lambda here: RootIdentity(here.device, here.mount_point, here.fsid + 1),  # another file system
], ids=["another device", "another fsid"])
def test_an_empty_mount_point_keeps_its_videos(tmp_path, identity_now):
    root, plan = _plan(tmp_path, identity_now)
    assert plan.deleted == [] and plan.held[root][0] == "empty" and len(plan.offline) == 2


def test_an_emptied_folder_with_a_folder_it_could_not_read_keeps_its_videos(tmp_path):
    problem = (str(tmp_path / "clips" / "sub"), "cannot list folder: Permission denied")
    root, plan = _plan(tmp_path, lambda here: here, [problem])
    assert plan.deleted == [] and plan.held[root][0] == "empty" and len(plan.offline) == 2


def test_the_videos_of_a_folder_the_walk_could_not_read_are_kept_as_they_are(tmp_path):
    """A subfolder the walk could not list (its permissions taken away, an I/O error) in a folder
    that still holds videos: its videos were taken as deleted (1 of 4: under the valve), their
    moments gone, though nothing said their files were. Now they are kept as they are."""
    root = tmp_path / "clips"
    (root / "sub").mkdir(parents=True)
    here = root_identity(str(root))
    recs = [VideoRecord(video_id=f"{i:016x}", path=str(root / ("sub" if i == 0 else "") / f"v{i}.mp4"),
                        root=str(root), size=1000 + i, mtime=1.0, content_hash=f"h{i}", status=DONE)
            for i in range(4)]
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)], root_ids={str(root): asdict(here)})
        scan = ScanResult(files={r.path: FoundFile(r.path, str(root), r.size, r.mtime) for r in recs[1:]},
                          identities={str(root): here},
                          problems=[(str(root / "sub"), "cannot list folder: Permission denied")])
        plan = plan_sync(lib, [str(root)], scan)
        assert plan.deleted == [] and not plan.held and plan.offline == [], plan.deleted
        gone = ScanResult(files=scan.files, identities={str(root): here})  # (listed, and not there: deleted)
        assert [v.video_id for v in plan_sync(lib, [str(root)], gone).deleted] == [recs[0].video_id]
