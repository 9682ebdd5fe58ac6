"""Kill the indexer at an arbitrary point (SIGKILL: no cleanup runs), then run it again: the
library must be consistent, finish the rest, and hold every moment exactly once."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_proc import done_count, kill_in
from tests.cli_zygote import start_cli  # (python -m core.cli, forked from a warm parent)
from tests.videos import COLORS, Segment, write_video

N_VIDEOS = 36
SECONDS = 12  # 3 moments of 4 s each


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_index_resumes_without_duplicates_or_losses(tmp_path, capsys, colour_model):
    model = colour_model  # the session's (same steps and seed as a model of its own; indexing reads it only)
    videos = tmp_path / "videos"
    names = list(COLORS)
    for i in range(N_VIDEOS):
        a, b = names[i % len(names)], names[(i + 3) % len(names)]
        write_video(videos / f"clip{i:02d}.mp4", [Segment(SECONDS / 2, a), Segment(SECONDS / 2, b, square="white")],
                    seed=i)
    lib = tmp_path / "lib"
    proc = start_cli("index", videos, "--library", lib, "--model", model, "-q")
    # 36 files take two passes: the quick one marks them done (quick) in a batch or two, and the
    # full one replaces them a second or so later. Kill once anything is searchable: in the full
    # pass or between the passes, with videos on their quick moments and none (or a batch) full.
    alive = kill_in(proc, lambda: done_count(lib, quick=True) >= 2 and done_count(lib) < N_VIDEOS, poll=0.05)
    full_at_kill, any_at_kill = done_count(lib), done_count(lib, quick=True)
    assert alive and 0 < any_at_kill and full_at_kill < N_VIDEOS, \
        f"the kill should land mid-run (done: {any_at_kill}, full: {full_at_kill}); {proc.stderr.read()}"
    proc.stderr.close()

    # The killed writer's lock died with it: the next run can write, and finishes the rest.
    assert main(["index", str(videos), "--library", str(lib), "--model", str(model), "-q"]) == 0
    capsys.readouterr()
    with VideoLibrary(lib, read_only=True) as library:
        vids = library.video_table.all()
        assert len(vids) == N_VIDEOS and {v.status for v in vids} == {"done"}
        assert not any(v.quick for v in vids), "the resumed run finishes the full pass"
        assert len({v.path for v in vids}) == N_VIDEOS
        all_moments = [m for v in vids for m in library.moment_table.of(v.video_id)]
        assert all(v.n_moments == SECONDS // 4 for v in vids)
        ids = Counter(m.moment_id for m in all_moments)
        assert len(all_moments) == N_VIDEOS * SECONDS // 4 and max(ids.values()) == 1
        assert library.maintenance.stats()["moments"] == N_VIDEOS * SECONDS // 4
    # And the content is right: the top hits for a colour are the halves painted in it.
    assert main(["search", "purple", "--library", str(lib), "--json", "-k", "3"]) == 0
    for hit in json.loads(capsys.readouterr().out):
        i = int(Path(hit["path"]).stem[4:])
        first_half = hit["end"] <= SECONDS / 2 + 0.01
        assert (names[i % len(names)] if first_half else names[(i + 3) % len(names)]) == "purple", hit
