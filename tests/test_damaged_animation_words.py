"""An animated GIF or WebP cut short or damaged before its second frame (s53's corrupt-file fuzz) was
taken by the scan for a still image and passed over without a word: the user's clip was simply not
there. It is listed now and fails with words that say so; a still GIF or WebP is still an image. And
a WebP libwebp will not read is said in words, its own ("could not create decoder object") logged."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from core.errors import MediaError
from core.media import probe
from core.scan import scan
from tests.test_scan_skipped import write_gif
from tests.test_webp import write_animated_webp, write_still_webp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corrupt_mutants import apply, write_seed  # noqa: E402

av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")


def second_frame(gif: bytes) -> int:
    """Where a GIF's second image descriptor starts (its first frame's blocks end there)."""
    at = gif.find(b"\x2c")  # (the first image descriptor: past the header's colour table in these files)
    at = gif.find(b"\x21\xf9", at)  # (the second frame's graphic control extension)
    assert at > 0
    return at


def reason(path) -> str:
    with pytest.raises(MediaError) as e:
        probe(path)
    return e.value.reason


def test_an_animated_gif_cut_after_its_first_frame_is_listed_and_said_cut_short(tmp_path):
    folder = tmp_path / "clips"
    folder.mkdir()
    dance = write_gif(tmp_path / "dance.gif", [(200, 30, 30), (30, 200, 30)] * 5).read_bytes()
    assert b"NETSCAPE2.0" in dance
    (folder / "cut.gif").write_bytes(dance[:second_frame(dance)])
    write_gif(folder / "logo.gif", [(30, 30, 200)])  # a still image, whole
    Image.fromarray(np.full((48, 64, 3), 90, np.uint8)).save(tmp_path / "still.gif")  # (no loop extension)
    still = (tmp_path / "still.gif").read_bytes()
    assert b"NETSCAPE2.0" not in still
    (folder / "still_cut.gif").write_bytes(still[:-40])  # (a still one cut short: still an image)
    found = scan([str(folder)])
    assert [Path(p).name for p in found.files] == ["cut.gif"]
    assert found.skipped == {"image": 2}
    said = reason(folder / "cut.gif")
    assert said.startswith("an animated GIF cut short: the file ends before its second frame"), said
    assert "a copy from elsewhere is needed" in said


def test_an_animated_gif_damaged_after_its_first_frame_is_said_damaged(tmp_path):
    dance = bytearray(write_gif(tmp_path / "dance.gif", [(200, 30, 30), (30, 200, 30)] * 5).read_bytes())
    at = second_frame(bytes(dance))
    dance[at:at + 64] = b"\x55" * 64  # (no GIF block starts with it)
    bad = tmp_path / "bad.gif"
    bad.write_bytes(bytes(dance))
    assert [Path(p).name for p in scan([str(tmp_path)]).files] == ["bad.gif", "dance.gif"]
    assert reason(bad).startswith("a damaged animated GIF: bytes that are no GIF data come before its second frame")


def test_an_animated_webp_cut_after_its_first_frame_is_listed_and_said_cut_short(tmp_path):
    if "libwebp_anim" not in av.codecs_available:
        pytest.skip("no animated WebP encoder in this FFmpeg")
    folder = tmp_path / "clips"
    folder.mkdir()
    data = write_animated_webp(tmp_path / "sticker.webp").read_bytes()
    (folder / "cut.webp").write_bytes(data[:data.find(b"ANMF", data.find(b"ANMF") + 4)])
    write_still_webp(folder / "photo.webp")
    found = scan([str(folder)])
    assert [Path(p).name for p in found.files] == ["cut.webp"]
    said = reason(folder / "cut.webp")  # (before: "no video stream (the video track has no frame size)" had it been listed)
    assert said.startswith("an animated WebP cut short: the file ends after its first frame"), said


def test_a_webp_libwebp_will_not_read_is_said_in_words_not_libwebps(tmp_path):
    if "libwebp_anim" not in av.codecs_available:
        pytest.skip("no animated WebP encoder in this FFmpeg")
    seed = write_seed(tmp_path / "seed.webp", "libwebp_anim", "yuv420p", {"loop": "0"}).read_bytes()
    bad = tmp_path / "bad.webp"  # (s53's fuzz, webp m009_zero: 4 KB zeroed inside its frames)
    bad.write_bytes(apply(seed, {"kind": "zero", "at": 3199, "length": 4096, "seed": 285034709}))
    said = reason(bad)
    assert said == "a damaged animated WebP: its frames cannot be read; a copy from elsewhere is needed", said
