"""A video on a share that stops answering for good (a hard-mounted one: its reads never return) must not
hang whoever reads it: FFmpeg's reads have a bound (``core.file_open``), but Seekframe's own readers of a
file's bytes (an MPEG-PS's PES headers, ``pes_dts``, read beside every packet of an H.264 PS; an MP4's
header and tables; an AVI's, an Ogg's, an MPEG-TS's and a DVR file's; whether it holds only zeros, where
its data ends) opened it with plain ``open()`` and waited for as long as the share did: the window's
thumbnail worker for ever, an index run's decode process until the pool killed it. They read through
``core.bounded_read`` now: each read given up after its bound with the words FFmpeg's bound has
("decoding took longer than 1 s", a failure of the moment later runs try again).

Reads made to hang by ``tests/eio_shim.py`` (LD_PRELOAD, its ``hang`` mode; skipped without a C compiler),
in one subprocess, each look in a thread of its own: on the old readers every look is still reading when the
subprocess gives up waiting for it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.eio_shim import ROOT, shim
from tests.videos import Segment, write_video

BOUND_S = 1.0
HUNG_S = 30  # (a look still reading after this long hangs; bounded, each ends in about BOUND_S)

LOOKS = ["pes_dts", "mp4_diagnose", "mp4_tracks", "mp4_whole_fragments", "mp4_samples", "mp4_segment_indexed",
         "avi_rate", "ts_av1", "ogg_pages", "dhav_knots", "dhav_date", "steady_by_10", "only_zeros"]

# (every look in one subprocess, each in a thread of its own, all at once: each waits out its bound, so a
# subprocess a look cost 13 starts and 13 bounds one after the other; a look still reading after HUNG_S is
# said so, the others answer as before)
_LOOK = r"""
import os, sys, threading, time
from types import SimpleNamespace as NS
from core import (avi_header, bounded_read, dhav, mp4_fragments, mp4_header, mp4_samples, ogg_chain, pes_dts,
                  timeline, timeline_seek, ts_video, zero_bytes)
from core.errors import MediaError

path, bound, hung_s, names = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
bounded_read.READ_TIMEOUT_S = bound  # (the looks with no reader's budget)
packet = NS(stream=NS(index=0), pts=3, dts=0, pos=0)  # (a PES whose DTS FFmpeg filled in)
looks = {
    "pes_dts": lambda: list(pes_dts.fixed(path, [packet], 0, bound)),
    "mp4_diagnose": lambda: mp4_header.diagnose(path),
    "mp4_tracks": lambda: mp4_header.track_facts(path, 1),
    "mp4_whole_fragments": lambda: mp4_header.whole_fragments(path),
    "mp4_samples": lambda: mp4_samples.steady(path, 1.0, 0.5),
    "mp4_segment_indexed": lambda: mp4_fragments.segment_indexed(path, 1),
    "avi_rate": lambda: avi_header.avi_header_lacks_rate(path),
    "ts_av1": lambda: ts_video.reason(path),
    "ogg_pages": lambda: ogg_chain.video_pages(path),
    "dhav_knots": lambda: dhav.knots(path, [NS(pos=0)], [(0, 0, 0)], 0.001),
    "dhav_date": lambda: timeline_seek.chunk_date(path, 0),
    "steady_by_10": lambda: timeline.steady_by_10(path),
    "only_zeros": lambda: zero_bytes.only_zeros(path),
}
said = {}

def made(name):
    try:
        said[name] = repr(looks[name]())
    except MediaError as e:
        said[name] = f"{type(e).__name__}: {e.reason}"

os.environ["EIO_MATCH"] = os.path.basename(path)  # (from here on, every read of it never returns)
threads = [threading.Thread(target=made, args=(name,), daemon=True) for name in names]
for t in threads:
    t.start()
deadline = time.monotonic() + hung_s
for t in threads:
    t.join(max(0.0, deadline - time.monotonic()))
for name in names:
    print(f"{name}\t{said.get(name, 'STILL READING')}")
sys.stdout.flush()
os._exit(0)  # (the looks' stuck threads wait for ever on the share)
"""


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    return write_video(tmp_path_factory.mktemp("hung") / "clip.mp4", [Segment(1.0, "red")])


@pytest.fixture(scope="module")
def answers(video):
    """{look: its last line} of every look, made where every read of the video never returns."""
    env = {**os.environ, "LD_PRELOAD": str(shim()), "EIO_MATCH": "", "EIO_ERRNO": "hang", "EIO_AFTER": "0",
           "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run([sys.executable, "-c", _LOOK, str(video), str(BOUND_S), str(HUNG_S), *LOOKS], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=HUNG_S + 60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the looks still going after {HUNG_S + 60} s: one hangs with the share")
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(line.split("\t", 1) for line in done.stdout.splitlines() if "\t" in line)


@pytest.mark.parametrize("look", LOOKS)
def test_a_header_read_on_a_share_that_stopped_answering_gives_up(answers, look):
    said = answers.get(look)
    assert said != "STILL READING", f"{look} still reading after {HUNG_S} s: it hangs with the share"
    assert said == f"DecodeTimeout: decoding took longer than {BOUND_S:g} s", (look, said)
