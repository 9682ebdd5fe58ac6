"""A video whose re-embed failed for good (``core.reembed_failed``: held, on its earlier moments, its
folder's record narrowed to its path) was renamed, or moved into a sub-folder: the next plain run found
it moved (its id, notes and moments kept) but the record still named its old path, so the run dropped
the record and its failure, and the video stayed on its earlier moments under its new name with nothing
said: `seekframe status` and the window no longer listed it as held, and no `--retry-failed` was
offered. Its wait follows it now (``reembed_record.moved_onto``/``moved_values``): held at its new name,
said so, passed over, and tried again once its file changes, as before the rename; one only waiting, moved
out of its entry's folder, is embedded again by the run that finds it moved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.decode_blips import BROKEN
from tests.test_reembed_failed import _library, _run, _status


@pytest.mark.parametrize("new", ["renamed.mp4", "sub/broken.mp4"], ids=["renamed", "into-a-sub-folder"])
def test_a_held_video_renamed_is_still_said_held_under_its_new_name(tmp_path, new):
    _, before = _library(tmp_path)
    videos = tmp_path / "videos"
    (videos / new).parent.mkdir(parents=True, exist_ok=True)
    os.rename(videos / "broken.mp4", videos / new)
    for _ in range(2):  # (the run that finds it moved, then another)
        events, opened, after = _run(tmp_path)
        assert events[0].summary["reembed_held"] == 1 and events[0].summary["to_index"] == 0, events[0].summary
        assert opened == [], opened  # (passed over: not decoded again)
        assert after[Path(new).name] == before["broken.mp4"], after  # (its earlier moments)
        assert [p for p, _ in events[-1].failed] == [str(videos / new)], events[-1].failed  # (said, as before)
        st = _status(tmp_path)
        assert st["reembed_waiting"] == {}, st
        assert [(f["path"], f["reason"]) for f in st["reembed_failed"]] == [(str(videos / new), BROKEN)], st
    moved = videos / new
    os.utime(moved, ns=(os.stat(moved).st_atime_ns, os.stat(moved).st_mtime_ns + 5_000_000_000))
    events = _run(tmp_path)[0]  # (its file changed: tried again, as before the rename)
    assert events[0].summary["reembed_held"] == 0 and events[0].summary["to_index"] == 1, events[0].summary


def test_a_video_waiting_to_be_embedded_again_moved_to_another_library_folder_is_embedded_again(
        tmp_path, capsys, monkeypatch):
    """Not held, only waiting (an interrupted --reindex A): moved into the library folder B, its wait
    stayed behind in A's entry, so no run embedded it again and status stopped counting it, on its
    earlier moments with nothing said. The run that finds it moved embeds it again."""
    from tests.cli_run import run_cli
    from tests.test_reembed_sub_folder import _waiting
    from tests.test_reindex_keeps_searchable import _two_folders, _videos
    from tests.test_reindex_resumes import _crash_after_first_commit

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    _crash_after_first_commit(monkeypatch, lib, a)  # (one of A's two embedded anew, the other waits)
    crashed = _videos(lib)
    (left,) = [n for n in ("red.mp4", "green.mp4") if crashed[n] == before[n]]
    os.rename(a / left, b / left)
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0, err  # (counted once, as what happens to it: embedded again; the parent: "1 to index, 2
    assert "Found 3 videos: 1 to index (1 of them moved), 2 unchanged, 0 removed." in err, err  # unchanged, 1 moved")
    after = _videos(lib)
    assert after[left][1] > before[left][1], after  # (the parent: its earlier moments still)
    assert _waiting(capsys, lib) == {}


@pytest.mark.parametrize("stop", ["cancelled", "crashed"])
def test_a_waiting_video_moved_keeps_its_wait_when_the_run_that_finds_it_moved_stops(
        tmp_path, capsys, monkeypatch, stop):
    """The run that finds it moved writes the move before it embeds anything (``sync_apply``): stopped
    before it reached the video (the window's Cancel, a crash, a kill, a full disk), the row was at its
    new path, no entry covered it, and its wait was gone for good: on its earlier moments, not counted by
    status, never embedded again. Its wait is carried onto its new path, as a held one's is."""
    from core import reembed_record, service
    from core.library import VideoLibrary
    from core.library.moments import MomentTable
    from tests.cli_run import FixedTextEncoder, run_cli
    from tests.test_reembed_sub_folder import _waiting
    from tests.test_reindex_keeps_searchable import _two_folders, _videos
    from tests.test_reindex_killed_record import _killed
    from tests.test_reindex_resumes import _crash_after_first_commit

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    _crash_after_first_commit(monkeypatch, lib, a)
    assert _waiting(capsys, lib) == {str(a): 1}
    (left,) = [n for n in ("red.mp4", "green.mp4") if _videos(lib)[n] == before[n]]
    os.rename(a / left, b / left)
    with VideoLibrary(lib) as writer:
        run, real = service.IndexRun(writer, FixedTextEncoder(), [str(a), str(b)]), MomentTable.commit
        if stop == "crashed":  # (its first commit: the move is written already)
            monkeypatch.setattr(MomentTable, "commit", lambda *_: (_ for _ in ()).throw(RuntimeError("crashed")))
        events = []
        try:
            for ev in run.events():
                events.append(ev)
                if ev.kind == "scanned" and stop == "cancelled":
                    run.cancel(chosen=True)
        except RuntimeError as exc:
            assert stop == "crashed" and "crashed" in str(exc), exc
        monkeypatch.setattr(MomentTable, "commit", real)
        assert events[0].summary["moved"] == 0 and events[0].summary["to_index"] == 1, events[0].summary  # (once)
        assert [v.path for v in writer.video_table.all() if v.path.endswith(left)] == [str(b / left)]
    assert _videos(lib)[left] == before[left]  # (not reached: on its earlier moments)
    assert _waiting(capsys, lib) == {str(b): 1}  # (the parent: {}, its wait gone)
    if stop == "cancelled":
        assert _killed(lib) == (), reembed_record.runs(VideoLibrary(lib, read_only=True).meta.settings)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    assert _videos(lib)[left][1] > before[left][1]  # (embedded again)
    assert _waiting(capsys, lib) == {}
