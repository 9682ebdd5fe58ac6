"""MSVD copies that name the clips by their number in the official ``youtube_mapping.txt`` (``vid1.avi`` …
``vid1970.avi``; lists of ``vid<N>``), while the descriptions name them by YouTube id and times: every clip was
said missing (the split left with no video) or the list refused. The mapping now joins the two names."""

from __future__ import annotations

import pytest

from training.data import msvd
from training.data.base import AnnotationError, is_file

CLIPS = [f"-_{n}abcdef_{n}_{n + 5}" for n in range(1, 1971)]


def _release(root, files_by_number: bool, numbers: range):
    (root / msvd.DESCRIPTIONS).write_text("# Microsoft Research Video Description Corpus\n#\n"
                                         + "".join(f"{c} a man does thing {n}\n" for n, c in enumerate(CLIPS, 1)))
    (root / msvd.MAPPING).write_text("".join(f"{c} vid{n}\n" for n, c in enumerate(CLIPS, 1)))
    for n in numbers:  # (the clips of the split read: the others are never looked for)
        c = CLIPS[n - 1]
        clip = root / "YouTubeClips" / (f"vid{n}.avi" if files_by_number else f"{c}.avi")
        clip.parent.mkdir(exist_ok=True)
        clip.write_bytes(b"\0")


def test_clips_saved_as_vid_n_are_found_by_the_mapping(tmp_path):
    _release(tmp_path, files_by_number=True, numbers=range(1301, 1971))
    test = msvd.load(tmp_path, "test")
    assert len(test.entries) == 670 and all(is_file(e.path) for e in test.entries)
    assert test.entries[0].video_id == CLIPS[1300] and test.entries[0].path.endswith("vid1301.avi")
    assert test.entries[0].captions == ["a man does thing 1301"]


def test_lists_of_vid_n_read_through_the_mapping_and_refused_without_it(tmp_path):
    _release(tmp_path, files_by_number=False, numbers=range(1, 1201))
    (tmp_path / "train_list.txt").write_text("".join(f"vid{n}\n" for n in range(1, 1201)))
    train = msvd.load(tmp_path, "train")
    assert [e.video_id for e in train.entries] == CLIPS[:1200] and all(is_file(e.path) for e in train.entries)
    (tmp_path / msvd.MAPPING).unlink()
    with pytest.raises(AnnotationError, match="vid<N> name: put the official youtube_mapping.txt beside it"):
        msvd.load(tmp_path, "train")
