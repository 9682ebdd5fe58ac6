"""A dataset's video folder named in another case than its release's (``youtubeclips/``, ``Videos/All/``,
``Gifs/``, ``TRAINVALVIDEO/``: unpacked on a system that ignores case, then copied, or renamed): on a file system
that keeps case every clip was said missing and left out. The usual folders are found in any case now."""

from __future__ import annotations

import json

from training.data import base, msrvtt, msvd, tgif, vatex


def _clip(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0")


def _all_found(split):
    return bool(split.entries) and all(base.is_file(e.path) for e in split.entries)


def test_video_folders_in_another_case(tmp_path):
    clips = [f"c{n}_1_5" for n in range(1, 31)]
    m = tmp_path / "msvd"
    m.mkdir()
    (m / msvd.DESCRIPTIONS).write_text("".join(f"{c} a man does {n}\n" for n, c in enumerate(clips, 1)))
    for c in clips:
        _clip(m / "youtubeclips" / f"{c}.avi")
    assert _all_found(msvd.load(m, "train"))

    r = tmp_path / "msrvtt"
    r.mkdir()
    (r / msrvtt.DATA_JSON).write_text(json.dumps({"videos": [{"video_id": f"video{i}", "split": "train"} for i in range(3)],
                                                  "sentences": [{"video_id": f"video{i}", "caption": "c"} for i in range(3)]}))
    for i in range(3):
        _clip(r / "Videos" / "All" / f"video{i}.mp4")
    assert _all_found(msrvtt.load(r, "train", "full"))

    t = tmp_path / "tgif"
    t.mkdir()
    (t / tgif.TSV).write_text("".join(f"https://x/tumblr_{i}.gif\tcap {i}\n" for i in range(2)))
    (t / "splits").mkdir()
    (t / "splits" / "train.txt").write_text("https://x/tumblr_0.gif\nhttps://x/tumblr_1.gif\n")
    for i in range(2):
        _clip(t / "Gifs" / f"tumblr_{i}.gif")
    assert _all_found(tgif.load(t, "train"))

    v = tmp_path / "vatex"
    v.mkdir()
    ids = [f"yt{i}abcdefg_{i * 10:06d}_{i * 10 + 10:06d}" for i in range(2)]
    (v / vatex.FILES["train"]).write_text(json.dumps([{"videoID": i, "enCap": ["a man"]} for i in ids]))
    for i in ids:
        _clip(v / "VIDEOS" / f"{i}.mp4")
    assert _all_found(vatex.load(v, "train"))


def test_the_folder_as_written_is_taken_first(tmp_path):
    _clip(tmp_path / "videos" / "a.mp4")
    _clip(tmp_path / "VIDEOS" / "b.mp4")
    assert base.folder_any_case(tmp_path, "videos") == tmp_path / "videos"
    assert base.folder_any_case(tmp_path, "Videos") == tmp_path / "VIDEOS"  # (the first in name order)
    assert base.folder_any_case(tmp_path, "clips") is None
