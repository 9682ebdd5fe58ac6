"""Clips kept in subfolders of a dataset's video folder, as downloads and users sort them (``videos/train/``,
``gifs/part1/``, ``YouTubeClips/batch2/``): every clip of them was said missing and left out (a whole split
then had no videos), though they lay one folder down. Looked for down to ``base.SUBFOLDER_DEPTH``."""

from __future__ import annotations

import json
import os
import time

from training.data import base, msrvtt, msvd, tgif, vatex


def _clip(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * 16)  # (never decoded here: the loaders only find the files)
    return path


def _found(split):
    return [e.path for e in split.entries if base.is_file(e.path)]


def test_tgif_gifs_sorted_into_subfolders(tmp_path):
    urls = [f"https://38.media.tumblr.com/x{i}/tumblr_n{i}ab_400.gif" for i in range(4)]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tgif-v1.0.tsv").write_text("".join(f"{u}\ta cat {i}\n" for i, u in enumerate(urls)))
    (tmp_path / "data" / "splits").mkdir()
    for split, part in (("train", urls[:2]), ("val", urls[2:3]), ("test", urls[3:])):
        (tmp_path / "data" / "splits" / f"{split}.txt").write_text("\n".join(part) + "\n")
    for i in range(4):
        _clip(tmp_path / "gifs" / ("train" if i < 2 else "test") / f"tumblr_n{i}ab_400.gif")
    assert _found(tgif.load(tmp_path, "train")) == [str(tmp_path / "gifs" / "train" / f"tumblr_n{i}ab_400.gif")
                                                    for i in range(2)]
    assert len(_found(tgif.load(tmp_path, "test"))) == 1


def test_vatex_clips_in_a_folder_per_split_two_down(tmp_path):
    items = [{"videoID": f"yt{i}abcdefg_{i * 10:06d}_{i * 10 + 10:06d}", "enCap": [f"a man {i}"]} for i in range(3)]
    (tmp_path / vatex.FILES["train"]).write_text(json.dumps(items))
    for it in items:  # videos/train/part1/<videoID>.mp4, and the last named by its YouTube id alone
        stem = it["videoID"] if it is not items[-1] else it["videoID"].rsplit("_", 2)[0]
        _clip(tmp_path / "videos" / "train" / "part1" / f"{stem}.MP4")
    split = vatex.load(tmp_path, "train")
    assert len(_found(split)) == 3 and not split.skipped
    assert split.entries[-1].end == 30.0  # (the whole download: its segment read)


def test_msvd_and_msrvtt_clips_one_folder_down(tmp_path):
    clips = [f"c{i}_1_5" for i in range(1, 31)]
    (tmp_path / msvd.DESCRIPTIONS).write_text("".join(f"{c} a man does {n}\n" for n, c in enumerate(clips, 1)))
    for n, c in enumerate(clips):
        _clip(tmp_path / "YouTubeClips" / f"batch{n % 3}" / f"{c}.avi")
    assert len(_found(msvd.load(tmp_path, "train"))) == len(msvd.load(tmp_path, "train").entries) > 0

    root = tmp_path / "msrvtt"
    data = {"videos": [{"video_id": f"video{i}", "split": "train"} for i in range(3)],
            "sentences": [{"video_id": f"video{i}", "caption": f"c {i}"} for i in range(3)]}
    root.mkdir()
    (root / msrvtt.DATA_JSON).write_text(json.dumps(data))
    for i in range(3):
        _clip(root / "videos" / "all" / "train" / f"video{i}.mp4")
    assert len(_found(msrvtt.load(root, "train", "full"))) == 3


def test_a_clip_added_to_a_subfolder_is_seen_and_a_hidden_folder_is_not_read(tmp_path):
    folder = tmp_path / "videos"
    _clip(folder / "a" / "one.mp4")
    _clip(folder / ".trash" / "two.mp4")
    assert base.find_video(folder, "one", (".mp4",)) == folder / "a" / "one.mp4"
    assert base.find_video(folder, "two", (".mp4",)) is None
    old = time.time() - 60  # (folders changed a minute ago: their listing is kept)
    for d in (folder, folder / "a", folder / ".trash"):
        os.utime(d, (old, old))
    assert base.find_video(folder, "one", (".mp4",)) == folder / "a" / "one.mp4"
    assert str(folder) in base._below
    _clip(folder / "a" / "three.mp4")  # (the listing kept is read again: its folder changed)
    assert base.find_video(folder, "three", (".mp4",)) == folder / "a" / "three.mp4"
    _clip(folder / "a" / "b" / "c" / "deep.mp4")  # (three down: past SUBFOLDER_DEPTH)
    assert base.find_video(folder, "deep", (".mp4",)) is None


def test_clips_found_directly_list_no_folder(tmp_path, monkeypatch):
    """A clip found as written lists no folder: the any-case and subfolder lookups ran for every clip
    (a folder unpacked a moment ago keeps no listing, so each clip walked the whole subtree)."""
    for i in range(5):
        _clip(tmp_path / f"c{i}.mp4")
    calls = []
    for name in ("_names_by_case", "_names_below"):
        real = getattr(base, name)
        monkeypatch.setattr(base, name, lambda folder, real=real, name=name: calls.append(name) or real(folder))
    assert [base.find_video(tmp_path, f"c{i}", (".mp4",)) for i in range(5)] == [tmp_path / f"c{i}.mp4" for i in range(5)]
    assert calls == []
    assert base.find_video(tmp_path, "gone", (".mp4",)) is None
    assert calls == ["_names_by_case", "_names_below"]
