"""A fragmented MP4 whose video lies whole in its index while its sound runs on in fragments after it (a recording
whose sound outlasts its video, fragmented by duration: FFmpeg's frag_duration) is a fragmented file
(``mp4_samples.fragmented``), so the probe asks ``mp4_samples.shown_end`` of its video (``core.stream_facts``), a
track without fragments: it answers from the index's samples. Without that answer (the s52 review proposed None
there, thinking only a test asked it) the screen recording of B-frames here read 2.62 s of 3.80 s, its last still
lost, and a library of 19 kept it though 19 read it as short (``fragments_past_s`` 0: ``reader_recheck``)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

av = pytest.importorskip("av")

from core import mp4_samples  # noqa: E402
from core.media import FrameSampler  # noqa: E402
from core.reader_recheck import MOVED_S  # noqa: E402
from tests.test_vfr_mp4_end import END, TB, TIMES, picture  # noqa: E402


def write(path) -> str:
    """test_vfr_mp4_end's screen recording (B-frames, no edit list) with silent sound to 8 s, 5 s fragments: the
    video's every sample in the index, the sound's after 5 s in fragments."""
    with av.open(str(path), "w", format="mp4", options={"frag_duration": "5000000", "use_editlist": "0"}) as out:
        sound = out.add_stream("aac", rate=48000)
        video = out.add_stream("libx264", rate=60)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        video.codec_context.time_base = video.time_base = TB
        video.options = {"g": "600", "bf": "2"}
        sent = 0

        def sound_to(t: float) -> None:
            nonlocal sent
            while sent * 1024 <= t * 48000:
                frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = 48000, sent * 1024, Fraction(1, 48000)
                out.mux(sound.encode(frame))
                sent += 1

        for n, t in enumerate(TIMES):
            sound_to(t)
            frame = av.VideoFrame.from_ndarray(picture(n), format="rgb24")
            frame.pts, frame.time_base = round(t / TB), TB
            out.mux(video.encode(frame))
        out.mux(video.encode())
        sound_to(8.0)
        out.mux(sound.encode())
    return str(path)


def test_a_fragmented_mp4s_unfragmented_video_is_as_long_as_its_index_shows_it(tmp_path):
    path = write(tmp_path / "sound_runs_on.mp4")
    tracks = mp4_samples._tables(path)
    assert [(t["handler"], t["fragmented"]) for t in tracks] == [(b"soun", True), (b"vide", False)]
    # (its last sample 2/60 s on, as in test_mp4_tables_once; None where asked: the probe read 2.62 s)
    assert mp4_samples.shown_end(path, 2) == pytest.approx(END + 2 / 60, abs=0.002)
    reader = FrameSampler(size=None, skip="nonref")._open(path)
    try:
        assert reader.info.duration == pytest.approx(END + 2 / 60, abs=0.002)
        assert reader.fragments_past_s > MOVED_S  # (19 read it by its decoding times: 2.62 s)
    finally:
        reader.close()
