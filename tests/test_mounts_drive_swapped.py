"""Another drive mounted where a drive was mounted in a library folder (``Videos/ext``: drive A
unplugged, drive B plugged in and mounted at the same place): A's videos are kept, marked
offline, as an unplugged drive's are, not removed; drives taking turns there keep each other's.
Before, the folder being a mount point again was all that was checked: A's videos were removed
with their moments and notes. Each mount's drive is recorded (``root_ids``' ``mount_ids``)."""

from __future__ import annotations

import os

import pytest

from core.cli import main
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import FoundFile, RootIdentity, ScanResult, root_identity
from core.sync import plan_sync
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video

A, B = {"device": 100, "fsid": 7}, {"device": 200, "fsid": 8}


def _names(videos) -> list[str]:
    return sorted(os.path.basename(v.path) for v in videos)


def test_the_plan_keeps_the_videos_of_a_drive_another_replaced(tmp_path):
    """Without mounting: the drives as the scan and the last index's record say."""
    root = str(tmp_path / "Videos")
    ext = os.path.join(root, "ext")
    os.makedirs(ext)
    recs = [VideoRecord(video_id=f"{i:016x}", path=os.path.join(root, name), root=root, size=1000 + i, mtime=1.0,
                        content_hash=f"h{i}", status=DONE)
            for i, name in enumerate(["a.mp4", "b.mp4", "c.mp4", "ext/d.mp4", "ext/e.mp4"])]
    ident = {**vars(root_identity(root)), "mounts": ["ext"]}

    def found(drive, on_it):  # a, b, c and the videos of the drive mounted at ext
        files = {r.path: FoundFile(r.path, root, r.size, r.mtime) for r in recs[:3] + on_it}
        return ScanResult(files=files, identities={root: root_identity(root)}, mounts={root: [ext]},
                          mount_ids={ext: RootIdentity(drive["device"], True, drive["fsid"])})

    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(root_ids={root: {**ident, "mount_ids": {"ext": [A]}}})
        plan = plan_sync(lib, [root], found(B, [recs[4]]))  # B at ext holds e.mp4; A held d.mp4
        assert not plan.deleted and _names(plan.offline) == ["d.mp4"] and plan.linked_away == [ext]
        assert plan.identities[root]["mount_ids"] == {"ext": [A, B]}  # (both, while d.mp4 is kept)
        plan = plan_sync(lib, [root], found(A, [recs[4]]))  # the same drive: d.mp4 was deleted from it
        assert _names(plan.deleted) == ["d.mp4"] and not plan.offline
        assert plan.identities.get(root, {"mount_ids": {"ext": [A]}})["mount_ids"] == {"ext": [A]}
        pruned = plan_sync(lib, [root], found(B, [recs[4]]), prune=True)
        assert _names(pruned.deleted) == ["d.mp4"] and pruned.identities[root]["mount_ids"] == {"ext": [B]}

        lib.update_settings(root_ids={root: {**ident, "mount_ids": {"ext": [A, B]}}})  # taking turns
        plan = plan_sync(lib, [root], found(A, [recs[3]]))  # A back: B's e.mp4 kept
        assert not plan.deleted and _names(plan.offline) == ["e.mp4"]
        assert plan.identities.get(root, {"mount_ids": {"ext": [A, B]}})["mount_ids"] == {"ext": [A, B]}
        plan = plan_sync(lib, [root], found(A, recs[3:]))  # all found: only A recorded from now
        assert not plan.deleted and not plan.offline and plan.identities[root]["mount_ids"] == {"ext": [A]}

        for damaged in ("ext", {"ext": "A"}, {"ext": [3, None]}, ["ext"]):
            lib.update_settings(root_ids={root: {**ident, "mount_ids": damaged}})
            assert _names(plan_sync(lib, [root], found(B, [recs[4]])).deleted) == ["d.mp4"], damaged


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def test_drives_taking_turns_at_one_mount_point_keep_each_others_videos(tmp_path, capsys, mounts, encoder):
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    drive_a, drive_b = mounts.tmpfs(tmp_path / "A"), mounts.tmpfs(tmp_path / "B")
    for i, colour in enumerate(["red", "green", "blue"]):
        write_video(folder / f"home{i}.mp4", [Segment(2, colour)], seed=i)
    write_video(drive_a / "on_a.mp4", [Segment(2, "white")], seed=5)
    write_video(drive_b / "on_b.mp4", [Segment(2, "yellow")], seed=6)

    def index(*args):
        code = main(["index", *map(str, args), "--library", str(lib)])
        err = capsys.readouterr().err
        assert code == 0, err
        with VideoLibrary(lib, read_only=True) as library:
            return err, {os.path.relpath(v.path, folder): v for v in library.video_table.all() if "ext" in v.path}

    mounts.bind(drive_a, folder / "ext")
    index(folder)
    mounts.unmount(folder / "ext")
    mounts.bind(drive_b, folder / "ext")  # another drive where A was
    err, vids = index()
    assert "0 removed" in err and sorted(vids) == ["ext/on_a.mp4", "ext/on_b.mp4"], err
    assert vids["ext/on_a.mp4"].offline and vids["ext/on_a.mp4"].status == DONE
    assert not vids["ext/on_b.mp4"].offline and vids["ext/on_b.mp4"].status == DONE

    mounts.unmount(folder / "ext")
    mounts.bind(drive_a, folder / "ext")  # A back: its video online, nothing embedded, B's kept
    embedded = encoder.embedded
    err, vids = index()
    assert "0 removed" in err and "0 to index" in err and encoder.embedded == embedded, err
    assert not vids["ext/on_a.mp4"].offline and vids["ext/on_b.mp4"].offline

    err, vids = index(folder, "--prune")  # B's removed on purpose
    assert "1 removed" in err and sorted(vids) == ["ext/on_a.mp4"], err
