"""Two decode paths took any FFmpeg error for the end of what a file holds, an I/O error of a disk
or share that blipped (EIO) too (d550873 made the reader's own reads fail so): the timeline's
scan of an MPEG-TS whose clock starts again part-way (camcorder clips joined) stopped at the
error, and the file was read as its first part alone; the reader's seek fallback took a seek
that failed for "a file that cannot seek" and read on from wherever the failed seek had left
FFmpeg (a frame asked for at 92 s came from 93 s). Now both fail the read as an I/O error of the
moment ("cannot read the file (Input/output error)"), which the next runs try again
(``core.failure_retry``). Real EIO from ``tests.eio_shim``, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.eio_shim import ROOT, shim

av = pytest.importorskip("av")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the EIO shim is Linux's")

EIO = "cannot read the file (Input/output error)"


def under_eio(tmp_path, match: str, after: int, until: int | None, code: str) -> dict:
    """``code`` (which prints one JSON line) in a subprocess whose reads of files whose path
    holds ``match`` fail with EIO from byte ``after`` on (up to ``until``)."""
    import os

    env = {**os.environ, "LD_PRELOAD": str(shim(tmp_path)), "EIO_MATCH": match, "EIO_AFTER": str(after),
           "EIO_UNTIL": "" if until is None else str(until), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_scan_of_a_joined_mpeg_ts_fails_on_an_io_error_not_read_as_its_first_part(tmp_path):
    from tests.test_timestamp_restarts import write_ts

    first = write_ts(tmp_path / "a.ts", range(50)).read_bytes()
    second = write_ts(tmp_path / "b.ts", range(100, 140)).read_bytes()
    joined = tmp_path / "joined.ts"
    joined.write_bytes(first + second)
    code = f"""
import json, av
from core import timeline
from core.errors import MediaError
path = {str(joined)!r}
with av.open(path) as c:
    s = c.streams.video[0]; index, tb = s.index, float(s.time_base)
try:
    tl = timeline.scan(path, index, tb, None)
    print(json.dumps({{"parts": None if tl is None else len(tl.segments)}}))
except MediaError as e:
    print(json.dumps({{"error": e.reason}}))
"""
    whole = under_eio(tmp_path, "no such file", 0, None, code)
    assert whole == {"parts": 2}
    # EIO from the second part's first bytes (the scan reads the file whole)
    assert under_eio(tmp_path, "joined", len(first) + 1024, None, code) == {"error": EIO}


def write_noisy_ts(path, seconds: int, fps: int = 10):
    """An MPEG-TS of noisy frames (~20 KB each), each with a bar as wide as its number modulo 40."""
    rng = np.random.default_rng(0)
    with av.open(str(path), "w", format="mpegts") as out:
        s = out.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = 320, 240, "yuv420p"
        # (x264's fastest preset: noise is its slowest work, 22 s of the test's ~25 under load at the default one)
        s.options = {"g": str(fps), "keyint_min": str(fps), "sc_threshold": "0", "bf": "2", "crf": "30",
                     "preset": "ultrafast", "threads": "1"}
        for n in range(seconds * fps):
            img = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)
            img[:, : 8 * (n % 40)] = 255
            for packet in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in s.encode():
            out.mux(packet)
    return path


@pytest.mark.slow
def test_a_seek_that_met_an_io_error_fails_the_read_not_reads_on_from_where_ffmpeg_was_left(tmp_path):
    path = write_noisy_ts(tmp_path / "long.ts", 60)
    size = path.stat().st_size
    # a bad patch between two of the 64 windows timeline.steady samples (so the file opens), at 3/4
    k = 48
    after, until = k * size // 64 + 65536 + 512, (k + 1) * size // 64 - 512
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        past = [float(p.pts * s.time_base) for p in c.demux(s) if p.pos is not None and p.pos >= until
                and p.pts is not None]
    start = min(past)
    code = f"""
import json, hashlib
from core.errors import MediaError
from core.media import FrameSampler
out = []
for t in {[round(start + d, 1) for d in (-0.4, 0.0, 0.2, 0.5)]!r}:
    try:
        got = FrameSampler(size=None).frames_at({str(path)!r}, [1.0, t])
        out.append([t, float(got.times[-1]), hashlib.md5(got.frames[-1].tobytes()).hexdigest()])
    except MediaError as e:
        out.append([t, e.reason])
print(json.dumps(out))
"""
    clean = under_eio(tmp_path, "no such file", 0, None, code)
    assert all(len(r) == 3 for r in clean), clean
    patched = under_eio(tmp_path, "long.ts", after, until, code)
    for (t, *want), (_, *got) in zip(clean, patched):
        assert got == want or got == [EIO], (t, want, got)  # the frame shown at t, or the read failed
    assert [EIO] in [got for _, *got in patched], patched  # (the patch was met)
