"""A re-scan that takes back videos kept by content (``core.sync_gone.revive``) checks that each one's
moments are all still there. It read every moment of each video, vectors included, one query a video
(a folder of 500 moved videos: 500 queries) only to count them; one query of two columns counts them
all now (s52 review)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import core.library.moments as moments_module
from core.library import VideoLibrary
from core.sync_gone import revive
from tests.test_status_many_folders import fill


def test_taking_back_six_videos_counts_their_moments_in_one_read(tmp_path, monkeypatch):
    a, b = str(tmp_path / "A"), str(tmp_path / "B")
    fill(tmp_path / "lib", {a: [f"{a}/clip{i}.mp4" for i in range(6)], b: []})
    with VideoLibrary(tmp_path / "lib") as lib:
        kept = sorted(lib.video_table.all(), key=lambda v: v.path)
        kept[2] = replace(kept[2], n_moments=2)  # (its row says 2: the table holds 1, one swept)
        lib.video_table.delete([v.video_id for v in kept], moments=False)  # (kept by content: rows out)
        reads = []
        real = moments_module.read_rows
        monkeypatch.setattr(moments_module, "read_rows", lambda *a, **k: reads.append(a[1]) or real(*a, **k))
        found = [SimpleNamespace(path=f"{b}/clip{i}.mp4", root=b, size=v.size, mtime=v.mtime) for i, v in enumerate(kept)]
        plan = SimpleNamespace(revived=list(zip(kept, found)), to_index=[], copies=[])
        revive(lib, plan)
        assert len(reads) == 1, f"{len(reads)} moment reads to take back 6 videos"
        assert [v.video_id for v in plan.to_index] == [kept[2].video_id]  # (embedded again under its id)
        view = lib.video_table.view()
        assert all(view[v.video_id].path == f.path for v, f in zip(kept, found))
