"""A drive mounted in a library folder comes back at another mount point (``media/DRIVE``
unplugged, back at ``media/DRIVE1`` with the same files, as automounters do when the old mount
point is left behind): its videos are found moved, keeping their moments and notes, and none is
left behind as an offline duplicate. Since a8a4af7 kept an unplugged drive's videos, they were
never taken as moved: the drive was embedded again and its old rows stayed offline."""

from __future__ import annotations

import os
import shutil

import pytest

from core.cli import main
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import FoundFile, ScanResult, content_hash, root_identity
from core.sync import plan_sync
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video


def _file(path, data: bytes) -> FoundFile:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    st = os.stat(path)
    return FoundFile(path, os.path.dirname(os.path.dirname(path)), st.st_size, st.st_mtime)


def test_the_plan_takes_an_unplugged_drives_videos_found_elsewhere_as_moved(tmp_path):
    """Without mounting: the last index recorded DRIVE as a mount; now DRIVE is no mount (empty)
    and DRIVE1 holds its files."""
    root = str(tmp_path / "media")
    home = _file(os.path.join(root, "local", "home.mp4"), b"home")
    os.makedirs(os.path.join(root, "DRIVE"))
    there = [_file(os.path.join(root, "DRIVE1", f"trip{i}.mp4"), b"trip %d" % i) for i in range(2)]
    other = _file(os.path.join(root, "DRIVE1", "new.mp4"), b"a new file")
    recs = [VideoRecord(video_id=f"{i:016x}", path=os.path.join(root, "DRIVE", f"trip{i}.mp4"), root=root,
                        size=f.size, mtime=f.mtime - 100, content_hash=content_hash(f.path), status=DONE)
            for i, f in enumerate(there)]
    recs.append(VideoRecord(video_id="a" * 16, path=home.path, root=root, size=home.size, mtime=home.mtime,
                            content_hash=content_hash(home.path), status=DONE))
    recs.append(VideoRecord(video_id="b" * 16, path=os.path.join(root, "DRIVE", "kept.mp4"), root=root, size=9,
                            mtime=1.0, content_hash="not found anywhere", status=DONE))
    found = ScanResult(files={f.path: f for f in [home, *there, other]}, identities={root: root_identity(root)},
                       mounts={root: [os.path.join(root, "DRIVE1")]})
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        ident = {**vars(root_identity(root)), "mounts": ["DRIVE"]}
        lib.update_settings(root_ids={root: ident})
        plan = plan_sync(lib, [root], found)
        assert sorted((os.path.relpath(src.path, root), os.path.relpath(f.path, root)) for src, f in plan.moved) == [
            ("DRIVE/trip0.mp4", "DRIVE1/trip0.mp4"), ("DRIVE/trip1.mp4", "DRIVE1/trip1.mp4")]
        assert [os.path.basename(v.path) for v in plan.to_index] == ["new.mp4"]
        assert [os.path.basename(v.path) for v in plan.offline] == ["kept.mp4"] and not plan.deleted
        assert plan.linked_away == [os.path.join(root, "DRIVE")]  # (kept.mp4 is still away on it)
        assert plan.identities[root]["mounts"] == ["DRIVE", "DRIVE1"]

        lib.video_table.delete(["b" * 16])  # all of the drive's videos found moved: DRIVE is no longer recorded
        plan = plan_sync(lib, [root], found)
        assert len(plan.moved) == 2 and not plan.offline and not plan.deleted and not plan.linked_away
        assert plan.identities[root]["mounts"] == ["DRIVE1"]


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def test_a_drive_back_at_another_mount_point_is_moved_not_embedded_again(tmp_path, capsys, mounts, encoder):
    media, lib, aside = tmp_path / "media", tmp_path / "lib", tmp_path / "aside"
    for i, colour in enumerate(["red", "green"]):
        write_video(media / "local" / f"home{i}.mp4", [Segment(2, colour)], seed=i)
    mounts.tmpfs(media / "DRIVE")
    for i, colour in enumerate(["white", "yellow"]):
        write_video(media / "DRIVE" / f"trip{i}.mp4", [Segment(2, colour)], seed=10 + i)
    shutil.copytree(media / "DRIVE", aside)  # (copy2: the files as they were)
    assert main(["index", str(media), "--library", str(lib)]) == 0
    capsys.readouterr()

    mounts.unmount(media / "DRIVE")  # unplugged, its mount point left behind
    mounts.tmpfs(media / "DRIVE1")  # back, at another mount point
    shutil.copytree(aside, media / "DRIVE1", dirs_exist_ok=True)
    embedded = encoder.embedded
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 to index" in err and "2 moved" in err and "offline" not in err, err
    assert encoder.embedded == embedded
    with VideoLibrary(lib, read_only=True) as library:
        vids = {os.path.relpath(v.path, media): v for v in library.video_table.all()}
        assert sorted(vids) == ["DRIVE1/trip0.mp4", "DRIVE1/trip1.mp4", "local/home0.mp4", "local/home1.mp4"]
        assert not any(v.offline for v in vids.values())
        assert all(library.moment_table.of(v.video_id) for v in vids.values())
