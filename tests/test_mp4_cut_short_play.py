"""A plain MP4 cut short inside its media data (its index first: a download or copy that stopped) plays to where
its frames stop, not to its header's length: ``core.mp4_cut.playable_s`` reads that from its sample tables, and
``core.play_timing.engine_timed`` sends it to the engine's frames with that length (a plain player took the
header's 0:30 of a file that plays to 0:13, and sought past the cut sat "playing" with no frame and no word).
A whole file, real footage too, is left to the plain player as before."""

from __future__ import annotations

import pytest

av = pytest.importorskip("av")

from core import play_timing  # noqa: E402
from core.mp4_cut import playable_s  # noqa: E402
from core.play_timing import engine_timed  # noqa: E402
from tests.test_timestamp_restarts import FPS, picture  # noqa: E402
from tests.videos import write_truncated  # noqa: E402


def index_first_mp4(path, frames: int = 100):
    """A numbered clip with B-frames (composition offsets), its index before its media data ('faststart')."""
    with av.open(str(path), "w", format="mp4", options={"movflags": "faststart"}) as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"g": "10", "keyint_min": "10", "sc_threshold": "0", "bf": "2"}
        for i in range(frames):
            out.mux(s.encode(av.VideoFrame.from_ndarray(picture(i), format="rgb24")))
        out.mux(s.encode())
    return path


def decoded_to(path) -> float:
    """Where the frames FFmpeg decodes of ``path`` run on without a gap to, from its first one's time."""
    with av.open(str(path)) as c:
        s, times = c.streams.video[0], []
        try:
            for f in c.decode(s):
                times.append(float(f.pts * s.time_base))
        except av.FFmpegError:  # (the last packet's bytes cut: as the engine's reader, it ends there)
            pass
    times.sort()
    end = times[0]
    for t in times:
        if t > end + 1.5 / FPS:
            break
        end = t + 1.0 / FPS
    return end - times[0]


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_an_index_first_mp4_cut_short_plays_as_far_as_its_frames_and_the_engine_shows_it(tmp_path, keep):
    whole = index_first_mp4(tmp_path / "whole.mp4")
    data = whole.read_bytes()
    media = data.index(b"mdat") + 4  # (cut ``keep`` of the way through its media data)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[:media + int(keep * (len(data) - media))])
    assert playable_s(whole) is None and engine_timed(whole) is None  # (whole: the plain player, as before)
    got = playable_s(cut)
    # (as far as FFmpeg decodes it, or the few frames its decoder held back for reordering further, shown as
    # the frame before them: the frames listed whole, not one past them)
    assert got is not None and decoded_to(cut) - 0.01 <= got <= decoded_to(cut) + 3.01 / FPS
    timed = engine_timed(cut)
    assert timed is not None and timed.why == play_timing.CUT_SHORT
    assert timed.duration == pytest.approx(got) and timed.duration < 100 / FPS - 0.5  # (not the header's 4 s)


def test_real_footage_whole_is_left_to_the_plain_player_and_cut_at_half_plays_to_its_cut(tmp_path, shared_videos):
    for path in sorted(shared_videos.iterdir()):
        if path.suffix in (".mp4", ".mkv"):
            assert playable_s(path) is None and engine_timed(path) is None, path.name
    cut = write_truncated(shared_videos / "car-detection.mp4", tmp_path / "truncated.mp4", keep=0.5)
    timed = engine_timed(cut)  # (with sound: Qt's player keeps it, held to where the frames stop; said cut short)
    assert isinstance(timed, play_timing.Cut) and timed.said and timed.header_s > 30
    assert timed.playable_s == pytest.approx(decoded_to(cut), abs=0.09)  # (0:13 of the header's 0:30)
    assert timed.playable_s < 20


def test_an_mp4_cut_before_its_index_or_not_an_mp4_says_nothing(tmp_path):
    whole = index_first_mp4(tmp_path / "whole.mp4", frames=20)
    (tmp_path / "head.mp4").write_bytes(whole.read_bytes()[:200])  # (inside its index: no tables)
    (tmp_path / "text.mp4").write_bytes(b"not a video at all\n" * 20)
    assert playable_s(tmp_path / "head.mp4") is None and playable_s(tmp_path / "text.mp4") is None
    assert playable_s(tmp_path / "gone.mp4") is None
