"""benchmarks/corrupt_mutants.py: a mutant's recipe alone writes its bytes again (a failure the fuzz
finds is a test's few lines), each kind changes the seed, and an MP4's box sizes are where it alters."""

from __future__ import annotations

import random
import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corrupt_mutants import KINDS, apply, mp4_boxes, mutants, write_seed  # noqa: E402


def test_recipes_write_the_same_bytes_again(tmp_path):
    seed = write_seed(tmp_path / "seed.mp4", "libx264", "yuv420p", {}, seconds=1.0).read_bytes()
    made = mutants(seed, 3 * len(KINDS), random.Random(7))
    assert {r["kind"] for r, _ in made} >= set(KINDS)
    for recipe, data in made:
        assert apply(seed, recipe) == data
        if recipe["kind"] in ("truncate", "tail", "dup"):
            assert len(data) != len(seed), recipe
    assert [r for r, _ in mutants(seed, 5, random.Random(7))] == [r for r, _ in made[:5]]


def test_box_sizes_are_found_and_altered_in_place(tmp_path):
    seed = write_seed(tmp_path / "seed.mp4", "libx264", "yuv420p", {}, seconds=1.0).read_bytes()
    boxes = {kind for _, _, kind in mp4_boxes(seed)}
    assert {b"ftyp", b"moov", b"trak", b"stbl", b"stsz", b"mdat"} <= boxes
    at = next(at for at, _, kind in mp4_boxes(seed) if kind == b"stsz")
    damaged = apply(seed, {"kind": "size", "at": at, "value": 0xFFFFFFFF, "little": False})
    assert struct.unpack(">I", damaged[at:at + 4])[0] == 0xFFFFFFFF and len(damaged) == len(seed)


@pytest.mark.slow
def test_a_batch_outcome_carries_a_skipped_files_words(tmp_path):
    """The fuzz lists every reason a user reads: a file skipped as no video with its words (s53's run
    wrote 'skipped: not a video' alone, so a damaged clip said to be an audio file went unread)."""
    import corrupt_fuzz

    from tests.test_index_counts_skipped import write_audio_only_mp4
    from tests.videos import Segment, write_video

    folder = tmp_path / "batch"
    folder.mkdir()
    write_audio_only_mp4(folder / "memo.mp4")
    write_video(folder / "clip.mp4", [Segment(2, "red")])
    done = corrupt_fuzz.check_batch(folder, ["memo.mp4", "clip.mp4"], tmp_path / "work", 300)
    assert done["outcome"] == {"memo.mp4": "skipped: not a video: an audio file (no video track, audio only)",
                               "clip.mp4": "indexed (1 moments)"}
    assert not done["problems"], done["problems"]
