"""A folder entry the walk could not even stat ('cannot read: ...': a link to a folder on a share
that answers with an I/O error or ESTALE, a subfolder on a file system without d_type whose stat
fails, a video file whose stat fails) says nothing of the videos the library has at or under it,
as a folder it could not open or list says nothing (72ee03b): they are kept as they are. Before,
they were taken for deleted: removed with their moments, under the valve, or all of them when the
entry was all the folder held (cfd7eb1's folder the user emptied, the valve bypassed)."""

from __future__ import annotations

import os
from dataclasses import asdict

from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import FoundFile, ScanResult, root_identity
from core.sync import plan_sync


def _plan(tmp_path, found: list[str], problems: list[tuple[str, str]]):
    """A library folder with videos a, b (in the subfolder 'linked') and c indexed, its identity
    recorded; the walk finds ``found`` and meets ``problems``."""
    root = tmp_path / "clips"
    root.mkdir()
    paths = {"a": str(root / "a.mp4"), "b": str(root / "linked" / "b.mp4"), "c": str(root / "c.mp4")}
    recs = [VideoRecord(video_id=f"{i:016x}", path=p, root=str(root), size=1000 + i, mtime=1.0,
                        content_hash=f"h{i}", status=DONE) for i, p in enumerate(paths.values())]
    here = root_identity(str(root))
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)], root_ids={str(root): asdict(here)})
        scan = ScanResult(files={paths[k]: FoundFile(paths[k], str(root), 1000 + "abc".index(k), 1.0) for k in found},
                          identities={str(root): here},
                          problems=[(os.path.join(str(root), p), why) for p, why in problems])
        return paths, plan_sync(lib, [str(root)], scan)


def test_the_videos_under_an_entry_the_walk_could_not_stat_are_kept(tmp_path):
    paths, plan = _plan(tmp_path, ["a", "c"], [("linked", "cannot read: Input/output error")])
    assert plan.deleted == [] and not plan.held


def test_a_video_file_the_walk_could_not_stat_is_kept(tmp_path):
    paths, plan = _plan(tmp_path, ["a", "b"], [("c.mp4", "cannot read: Stale file handle")])
    assert plan.deleted == [] and not plan.held


def test_a_folder_whose_only_entries_could_not_be_read_is_not_taken_for_emptied(tmp_path):
    paths, plan = _plan(tmp_path, [], [("linked", "cannot read: Input/output error")])
    assert plan.deleted == []


def test_a_video_gone_beside_an_unread_entry_is_still_removed(tmp_path):
    paths, plan = _plan(tmp_path, ["a"], [("linked", "cannot read: Input/output error")])
    assert [v.path for v in plan.deleted] == [paths["c"]]
