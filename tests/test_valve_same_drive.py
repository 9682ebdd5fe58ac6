"""The safety valve (more than half of a library folder's videos gone at once, or over ``VALVE_MAX``,
kept offline until ``--prune``) was uneven: a user who deleted 3 of the 4 videos of a plain folder
on its own drive saw them held, while deleting all 4 removed them (cfd7eb1). The valve dates from
before drive identities were recorded (1cd7dd9): a run could not tell an unmounted drive from a
deletion. Now one rule: where the folder's recorded identity says the same folder on the same drive,
its walk read all of it, it is no share and none of the videos gone lay behind a link or on a drive
mounted in it (``core.folder_identity.deleted_by_user``), the videos the user deleted are removed,
however many. Elsewhere the valve holds as before: no identity recorded (an older library), another
inode (a folder made again), a share, a folder the walk could not read, a link to a drive's mount
point left empty (``~/Videos/cam`` -> ``/mnt/cam``), a drive mounted in the folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace

import pytest

from core import shares
from core.cli import main
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import FoundFile, ScanResult, root_identity
from core.sync import plan_sync
from core.sync_held import VALVE_MAX
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def _plan(tmp_path, n=4, gone=3, now=lambda here: here, recorded=True, sub="", also=0, **scan):
    """A library folder of ``n`` indexed videos (``sub``: the first ``gone`` of them, and ``also`` more,
    in that subfolder), its identity recorded (``recorded``), re-scanned with the first ``gone`` not found."""
    root = tmp_path / "clips"
    (root / sub).mkdir(parents=True, exist_ok=True)
    here = root_identity(str(root))
    recs = [VideoRecord(video_id=f"{i:016x}", path=str(root / (sub if i < gone + also else "") / f"v{i}.mp4"),
                        root=str(root), size=1000 + i, mtime=1.0, content_hash=f"h{i}", status=DONE) for i in range(n)]
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)], root_ids={str(root): asdict(here)} if recorded else None)
        found = ScanResult(files={r.path: FoundFile(r.path, str(root), r.size, r.mtime) for r in recs[gone:]},
                           identities={str(root): now(here)}, **scan)
        return str(root), plan_sync(lib, [str(root)], found)


def test_most_of_a_plain_folder_deleted_on_its_drive_is_removed(tmp_path):
    root, plan = _plan(tmp_path)
    assert len(plan.deleted) == 3 and not plan.held and not plan.offline and root in plan.judged


def test_over_the_valves_count_deleted_on_its_drive_is_removed(tmp_path):
    root, plan = _plan(tmp_path, n=VALVE_MAX + 20, gone=VALVE_MAX + 10)
    assert len(plan.deleted) == VALVE_MAX + 10 and not plan.held


@pytest.mark.parametrize("case", ["no identity recorded", "folder made again", "walk could not read"])
def test_the_valve_still_holds_where_the_folder_cannot_tell(tmp_path, case):
    kwargs = {"no identity recorded": {"recorded": False},
              "folder made again": {"now": lambda here: replace(here, inode=here.inode + 7)},
              "walk could not read": {"problems": [(str(tmp_path / "clips" / "x"), "cannot list folder: I/O error")]},
              }[case]
    root, plan = _plan(tmp_path, **kwargs)
    assert plan.deleted == [] and plan.held[root][0] == "valve" and len(plan.offline) == 3


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
def test_the_valve_still_holds_on_a_share(tmp_path, monkeypatch):
    info = tmp_path / "mountinfo"
    info.write_text("27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                    f"90 27 0:51 / {tmp_path.resolve()} rw,relatime shared:70 - cifs //nas/videos rw\n")
    monkeypatch.setattr(shares, "MOUNTINFO", str(info))
    root, plan = _plan(tmp_path)
    assert plan.deleted == [] and plan.held[root][0] == "valve" and len(plan.offline) == 3


def test_the_valve_still_holds_videos_gone_behind_a_link_or_a_drive_mounted_in_the_folder(tmp_path):
    link = tmp_path / "clips" / "cam"
    links = {str(tmp_path / "clips"): {"real": "", "links": {"cam": "/mnt/cam"}}}
    root, plan = _plan(tmp_path, n=5, sub="cam", also=1, links=links)  # (one still there behind it)
    assert plan.deleted == [] and plan.held[root][0] == "valve", plan.deleted
    root, plan = _plan(tmp_path / "m", sub="usb", mounts={str(tmp_path / "m" / "clips"): [str(tmp_path / "m" / "clips" / "usb")]})
    assert plan.deleted == [] and plan.held[root][0] == "valve", plan.deleted
    root, plan = _plan(tmp_path / "o", sub="cam", links={str(tmp_path / "o" / "clips"): {"real": "", "links": {"phone": "/x"}}})
    assert len(plan.deleted) == 3 and not plan.held, link  # (a link elsewhere in the folder: no matter)


def test_a_folder_emptied_but_for_a_link_to_an_empty_mount_point_keeps_the_links_videos(tmp_path):
    """The drive behind its link unplugged: the link's videos are not taken as deleted (before, the
    folder read as emptied by the user: all removed); kept offline, as behind a link leading nowhere."""
    links = {str(tmp_path / "clips"): {"real": "", "links": {"cam": "/mnt/cam"}}}
    root, plan = _plan(tmp_path, n=3, gone=3, sub="cam", links=links)
    assert plan.deleted == [] and len(plan.offline) == 3 and plan.linked_away == [str(tmp_path / "clips" / "cam")]


def test_the_cli_removes_what_the_user_deleted_and_status_says_nothing_is_kept(tmp_path, capsys, encoder):
    folder, lib = tmp_path / "clips", tmp_path / "lib"
    for i, colour in enumerate(["red", "green", "blue", "yellow"]):
        write_video(folder / f"{colour}.mp4", [Segment(2, colour)], seed=i + 1)
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    for colour in ("red", "green", "blue"):
        (folder / f"{colour}.mp4").unlink()
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "3 removed" in err and "seem to be gone" not in err and "--prune" not in err, err
    assert main(["status", "--library", str(lib), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    f = status["folder_status"][0]
    assert f["online"] and f["held"] is None and f["videos"]["total"] == 1 and f["videos"]["offline"] == 0, f


def test_a_link_to_an_unplugged_drives_mount_point_keeps_its_videos(tmp_path, capsys, encoder, mounts):
    """A real tmpfs at /mnt-like ``card``, reached through a link in the library folder: unmounted, its
    mount point is an empty folder of the library folder's own drive; its 3 videos of 4 are kept
    offline (held by the valve at 6a0f002), as behind a link whose target is gone."""
    folder, card, lib = tmp_path / "clips", mounts.tmpfs(tmp_path / "card"), tmp_path / "lib"
    write_video(folder / "white.mp4", [Segment(2, "white")], seed=9)
    for i, colour in enumerate(["red", "green", "blue"]):
        write_video(card / f"{colour}.mp4", [Segment(2, colour)], seed=i + 1)
    os.symlink(card, folder / "cam")
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    mounts.unmount(card)
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 removed" in err and f"offline: {folder / 'cam'} (its videos are kept, marked offline)" in err, err


def test_a_few_videos_behind_a_link_to_an_unplugged_drives_mount_point_are_kept(tmp_path, capsys, encoder, mounts):
    """1 video of 4 behind the link (under the valve): it was removed with its moments, as deleted,
    though its drive was only unplugged. Now kept offline, as behind a link whose target is gone;
    ``--prune`` removes it."""
    folder, card, lib = tmp_path / "clips", mounts.tmpfs(tmp_path / "card"), tmp_path / "lib"
    for i, colour in enumerate(["white", "green", "blue"]):
        write_video(folder / f"{colour}.mp4", [Segment(2, colour)], seed=i + 5)
    write_video(card / "red.mp4", [Segment(2, "red")], seed=1)
    os.symlink(card, folder / "cam")
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    mounts.unmount(card)
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 removed" in err, err
    with VideoLibrary(lib, read_only=True) as library:
        rows = {v.path: v.offline for v in library.video_table.all()}
    assert rows[str(folder / "cam" / "red.mp4")] is True and sum(rows.values()) == 1 and len(rows) == 4, rows
    assert main(["index", "--library", str(lib), "--prune"]) == 0
    assert "1 removed" in capsys.readouterr().err


def test_videos_deleted_behind_a_link_to_a_folder_still_holding_files_are_removed(tmp_path):
    """The link's folder is there with files in it (the drive plugged in): its videos gone were
    deleted, under the valve as elsewhere behind a link."""
    (tmp_path / "clips" / "cam").mkdir(parents=True)
    (tmp_path / "clips" / "cam" / "notes.txt").write_text("shoot list")
    links = {str(tmp_path / "clips"): {"real": "", "links": {"cam": "/mnt/cam"}}}
    root, plan = _plan(tmp_path, gone=1, sub="cam", links=links)
    assert [v.path for v in plan.deleted] == [str(tmp_path / "clips" / "cam" / "v0.mp4")] and not plan.offline


def test_a_link_with_no_library_video_behind_it_is_never_listed(tmp_path, monkeypatch):
    """A link to another library folder (an offline share's, which the walk never touches): nothing
    of this folder's lies behind it, so the re-scan never lists where it leads (0d1e266)."""
    import core.sync_mounts

    listed = []
    monkeypatch.setattr(core.sync_mounts, "empty_or_gone", lambda folder: listed.append(folder) or True)
    links = {str(tmp_path / "clips"): {"real": "", "links": {"nas": "/mnt/nas/videos"}}}
    root, plan = _plan(tmp_path, gone=1, links=links)
    assert listed == [] and len(plan.deleted) == 1
