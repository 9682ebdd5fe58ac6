"""Vanished videos are removed only where that looks like a deletion (issue 10, points 1 and 13).

An unmounted drive can leave an empty mount point, or a folder on another device: its videos are
kept, marked offline, and the run says so. A run that would remove more than half of a folder's
videos (or more than ``VALVE_MAX``) keeps them too, until ``seekframe index --prune``. A file
whose mtime alone changed (touched) keeps its vectors.
"""

from __future__ import annotations

import os
import shutil

import pytest

import core.cli
import core.scan
from core.cli import main
from core.indexer import MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import FoundFile, RootIdentity, ScanResult
from core.sync import plan_sync
from core.sync_held import VALVE_MAX
from tests.fakes import ColourMeanEncoder
from tests.mounts import on_another_device
from tests.videos import Segment, write_video

COLOURS = ["red", "green", "blue", "yellow"]


FakeEncoder = ColourMeanEncoder  # embeds a moment as its mean colour, counts what it embeds


@pytest.fixture
def encoder(monkeypatch):
    enc = FakeEncoder()
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: enc)
    return enc


def make_drive(folder, n=4):
    for i in range(n):
        write_video(folder / f"clip{i}.mp4", [Segment(2, COLOURS[i % 4])], seed=i)
    return folder


def index(capsys, drive, lib, *extra):
    code = main(["index", str(drive), "--library", str(lib), *extra])
    out, err = capsys.readouterr()
    return code, err


def videos(lib):
    with VideoLibrary(lib, read_only=True) as library:
        return {os.path.basename(v.path): v for v in library.video_table.all()}


def unmount(drive, mount_points):
    """What an unmounted drive leaves: its files elsewhere, an empty directory in its place, on the
    computer's disk (another device than the drive's: ``mount_points``, tests.mounts.on_another_device)."""
    away = drive.with_name(drive.name + "-unplugged")
    drive.rename(away)
    drive.mkdir()
    mount_points.add(str(drive))
    return away


def plug_back(drive, away, mount_points):
    drive.rmdir()
    away.rename(drive)
    mount_points.discard(str(drive))


def test_empty_mount_point_keeps_every_video_offline(tmp_path, capsys, encoder, monkeypatch):
    drive, lib = make_drive(tmp_path / "drive", n=3), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    mount_points = on_another_device(monkeypatch)
    away = unmount(drive, mount_points)

    code, err = index(capsys, drive, lib)
    assert code == 0
    assert "0 removed" in err and "3 videos seem to be gone" in err and "nothing was removed" in err
    assert "--prune" in err and str(drive) in err
    vids = videos(lib)
    assert len(vids) == 3 and all(v.offline and v.status == DONE for v in vids.values())
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert "Offline videos: 3" in out and f"{drive}: 3 offline" in out

    plug_back(drive, away, mount_points)  # back: online again, nothing re-embedded
    embedded = encoder.embedded
    code, err = index(capsys, drive, lib)
    assert code == 0 and "0 to index" in err and encoder.embedded == embedded
    assert not any(v.offline for v in videos(lib).values())


def test_prune_removes_the_videos_of_an_empty_mount_point(tmp_path, capsys, encoder, monkeypatch):
    drive, lib = make_drive(tmp_path / "drive", n=3), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    unmount(drive, on_another_device(monkeypatch))  # (the drive was never plugged back: gone for good)
    assert len(videos(lib)) == 3 and index(capsys, drive, lib)[0] == 0
    assert len(videos(lib)) == 3
    code, err = index(capsys, drive, lib, "--prune")
    assert code == 0 and "3 removed" in err and videos(lib) == {}


def test_a_folder_now_on_another_device_is_offline(tmp_path, capsys, encoder, monkeypatch):
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    real = core.scan.root_identity

    def other_device(root, st=None):
        ident = real(root, st)
        return ident and RootIdentity(device=ident.device + 1, mount_point=ident.mount_point)

    monkeypatch.setattr(core.scan, "root_identity", other_device)
    os.remove(drive / "clip0.mp4")  # one of four: on the same device this is a plain deletion
    code, err = index(capsys, drive, lib)
    assert code == 0 and "0 removed" in err and "another drive" in err and "--prune" in err
    vids = videos(lib)
    assert len(vids) == 4 and vids["clip0.mp4"].offline
    assert not any(v.offline for n, v in vids.items() if n != "clip0.mp4")


def test_another_device_with_every_file_present_is_simply_recorded(tmp_path, capsys, encoder, monkeypatch):
    """A drive that comes back with a new device number (a replug) is not offline: once nothing
    is missing, its new identity is recorded and later deletions are plain deletions."""
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    real = core.scan.root_identity
    monkeypatch.setattr(core.scan, "root_identity",
                        lambda root, st=None: RootIdentity(real(root, st).device + 7, False))
    code, err = index(capsys, drive, lib)
    assert code == 0 and "offline" not in err and not any(v.offline for v in videos(lib).values())
    os.remove(drive / "clip0.mp4")
    code, err = index(capsys, drive, lib)
    assert code == 0 and "1 removed" in err and "clip0.mp4" not in videos(lib)


def test_a_mount_point_that_is_no_longer_one_is_offline(tmp_path, capsys, encoder, monkeypatch):
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    real = core.scan.root_identity
    monkeypatch.setattr(core.scan, "root_identity", lambda root, st=None: RootIdentity(real(root, st).device, True))
    assert index(capsys, drive, lib)[0] == 0
    monkeypatch.setattr(core.scan, "root_identity", lambda root, st=None: RootIdentity(real(root, st).device, False))
    os.remove(drive / "clip1.mp4")
    code, err = index(capsys, drive, lib)
    assert "0 removed" in err and videos(lib)["clip1.mp4"].offline


def test_valve_holds_a_run_that_would_remove_most_of_a_folder(tmp_path, capsys, encoder):
    """A folder whose drive cannot be told (here, indexed before identities were recorded; on its own
    drive, the user's deletions are removed: tests/test_valve_same_drive.py)."""
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    with VideoLibrary(lib) as library:
        library.update_settings(root_ids=None)
    for i in (0, 1, 2):
        os.remove(drive / f"clip{i}.mp4")
    code, err = index(capsys, drive, lib)
    assert code == 0 and "0 removed" in err
    assert "3 videos seem to be gone" in err and "nothing was removed" in err and "--prune" in err
    vids = videos(lib)
    assert len(vids) == 4 and [n for n, v in sorted(vids.items()) if v.offline] == ["clip0.mp4", "clip1.mp4", "clip2.mp4"]
    assert not vids["clip3.mp4"].offline

    code, err = index(capsys, drive, lib, "--prune")
    assert code == 0 and "3 removed" in err and set(videos(lib)) == {"clip3.mp4"}


def test_removing_a_few_videos_still_prunes_them(tmp_path, capsys, encoder):
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    os.remove(drive / "clip2.mp4")
    os.rename(drive / "clip0.mp4", drive / "renamed.mp4")  # a rename is no removal
    shutil.copy(drive / "clip1.mp4", drive / "copy.mp4")
    code, err = index(capsys, drive, lib)
    assert code == 0 and "1 removed" in err and "1 moved" in err and "seem to be gone" not in err
    assert set(videos(lib)) == {"renamed.mp4", "clip1.mp4", "copy.mp4", "clip3.mp4"}


def test_valve_caps_removals_per_folder_in_absolute_numbers(tmp_path):
    """Fewer than half, but more than VALVE_MAX videos gone from one folder: held."""
    root = str(tmp_path / "big")
    os.makedirs(root)
    n, gone = 2 * VALVE_MAX + 100, VALVE_MAX + 10
    recs = [VideoRecord(video_id=f"{i:016x}", path=f"{root}/v{i}.mp4", root=root, size=1000 + i,
                        mtime=1.0, content_hash=f"h{i}", status=DONE) for i in range(n)]
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        found = ScanResult(files={r.path: FoundFile(r.path, root, r.size, r.mtime) for r in recs[gone:]})
        plan = plan_sync(lib, [root], found)
        assert plan.deleted == [] and len(plan.offline) == gone and plan.held[root][0] == "valve"
        plan = plan_sync(lib, [root], found, prune=True)
        assert len(plan.deleted) == gone and not plan.held
        few = ScanResult(files={r.path: FoundFile(r.path, root, r.size, r.mtime) for r in recs[10:]})
        assert len(plan_sync(lib, [root], few).deleted) == 10


def test_touched_file_is_not_embedded_again(tmp_path, capsys, encoder):
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    before = videos(lib)["clip1.mp4"]
    embedded = encoder.embedded
    st = os.stat(drive / "clip1.mp4")
    os.utime(drive / "clip1.mp4", (st.st_atime, st.st_mtime + 3600))  # touch: mtime only

    code, err = index(capsys, drive, lib)
    assert code == 0 and "0 to index" in err and encoder.embedded == embedded
    after = videos(lib)["clip1.mp4"]
    assert after.mtime == pytest.approx(st.st_mtime + 3600) and after.epoch == before.epoch
    assert after.video_id == before.video_id and after.n_moments == before.n_moments
    # the new mtime is stored: the next run does not even hash it again
    assert index(capsys, drive, lib)[1].count("0 to index") == 1


def test_changed_content_of_the_same_size_is_embedded_again(tmp_path, capsys, encoder):
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    path = drive / "clip1.mp4"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, other content
    path.write_bytes(bytes(data))
    code, err = index(capsys, drive, lib)
    assert "1 to index" in err


def test_cancel_during_the_scan_removes_nothing(tmp_path, capsys, encoder):
    drive, lib = make_drive(tmp_path / "drive"), tmp_path / "lib"
    assert index(capsys, drive, lib)[0] == 0
    with VideoLibrary(lib) as library:
        indexer = MomentIndexer(library, encoder)
        indexer.cancel()  # the scan sees it at once and lists nothing
        events = list(indexer.run([str(drive)]))
    assert events[-1].kind == "cancelled" and len(videos(lib)) == 4
