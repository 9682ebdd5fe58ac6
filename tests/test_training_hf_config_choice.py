"""Which config of a Hugging Face dump a load reads: MSR-VTT's ``train_list`` (``train_9k``/``train_7k``
configs), and ``data.options.config`` where several configs hold one split (``full/`` and ``small/``);
whether the dump has a validation split follows that choice, and a refusal names the configs there."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.config import load_config
from training.data import msrvtt, msrvtt_layouts, tgif
from training.data.base import AnnotationError
from training.data.holdout import own_val
from training.data.splits import load_splits

URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def _msrvtt(ids) -> list[dict]:
    return [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in ids]


def test_msrvtt_has_a_val_split_only_where_the_config_train_list_reads_has_one(tmp_path):
    """``train_7k/validation/`` (the official validation videos, which the 9k list trains on): with
    train_list 9k the dump was said to have a val split, and its load read the 7k config's."""
    _parquet(tmp_path / "train_9k" / "train" / "0000.parquet", _msrvtt(range(0, 9)))
    _parquet(tmp_path / "train_7k" / "train" / "0000.parquet", _msrvtt(range(0, 7)))
    _parquet(tmp_path / "train_7k" / "validation" / "0000.parquet", _msrvtt(range(7, 9)))
    _parquet(tmp_path / "test_1k" / "test" / "0000.parquet", _msrvtt(range(9, 12)))
    assert not msrvtt_layouts.has_val(tmp_path) and not own_val("msrvtt", tmp_path, {})
    assert _ids(msrvtt.load(tmp_path, "val", video_dir=tmp_path)) == []
    assert msrvtt_layouts.has_val(tmp_path, "7k") and own_val("msrvtt", tmp_path, {"train_list": "7k"})
    assert _ids(msrvtt.load(tmp_path, "val", train_list="7k", video_dir=tmp_path)) == ["video7", "video8"]
    assert _ids(msrvtt.load(tmp_path, "train", video_dir=tmp_path)) == [f"video{i}" for i in range(9)]
    assert _ids(msrvtt.load(tmp_path, "test", video_dir=tmp_path, config="train_9k")) == ["video9", "video10", "video11"]


def _tgif(root: Path, ids) -> list[dict]:
    for i in ids:
        (root / "gifs").mkdir(exist_ok=True)
        (root / "gifs" / f"tumblr_g{i}_500.gif").write_bytes(b"\0")  # (never decoded)
    return [{"url": URL.format(i), "description": f"gif {i}"} for i in ids]


def _variants(root: Path) -> None:
    """Two configs of one data set: ``full`` with a validation split, ``small`` without."""
    for split, ids in (("train", range(0, 8)), ("validation", range(8, 10)), ("test", range(10, 13))):
        _parquet(root / "full" / split / "0000.parquet", _tgif(root, ids))
    for split, ids in (("train", range(20, 26)), ("test", range(26, 28))):
        _parquet(root / "small" / split / "0000.parquet", _tgif(root, ids))


def test_the_config_option_picks_the_config_and_whether_it_has_a_val_split(tmp_path):
    _variants(tmp_path)
    with pytest.raises(AnnotationError, match=r"the train split's tables are in 2 configs' folders \(full/, small/\)"
                       r".* or set data.options.config to the one to read"):
        tgif.load(tmp_path, "train")
    assert _ids(tgif.load(tmp_path, "train", config="small")) == [f"tumblr_g{i}_500" for i in range(20, 26)]
    assert _ids(tgif.load(tmp_path, "test", config="full")) == [f"tumblr_g{i}_500" for i in range(10, 13)]
    assert tgif.has_val(tmp_path, config="full") and own_val("tgif", tmp_path, {"config": "full"})
    assert not tgif.has_val(tmp_path, config="small") and not own_val("tgif", tmp_path, {"config": "small"})
    assert _ids(tgif.load(tmp_path, "val", config="small")) == []  # (never full's validation videos)


def test_a_run_reads_the_config_named_in_its_options(tmp_path):
    _variants(tmp_path)
    for config, sizes in (("small", (4, 2, 2)), ("full", (8, 2, 3))):
        train, val, test = load_splits(load_config(None, [f"data.root={tmp_path}", "data.format=tgif",
                                                          f"data.options.config={config}", "data.val_fraction=0.34"]))
        assert (len(train), len(val), len(test)) == sizes
        assert all(e.path.startswith(str(tmp_path / "gifs")) for e in train.entries + val.entries + test.entries)


def test_a_config_that_is_not_there_is_refused_naming_those_there(tmp_path):
    _variants(tmp_path)
    with pytest.raises(AnnotationError, match=r"data\.options\.config is 'tiny', but no config folder of that name "
                       r"holds a caption table here \(configs here: full/, small/\)"):
        tgif.load(tmp_path, "train", config="tiny")


def test_tables_found_nowhere_name_the_folders_that_may_be_configs_and_the_option(tmp_path):
    """``full/0000.parquet`` and ``small/0000.parquet``: neither file nor folder name says a split, so
    neither was looked in, and 'annotation file not found' did not say they were there."""
    for config, ids in (("full", range(0, 6)), ("small", range(0, 3))):
        _parquet(tmp_path / config / "0000.parquet", [{**r, "split": "test" if k == 0 else "train"}
                                                      for k, r in enumerate(_tgif(tmp_path, ids))])
    for load in (tgif.load, msrvtt.load):
        with pytest.raises(AnnotationError, match=r"annotation file not found .*; folders that may be configs: "
                           r"full/, small/ \(set data\.options\.config to the one to read"):
            load(tmp_path, "train")
    assert _ids(tgif.load(tmp_path, "train", config="small")) == ["tumblr_g1_500", "tumblr_g2_500"]
    assert _ids(tgif.load(tmp_path, "test", config="full")) == ["tumblr_g0_500"]


def test_the_config_option_on_a_layout_without_configs_is_refused(tmp_path):
    _parquet(tmp_path / "train.parquet", _tgif(tmp_path, range(3)))
    (tmp_path / "MSRVTT_JSFUSION_test.csv").write_text("key,vid_key,video_id,sentence\nret0,msr9,video9,a clip\n")
    with pytest.raises(AnnotationError, match=r"data\.options\.config \('full'\) names a config of a Hugging Face "
                       r"dump's, but this layout has none"):
        msrvtt.load(tmp_path, "test", config="full")


def test_msrvtt_a_config_of_the_other_training_list_than_train_list_is_refused(tmp_path):
    """``config: train_7k`` with the default train_list (9k) read the 9k list, saying nothing."""
    _parquet(tmp_path / "train_9k" / "train" / "0000.parquet", _msrvtt(range(0, 9)))
    _parquet(tmp_path / "train_7k" / "train" / "0000.parquet", _msrvtt(range(0, 7)))
    _parquet(tmp_path / "test_1k" / "test" / "0000.parquet", _msrvtt(range(9, 12)))
    with pytest.raises(AnnotationError, match=r"data\.options\.config is 'train_7k', the 7k training list's config, "
                       r"but data\.options\.train_list is 9k: set train_list to 7k"):
        msrvtt.load(tmp_path, "train", video_dir=tmp_path, config="train_7k")
    assert len(msrvtt.load(tmp_path, "train", train_list="7k", video_dir=tmp_path, config="train_7k").entries) == 7
