"""What a Ray run prints besides seekframe's own words (``core.cluster_connect.quiet_ray``): no
"Token authentication is enabled" of the local cluster started for the run, no "Progress bars
disabled", and no colour codes round the "(raylet)" lines Ray prints of a worker that died (they
stay: the cause of a file failed "its Ray task failed twice"). Its own local Ray, in a child
process as a user's run (forked from tests.cli_zygote's warm parent), its output not a terminal."""

from __future__ import annotations

import json
import sys

import pytest

from tests.cli_zygote import start_probe
from tests.cluster_world import end_left, write_clips
from tests.videos import Segment, write_video

pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
pytestmark = pytest.mark.slow

RUN = """
import json, os, sys
from core.cluster import RayIndexer
from core.indexer import IndexOptions
from core.library import VideoLibrary
from tests.cluster_world import ray_processes
from tests.fakes import ColourMeanEncoder
from tests.ray_faults import decode
with VideoLibrary(sys.argv[2]) as lib:
    indexer = RayIndexer(lib, ColourMeanEncoder(), IndexOptions(decode_fn=decode), encoder_factory=ColourMeanEncoder)
    events = list(indexer.run([sys.argv[1]]))
print("FAILED", json.dumps(events[-1].failed), file=sys.stderr)
print("RAY", json.dumps(ray_processes(os.getpid())), file=sys.stderr)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_ray_run_prints_ray_s_errors_without_its_notices_or_colour_codes(tmp_path):
    videos = write_clips(tmp_path / "videos", 1, seconds=4)
    write_video(videos / "die_always.mp4", [Segment(4, "blue")])  # (kills its Ray worker: Ray says so)
    said_at = tmp_path / "said"  # (its stdout and stderr, both written there: a file, not a terminal)
    said_at.touch()
    # a process of its own, forked from tests.cli_zygote's warm parent (LanceDB and the indexer taken there)
    proc = start_probe(RUN, videos, tmp_path / "lib", timeout=300, output=said_at)
    code = proc.wait(None)
    proc.stderr.close()
    said = said_at.read_text(encoding="utf-8", errors="replace")
    lines = said.splitlines()
    started = {int(k): v for k, v in json.loads(next((ln[4:] for ln in lines if ln.startswith("RAY ")), "{}")).items()}
    end_left(started)
    assert code == 0 and not proc.timed_out, said
    failed = json.loads(next(ln[7:] for ln in lines if ln.startswith("FAILED ")))
    assert [p.rsplit("/", 1)[-1] for p, _ in failed] == ["die_always.mp4"]
    assert "\x1b" not in said, said
    assert "Token authentication is enabled" not in said and "Progress bars disabled" not in said, said
