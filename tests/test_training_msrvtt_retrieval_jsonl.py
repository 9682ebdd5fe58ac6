"""MSR-VTT as ClipBERT and CLIP-ViP hand it out (``{"clip_name": "video7020", "caption": …}`` lines, CLIP-ViP's
``annotations/train9k.jsonl`` + ``test1ka.jsonl``) and as VindLU/mmaction's ``msrvtt_ret_train9k.json`` +
``msrvtt_ret_test1k.json``: ``clip_name`` was no id column read, and a name whose split and list are joined to
a number (``train9k``, ``test1ka``, ``test1k``) said no split, so the run was refused."""

from __future__ import annotations

import json

from training.data import msrvtt
from training.data.hf_layout import split_of, words


def _videos(root, n):
    for i in range(n):
        clip = root / "videos" / "all" / f"video{i}.mp4"
        clip.parent.mkdir(parents=True, exist_ok=True)
        clip.write_bytes(b"\0")


def test_clip_vip_jsonl_of_clip_names(tmp_path):
    ann = tmp_path / "annotations"
    ann.mkdir()
    (ann / "train9k.jsonl").write_text("".join(json.dumps({"caption": f"a man {i}", "clip_name": f"video{i}"}) + "\n"
                                               for i in range(6) for _ in range(2)))
    (ann / "test1ka.jsonl").write_text("".join(json.dumps({"caption": f"a dog {i}", "clip_name": f"video{i}"}) + "\n"
                                               for i in range(6, 9)))
    _videos(tmp_path, 9)
    train, test = msrvtt.load(tmp_path, "train", "9k"), msrvtt.load(tmp_path, "test", "9k")
    assert [e.video_id for e in train.entries] == [f"video{i}" for i in range(6)]
    assert train.entries[0].captions == ["a man 0"]
    assert [e.video_id for e in test.entries] == ["video6", "video7", "video8"]
    assert test.entries[0].path == str(tmp_path / "videos" / "all" / "video6.mp4")
    assert test.source == "annotations/test1ka.jsonl"


def test_vindlu_ret_json_named_for_its_lists(tmp_path):
    ann = tmp_path / "annotations"
    ann.mkdir()
    (ann / "msrvtt_ret_train9k.json").write_text(json.dumps([{"video": f"video{i}.mp4", "caption": f"c {i}"}
                                                             for i in range(5)]))
    (ann / "msrvtt_ret_train7k.json").write_text(json.dumps([{"video": f"video{i}.mp4", "caption": f"c {i}"}
                                                             for i in range(4)]))
    (ann / "msrvtt_ret_test1k.json").write_text(json.dumps([{"video": f"video{i}.mp4", "caption": f"d {i}"}
                                                            for i in range(5, 7)]))
    _videos(tmp_path, 7)
    assert len(msrvtt.load(tmp_path, "train", "9k").entries) == 5
    assert len(msrvtt.load(tmp_path, "train", "7k").entries) == 4
    assert [e.video_id for e in msrvtt.load(tmp_path, "test", "9k").entries] == ["video5", "video6"]


def test_names_part_at_a_letter_before_a_digit():
    assert words("train9k") == ["train", "9k"] and split_of("test1ka") == "test"
    assert split_of("msrvtt_ret_test1k") == "test" and split_of("video7020") is None
