"""The words said of a damaged MP4 must be true (s53's corrupt-file fuzz): a camera's clip whose video
track's kind box ('hdlr') was zeroed was skipped as "an audio file" (FFmpeg lists a 'data' stream and
the sound), and one whose codec name had a bit flipped ('cvc1') was told to be converted to H.264; a bare
H.264 stream cut inside its first frame was said to hold "no video stream"."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.errors import MediaError, is_not_video
from core.media import probe
from core.unopenable import TEXT_FILE
from tests.test_tracks import write
from tests.test_unknown_codecs import retagged

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corrupt_mutants import apply, write_seed  # noqa: E402


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return Path(write(tmp_path_factory.mktemp("words") / "clip.mp4", 1.0, audio_s=1.0))


def reason(path) -> str:
    with pytest.raises(MediaError) as e:
        probe(path)
    return e.value.reason


def test_a_clip_whose_video_track_kind_was_zeroed_is_damaged_not_an_audio_file(clip, tmp_path):
    data = bytearray(clip.read_bytes())
    at = data.find(b"hdlr") - 4  # (the first track's: its video)
    assert data[at + 16:at + 20] == b"vide"
    size = int.from_bytes(data[at:at + 4], "big")
    data[at:at + size] = bytes(size)
    bad = tmp_path / "camera.mp4"
    bad.write_bytes(bytes(data))
    said = reason(bad)
    assert not is_not_video(said) and "audio" not in said, said
    assert said.startswith("damaged MP4/MOV file") and "a copy from elsewhere" in said, said


def test_a_codec_name_a_bit_off_h264_is_said_damaged_not_to_convert(clip, tmp_path):
    said = reason(retagged(clip, tmp_path / "flipped.mp4", b"avc1", b"cvc1"))
    assert "convert" not in said and said.startswith("damaged MP4/MOV file"), said
    assert "'cvc1', one bit off 'avc1' (H.264)" in said


@pytest.mark.parametrize("entry", [b"avs3", b"evc1"])
def test_a_real_codec_one_bit_off_a_common_one_is_not_said_damaged(clip, tmp_path, entry):
    said = reason(retagged(clip, tmp_path / "real.mp4", b"avc1", entry))  # (AVS3, EVC: no decoder here)
    assert not said.startswith("damaged"), said
    assert f"('{entry.decode()}')" in said and "if the file plays in a video player, convert it" in said, said


def test_a_codec_name_of_no_letters_is_said_damaged(clip, tmp_path):
    said = reason(retagged(clip, tmp_path / "garbage.mp4", b"avc1", b"a\x00\x9c1"))
    assert said.startswith("damaged MP4/MOV file: the name of its video's codec cannot be read"), said


def test_an_unknown_codec_says_both_what_to_do_if_it_plays_and_if_it_does_not(clip, tmp_path):
    said = reason(retagged(clip, tmp_path / "raw.mp4", b"avc1", b"brw1"))  # (Blackmagic RAW: no decoder)
    assert "('brw1')" in said and "if the file plays in a video player, convert it" in said, said
    assert "if it plays nowhere, the file is damaged" in said


@pytest.fixture(scope="module")
def fuzz_seed(tmp_path_factory) -> bytes:
    """s53's fuzz's MP4 seed (3 s, 128x96, its index after its media data)."""
    return write_seed(tmp_path_factory.mktemp("seed") / "seed.mp4", "libx264", "yuv420p", {}).read_bytes()


def test_an_mp4_cut_inside_its_index_says_so_not_no_video_stream(fuzz_seed, tmp_path):
    cut = tmp_path / "cut.mp4"  # (fuzz mp4 m014_tail: FFmpeg opens it and lists no stream)
    cut.write_bytes(apply(fuzz_seed, {"kind": "tail", "cut": 1000}))
    assert reason(cut) == "truncated: the file ends inside its index ('moov' box); a download cut short?"


def test_an_mp4_whose_video_codec_entry_cannot_be_read_is_said_damaged(fuzz_seed, tmp_path):
    bad = tmp_path / "bad.mp4"  # (fuzz mp4 m013_size: a box size altered before the sample description)
    bad.write_bytes(apply(fuzz_seed, {"kind": "size", "at": 5598, "value": 37, "little": False}))
    said = reason(bad)
    assert said.startswith("damaged MP4/MOV file: the name of its video's codec cannot be read"), said


def test_a_bare_stream_cut_inside_its_first_frame_is_not_said_to_hold_no_video_stream(tmp_path):
    seed = write_seed(tmp_path / "seed.h264", "libx264", "yuv420p", {}).read_bytes()
    cut = tmp_path / "cut.h264"  # (fuzz h264 m022_truncate: 16 bytes kept)
    cut.write_bytes(apply(seed, {"kind": "truncate", "keep": 16}))
    said = reason(cut)
    assert said.startswith("no decodable video frames: nothing of its video decodes") and "stream" not in said, said


def test_a_frame_size_past_the_bound_says_it_may_be_a_damaged_header():
    from core.file_open import MAX_PIXELS
    from core.video_open import check_size

    with pytest.raises(MediaError) as e:  # (fuzz webp m000_flip: a canvas 1048704 wide, a bit flipped)
        check_size("sticker.webp", 1048704, 96, MAX_PIXELS)
    assert e.value.reason.endswith("pixels (a damaged header, or a video too large to index)"), e.value.reason


def test_a_video_none_of_whose_frames_decodes_says_what_that_means(fuzz_seed, tmp_path):
    bad = tmp_path / "swapped.mp4"  # (fuzz mp4 m012_swap: its first frames' data swapped with its index's)
    bad.write_bytes(apply(fuzz_seed, {"kind": "swap", "a": 2238, "b": 5751, "length": 791}))
    said = reason(bad)
    assert said == ("no decodable video frames: none of its video's frames decodes, as in a damaged file; "
                    "a copy from elsewhere is needed"), said


@pytest.mark.parametrize("name, codec, keep", [("seed.flv", "flv", 1), ("seed.ts", "libx264", 188),
                                               ("seed.h264", "libx264", 64)])
def test_a_file_cut_to_a_few_bytes_is_said_so_not_not_a_video(tmp_path, name, codec, keep):
    seed = write_seed(tmp_path / name, codec, "yuv420p", {}).read_bytes()
    path = tmp_path / f"cut{Path(name).suffix}"  # (fuzz flv, ts and h264 m003_truncate: their first bytes kept)
    path.write_bytes(apply(seed, {"kind": "truncate", "keep": keep}))
    said = reason(path)
    assert said == f"only {keep} byte{'s' * (keep != 1)}, too few to hold a video: a download or copy cut short?", said
    note = tmp_path / "note.mp4"  # (a short text saved under a video's name: no video, said as text)
    note.write_text("shopping list\n")
    assert reason(note) == TEXT_FILE


def test_an_mp4_without_its_index_says_what_can_save_it(fuzz_seed, tmp_path):
    cut = tmp_path / "cut.mp4"  # (fuzz m003_truncate: its media data kept, its index after it gone)
    cut.write_bytes(fuzz_seed[:fuzz_seed.find(b"moov") - 4])
    said = reason(cut)
    assert "index ('moov' box) is missing" in said and said.endswith(
        ": download it again; a recording may be saved by a repair tool that rebuilds the index from a whole "
        "clip of the same camera"), said


def test_a_file_ffmpeg_finds_no_track_in_says_its_header_may_be_damaged(tmp_path):
    from tests.test_twins_in_one_run import broken_with_copies

    broken_with_copies(tmp_path, 0)  # (an MP4 whose index is zeroed past its header: FFmpeg lists no track)
    assert reason(tmp_path / "broken.mp4") == ("no video stream: no track of it is video (a damaged header, "
                                               "or a file that holds none)")
