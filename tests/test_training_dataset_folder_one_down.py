"""A dataset's folder given one level up (root holding ``MSRVTT/`` or ``MSVD/`` as unpacked), or its clips kept
beside the annotations (``msrvtt_data/videos/``): MSR-VTT's official files in ``MSRVTT/`` were not found (the run
refused) and MSVD's clips in ``MSVD/YouTubeClips/`` and MSR-VTT's in ``msrvtt_data/videos/`` were each said
missing and left out, though the annotations there were read. The usual video folders are looked for beside the
annotations too."""

from __future__ import annotations

import json

import pytest

from training.data import msrvtt, msvd
from training.data.base import is_file


def _clip(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0")


@pytest.mark.parametrize("folder", ["MSRVTT", "MSR-VTT"])
def test_msrvtt_official_release_one_folder_down(tmp_path, folder):
    base = tmp_path / folder
    base.mkdir()
    videos = [{"video_id": f"video{i}", "split": "train" if i < 3 else "test"} for i in range(5)]
    for name, part in ((msrvtt.OFFICIAL_JSONS[0], range(3)), (msrvtt.OFFICIAL_JSONS[1], range(3, 5))):
        (base / name).write_text(json.dumps({"videos": [videos[i] for i in part],
                                             "sentences": [{"video_id": f"video{i}", "caption": f"c {i}"} for i in part]}))
        for i in part:
            _clip(base / ("TrainValVideo" if i < 3 else "TestVideo") / f"video{i}.mp4")
    for split, n in (("train", 3), ("test", 2)):
        loaded = msrvtt.load(tmp_path, split, "full")
        assert len(loaded.entries) == n and all(is_file(e.path) for e in loaded.entries)


def test_clips_beside_the_annotations(tmp_path):
    ann = tmp_path / "msrvtt_data"
    ann.mkdir()
    (ann / msrvtt.DATA_JSON).write_text(json.dumps({"videos": [{"video_id": f"video{i}"} for i in range(3)],
                                                    "sentences": [{"video_id": f"video{i}", "caption": "c"} for i in range(3)]}))
    (ann / msrvtt.TRAIN_CSV["9k"]).write_text("video_id\n" + "".join(f"video{i}\n" for i in range(3)))
    for i in range(3):
        _clip(ann / "videos" / f"video{i}.mp4")
    assert all(is_file(e.path) for e in msrvtt.load(tmp_path, "train", "9k").entries)

    clips = [f"c{n}_1_5" for n in range(1, 31)]
    (tmp_path / "MSVD").mkdir()
    (tmp_path / "MSVD" / msvd.DESCRIPTIONS).write_text("".join(f"{c} a man does {n}\n" for n, c in enumerate(clips, 1)))
    for c in clips:
        _clip(tmp_path / "MSVD" / "YouTubeClips" / f"{c}.avi")
    train = msvd.load(tmp_path, "train")
    assert len(train.entries) == 18 and all(is_file(e.path) for e in train.entries)


def test_the_official_test_split_names_the_file_that_lists_it(tmp_path):
    """results.md said the official release's test videos came from train_val_videodatainfo.json (the
    first of the two files read), not from test_videodatainfo.json, which lists them."""
    videos = [{"video_id": f"video{i}", "split": ("train", "validate", "test")[i // 2]} for i in range(6)]
    for name, part in ((msrvtt.OFFICIAL_JSONS[0], range(4)), (msrvtt.OFFICIAL_JSONS[1], range(4, 6))):
        (tmp_path / name).write_text(json.dumps({"videos": [videos[i] for i in part],
                                                 "sentences": [{"video_id": f"video{i}", "caption": "c"} for i in part]}))
    assert msrvtt.load(tmp_path, "test", "full").source == "test_videodatainfo.json, its 'test' videos"
    assert msrvtt.load(tmp_path, "val", "full").source == "train_val_videodatainfo.json, its 'validate' videos"


def test_the_official_split_names_its_file_without_reading_the_files_again(tmp_path, monkeypatch):
    """Naming the source parsed the official JSONs again (train/validate and test, then test a third time)."""
    videos = [{"video_id": f"video{i}", "split": ("train", "validate", "test")[i // 2]} for i in range(6)]
    for name, part in ((msrvtt.OFFICIAL_JSONS[0], range(4)), (msrvtt.OFFICIAL_JSONS[1], range(4, 6))):
        (tmp_path / name).write_text(json.dumps({"videos": [videos[i] for i in part],
                                                 "sentences": [{"video_id": f"video{i}", "caption": "c"} for i in part]}))
    parsed, real = [], msrvtt.read_data_json
    monkeypatch.setattr(msrvtt, "read_data_json", lambda path: parsed.append(path.name) or real(path))
    for split in ("train", "val", "test"):
        parsed.clear()
        assert len(msrvtt.load(tmp_path, split, "full").entries) == 2
        assert parsed == list(msrvtt.OFFICIAL_JSONS)  # (old: 5 parses, the test file 3 times)
