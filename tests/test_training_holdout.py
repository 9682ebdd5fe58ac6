"""Validation-only selection (issue 13, point 1) and loaders as researchers use them (point 6):
the carved validation split never overlaps train or test; MSR-VTT's usual video folders are
found, a missing one and a malformed CSV are refused with a `training:` message."""

from __future__ import annotations

import json

import pytest

from core.errors import SeekframeError
from training.config import load_config
from training.data import msrvtt
from training.data.base import AnnotationError, Split, VideoEntry
from training.data.holdout import carve, check_disjoint
from training.data.splits import load_splits
from training.run import main


def _split(name, ids, caps=3):
    return Split(name, [VideoEntry(v, [f"{v} caption {k}" for k in range(caps)], f"/v/{v}.mp4") for v in ids])


def test_carved_validation_never_overlaps_train_or_test_and_is_fixed_by_its_seed():
    train = _split("train", [f"video{i}" for i in range(100)])
    test = _split("test", [f"video{i}" for i in range(90, 120)])  # a train list that overlaps test
    kept, val = carve(train, test, 0.2, seed=0)
    ids = lambda s: {e.video_id for e in s.entries}  # noqa: E731
    assert len(val) == 18 and not ids(val) & ids(kept) and not ids(val) & ids(test)
    assert ids(kept) | ids(val) == ids(train)  # nothing lost, validation left train
    assert all(len(e.captions) == 1 for e in val.entries)  # scored like the 1k-A test split
    assert ids(carve(train, test, 0.2, seed=0)[1]) == ids(val)
    assert ids(carve(train, test, 0.2, seed=1)[1]) != ids(val)
    assert len(carve(train, test, 0.2, seed=0, max_val=5)[1]) == 5
    apart = _split("test", [f"video{i}" for i in range(100, 120)])
    check_disjoint(kept, val, apart)
    with pytest.raises(SeekframeError, match="validation split shares 1 video"):
        check_disjoint(kept, _split("val", ["video105"]), apart)
    with pytest.raises(SeekframeError, match="test split shares 10 video.* with the train split"):
        check_disjoint(kept, val, test)  # (train and test lists that overlap: a test on trained videos)
    with pytest.raises(SeekframeError, match="too few"):
        carve(_split("train", ["a", "b", "c"]), test, 0.1, seed=0)


def _world(root, video_dir="MSRVTT_Videos", test_dir=None):
    ids = [f"video{i}" for i in range(30)]
    data = {"videos": [{"video_id": v, "split": "train" if i < 24 else "test"} for i, v in enumerate(ids)],
            "sentences": [{"video_id": v, "caption": f"{v} caption {k}"} for v in ids for k in range(2)]}
    (root / "MSRVTT_data.json").write_text(json.dumps(data))
    (root / "MSRVTT_train.9k.csv").write_text("video_id\n" + "\n".join(ids[:24]) + "\n")
    (root / "MSRVTT_JSFUSION_test.csv").write_text(
        "key,vid_key,video_id,sentence\n" + "".join(f"ret{i},msr{i},{v},{v} caption 0\n" for i, v in enumerate(ids[24:])))
    for i, v in enumerate(ids):
        folder = root / (test_dir if test_dir and i >= 24 else video_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{v}.mp4").write_bytes(b"\0")  # (a stand-in: never decoded here)
    return root


def test_load_splits_carves_validation_for_the_1k_a_protocol(tmp_path):
    cfg = load_config(None, [f"data.root={_world(tmp_path)}", "data.format=msrvtt", "data.val_fraction=0.25"])
    train, val, test = load_splits(cfg)
    assert (len(train), len(val), len(test)) == (18, 6, 6)
    assert {e.video_id for e in val.entries}.isdisjoint(e.video_id for e in train.entries + test.entries)
    assert val.entries[0].path.startswith(str(tmp_path / "MSRVTT_Videos"))  # CLIP4Clip's folder name


def test_msrvtt_finds_the_usual_folders_and_the_official_split_over_two(tmp_path):
    root = _world(tmp_path, video_dir="TrainValVideo", test_dir="TestVideo")
    assert msrvtt.load(root, "train").entries[0].path == str(root / "TrainValVideo" / "video0.mp4")
    assert msrvtt.load(root, "test").entries[0].path == str(root / "TestVideo" / "video24.mp4")
    other = tmp_path / "b"
    other.mkdir()
    assert msrvtt.load(_world(other, "videos/all"), "train").entries[0].path == str(other / "videos/all/video0.mp4")


def test_no_video_folder_is_a_training_message_not_a_traceback(tmp_path, capsys):
    root = _world(tmp_path, video_dir="somewhere_else")
    rc = main(["--config", "training/configs/synthetic.yaml", "--set", "data.format=msrvtt",
               "--set", f"data.root={root}", "--set", f"output={tmp_path / 'out'}"])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("training: no video folder for the train split")
    assert "MSRVTT_Videos" in err and "video_dir" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "config.json").exists()


def test_a_caption_with_an_unquoted_comma_is_reported_not_cut(tmp_path):
    root = _world(tmp_path)
    (root / "MSRVTT_JSFUSION_test.csv").write_text(
        "key,vid_key,video_id,sentence\nret0,msr0,video24,a man, a dog and a ball\n")
    with pytest.raises(AnnotationError, match=r"line 2: 5 fields where the header has 4.*quoted"):
        msrvtt.load(root, "test")
    (root / "MSRVTT_JSFUSION_test.csv").write_text("key,vid_key,video_id,sentence\nret0,msr0\n")
    with pytest.raises(AnnotationError, match="line 2: 2 fields where the header has 4"):
        msrvtt.load(root, "test")
    (root / "MSRVTT_JSFUSION_test.csv").write_text(
        'key,vid_key,video_id,sentence\nret0,msr0,video24,"a man, a dog"\n')
    assert msrvtt.load(root, "test").entries[0].captions == ["a man, a dog"]
