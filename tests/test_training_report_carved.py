"""results.md's 'Left out of train: K of N videos' counts the videos the train list names: those
carved out of it for validation are listed, not left out. It said 'Left out of train: 1 of 9 videos'
for a 9k list of 12 with one clip missing and 3 carved out (1 + 8 trained + 3 validation)."""

from __future__ import annotations

import json

from training import report
from training.config import load_config
from training.data.splits import load_splits
from training.pipeline import Run


def _msrvtt(root, n=16):
    ids = [f"video{i}" for i in range(n)]
    root.mkdir(parents=True, exist_ok=True)
    (root / "MSRVTT_data.json").write_text(json.dumps({
        "videos": [{"video_id": v} for v in ids],
        "sentences": [{"video_id": v, "caption": f"clip {v} café"} for v in ids]}))
    (root / "MSRVTT_train.9k.csv").write_text("video_id\n" + "\n".join(ids[:-4]) + "\n")
    (root / "MSRVTT_JSFUSION_test.csv").write_text("key,vid_key,video_id,sentence\n" + "".join(
        f"ret{i},msr{i},{v},clip {v}\n" for i, v in enumerate(ids[-4:])))
    for v in ids[1:]:  # video0, listed for train, was never downloaded
        (root / "videos" / f"{v}.mp4").parent.mkdir(parents=True, exist_ok=True)
        (root / "videos" / f"{v}.mp4").write_bytes(b"\0")
    return root


def test_videos_carved_out_for_validation_count_among_those_the_train_list_names(tmp_path):
    cfg = load_config(None, [f"data.root={_msrvtt(tmp_path / 'msrvtt')}", "data.format=msrvtt",
                             "data.val_fraction=0.25"])
    train, val, test = load_splits(cfg)
    assert (len(train), len(val), len(test), train.carved) == (8, 3, 4, 3)
    run = Run.__new__(Run)  # (its summary of the splits only: nothing built, nothing trained)
    run.train, run.val, run.test, run.left_out_of_training = train, val, test, {"video5": "unreadable"}
    lines = report.data_lines(run.data_summary())
    assert lines[0] == "Data: 7 train videos, 3 val videos, 4 test videos."
    assert lines[1] == ("Left out of train: 2 of 12 videos it lists, 3 of them carved out for validation "
                        "(video0: file not found; video5: unreadable).")


def test_a_split_with_nothing_carved_says_no_more(tmp_path):
    data = {"test": {"videos": 3, "left_out": [["t9", "file not found"]], "from": "x"}}
    assert report.data_lines(data)[1] == "Left out of test: 1 of 4 videos (t9: file not found)."
