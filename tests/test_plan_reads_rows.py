"""``sync.plan_sync`` copied every video row once a run (``VideoTable.all``), and changed those copies as it
planned (a file modified in place: its size, time and content hash; a video found again: online) and handed
them on. It reads the table's view now, the records shared with the library's handle: planning must change
none of them, and the records it hands on are its own (one record where a row is in two of its lists)."""

from __future__ import annotations

from dataclasses import asdict

from core.library import VideoLibrary
from core.library.records import DONE, PENDING, VideoRecord
from core.library.videos import VideoTable
from core.scan import FoundFile, ScanResult, content_hash
from core.sync import plan_sync


def test_planning_changes_no_row_of_the_handle_and_copies_none_whole(tmp_path, monkeypatch):
    root = tmp_path / "clips"
    root.mkdir()
    paths = {n: str(root / f"{n}.mp4") for n in ("changed", "back", "same")}
    for n, p in paths.items():
        with open(p, "wb") as f:
            f.write(n.encode() * 400)
    recs = [VideoRecord(video_id="a" * 16, path=paths["changed"], root=str(root), size=1, mtime=1.0,
                        content_hash="old", status=DONE, error="cut short", n_moments=3),
            VideoRecord(video_id="b" * 16, path=paths["back"], root=str(root), size=1200, mtime=2.0,
                        content_hash=content_hash(paths["back"], 1200), status=PENDING, offline=True),  # (found again: online, indexed)
            VideoRecord(video_id="c" * 16, path=paths["same"], root=str(root), size=1600, mtime=3.0,
                        content_hash=content_hash(paths["same"], 1600), status=DONE, n_moments=2)]
    files = {p: FoundFile(p, str(root), 1200 if n != "same" else 1600, 9.0 if n != "same" else 3.0)
             for n, p in paths.items()}
    copied = []
    monkeypatch.setattr(VideoTable, "all", lambda self: copied.append(1) or [])
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)])
        view = lib.video_table.view()
        before = {i: asdict(r) for i, r in view.items()}
        plan = plan_sync(lib, [str(root)], ScanResult(files=files))
        assert {i: asdict(r) for i, r in view.items()} == before  # (old: the changed and the back row changed)
        assert not copied  # (old: every row copied)
        planned = {r.video_id: r for r in plan.to_index}
        assert set(planned) == {"a" * 16, "b" * 16} and plan.unchanged == 1
        assert planned["a" * 16].size == 1200 and planned["a" * 16].error == "" and planned["a" * 16].content_hash != "old"
        assert planned["b" * 16].offline is False and planned["b" * 16].mtime == 9.0
        assert all(r is not view[r.video_id] for r in [*plan.to_index, *plan.back_online])
        assert [r.video_id for r in plan.back_online] == ["b" * 16]
        assert plan.back_online[0] is planned["b" * 16]  # (one record in both lists, as before)
