"""A scan stat'ed each library folder four times (the folders every walk passes over, ``folder_id``; its
look, ``_look``; its identity, ``root_identity``; its walk's first step): on a network share each is a
round trip, four a folder a re-scan. Twice now: the first for the folders no walk enters, the look's at
the folder's turn handed to its identity and walk; its identity and what the walk finds as before.

Not once: a folder's first stat is as old as the walks of the folders before it, and one replaced
meanwhile (a bind mount undone, another folder made at its path) took the old folder's inode as its
identity, so the re-scan took the new, empty one for the old emptied and removed its videos (rv_4)."""

from __future__ import annotations

import os

from dataclasses import asdict

from core import scan as scan_module
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import root_identity, scan
from core.sync import plan_sync


def test_a_scan_stats_each_library_folder_twice(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a / "sub", b):
        folder.mkdir(parents=True)
    (a / "one.mp4").write_bytes(b"x" * 64)
    (a / "sub" / "two.mp4").write_bytes(b"y" * 64)
    (b / "three.mp4").write_bytes(b"z" * 64)
    expected = {str(r): root_identity(str(r)) for r in (a, b)}
    real, made = os.stat, []

    def counted(path, *args, **kw):
        if not isinstance(path, int):
            made.append(os.fspath(path))
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "stat", counted)
    found = scan([str(a), str(b)])
    assert {r: made.count(r) for r in (str(a), str(b))} == {str(a): 2, str(b): 2}, made
    assert sorted(os.path.basename(p) for p in found.files) == ["one.mp4", "three.mp4", "two.mp4"]
    assert found.identities == expected and not found.offline_roots, found.problems


def test_a_library_folder_that_is_gone_is_still_said_so(tmp_path):
    gone = tmp_path / "gone"
    found = scan([str(gone)])
    assert found.offline_roots == [str(gone)]
    assert found.problems == [(str(gone), f"folder unavailable: {os.strerror(2)}")]
    assert scan_module._stat(str(gone)) is None


def test_a_folder_replaced_while_another_is_walked_keeps_its_videos(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
    (a / "one.mp4").write_bytes(b"x" * 64)
    recs = [VideoRecord(video_id=f"{i:016x}", path=str(b / f"v{i}.mp4"), root=str(b), size=1000 + i, mtime=1.0,
                        content_hash=f"h{i}", status=DONE) for i in range(2)]
    real_walk = scan_module._walk

    def walk(root, *args, **kw):
        if root == str(a):  # (b, as its index recorded it, moved away and an empty folder made in its place)
            os.rename(b, tmp_path / "b.old")
            b.mkdir()
        return real_walk(root, *args, **kw)

    monkeypatch.setattr(scan_module, "_walk", walk)
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(a), str(b)], root_ids={str(b): asdict(root_identity(str(b)))})
        found = scan([str(a), str(b)])
        assert found.identities[str(b)].inode == os.stat(b).st_ino != os.stat(tmp_path / "b.old").st_ino
        plan = plan_sync(lib, [str(a), str(b)], found)
    assert plan.deleted == [] and len(plan.offline) == 2, plan
