"""Several links in a library folder into one network share that stopped answering (``~/Videos/nas_movies``,
``nas_tv``, ... into one NAS): the first run waited the whole bound once a link, the folder walked again after
each (``scan_stalls.watched_walk``), and past ``WALKS_AGAIN`` links took the folder offline anyway (5 links: 4
bounds, 8 minutes, then its own videos offline: rv_4's finding 1). Links into the share of one stuck are passed
over with it now (``scan_stalls.Over``: their targets on one network file system's mount point): one
bound a share, its own videos online, every link remembered (a share told by the mount table alone: one NFS
mount point, ``test_hung_share_healthy_links``). And ``hung_records.remember`` merging a link newly
stuck into the record an earlier run left (links into shares of their own, past ``WALKS_AGAIN``)."""

from __future__ import annotations

import pytest

from core import bounded_meta, bounded_read, scan_stalls
from core.library import VideoLibrary
from tests.test_hung_link_kept import _hung_links, _local_with_links, _new_process
from tests.test_hung_share_healthy_links import _table
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each walk stuck waits its bound, 1 s)


def _walks(monkeypatch) -> list[str]:
    """The watched walks made (``bounded_meta.watched``), one entry each."""
    made, real = [], bounded_meta.watched
    monkeypatch.setattr(bounded_meta, "watched", lambda folder, *a, **kw: made.append(folder) or real(folder, *a, **kw))
    return made


def test_five_links_into_one_share_cost_one_bound_and_keep_the_folders_own_videos_online(tmp_path, hold,
                                                                                         monkeypatch):
    links = tuple(f"nas{i}" for i in range(5))
    a, share, lib = _local_with_links(tmp_path, monkeypatch, links=links)
    _table(monkeypatch, (str(share.resolve()), "nfs"))  # (the NAS's share mounted there)
    for name in links:
        hold("scandir", a / name)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    walks = _walks(monkeypatch)
    records, _, said = index(lib, [a])
    assert len(walks) == 2, walks  # (stuck in nas0, the bound once; walked again passing over all five)
    assert not records["own.mp4"].offline, said
    assert all(records[f"kept{i}.mp4"].offline for i in range(5)), said
    assert set(_hung_links(lib)[str(a)]) == {str(a / n) for n in links}


def test_a_link_newly_stuck_is_added_to_an_earlier_runs_record(tmp_path, hold, monkeypatch):
    """Three links into three shares, one walk again a run (``WALKS_AGAIN`` 1): run 1 stuck in nas0 and nas1, the
    folder offline; run 2 passes over those two and is stuck in nas2: all three recorded, the two kept as run 1
    recorded them (when first stuck)."""
    a, lib = tmp_path / "a", tmp_path / "lib"
    write_video(a / "own.mp4", [Segment(2, "blue")])
    for i in range(3):
        write_video(tmp_path / f"share{i}" / "nas" / f"kept{i}.mp4", [Segment(2, "red")])
        (a / f"nas{i}").symlink_to(tmp_path / f"share{i}" / "nas", target_is_directory=True)
    index(lib, [a])
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    monkeypatch.setattr(scan_stalls, "WALKS_AGAIN", 1)
    for i in range(3):
        hold("scandir", a / f"nas{i}")
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    records, _, said = index(lib, [a])
    assert records["own.mp4"].offline, said  # (past WALKS_AGAIN shares: the folder offline, as before)
    assert set(_hung_links(lib)[str(a)]) == {str(a / "nas0"), str(a / "nas1")}
    with VideoLibrary(lib) as library:  # (stuck since long ago)
        library.update_settings(hung_links={str(a): dict.fromkeys(_hung_links(lib)[str(a)], 1000)})
    _new_process()
    records, _, said = index(lib, [a])
    assert not records["own.mp4"].offline and all(records[f"kept{i}.mp4"].offline for i in range(3)), said
    recorded = _hung_links(lib)[str(a)]
    assert set(recorded) == {str(a / f"nas{i}") for i in range(3)}, recorded
    assert recorded[str(a / "nas0")] == recorded[str(a / "nas1")] == 1000 < recorded[str(a / "nas2")], recorded
