"""An H.264 file whose SPS claims a huge frame (crafted or damaged: 16000x16000 in a 1 KB file) had
FFmpeg's first look at it, as the reader opened it, decode frames of that size: 1.8-2.2 GB and 20-40 s
(bare .h264, Matroska, MPEG-TS), before the reader refused it by its size, or ended in "decoding took
longer than 20 s" (a thumbnail's bound). FFmpeg's decoders of that look are bounded now
(``core.file_open.OPEN_MAX_PIXELS``): the reader says at once that the frame is larger than it takes.

Here 9008x9008 (the old reader: 540-710 MB more memory for that look; now ~30 MB), opened in a
subprocess whose memory may grow by 1.5 GB at most (RLIMIT_DATA, so that a regression cannot take the
machine's), which reports how far its peak grew while the file opened."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("av")

from tests.eio_shim import ROOT  # noqa: E402
from tests.h264_sps import write_claiming  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA, ru_maxrss in KB")

SIDE = 9008  # (81 million pixels: past the reader's 35.7 million and FFmpeg's bound, twice that)
FRAME_MB = SIDE * SIDE * 3 // 2 >> 20  # (one such frame decoded: 116 MB)

_OPEN = r"""
import os, resource, sys
from core.errors import MediaError
from core.media import FrameSampler

with open("/proc/self/statm") as f:
    pages = int(f.read().split()[5])  # (data + stack, in pages: what RLIMIT_DATA counts)
soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
bound = pages * os.sysconf("SC_PAGE_SIZE") + (1536 << 20)
resource.setrlimit(resource.RLIMIT_DATA, (bound if hard == resource.RLIM_INFINITY else min(bound, hard), hard))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    FrameSampler(size=None, timeout_s=60).open(sys.argv[1]).close()
    print("opened")
except MediaError as e:
    print(f"{type(e).__name__}: {e.reason}")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) >> 10)
"""


@pytest.fixture(scope="module")
def claiming(tmp_path_factory):
    return write_claiming(tmp_path_factory.mktemp("sps"), SIDE, SIDE)


@pytest.mark.parametrize("kind", ["h264", "mkv", "ts"])
def test_a_frame_size_claimed_past_the_bound_is_refused_before_ffmpeg_decodes_it(claiming, kind):
    done = subprocess.run([sys.executable, "-c", _OPEN, claiming[kind]], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    said, grew_mb = done.stdout.strip().splitlines()[-2:]
    assert said == (f"MediaError: frame size {SIDE}x{SIDE} is larger than the allowed 35651584 pixels "
                    "(a damaged header, or a video too large to index)")
    assert int(grew_mb) < FRAME_MB  # (no frame of that size decoded on the way)
