"""Of a stopped run's files, those still to index (``core.stopped_runs``) counted a file the run
tried again and that failed again as still to index, and netted failures against successes: the
record kept how many of its root's videos had failed when it planned and took it from the failed
rows after, so a video failed before and indexed now, beside a new file that failed, left the new
failure uncounted; one failed before that failed again was not counted as reached. Said by
`seekframe status` and the library panel as "N still to index", one more than the run left. Now a
failure is written with its time (``VideoTable.record_failures``), and a file is reached when its
row was written done or failed since the run planned it. From real runs (``tests.decode_blips``:
``flaky*`` fails with EIO while "blip" is there, ``broken*`` on its content), stopped by Cancel
once the retried and the broken file are through."""

from __future__ import annotations

import pytest

from core import stopped_runs
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_video


def _run(lib, folder, stop_after=()):
    """One run of ``folder``, cancelled once each of ``stop_after`` is through (none: to its end)."""
    opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=30.0, decode_workers=1,
                        commit_every_s=0.0, commit_videos=1)
    indexer, through = MomentIndexer(lib, ColourMeanEncoder(), opts), set()
    for ev in indexer.run([str(folder)]):
        if ev.kind in ("file_done", "file_failed"):
            through.add(ev.current.rsplit("/", 1)[-1])
            if stop_after and through >= set(stop_after):
                indexer.cancel()
    return ev


@pytest.mark.parametrize("blip_stays", [False, True], ids=["retried_indexed", "retried_failed_again"])
def test_a_file_tried_again_counts_as_reached_whatever_its_end(tmp_path, blip_stays):
    folder = tmp_path / "videos"
    write_video(folder / "good.mp4", [Segment(2, "red")], seed=1)
    write_video(folder / "flaky.mp4", [Segment(2, "blue")], seed=2)
    (tmp_path / "blip").touch()
    with VideoLibrary(tmp_path / "lib") as lib:
        assert _run(lib, folder).kind == "finished"
        assert [v.status for v in lib.video_table.all() if v.path.endswith("flaky.mp4")] == ["failed"]
    write_broken_video(folder / "broken.mp4")
    for i, colour in enumerate(("green", "white", "black")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=10 + i)
    if not blip_stays:
        (tmp_path / "blip").unlink()  # (the share is back: flaky.mp4 reads)
    with VideoLibrary(tmp_path / "lib") as lib:
        assert _run(lib, folder, stop_after=("broken.mp4", "flaky.mp4")).kind == "cancelled"
        rows = lib.video_table.all()
        assert stopped_runs.recorded(lib.meta.settings)[str(folder)]["files"] == 5  # flaky, broken, new0-2
        flaky = next(v for v in rows if v.path.endswith("flaky.mp4"))
        assert flaky.status == ("failed" if blip_stays else "done")
        new_left = sum(not any(v.path.endswith(f"new{i}.mp4") and v.status == "done" for v in rows) for i in range(3))
        runs = stopped_runs.stopped(lib.meta.settings, rows)
    assert new_left, "the run reached every new file before Cancel: nothing left to count"
    assert [r.left for r in runs] == [new_left], (runs, new_left)
