"""Paths written on Windows read on Linux or macOS, where ``\\`` is no separator: a dump's ``video`` column
of ``videos\\video7.mp4`` (a table saved by a Windows script) gave the id ``videos\\video7``, no clip found and
every video said missing; a config's ``data.options.video_dir: videos\\all`` was refused as no folder."""

from __future__ import annotations

import json

import pytest

from training.data import base, msrvtt, tgif


def _clip(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0")


def test_a_tables_video_paths_written_on_windows(tmp_path):
    (tmp_path / "data").mkdir()
    for split, part in (("train", range(3)), ("test", range(3, 5))):
        (tmp_path / "data" / f"{split}.jsonl").write_text("".join(
            json.dumps({"video": f"C:\\MSRVTT\\videos\\all\\video{i}.mp4", "caption": f"c {i}"}) + "\n" for i in part))
    for i in range(5):
        _clip(tmp_path / "videos" / "all" / f"video{i}.mp4")
    test = msrvtt.load(tmp_path, "test", "full")
    assert [e.video_id for e in test.entries] == ["video3", "video4"]
    assert all(base.is_file(e.path) for e in test.entries)


@pytest.mark.skipif(base.os.sep != "/", reason="a backslash is a separator there already")
def test_a_video_dir_written_with_backslashes(tmp_path):
    (tmp_path / tgif.TSV).write_text("https://x/tumblr_0.gif\tcap 0\nhttps://x/tumblr_1.gif\tcap 1\n")
    (tmp_path / "splits").mkdir()
    (tmp_path / "splits" / "train.txt").write_text("tumblr_0.gif\ntumblr_1.gif\n")
    for i in range(2):
        _clip(tmp_path / "media" / "gifs" / f"tumblr_{i}.gif")
    train = tgif.load(tmp_path, "train", video_dir="media\\gifs")
    assert all(base.is_file(e.path) for e in train.entries) and len(train.entries) == 2
    with pytest.raises(base.AnnotationError, match="video folder not found"):
        tgif.load(tmp_path, "train", video_dir="media\\clips")
