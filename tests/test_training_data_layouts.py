"""Benchmark folders as people have them (a probe's findings): VATEX tested on its val file, the
MSVD CSV release, clips spread over several default folders, repeated caption lines, CSV rows
that swallow others, UTF-16 files. Each used to lose or mislabel videos without saying so."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest

from training.config import load_config
from training.data import msrvtt, msvd, tgif, vatex
from training.data.base import AnnotationError
from training.data.splits import load_splits
from training.pipeline import Run
from training.report import data_lines
from tests.test_training_holdout import _world


def _vatex(root, n_train=8, n_val=4):
    """A VATEX folder of stand-in clips (never decoded here): ``n_train`` + ``n_val`` videos."""
    def anns(prefix, n):
        return [{"videoID": f"{prefix}{i:07d}x_000001_000005", "enCap": [f"{prefix} {i} a", f"{prefix} {i} b"]}
                for i in range(n)]
    for split, n in (("train", n_train), ("val", n_val)):
        (root / vatex.FILES[split]).write_text(json.dumps(anns(split, n)))
        for a in anns(split, n):
            (root / "videos").mkdir(exist_ok=True)
            (root / "videos" / f"{a['videoID']}.mp4").write_bytes(b"\0")
    return root


def test_vatex_tested_on_its_val_file_keeps_train_val_and_test_apart(tmp_path, caplog):
    """The shipped vatex.yaml (data.test_split: val): the test split, named "val", overwrote the
    carved validation split in the report ('3 val videos', 'Left out of val' for a test video)."""
    root = _vatex(tmp_path)
    (root / "videos" / "val0000000x_000001_000005.mp4").unlink()
    (root / "videos" / "val0000001x_000001_000005.mp4").write_bytes(b"")  # (an empty download)
    cfg = load_config(None, [f"data.root={root}", "data.format=vatex", "data.test_split=val",
                             "data.val_fraction=0.25"])
    with caplog.at_level(logging.INFO, logger="training"):
        train, val, test = load_splits(cfg)
    assert (train.name, val.name, test.name) == ("train", "val", "test")
    assert (len(train), len(val), len(test)) == (6, 2, 2)
    assert "test split: 1 of 3 videos left out" in caplog.text and "val split: 1" not in caplog.text
    summary = Run.data_summary(SimpleNamespace(train=train, val=val, test=test, left_out_of_training={}))
    assert {k: v["videos"] for k, v in summary.items()} == {"train": 6, "val": 2, "test": 2}
    lines = data_lines(summary)
    assert lines[0] == "Data: 6 train videos, 2 val videos, 2 test videos."
    assert lines[1].startswith("Left out of test: 2 of 4 videos (val0000000x_000001_000005: video file not found; "
                               "val0000001x_000001_000005: empty file")


def _clips(n=1970):
    return [(f"y{k:03d}_x-{k}", k % 50, k % 50 + 10) for k in range(1, n + 1)]


def test_msvd_as_microsoft_hands_it_out_the_csv_corpus_with_the_standard_split(tmp_path):
    """'MSR Video Description Corpus.csv' + YouTubeClips/: 'train_list.txt: annotation file not found'."""
    rows = ["VideoID,Start,End,WorkerID,Source,AnnotationTime,Language,Description"]
    for n, (y, s, e) in enumerate(_clips(), start=1):
        rows += [f"{y},{s},{e},1,clean,20,English,a clip {n}", f'{y},{s},{e},2,unverified,20,German,"ein Video, {n}"',
                 f"{y},{s},{e},3,clean,20,english,someone acts {n}"]
    (tmp_path / msvd.CORPUS).write_text("\n".join(rows) + "\n", encoding="utf-8")
    y, s, e = _clips()[1300]
    (tmp_path / "YouTubeClips").mkdir()
    (tmp_path / "YouTubeClips" / f"{y}_{s}_{e}.avi").write_bytes(b"\0")
    sizes = {sp: len(msvd.load(tmp_path, sp)) for sp in ("train", "val", "test")}
    assert sizes == {"train": 1200, "val": 100, "test": 670}
    first = msvd.load(tmp_path, "test").entries[0]
    assert first.video_id == f"{y}_{s}_{e}" and first.captions == ["a clip 1301", "someone acts 1301"]
    assert first.path == str(tmp_path / "YouTubeClips" / f"{y}_{s}_{e}.avi")
    assert msvd.load(tmp_path, "train").entries[-1].captions == ["a clip 1200", "someone acts 1200"]
    from training.data.holdout import own_val

    assert own_val("msvd", tmp_path, {})


def test_msvd_descriptions_alone_give_the_standard_split_in_their_order(tmp_path):
    """AllVideoDescriptions.txt without youtube_mapping.txt (the utexas page's download): its ids
    are the clips' names, so the standard split is taken in its order."""
    lines = ["# Microsoft Research Video Description Corpus", "# VideoID_Start_End Description"]
    lines += [f"{y}_{s}_{e} a clip {n}" for n, (y, s, e) in enumerate(_clips(), start=1)]
    (tmp_path / msvd.DESCRIPTIONS).write_text("\n".join(lines) + "\n")
    splits = {sp: msvd.load(tmp_path, sp) for sp in ("train", "val", "test")}
    assert {sp: len(x) for sp, x in splits.items()} == {"train": 1200, "val": 100, "test": 670}
    assert splits["val"].entries[0].captions == ["a clip 1201"]


def test_msvd_without_annotations_names_the_layouts_it_reads(tmp_path):
    with pytest.raises(AnnotationError, match=r"train_list\.txt: annotation file not found; MSVD is read as "
                       r"raw-captions\.pkl \+ .*AllVideoDescriptions\.txt .*MSR Video Description Corpus\.csv"):
        msvd.load(tmp_path, "train")
    (tmp_path / "test_list.txt").write_text("a\n")
    with pytest.raises(AnnotationError, match=r"raw-captions\.pkl: annotation file not found \(nor "
                       r"AllVideoDescriptions\.txt, nor MSR Video Description Corpus\.csv\); MSVD is read as"):
        msvd.load(tmp_path, "test")


def test_a_csv_quote_never_closed_is_refused_naming_its_line_not_swallowing_rows(tmp_path):
    """A 1k-A test row whose sentence opens a quote it never closes took every following row into
    that sentence: the test split went from 4 videos to 2 without a word."""
    root = _world(tmp_path)
    rows = (root / "MSRVTT_JSFUSION_test.csv").read_text().splitlines()
    rows[2] = 'ret1,msr1,video25,"hello is what a man says to a dog'
    (root / "MSRVTT_JSFUSION_test.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(AnnotationError, match=r"MSRVTT_JSFUSION_test\.csv: line 3: a quoted field .* to line 7, "
                       r"over line 4, which reads as a row of its own: a quote \(\"\) never closed"):
        msrvtt.load(root, "test")
    rows[2] = 'ret1,msr1,video25,"hello" is what a man says to a dog'  # (closed: read as before)
    rows[3] = 'ret2,msr2,video26,"a caption\nover two lines"'  # (a quoted caption may span lines)
    (root / "MSRVTT_JSFUSION_test.csv").write_text("\n".join(rows) + "\n")
    test = msrvtt.load(root, "test")
    assert len(test) == 6 and test.entries[2].captions == ["a caption\nover two lines"]


def test_a_csv_caption_over_csvs_own_field_limit_is_read(tmp_path):
    root = _world(tmp_path)
    long = "a man " * 25_000  # 150,000 characters: csv refuses over 131,072
    (root / "MSRVTT_JSFUSION_test.csv").write_text(f'key,vid_key,video_id,sentence\nret0,msr0,video24,"{long}"\n')
    assert msrvtt.load(root, "test").entries[0].captions == [long.strip()]


@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
def test_a_utf16_annotation_file_is_named_as_utf16_to_save_as_utf8(tmp_path, bom):
    text = "\ufeffhttps://x/tumblr_one_500.gif\ta dog runs\n"
    (tmp_path / "tgif-v1.0.tsv").write_bytes(text.encode(bom))
    mark = "FF FE" if bom == "utf-16-le" else "FE FF"
    with pytest.raises(AnnotationError, match=rf"tgif-v1\.0\.tsv: not UTF-8 text: it looks like UTF-16 \(it starts "
                       rf"with the byte-order mark {mark}\); save it as UTF-8"):
        tgif.read_tsv(tmp_path / "tgif-v1.0.tsv")
    (tmp_path / "x.csv").write_bytes("\ufeffvideo_id\nvideo1\n".encode(bom))
    with pytest.raises(AnnotationError, match="it looks like UTF-16"):
        from training.data.base import read_csv

        read_csv(tmp_path / "x.csv", ["video_id"])


def test_tgif_and_vatex_look_for_clips_in_every_default_folder(tmp_path):
    """A partial gifs/ download with the rest converted to mp4 in videos/ lost the videos/ ones as
    'file not found' (TGIF and VATEX looked in the first existing folder only)."""
    root = tmp_path / "tgif"
    (root / "splits").mkdir(parents=True)
    (root / "tgif-v1.0.tsv").write_text("".join(f"https://x/tumblr_{i}_500.gif\tclip {i}\n" for i in range(4)))
    (root / "splits" / "train.txt").write_text("".join(f"tumblr_{i}_500.gif\n" for i in range(4)))
    for i, folder, ext in ((0, "gifs", ".gif"), (1, "videos", ".mp4"), (2, "VideoData", ".gif")):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / f"tumblr_{i}_500{ext}").write_bytes(b"\0")
    paths = [e.path for e in tgif.load(root, "train").entries]
    assert paths == [str(root / "gifs" / "tumblr_0_500.gif"), str(root / "videos" / "tumblr_1_500.mp4"),
                     str(root / "VideoData" / "tumblr_2_500.gif"), str(root / "gifs" / "tumblr_3_500.gif")]
    (tmp_path / "vatex").mkdir()
    root = _vatex(tmp_path / "vatex", n_train=3)
    (root / "VideoData").mkdir()
    (root / "videos" / "train0000001x_000001_000005.mp4").rename(root / "VideoData" / "train0000001x_000001_000005.mp4")
    (root / "videos" / "train0000002x_000001_000005.mp4").rename(root / "VideoData" / "train0000002x.mp4")  # whole
    split = vatex.load(root, "train")
    assert not split.skipped and [e.path for e in split.entries] == [
        str(root / "videos" / "train0000000x_000001_000005.mp4"),
        str(root / "VideoData" / "train0000001x_000001_000005.mp4"), str(root / "VideoData" / "train0000002x.mp4")]
    assert (split.entries[2].start, split.entries[2].end) == (1.0, 5.0)


def test_a_repeated_caption_line_is_one_query_not_two(tmp_path, caplog):
    """A line repeated in tgif-v1.0.tsv (or a row in the 1k-A csv) became two identical test
    queries of the video, counted twice in R@K."""
    root = tmp_path / "tgif"
    (root / "splits").mkdir(parents=True)
    lines = [f"https://x/tumblr_{i}_500.gif\tclip {i} {k}\n" for i in range(3) for k in range(2)]
    (root / "tgif-v1.0.tsv").write_text("".join(lines + [lines[2], lines[2], lines[0]]))
    (root / "splits" / "test.txt").write_text("tumblr_0_500.gif\ntumblr_1_500.gif\n")
    with caplog.at_level(logging.INFO, logger="training"):
        test = tgif.load(root, "test")
    assert [e.captions for e in test.entries] == [["clip 0 0", "clip 0 1"], ["clip 1 0", "clip 1 1"]]
    assert len(test.flat_captions()[0]) == 4 and "test split: 3 repeated captions dropped" in caplog.text
    (tmp_path / "msrvtt").mkdir()
    world = _world(tmp_path / "msrvtt")
    csv_path = world / "MSRVTT_JSFUSION_test.csv"
    csv_path.write_text(csv_path.read_text() + "ret9,msr9,video24,video24 caption 0\n")
    assert msrvtt.load(world, "test").flat_captions()[0].count("video24 caption 0") == 1
    anns = [{"videoID": "abc0000000x_000001_000005", "enCap": ["a dog", "a dog", "a cat"]}]
    (tmp_path / vatex.FILES["val"]).write_text(json.dumps(anns))
    assert vatex.load(tmp_path, "val", videos=False).entries[0].captions == ["a dog", "a cat"]


def test_a_subset_of_msvd_without_lists_is_split_in_the_standard_shares(tmp_path):
    """60 clips of AllVideoDescriptions.txt (a subset, no list files): the standard ranges
    (1-1200, 1201-1300, 1301-1970) gave all 60 to training and left validation and test empty."""
    lines = [f"{y}_{s}_{e} a clip {n}" for n, (y, s, e) in enumerate(_clips()[:60], start=1)]
    (tmp_path / msvd.DESCRIPTIONS).write_text("\n".join(lines) + "\n")
    splits = {sp: msvd.load(tmp_path, sp) for sp in ("train", "val", "test")}
    assert {sp: len(x) for sp, x in splits.items()} == {"train": 37, "val": 3, "test": 20}  # 1200:100:670 of 60
    assert splits["train"].entries[0].captions == ["a clip 1"] and splits["val"].entries[0].captions == ["a clip 38"]
    assert splits["test"].entries[-1].captions == ["a clip 60"]
