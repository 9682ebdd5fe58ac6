"""Ids in annotation files name files of the data's folders, never paths: an id like
``../outside`` must not reach a clip outside them, and an id too long for the file system is a
missing video, not an OSError that stops the run."""

from __future__ import annotations

from pathlib import Path

from training.data import base
from training.data.splits import present


def _split(tmp_path: Path, ids):
    videos = tmp_path / "data" / "videos"
    videos.mkdir(parents=True)
    (videos / "video1.mp4").write_bytes(b"x" * 10)
    (tmp_path / "data" / "outside.mp4").write_bytes(b"y" * 10)  # beside the folder, not in it
    (tmp_path / "secret.mp4").write_bytes(b"z" * 10)
    captions = {vid: ["a caption"] for vid in ids}
    return base.split_from_ids("test", [(v, v) for v in ids], captions, [videos], (".mp4",),
                               missing=lambda name: AssertionError(name)), videos


def test_an_id_that_is_a_path_never_names_a_file_outside_the_video_folders(tmp_path):
    split, videos = _split(tmp_path, ["video1", "../outside", "../../secret", "a/../../outside"])
    paths = {e.video_id: e.path for e in split.entries}
    assert paths["video1"] == str(videos / "video1.mp4")
    for vid in ("../outside", "../../secret", "a/../../outside"):
        assert not paths[vid] or Path(paths[vid]).resolve().parent == videos.resolve(), paths[vid]
    assert base.find_video(videos, "../outside", (".mp4",)) is None
    kept = present(split)
    assert [e.video_id for e in kept.entries if e.path] == ["video1"]


def test_an_id_too_long_for_a_file_name_is_a_missing_video_not_a_crash(tmp_path):
    long_id = "v" * 400  # (over the 255 bytes a file name may have: ENAMETOOLONG)
    split, videos = _split(tmp_path, ["video1", long_id])
    assert base.find_video(videos, long_id, (".mp4",)) is None
    kept = present(split)
    assert [e.video_id for e in kept.entries] == ["video1"]
    assert [vid for vid, _why in kept.skipped] == [long_id]
    assert base.missing_videos(split) == [e for e in split.entries if e.video_id == long_id]
