"""What a Ray run prints besides seekframe's own words (``core.cluster_connect.quiet_ray``): no
"Token authentication is enabled" of the local cluster started for the run, no "Progress bars
disabled", and no colour codes round the "(raylet)" lines Ray prints of a worker that died (they
stay: the cause of a file failed "its Ray task failed twice"). Its own local Ray, in a child
process as a user's run, its output not a terminal."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.cli_proc import ROOT, cli_env
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
    proc = subprocess.run([sys.executable, "-c", RUN, str(videos), str(tmp_path / "lib")], cwd=ROOT,
                          env={**cli_env(), "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    lines = proc.stderr.splitlines()
    started = {int(k): v for k, v in json.loads(next((ln[4:] for ln in lines if ln.startswith("RAY ")), "{}")).items()}
    end_left(started)
    assert proc.returncode == 0, proc.stderr
    failed = json.loads(next(ln[7:] for ln in lines if ln.startswith("FAILED ")))
    assert [p.rsplit("/", 1)[-1] for p, _ in failed] == ["die_always.mp4"]
    said = proc.stdout + proc.stderr
    assert "\x1b" not in said, said
    assert "Token authentication is enabled" not in said and "Progress bars disabled" not in said, said
