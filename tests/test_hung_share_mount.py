"""A network share mounted straight at a plain folder inside a local library folder (``~/Videos/nas``: a mount
point, no link) that stopped answering: each run's walk waited the whole bound in it and took the whole local
folder offline, its own videos too, every run again (a link to such a share is remembered, ``hung_links``; a
mount point was not: stop58's Left). The walk knows the folder's mount points from the system's table
(``core.mount_points``) without looking at them, so a share mounted there is that mount point's, as one behind a
link is the link's: remembered, passed over by the next runs (its videos kept offline, never removed, ``--prune``
too), the folder's own videos online; walked again once it answers, and forgotten.

The mount is the system table's (``/proc/self/mountinfo``, made to list the folder: no root needed); the
share's calls hang in-process (``test_hung_share_metadata.Held``). Each run is made as a new process's."""

from __future__ import annotations

import pytest

from core import bounded_read, mount_points, scan_stalls
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.test_hung_link_kept import _new_process
from tests.test_hung_link_named import reads_hang_runs
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the first run waits the whole bound, 1 s)


@pytest.fixture
def mounted(tmp_path, monkeypatch):
    """A local folder ``a`` (own.mp4) with a share mounted at ``a/nas`` (kept.mp4), indexed: (a, library)."""
    a, lib = tmp_path / "a", tmp_path / "lib"
    write_video(a / "own.mp4", [Segment(2, "blue")])
    write_video(a / "nas" / "kept.mp4", [Segment(2, "red")])
    table = mount_points.read_mountinfo()
    nas = str((a / "nas").resolve())
    monkeypatch.setattr(mount_points, "read_mountinfo", lambda path=mount_points.MOUNTINFO: table + (
        f"900 1 0:99 / {nas} rw,relatime shared:9 - nfs4 nas:/videos rw,hard\n"))
    index(lib, [a])
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    return a, lib


def test_a_share_mounted_in_a_local_folder_that_does_not_answer_is_remembered_and_passed_over(mounted, hold):
    a, lib = mounted
    held = [hold("scandir", a / "nas"), hold("stat", a / "nas")]  # (a dead NFS mount: its stat hangs as its listing)
    records, _, said = index(lib, [a])  # (the first run: the whole bound once, the folder walked again without it)
    assert not records["own.mp4"].offline and records["kept.mp4"].offline, said
    _new_process()
    for _ in range(2):
        records, _, said = index(lib, [a])
        assert not records["own.mp4"].offline and records["kept.mp4"].offline, said  # (kept, not removed)
        assert f"offline: {a / 'nas'} (its files do not answer reads" in said, said
        assert f"offline: {a} " not in said, said
        _new_process()
    with VideoLibrary(lib, read_only=True) as library:
        assert list(library.meta.settings.hung_links or {}) == [str(a)], library.meta.settings.hung_links
    with VideoLibrary(lib) as library:  # (a prune while it does not answer: its videos never removed)
        opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0, prune=True)
        list(MomentIndexer(library, ColourMeanEncoder(), opts).run([str(a)]))
        names = {v.path.rsplit("/", 1)[1]: v for v in library.video_table.all()}
    assert names["kept.mp4"].offline and not names["own.mp4"].offline, names
    _new_process()
    for h in held:  # (the share answers again: walked as ever, and forgotten)
        h.release()
    _new_process()
    records, _, said = index(lib, [a])
    assert not records["own.mp4"].offline and not records["kept.mp4"].offline, said
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.settings.hung_links is None


def test_a_mounted_share_whose_listing_answers_but_whose_reads_hang_leaves_the_folders_own_videos_online(mounted,
                                                                                                      hold):
    """Its reads stalled at the run's content hashes: keyed by the library folder, the whole folder offline; they
    are the mount point's now, as a link's are (``scan_stalls.hash_ahead``)."""
    a, lib = mounted
    reads_hang_runs(hold, lib, a, a / "nas", "kept.mp4", 2)
