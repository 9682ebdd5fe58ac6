"""WebP files (phones' and messengers' short clips, stickers): FFmpeg 8.1 decodes still WebP images
only. An animated one is a video, read by Pillow's libwebp at its frames' own times through the one
frame sampler (it used to fail, and a scan counted every .webp as an image); where Pillow has no
WebP, it says what it is and that FFmpeg cannot decode it, not "no video stream"."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
import pytest

from core import webp
from core.errors import CutShort, MediaError
from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from core.scan import scan
from core.thumbnails import thumbnail

av = pytest.importorskip("av")


def write_animated_webp(path, frames: int = 12, ms: int = 100):
    with av.open(str(path), "w", format="webp") as out:
        stream = out.add_stream("libwebp_anim", rate=1000 // ms)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(frames):
            rgb = np.full((48, 64, 3), (20 * i) % 256, np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def write_still_webp(path):
    path.write_bytes(cv2.imencode(".webp", np.full((48, 64, 3), 90, np.uint8))[1].tobytes())
    return path


@pytest.fixture
def animated(tmp_path):
    if "libwebp_anim" not in av.codecs_available:
        pytest.skip("no animated WebP encoder in this FFmpeg")
    return write_animated_webp(tmp_path / "sticker.webp")


def test_webp_frames_tells_a_still_image_from_an_animation(tmp_path, animated):
    assert webp.webp_frames(animated, enough=100) == 12
    assert webp.webp_frames(animated) == 2  # (counts up to enough: a scan reads a few chunk headers)
    assert webp.webp_frames(write_still_webp(tmp_path / "photo.webp")) == 1
    (tmp_path / "fake.webp").write_bytes(b"not a webp at all")
    assert webp.webp_frames(tmp_path / "fake.webp") == 2  # (left to the decoder, which says why)
    (tmp_path / "cut.webp").write_bytes(animated.read_bytes()[:40])  # (its header, no frame)
    assert webp.webp_frames(tmp_path / "cut.webp") == 2


def decodes(path) -> bool:
    try:
        with av.open(str(path)) as c:
            return any(True for _ in c.decode(video=0))
    except av.FFmpegError:
        return False


RED, GREEN, BLUE, WHITE = (200, 30, 30), (30, 200, 30), (30, 30, 200), (250, 250, 250)


def write_pillow_webp(path, ms=(300, 10, 700, 500)):
    """Red, green, green with a blue 16 px corner (libwebp stores only that corner: a frame drawn
    over the one before), then white whose right half is transparent, shown ``ms`` each."""
    from PIL import Image

    red, green = np.full((48, 64, 3), RED, np.uint8), np.full((48, 64, 3), GREEN, np.uint8)
    corner = green.copy()
    corner[:16, :16] = BLUE
    clear = np.zeros((48, 64, 4), np.uint8)
    clear[:, :32] = (*WHITE, 255)
    clear[:, 32:] = (*WHITE, 0)
    frames = [Image.fromarray(x).convert("RGBA") for x in (red, green, corner)] + [Image.fromarray(clear, "RGBA")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=list(ms), loop=0, lossless=True)
    return path


@pytest.fixture
def clip(tmp_path):
    return write_pillow_webp(tmp_path / "clip.webp")


def test_an_animated_webp_is_read_as_a_video_at_its_frames_own_times(clip):
    """Each frame is the whole canvas as shown (the corner drawn over the green frame), at the
    sum of the durations before it; 10 ms is shown for 100 ms, as browsers show it."""
    info = probe(clip)
    assert (info.codec, info.frame_count, info.width, info.height) == ("webp", 4, 64, 48)
    assert info.duration == pytest.approx(0.3 + 0.1 + 0.7 + 0.5)
    got = FrameSampler(None).frames_at(clip, [0.0, 0.29, 0.35, 0.5, 1.09, 1.1, 1.59, 5.0])
    assert got.times.tolist() == pytest.approx([0.0, 0.0, 0.3, 0.4, 0.4, 1.1, 1.1, 1.1])
    assert [tuple(f[40, 10]) for f in got.frames] == [RED, RED, GREEN, GREEN, GREEN, WHITE, WHITE, WHITE]
    assert [tuple(f[4, 4]) for f in got.frames[2:5]] == [GREEN, BLUE, BLUE]
    assert tuple(got.frames[-1][40, 50]) == (0, 0, 0)  # (its transparent half: black)
    # the same frames streamed at a rate, skipping or not, and back again after a later one
    for skip in ("none", "nonref", "nonkey"):
        streamed = list(FrameSampler(None, skip=skip).iter_at_rate(clip, 10))
        assert [t for t, _ in streamed] == pytest.approx([0.0, 0.3, 0.4, 1.1])
        assert [tuple(f[40, 10]) for _, f in streamed] == [RED, GREEN, GREEN, WHITE]
    back = FrameSampler(None, _strategy="seek").frames_at(clip, [1.2, 0.1])  # (read in time order)
    assert [tuple(f[40, 10]) for f in back.frames] == [WHITE, RED]


def test_an_animated_webp_is_indexed_as_moments_and_thumbnailed(tmp_path, clip):
    seg = MomentSegmenter(window_s=0.8, frames_per_moment=4, min_moment_s=0.5)
    moments = list(seg.segment(str(clip), FrameSampler(16, skip="nonref")))
    assert [x for m in moments for x in (m.start, m.end)] == pytest.approx([0.0, 0.8, 0.8, 1.6])
    assert [sorted({round(t, 6) for t in m.frame_times}) for m in moments] == [[0.0, 0.3, 0.4], [1.1]]
    thumb = cv2.imread(str(thumbnail(str(clip), 1.2, max_width=32, cache_dir=tmp_path / "thumbs")))
    assert thumb.shape == (24, 32, 3) and tuple(thumb[20, 5][::-1]) == pytest.approx(WHITE, abs=8)


def test_an_animated_webp_cut_short_plays_its_whole_frames_and_says_so(tmp_path, clip):
    data = clip.read_bytes()
    cut = tmp_path / "cut.webp"
    cut.write_bytes(data[:-20])  # (part-way through the last frame)
    assert probe(cut).duration == pytest.approx(1.6)  # (as long as the cut frame's header says)
    seen = []
    with pytest.raises(CutShort) as e:
        for t, f in FrameSampler(None).iter_at_rate(cut, 10):
            seen.append((t, tuple(f[40, 10])))
    assert seen == [(0.0, RED), (0.3, GREEN), (pytest.approx(0.4), GREEN)]
    assert (e.value.plays_s, e.value.claimed_s) == (pytest.approx(1.1), pytest.approx(1.6))
    assert e.value.reason.startswith("truncated")
    (tmp_path / "head.webp").write_bytes(data[:60])  # (no whole frame)
    with pytest.raises(MediaError):
        probe(tmp_path / "head.webp")


def test_a_frame_libwebp_rejects_ends_what_plays(tmp_path, clip):
    data = bytearray(clip.read_bytes())
    third = [m.start() for m in re.finditer(b"ANMF", bytes(data))][2]
    vp8l = third + 8 + 16 + 8  # (its bitstream: after its frame header and the VP8L chunk's)
    data[vp8l + 5:vp8l + 13] = b"\xff" * 8  # (past the 5 bytes of its size, which the demuxer reads)
    bad = tmp_path / "bad.webp"
    bad.write_bytes(bytes(data))
    with pytest.raises(CutShort) as e:
        list(FrameSampler(None).iter_at_rate(bad, 10))
    assert (e.value.plays_s, e.value.claimed_s) == (pytest.approx(0.4), pytest.approx(1.6))
    assert e.value.reason.startswith("damaged")


def test_the_index_takes_an_animated_webp_as_a_video_and_a_still_one_as_an_image(tmp_path, clip):
    from tests.test_cut_short import run, video

    folder = tmp_path / "phone"
    folder.mkdir()
    clip.rename(folder / "clip.webp")
    write_still_webp(folder / "photo.webp")
    found = scan([str(folder)])
    assert list(found.files) == [str(folder / "clip.webp")]
    assert found.skipped == {"image": 1} and found.skipped_files == []  # (photos counted, not listed)
    events = run(tmp_path / "lib", folder)
    assert not any(e.kind == "file_failed" for e in events)
    rec, moments = video(tmp_path / "lib", "clip.webp")
    assert rec.duration == pytest.approx(1.6) and rec.error == "" and moments[-1].end == pytest.approx(1.6)


def test_without_pillows_webp_an_animated_webp_says_ffmpeg_cannot_decode_it(tmp_path, monkeypatch, animated):
    from PIL import features

    check = features.check
    monkeypatch.setattr(features, "check", lambda name, *a: False if name == "webp" else check(name, *a))
    if decodes(animated):  # (an FFmpeg that decodes them: read as any other video)
        assert probe(animated).frame_count >= 12
        return
    with pytest.raises(MediaError) as e:
        probe(animated)
    assert e.value.reason == webp.ANIMATED_WEBP
    assert webp.reason(write_still_webp(tmp_path / "photo.webp")) is None


def test_a_still_webp_is_an_image_not_a_video(tmp_path):
    with pytest.raises(MediaError) as e:
        probe(write_still_webp(tmp_path / "photo.webp"))
    assert e.value.reason.startswith("not a video: an image")


def test_a_photo_named_webp_is_never_listed_as_a_video(tmp_path, clip):
    """A still WebP cut before its picture (a download that stopped), and a JPEG or PNG saved under
    a .webp name, are counted as images: the JPEG was indexed as a one-frame video and the others
    listed as failed ones (the cut one called "an animated WebP cut short")."""
    folder = tmp_path / "saved"
    folder.mkdir()
    clip.rename(folder / "clip.webp")
    rgb = np.full((48, 64, 3), 90, np.uint8)
    (folder / "jpeg.webp").write_bytes(cv2.imencode(".jpg", rgb)[1].tobytes())
    (folder / "png.webp").write_bytes(cv2.imencode(".png", rgb)[1].tobytes())
    (folder / "cut.webp").write_bytes(write_still_webp(tmp_path / "photo.webp").read_bytes()[:16])
    found = scan([str(folder)])
    assert list(found.files) == [str(folder / "clip.webp")]
    assert found.skipped == {"image": 3} and found.skipped_files == []
    assert not webp.is_animated(folder / "cut.webp")


def test_a_scan_reads_a_few_bytes_of_each_still_webp(tmp_path):
    """Thousands of photos stay cheap: the first bytes and chunk headers of each (a buffered file
    read its whole buffer, st_blksize: 4 KB here, 1 MB on an SMB share)."""
    io_stats = Path("/proc/self/io")
    if not io_stats.exists():
        pytest.skip("no /proc/self/io to count the bytes read")
    from PIL import Image

    noise = np.random.default_rng(0).integers(0, 255, (480, 640, 3), np.uint8)
    for i in range(20):  # (a VP8X chunk, an ICC profile, then the picture: as a phone's photo)
        Image.fromarray(noise).save(tmp_path / f"photo{i}.webp", icc_profile=bytes(600), quality=90)
    read = lambda: int(re.search(r"rchar: (\d+)", io_stats.read_text())[1])  # noqa: E731
    mountinfo = Path("/proc/self/mountinfo")  # (read once a walk, its bind mounts: core.mount_points)
    once = len(mountinfo.read_bytes()) if mountinfo.exists() else 0
    before = read()
    found = scan([str(tmp_path)])
    after = read()
    assert list(found.files) == [] and found.skipped == {"image": 20}
    assert after - before - 200 - once < 20 * 100  # (/proc/self/io's own text read once: ~200 bytes)


def test_a_frame_outside_the_canvas_ends_what_plays(tmp_path, clip):
    """libwebp rejects the whole file for one frame drawn outside its canvas (the file failed as
    "damaged animated WebP (could not create decoder object)"): the frames before it play, and it is
    said to be damaged from there, as a frame libwebp rejects is."""
    data = bytearray(clip.read_bytes())
    third = [m.start() for m in re.finditer(b"ANMF", bytes(data))][2]
    data[third + 8:third + 11] = (1000).to_bytes(3, "little")  # (its x offset: 2000 px, on a 64 px canvas)
    bad = tmp_path / "outside.webp"
    bad.write_bytes(bytes(data))
    seen = []
    with pytest.raises(CutShort) as e:
        for t, f in FrameSampler(None).iter_at_rate(bad, 10):
            seen.append((t, tuple(f[40, 10])))
    assert seen == [(0.0, RED), (0.3, GREEN)]
    assert (e.value.plays_s, e.value.claimed_s) == (pytest.approx(0.4), pytest.approx(1.6))
    assert e.value.reason.startswith("damaged")
