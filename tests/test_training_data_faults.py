"""A dataset as people really download it: a few videos missing or empty, a clip outside a
download shorter than it, an annotation file that lists nothing, lists that overlap. Each used to
stop a run part-way (a bad test video after the whole training), crash with a traceback, or test
on videos trained on without saying so."""

from __future__ import annotations

import json
import logging

import pytest

from core.errors import SeekframeError
from training.config import load_config
from training.data import msvd
from training.data.base import Split, VideoEntry
from training.data.dataset import ClipTextDataset
from training.data.splits import load_splits
from training.run import main
from tests.test_training_holdout import _world
from tests.test_training_run import TINY
from tests.videos import Segment, write_broken_video, write_video

COLOURS = ["red", "green", "blue", "yellow", "white", "black"]


def _msrvtt(root, n=16):
    """An MSR-VTT of ``n`` real 1 s clips: the first n - 4 for training, the last 4 the 1k-A test."""
    ids = [f"video{i}" for i in range(n)]
    root.mkdir(parents=True, exist_ok=True)
    data = {"videos": [{"video_id": v, "split": "train" if i < n - 4 else "test"} for i, v in enumerate(ids)],
            "sentences": [{"video_id": v, "caption": f"a {COLOURS[i % 6]} clip {k}"} for i, v in enumerate(ids) for k in range(2)]}
    (root / "MSRVTT_data.json").write_text(json.dumps(data))
    (root / "MSRVTT_train.9k.csv").write_text("video_id\n" + "\n".join(ids[:-4]) + "\n")
    (root / "MSRVTT_JSFUSION_test.csv").write_text(
        "key,vid_key,video_id,sentence\n" + "".join(f"ret{i},msr{i},{v},a {COLOURS[(n - 4 + i) % 6]} clip\n"
                                                   for i, v in enumerate(ids[-4:])))
    for i, v in enumerate(ids):
        write_video(root / "videos" / f"{v}.mp4", [Segment(1.0, COLOURS[i % 6])], fps=10, size=(32, 32))
    return root


def cfg_of(root, *extra):
    return load_config(None, [f"data.root={root}", "data.format=msrvtt", "data.val_fraction=0.25", *extra])


def test_missing_and_empty_videos_are_left_out_with_why_before_anything_trains(tmp_path, caplog):
    root = _world(tmp_path)
    (root / "MSRVTT_Videos" / "video1.mp4").unlink()
    (root / "MSRVTT_Videos" / "video2.mp4").write_bytes(b"")
    (root / "MSRVTT_Videos" / "video25.mp4").unlink()
    with caplog.at_level(logging.WARNING, logger="training"):
        train, val, test = load_splits(cfg_of(root))
    ids = {e.video_id for s in (train, val, test) for e in s.entries}
    assert not {"video1", "video2", "video25"} & ids and len(test) == 5
    assert test.skipped == [("video25", "file not found")]
    assert sorted(train.skipped + val.skipped) == [("video1", "file not found"), ("video2", "empty file")] \
        or sorted(train.skipped) == [("video1", "file not found"), ("video2", "empty file")]
    assert "test split: 1 of 6 videos left out" in caplog.text


def test_a_split_with_no_videos_is_refused_naming_why(tmp_path):
    root = _world(tmp_path)
    (root / "MSRVTT_JSFUSION_test.csv").write_text("key,vid_key,video_id,sentence\n")
    with pytest.raises(SeekframeError, match="the test split has no videos: its annotation file lists none"):
        load_splits(cfg_of(root))
    _world(root)
    for i in range(24, 30):
        (root / "MSRVTT_Videos" / f"video{i}.mp4").unlink()
    with pytest.raises(SeekframeError, match="the test split has no videos: all 6 it lists are left out"):
        load_splits(cfg_of(root))


def test_a_test_split_that_shares_videos_with_train_is_refused(tmp_path):
    for i, v in enumerate(["a", "b", "c", "d"]):
        write_video(tmp_path / "YouTubeClips" / f"{v}.avi", [Segment(1.0, "red")], fps=10, size=(32, 32))
    import pickle

    (tmp_path / msvd.CAPTIONS).write_bytes(pickle.dumps({v: [f"{v} one", f"{v} two"] for v in "abcd"}))
    (tmp_path / "train_list.txt").write_text("a\nb\nc\n")
    (tmp_path / "val_list.txt").write_text("d\n")
    (tmp_path / "test_list.txt").write_text("c\n")
    cfg = load_config(None, [f"data.root={tmp_path}", "data.format=msvd", "data.val_split=own"])
    with pytest.raises(SeekframeError, match="test split shares 1 video.* with the train split .*'c'"):
        load_splits(cfg)


def test_an_unreadable_training_video_is_said_once_and_the_next_served(tmp_path, caplog):
    good = [VideoEntry(c, [f"a {c} clip"], str(write_video(tmp_path / f"{c}.mp4", [Segment(1.0, c)], fps=10, size=(32, 32))))
            for c in ("red", "green")]
    bad = VideoEntry("bad", ["broken"], str(write_broken_video(tmp_path / "bad.mp4")))
    from core.media import FrameSampler

    ds = ClipTextDataset(Split("train", [good[0], bad, good[1]]), FrameSampler(size=16), 2, train=True)
    with caplog.at_level(logging.WARNING, logger="training"):
        items = [ds[1], ds[1], ds[0]]
    assert [it["video_id"] for it in items] == ["green", "green", "red"]
    assert caplog.text.count("left out of training") == 1 and "bad.mp4" in caplog.text
    with pytest.raises(Exception, match="bad.mp4"):
        ClipTextDataset(Split("test", [bad, good[0]]), FrameSampler(size=16), 2, train=False)[0]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_run_with_a_missing_test_video_finishes_and_its_report_says_what_was_left_out(tmp_path, capsys):
    root = _msrvtt(tmp_path / "data")
    (root / "videos" / "video13.mp4").unlink()
    write_broken_video(root / "videos" / "video14.mp4")  # (unreadable: found before training)
    args = ["--config", "training/configs/synthetic.yaml", "--set", "data.format=msrvtt",
            "--set", f"data.root={root}", "--set", f"output={tmp_path / 'out'}", "--set", "seeds=[0]",
            "--set", "stages=[teacher,eval]", "--set", "data.val_fraction=0.25"]
    for s in TINY:
        if not s.startswith("data.generate"):
            args += ["--set", s]
    assert main(args) == 0
    report = (tmp_path / "out" / "results.md").read_text()
    assert "Left out of test: 2 of 4 videos (video13: file not found; video14: " in report and "2 test videos" in report
    assert json.loads((tmp_path / "out" / "results.json").read_text())["data"]["test"]["videos"] == 2


@pytest.mark.parametrize("protocol", range(0, 6))
def test_a_caption_pickle_is_read_as_plain_data_never_unpickled(protocol):
    import pickle

    from training.data.pickle_data import Refused, plain_data

    shared = ["a", "shared", "list"]
    value = {"vid1": [["a", "dog"], "a cat, é", shared], "vid2": [shared, (1, 2.5, None, True)], 3: {"x": -7, "y": 2 ** 70}}
    assert plain_data(pickle.dumps(value, protocol=protocol)) == pickle.loads(pickle.dumps(value, protocol=protocol))
    import os

    with pytest.raises(Refused, match=r"it asks for .(posix|nt|os)\.getcwd"):  # (not print: Ray replaces it)
        plain_data(pickle.dumps({"v": [os.getcwd]}, protocol=protocol))


def test_a_caption_pickle_whose_entries_refer_to_each_other_is_refused_not_expanded(tmp_path):
    """77 kB of shared references expanded to 317 M characters of captions (4 s, 339 MB)."""
    import pickle

    row = ["a caption of some length " * 4] * 2000
    (tmp_path / msvd.CAPTIONS).write_bytes(pickle.dumps({f"v{i}": row for i in range(2000)}))
    from training.data.base import AnnotationError

    with pytest.raises(AnnotationError, match="more than 8 times its own size"):
        msvd.read_captions(tmp_path / msvd.CAPTIONS)


def test_the_official_msrvtt_release_is_read_with_its_own_split(tmp_path):
    """train_val_videodatainfo.json + test_videodatainfo.json, clips in TrainValVideo/ and
    TestVideo/: 'MSRVTT_data.json: annotation file not found'."""
    from training.data import msrvtt
    from training.data.base import AnnotationError

    def info(ids, split_of):
        return {"info": {"year": 2016}, "videos": [{"video_id": v, "split": split_of(i), "id": i} for i, v in ids],
                "sentences": [{"caption": f"caption {k} of {v}", "video_id": v, "sen_id": 2 * i + k} for i, v in ids for k in range(2)]}

    train_val, test = [(i, f"video{i}") for i in range(10)], [(i, f"video{i}") for i in range(10, 14)]
    (tmp_path / "train_val_videodatainfo.json").write_text(json.dumps(info(train_val, lambda i: "train" if i < 8 else "validate")))
    (tmp_path / "test_videodatainfo.json").write_text(json.dumps(info(test, lambda i: "test")))
    for i, v in train_val + test:
        (tmp_path / ("TrainValVideo" if i < 10 else "TestVideo")).mkdir(exist_ok=True)
        (tmp_path / ("TrainValVideo" if i < 10 else "TestVideo") / f"{v}.mp4").write_bytes(b"\0")
    sizes = {s: len(msrvtt.load(tmp_path, s, train_list="full")) for s in ("train", "val", "test")}
    assert sizes == {"train": 8, "val": 2, "test": 4}
    test_split = msrvtt.load(tmp_path, "test", train_list="full")
    assert test_split.entries[0].captions == ["caption 0 of video10", "caption 1 of video10"]
    assert test_split.entries[0].path == str(tmp_path / "TestVideo" / "video10.mp4")
    with pytest.raises(AnnotationError, match="official release has no 9k.*train_list=full"):
        msrvtt.load(tmp_path, "train")


def test_the_official_msvd_release_is_read_with_the_standard_split(tmp_path):
    """AllVideoDescriptions.txt + youtube_mapping.txt, clips in videos/ beside an empty
    YouTubeClips/: 'train_list.txt: annotation file not found'."""
    clips = [f"clip{n}_1_5" for n in range(1, 1971)]
    (tmp_path / "AllVideoDescriptions.txt").write_text(
        "# Microsoft Research Video Description Corpus\n# VideoID_Start_End Description\n"
        + "".join(f"{c} a man does thing {n}\n{c} someone acts {n}\n" for n, c in enumerate(clips, start=1)))
    (tmp_path / "youtube_mapping.txt").write_text("".join(f"{c} vid{n}\n" for n, c in enumerate(clips, start=1)))
    (tmp_path / "YouTubeClips").mkdir()
    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "clip1301_1_5.avi").write_bytes(b"\0")
    sizes = {s: len(msvd.load(tmp_path, s)) for s in ("train", "val", "test")}
    assert sizes == {"train": 1200, "val": 100, "test": 670}
    first = msvd.load(tmp_path, "test").entries[0]
    assert first.video_id == "clip1301_1_5" and first.captions == ["a man does thing 1301", "someone acts 1301"]
    assert first.path == str(tmp_path / "videos" / "clip1301_1_5.avi")  # (the folder that has it)
    from training.data.holdout import own_val

    assert own_val("msvd", tmp_path, {})


def test_a_csv_error_names_the_line_a_row_starts_on(tmp_path):
    from training.data import msrvtt
    from training.data.base import AnnotationError

    root = _world(tmp_path)
    (root / "MSRVTT_JSFUSION_test.csv").write_text(
        'key,vid_key,video_id,sentence\nret0,msr0,video24,"a caption\nover\nthree lines"\n,,,\nret1,msr1,video25,\n')
    with pytest.raises(AnnotationError, match="line 6: empty video_id or sentence"):
        msrvtt.load(root, "test")


def test_a_token_list_of_shared_strings_is_refused_before_it_is_joined(tmp_path):
    """150 kB of plain data: one token list referring to one 50 kB string 50,000 times was joined
    (2.5 GB) before the text budget was checked."""
    import io

    from training.data.base import AnnotationError

    import tracemalloc

    tok = "a" * 10_000  # (a 60 kB pickle of 200 MB once joined; 2.5 GB from 150 kB the same way)
    out = io.BytesIO()
    out.write(b"\x80\x04}\x8c\x04vid1]](" + b"X" + len(tok).to_bytes(4, "little") + tok.encode() + b"q\x00")
    out.write(b"h\x00" * 19_999 + b"eas.")
    (tmp_path / msvd.CAPTIONS).write_bytes(out.getvalue())
    tracemalloc.start()
    try:
        with pytest.raises(AnnotationError, match="more than 8 times its own size"):
            msvd.read_captions(tmp_path / msvd.CAPTIONS)
        assert tracemalloc.get_traced_memory()[1] < 50e6
    finally:
        tracemalloc.stop()
