"""A file on a network share that stops answering (its reads answered EAGAIN for ever, which FFmpeg
retries without end) must not hang a worker: the reader opens a file with a bound on each read
(PyAV's interrupt callback), but its second looks at the same file (``sparse_rate.sparser``, whether
its container's rate is only claimed; ``untimed_keys.counted_by_11``, a recheck's; ``timeline.scan``,
a clock that may jump, and ``scan_as_15``, a recheck's scan as reader 15 made it; an AVI's
soundtrack's length) and the preview's (``play_timing``) opened it with none and hung for as long as
the share did. Every PyAV open of a user's file now goes through
``core.file_open``: each gives up within its bound, with the answer it gives a file it cannot read.

Real reads made to fail by ``tests/eio_shim.py`` (LD_PRELOAD, built with the C compiler; skipped
without one), in one subprocess, each look in a thread of its own; the file opened (the reader's probe)
before its reads hang."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

pytest.importorskip("av")

import av  # noqa: E402
import numpy as np  # noqa: E402

from tests.eio_shim import ROOT, shim  # noqa: E402

BOUND_S = 1.0  # (each read's: the reader's budget in the looks that have a reader)
# (reads from here on hang: FFmpeg's first, of its 32 KB buffer at the file's start, is answered, as is
# a look at a file's head in Python (its format's magic, 8 KB through Python's buffer, which takes
# EAGAIN for "no data yet" and answers None); every frame of ``write`` is larger than that)
AFTER = 8192
HUNG_S = 60  # (a look still reading after this long hangs; bounded, each ends in about BOUND_S)

# (every look in one subprocess, each with a reader of its own in a thread of its own, all at once: a
# subprocess a look cost 6 starts, each importing PyAV, and 6 bounds one after the other; a look still
# reading after HUNG_S is said so, the others answer as before)
_LOOK = r"""
import os, sys, threading, time
from core import avi_header, bounded_read, play_timing, sparse_rate, timeline, untimed_keys
from core.av_reader import FrameReader
from core.errors import MediaError
from core.video_open import Budget, open_video

bound, hung_s, asked = float(sys.argv[1]), float(sys.argv[2]), [a.split("=", 1) for a in sys.argv[3:]]


def opened(path):
    c, s = open_video(path, bound)
    # (opened and probed while the share answers, under a budget a loaded machine's probe keeps: a CI run at
    # load ~16 spent more than 1 s decoding the probe's frames and failed here, before any look)
    reader = FrameReader(c, s, path, Budget(path, 60.0))
    reader.budget = Budget(path, bound)  # (the looks': each gives up within ``bound``)
    return reader, s


def look(name, path):
    reader, s = opened(path)
    return {
        "sparser": lambda: sparse_rate.sparser(reader, 1.0),
        "counted_by_11": lambda: untimed_keys.counted_by_11(reader),
        "scan": lambda: timeline.scan(path, s.index, reader.tb, reader.origin, timeout_s=bound),
        "scan_as_15": lambda: timeline.scan_as_15(reader),
        "audio_seconds": lambda: avi_header.audio_seconds(path),
        "engine_timed": lambda: play_timing.engine_timed(path),
    }[name]


looks = [(name, look(name, path)) for name, path in asked]
bounded_read.READ_TIMEOUT_S = bound  # (the looks with no reader's budget)
said = {}


def made(name, fn):
    try:
        said[name] = repr(fn())
    except MediaError as e:
        said[name] = f"{type(e).__name__}: {e.reason}"


os.environ["EIO_MATCH"] = os.path.dirname(asked[0][1]) + os.sep  # (from here on, every read of the files: EAGAIN)
threads = [threading.Thread(target=made, args=pair, daemon=True) for pair in looks]
for t in threads:
    t.start()
deadline = time.monotonic() + hung_s
for t in threads:
    t.join(max(0.0, deadline - time.monotonic()))
for name, _ in asked:
    print(f"{name}\t{said.get(name, 'STILL READING')}")
sys.stdout.flush()
os._exit(0)
"""


def write(path, fmt: str):
    """Two seconds of noise, 320x240 at 10 fps, every frame a keyframe of ~100 KB, H.264 in ``fmt``
    (Matroska: a rate its container only claims, ``sparse_rate``; MPEG-TS: ``untimed_keys``, ``timeline``)."""
    rng = np.random.default_rng(7)
    with av.open(str(path), "w", format=fmt) as out:
        s = out.add_stream("libx264", rate=10)
        s.width, s.height, s.pix_fmt, s.options = 320, 240, "yuv420p", {"g": "1", "crf": "10"}
        for i in range(20):
            f = av.VideoFrame.from_ndarray(rng.integers(0, 256, (240, 320, 3), np.uint8), format="rgb24")
            f.pts = i
            out.mux(s.encode(f))
        out.mux(s.encode())
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("hung")
    return {"mkv": write(d / "noise.mkv", "matroska"), "ts": write(d / "noise.ts", "mpegts")}


LOOKS = [
    ("sparser", "mkv", "False"),  # (not read here: the reader's own reads fail on it)
    ("counted_by_11", "ts", "True"),  # (not read through here: read again)
    ("scan", "ts", f"DecodeTimeout: decoding took longer than {BOUND_S:g} s"),  # (no timeline kept)
    ("scan_as_15", "ts", f"DecodeTimeout: decoding took longer than {BOUND_S:g} s"),  # (a recheck's: as the scan)
    ("audio_seconds", "mkv", "None"),
    ("engine_timed", "mkv", "None"),  # (the player says what it can of it)
]


@pytest.fixture(scope="module")
def answers(files):
    """{look: its last line} of every look, its file opened (the reader's probe) before its reads hang."""
    env = {**os.environ, "LD_PRELOAD": str(shim()), "EIO_MATCH": "", "EIO_ERRNO": str(errno.EAGAIN),
           "EIO_AFTER": str(AFTER), "PYTHONPATH": str(ROOT)}
    asked = [f"{look}={files[kind]}" for look, kind, _ in LOOKS]
    try:
        done = subprocess.run([sys.executable, "-c", _LOOK, str(BOUND_S), str(HUNG_S), *asked], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=HUNG_S + 120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the looks still going after {HUNG_S + 120} s: one hangs with the share")
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(line.split("\t", 1) for line in done.stdout.splitlines() if "\t" in line)


@pytest.mark.parametrize("look, kind, answer", LOOKS)
def test_a_look_at_a_file_whose_share_stopped_answering_gives_up(answers, look, kind, answer):
    said = answers.get(look)
    assert said != "STILL READING", f"{look} still reading after {HUNG_S} s: it hangs with the share"
    assert said == answer, (look, said)
