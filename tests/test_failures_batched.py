"""Failed files are recorded in batches, as finished videos are committed. Before, each failed or
empty file was one LanceDB write of its own (``PassBook.fail`` → ``VideoTable.record_failure``),
about 30 ms a file: 700 empty .mp4 took 24 s, a folder of 2,100 junk files 81 s. Now a pass's
failures wait in its ``CommitBatcher`` and are written with the batch, in one table version; a
run killed among them loses at most the batch not yet written, and the next run tries those files
again (the library never half-written)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE, FAILED
from core.library.videos import VideoTable
from tests.cli_proc import kill_in, start_cli
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def junk_folder(folder: Path, empty: int, junk: int) -> None:
    """``empty`` 0-byte .mp4 files and ``junk`` .mp4 files of random bytes, each its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(empty):
        (folder / f"empty{i:04d}.mp4").write_bytes(b"")
    rng = np.random.default_rng(7)
    for i in range(junk):
        (folder / f"junk{i:04d}.mp4").write_bytes(rng.integers(0, 256, 4096 + i, dtype=np.uint8).tobytes())


def test_failed_and_empty_files_are_recorded_with_the_batch_not_one_write_each(tmp_path, monkeypatch):
    videos = tmp_path / "videos"
    junk_folder(videos, empty=60, junk=40)
    write_video(videos / "good.mp4", [Segment(4, "red")], fps=10)
    merges = []
    real_merge = VideoTable.merge
    monkeypatch.setattr(VideoTable, "merge", lambda self, recs: merges.append(len(recs)) or real_merge(self, recs))
    with VideoLibrary(tmp_path / "lib") as lib:
        opts = IndexOptions(two_pass=False, commit_every_s=3600.0, commit_videos=32, decode_workers=2)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(videos)]))
        records = {Path(v.path).name: v for v in lib.video_table.all()}
    assert events[-1].kind == "finished"
    assert len(records) == 101 and records["good.mp4"].status == DONE
    assert all(r.status == FAILED and r.error for n, r in records.items() if n != "good.mp4")
    assert sum(e.kind in ("file_failed", "file_skipped") for e in events) == 100
    # 101 files in batches of up to 32: 4 batches (each one merge of the rows), not 100 writes
    assert len(merges) <= 6 and sum(merges) == 101, merges


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_run_killed_among_failures_loses_at_most_its_batch_and_the_next_run_records_the_rest(tmp_path, capsys):
    from tests.models import save_tiny_model

    model = save_tiny_model(tmp_path / "model", seed=1)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    junk_folder(videos, empty=300, junk=300)

    def recorded() -> int:
        if not (lib / "library.json").exists():
            return 0
        try:
            with VideoLibrary(lib, read_only=True) as library:
                return sum(v.status == FAILED for v in library.video_table.all())
        except Exception:  # tables not created yet
            return 0

    proc = start_cli("index", videos, "--library", lib, "--model", model, "-q")
    alive = kill_in(proc, lambda: 0 < recorded() < 600, poll=0.05)
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert alive, f"the kill should land among the failures: {stderr}"
    with VideoLibrary(lib, read_only=True) as library:
        at_kill = {v.path: v for v in library.video_table.all()}
    assert 0 < len(at_kill) < 600 and all(v.status == FAILED and v.error for v in at_kill.values())

    assert main(["index", str(videos), "--library", str(lib), "--model", str(model), "-q"]) == 1  # (the junk)
    capsys.readouterr()
    with VideoLibrary(lib, read_only=True) as library:
        vids = library.video_table.all()
    assert len(vids) == 600 and len({v.path for v in vids}) == 600
    assert all(v.status == FAILED and v.error for v in vids)
    # those recorded before the kill were not read again: their rows are as the killed run left them
    assert all(at_kill[v.path].error == v.error for v in vids if v.path in at_kill)
