"""A healthy link is never passed over because another link of the folder hung (rv_10's finding 1 on 05937b42):
``scan_stalls.Over`` took links into "the same share" as stuck with the first, the share being the deepest mount
point but ``/`` of the link's target, else the folder it lies in, so a USB drive linked beside a dead NAS
(``/Volumes/NAS``, ``/Volumes/T7``: siblings), and every link into a tmpfs ``/tmp`` or a ``/home`` of its own
mount, went offline with it, a symlinked video file too. Links are one share's now only where the system's
mount table puts both targets under one mount point of a network or FUSE file system (``shares.share_mount``);
and a share mounted in the folder is never read (``readlink``) on the run's thread once it hung (finding 2).
The mount table is the system's (``/proc/self/mountinfo``) with lines added, as ``test_hung_share_mount``'s."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from core import bounded_read, mount_points, scan_stalls, shares
from tests.test_hung_link_kept import _hung_links
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_mount import mounted  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video

pytestmark = [pytest.mark.slow,  # (each run waits the bound once, 1 s)
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the mount table is Linux's")]


def _table(monkeypatch, *mounts: tuple[str, ...]) -> None:
    """The system's mount table, with ``mounts`` (mount point, file system type, and the source mounted, if
    given: ``nas:/videos``; else one that names no server) listed after it."""
    table = mount_points.read_mountinfo()
    lines = "".join(f"{900 + i} 1 0:{90 + i} / {point} rw,relatime - {kind} {source[0] if source else f'src{i}'} rw\n"
                    for i, (point, kind, *source) in enumerate(mounts))
    monkeypatch.setattr(mount_points, "read_mountinfo", lambda path=mount_points.MOUNTINFO: table + lines)


def _run_with_nas_stuck(tmp_path, hold, monkeypatch, nas, usb, mounts=()):
    """``a`` (own.mp4) with a/nas -> ``nas`` (kept.mp4, its listing held) and a/usb -> ``usb`` (usb.mp4, a
    video added to it after the first run): the second run's records and words."""
    a, lib = tmp_path / "a", tmp_path / "lib"
    write_video(a / "own.mp4", [Segment(2, "blue")])
    write_video(nas / "kept.mp4", [Segment(2, "red")])
    write_video(usb / "usb.mp4", [Segment(2, "green")])
    (a / "nas").symlink_to(nas, target_is_directory=True)
    (a / "usb").symlink_to(usb, target_is_directory=True)
    _table(monkeypatch, *mounts)
    index(lib, [a])
    write_video(usb / "usb_new.mp4", [Segment(2, "yellow")])
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    hold("scandir", a / "nas")
    records, _, said = index(lib, [a])
    assert records["kept.mp4"].offline and not records["own.mp4"].offline, said
    return a, lib, records, said


@pytest.mark.parametrize("layout", ["volumes siblings", "tmpfs /tmp", "on the folder's own share"])
def test_a_healthy_link_beside_a_stuck_one_is_walked(tmp_path, hold, monkeypatch, layout):
    """macOS's layout on any disk (``/Volumes/NAS``, ``/Volumes/USB``: targets in one folder), targets in other
    folders of one local mount that is not ``/`` (a tmpfs ``/tmp``, a ``/home`` of its own), and in folders of
    the network share the library folder itself lies on (its walk answered there: not the share stuck)."""
    top = tmp_path.resolve()
    if layout == "volumes siblings":
        nas, usb, mounts = top / "Volumes" / "NAS", top / "Volumes" / "USB", ()
    else:
        kind = "tmpfs" if layout == "tmpfs /tmp" else "nfs4"
        nas, usb, mounts = top / "x" / "NAS", top / "y" / "USB", ((str(top), kind),)
    a, lib, records, said = _run_with_nas_stuck(tmp_path, hold, monkeypatch, nas, usb, mounts)
    assert not records["usb.mp4"].offline and "usb_new.mp4" in records, said
    assert set(_hung_links(lib)[str(a)]) == {str(a / "nas")}
    assert f"offline: {a / 'usb'}" not in said, said


def test_links_into_one_network_share_go_together_but_a_symlinked_video_file_there_does_not(tmp_path, hold,
                                                                                           monkeypatch):
    """a/nas and a/nas2 into one NFS mount: passed over together (the stuck walk once); a/clip.mp4, a link to a
    video file on that mount, is a file, read with its own bound, never passed over for a folder's hang; a/usb
    into another NFS mount (a share of its own) is walked. The stuck link's own ``readlink`` is never made on the
    run's thread (bounded: a link in a folder reached through the dead share waits for it)."""
    top = tmp_path.resolve()
    read, real = [], os.readlink
    monkeypatch.setattr(os, "readlink", lambda path, *x, **kw: read.append(
        (os.fspath(path), threading.current_thread() is threading.main_thread())) or real(path, *x, **kw))
    share = top / "mnt" / "nas"
    write_video(share / "more" / "kept2.mp4", [Segment(2, "white")])
    write_video(share / "clip.mp4", [Segment(2, "black")])
    (top / "a").mkdir()
    (top / "a" / "nas2").symlink_to(share / "more", target_is_directory=True)
    (top / "a" / "clip.mp4").symlink_to(share / "clip.mp4")
    a, lib, records, said = _run_with_nas_stuck(tmp_path, hold, monkeypatch, share / "videos", top / "usb",
                                                ((str(share), "nfs4"), (str(top / "usb"), "fuse.sshfs")))
    assert records["kept2.mp4"].offline, said
    assert not records["clip.mp4"].offline and not records["usb.mp4"].offline and "usb_new.mp4" in records, said
    assert set(_hung_links(lib)[str(a)]) == {str(a / "nas"), str(a / "nas2")}
    assert (str(a / "nas"), False) in read and (str(a / "nas"), True) not in read, read


def test_a_share_mounted_in_the_folder_is_never_read_as_a_link_once_it_hung(mounted, hold, monkeypatch):
    """Its ``readlink`` (a lookup in the dead mount: a hard NFS mount's waits for ever) was made on the run's
    own thread, past the bound; the mount table tells it is a mount point, no link."""
    a, lib = mounted
    for name in ("scandir", "stat"):
        hold(name, a / "nas")
    read, real = [], os.readlink
    monkeypatch.setattr(os, "readlink", lambda path, *x, **kw: read.append(os.fspath(path)) or real(path, *x, **kw))
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    records, _, said = index(lib, [a])
    assert not records["own.mp4"].offline and records["kept.mp4"].offline, said
    assert str(a / "nas") not in read, read


def test_links_to_two_servers_under_one_gvfs_mount_are_not_one_share(tmp_path, hold, monkeypatch):
    """GNOME puts every server the user opened under one FUSE mount (``/run/user/UID/gvfs``, type
    ``fuse.gvfsd-fuse``), KDE's kio-fuse likewise: a link to a hung NAS there says nothing of a link to another
    server there (rv_13's finding 1), which is walked; links into one sshfs mount (one server) still go together."""
    g = tmp_path.resolve() / "run" / "user" / "1000" / "gvfs"
    nas, box = g / "smb-share:server=nas1,share=videos", g / "sftp:host=box2"
    a, lib, records, said = _run_with_nas_stuck(tmp_path, hold, monkeypatch, nas, box,
                                                ((str(g), "fuse.gvfsd-fuse"),))
    assert not records["usb.mp4"].offline and "usb_new.mp4" in records, said
    assert set(_hung_links(lib)[str(a)]) == {str(a / "nas")}
    assert f"offline: {a / 'usb'}" not in said, said


@pytest.mark.parametrize("kind, one", [("fuse.gvfsd-fuse", False), ("fuse.kio-fuse", False), ("fuse", False),
                                       ("fuseblk", False), ("ext4", False), ("fuse.sshfs", True),
                                       ("fuse.rclone", True), ("nfs4", True), ("cifs", True), ("9p", True)])
def test_a_share_is_one_servers_mount_only(kind, one):
    """``share_mount`` names the mount point only for a file system of one server."""
    mounts = [("/", "ext4"), ("/run/user/1000/gvfs", kind)]
    found = shares.share_mount("/run/user/1000/gvfs/sftp:host=box2/v", mounts)
    assert found == ("/run/user/1000/gvfs" if one else None)


def test_exports_of_one_server_and_links_to_links_into_them_go_together(tmp_path, monkeypatch):
    """Two NFS exports of one NAS (``nas:/a``, ``nas:/b``) and its SMB share were three shares, each link stuck
    into them one bound more (the walk made again for each); a link to a link into one (``chain`` ->
    ``local/hop`` -> the NAS) was no share's, walked into the dead NAS again. One server's mounts are one share
    now (the source mountinfo lists), link chains followed to theirs; another server's export, a link to a
    video file and a local folder are not."""
    top = tmp_path.resolve()
    root, m = top / "root", top / "mnt"
    (top / "local").mkdir()
    root.mkdir()
    _table(monkeypatch, (str(m / "a"), "nfs4", "nas:/a"), (str(m / "b"), "nfs", "NAS:/b"),
           (str(m / "s"), "cifs", "//nas/videos"), (str(m / "o"), "nfs4", "other:/a"))
    links = {"x": m / "a" / "v", "y": m / "b" / "w", "smb": m / "s" / "u", "z": m / "o" / "v",
             "chain": top / "local" / "hop", "clip.mp4": m / "b" / "c.mp4", "mine": top / "local"}
    for name, target in links.items():
        (root / name).symlink_to(target)
    (top / "local" / "hop").symlink_to(m / "b" / "deep")
    over = scan_stalls.Over(str(root))
    over.hung(str(root / "x"))
    assert [n for n in links if str(root / n) in over] == ["x", "y", "smb", "chain"], over.shares


def test_on_the_server_the_folder_lies_on_exports_stay_apart(tmp_path, monkeypatch):
    """The folder's own walk answered through that server: one of its other exports stuck is that export's
    (a disk of the NAS), not the server's; links into another export of it are walked."""
    top = tmp_path.resolve()
    root, m = top / "home" / "root", top / "mnt"
    root.mkdir(parents=True)
    _table(monkeypatch, (str(top / "home"), "nfs4", "nas:/home"), (str(m / "a"), "nfs4", "nas:/a"),
           (str(m / "b"), "nfs4", "nas:/b"))
    for name, target in {"x": m / "a" / "v", "x2": m / "a" / "w", "y": m / "b" / "w"}.items():
        (root / name).symlink_to(target)
    over = scan_stalls.Over(str(root))
    over.hung(str(root / "x"))
    assert str(root / "x2") in over and str(root / "y") not in over, over.shares


def test_a_link_through_a_linked_folder_into_a_share_goes_with_it_and_never_reads_in_it(tmp_path, monkeypatch):
    """``~/nas -> /mnt/nas`` (a convenience link) and a library link written through it (``movies ->
    ~/nas/movies``): its ``readlink`` looked ``movies`` up on the NAS, a whole ``PROBE_S`` more when it was the
    stuck one, and grouped nothing. Its folders' links are followed up to the share now, nothing read in it."""
    top = tmp_path.resolve()
    root, nas = top / "root", top / "mnt" / "nas"
    root.mkdir()
    for sub in ("movies", "tv"):
        (nas / sub).mkdir(parents=True)
    _table(monkeypatch, (str(nas), "nfs4", "nas:/v"))
    (top / "nas").symlink_to(nas)
    (root / "movies").symlink_to(top / "nas" / "movies")
    (root / "tv").symlink_to(nas / "tv")
    read, asked = os.readlink, []
    monkeypatch.setattr(os, "readlink", lambda p, *a, **k: asked.append(os.fspath(p)) or read(p, *a, **k))
    over = scan_stalls.Over(str(root))
    over.hung(str(root / "movies"))
    assert str(root / "tv") in over, over.shares
    assert not [p for p in asked if p.startswith((str(nas) + os.sep, str(top / "nas") + os.sep))], asked
