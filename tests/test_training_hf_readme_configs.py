"""A ``snapshot_download`` of a Hub dataset repo whose README.md front matter maps its files to configs
and splits (``configs:`` with ``data_files`` or ``data_dir``, ``datasets``' convention): that map is
the one read, whatever the files' own names say."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from training.data import msrvtt, msrvtt_layouts, tgif
from training.data.base import AnnotationError

URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)


def _readme(root: Path, front: str) -> None:
    (root / "README.md").write_text(f"---\n{front.strip()}\n---\n\n# A data set\n\nSome text.\n")


def _ids(split) -> list[str]:
    return [e.video_id for e in split.entries]


def _msrvtt(ids) -> list[dict]:
    return [{"video_id": f"video{i}", "caption": f"clip {i}"} for i in ids]


def test_msrvtt_configs_mapped_by_the_readme_to_files_whose_names_say_nothing(tmp_path):
    """Was 'no split column, and the file's name says no split': the README's map was never read."""
    _parquet(tmp_path / "data" / "a-00000-of-00002.parquet", _msrvtt(range(0, 5)))
    _parquet(tmp_path / "data" / "a-00001-of-00002.parquet", _msrvtt(range(5, 9)))
    _parquet(tmp_path / "data" / "b-00000-of-00001.parquet", _msrvtt(range(0, 7)))
    _parquet(tmp_path / "data" / "c-00000-of-00001.parquet", _msrvtt(range(9, 12)))
    _readme(tmp_path, """
configs:
- config_name: train_9k
  data_files:
  - split: train
    path: data/a-*.parquet
- config_name: train_7k
  data_files:
  - split: train
    path: "data/b-*"
- config_name: test_1k
  data_files:
  - split: test
    path: [data/c-00000-of-00001.parquet]
""")
    assert _ids(msrvtt.load(tmp_path, "train", video_dir=tmp_path)) == [f"video{i}" for i in range(9)]
    assert _ids(msrvtt.load(tmp_path, "train", train_list="7k", video_dir=tmp_path)) == [f"video{i}" for i in range(7)]
    assert _ids(msrvtt.load(tmp_path, "test", video_dir=tmp_path)) == ["video9", "video10", "video11"]
    assert not msrvtt_layouts.has_val(tmp_path)


def _tgif(ids) -> list[dict]:
    return [{"url": URL.format(i), "description": f"gif {i}"} for i in ids]


def _gifs(ids) -> list[str]:
    return [f"tumblr_g{i}_500" for i in ids]


def _variants(root: Path, default: str = "") -> None:
    """Two configs' tables side by side in data/ (their names say train and test alike)."""
    for config, splits in (("full", {"train": range(0, 8), "validation": range(8, 10), "test": range(10, 13)}),
                           ("small", {"train": range(20, 26), "test": range(26, 28)})):
        for split, ids in splits.items():
            _parquet(root / "data" / f"{config}-{split}-00000-of-00001.parquet", _tgif(ids))
    _readme(root, f"""
configs:
- config_name: full
  data_files:
    train: data/full-train-*
    validation: data/full-validation-*
    test: data/full-test-*
- config_name: small
  {default}
  data_files:
  - split: train
    path: data/small-train-*
  - split: test
    path: data/small-test-*
""")


def test_two_configs_side_by_side_in_data_are_not_merged(tmp_path):
    """``data/full-train-…`` and ``data/small-train-…`` were both read as the train split: every GIF of
    both configs, the small one's a subset of the same data set's."""
    _variants(tmp_path)
    with pytest.raises(AnnotationError, match=r"the train split's tables are in 2 configs' folders \(full/, small/\)"):
        tgif.load(tmp_path, "train", video_dir=tmp_path)
    assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path, config="small")) == _gifs(range(20, 26))
    assert _ids(tgif.load(tmp_path, "val", video_dir=tmp_path, config="full")) == _gifs(range(8, 10))
    assert not tgif.has_val(tmp_path, config="small") and tgif.has_val(tmp_path, config="full")


def test_the_readmes_default_config_is_read_where_none_is_asked_for(tmp_path):
    _variants(tmp_path, default="default: true")
    assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path)) == _gifs(range(20, 26))
    assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path)) == _gifs(range(26, 28))
    assert not tgif.has_val(tmp_path)  # (the default config has none: never full's validation)
    assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path, config="full")) == _gifs(range(0, 8))


@pytest.mark.parametrize("front", [
    "configs:\n- config_name: default\n  data_dir: captions",
    "configs:\n- config_name: default\n  data_files: {split: train, path: captions/train.jsonl}\n"
    "- config_name: other\n  data_files: captions/test/*.jsonl",
])
def test_a_data_dir_or_a_plain_pattern(tmp_path, front):
    """``data_dir``: its files split by their names or folders; a pattern given no split is ``train``."""
    (tmp_path / "captions" / "test").mkdir(parents=True)
    (tmp_path / "captions" / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _tgif(range(3))))
    (tmp_path / "captions" / "test" / "0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _tgif([7])))
    _readme(tmp_path, front)
    if "data_dir" in front:
        assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path)) == _gifs([7])
        assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path)) == _gifs(range(3))
    else:  # (other's pattern gives train, as datasets reads it: a config of its own)
        assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path, config="other")) == _gifs([7])


@pytest.mark.parametrize("front", ["configs: [config_name: a, {oops", "configs:\n- config_name: default\n  data_files: nothing/*",
                                   "pretty_name: TGIF"])
def test_a_readme_that_maps_nothing_here_leaves_the_folder_rules(tmp_path, front, caplog):
    for split, ids in (("train", range(3)), ("test", range(3, 5))):
        _parquet(tmp_path / "data" / f"{split}-00000-of-00001-4e2f.parquet", _tgif(ids))
    _readme(tmp_path, front)
    with caplog.at_level(logging.WARNING, logger="training.data.hf_readme"):
        assert _ids(tgif.load(tmp_path, "test", video_dir=tmp_path)) == _gifs(range(3, 5))
        assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path)) == _gifs(range(3))
        assert tgif.has_val(tmp_path) is False
    assert caplog.text.count("does not parse") == ("oops" in front)  # (once, however often it is read)


def test_the_readme_is_parsed_once_while_it_stays_the_same(tmp_path, monkeypatch):
    """A card's YAML may list every feature (~70 ms with PyYAML's Python parser); a load asks for it
    for the map and for each split's default config. Edited, its new map is read."""
    from training.data import hf_readme

    _variants(tmp_path, default="default: true")
    parsed, real = [], hf_readme._parse
    monkeypatch.setattr(hf_readme, "_parse", lambda *a: parsed.append(1) or real(*a))
    for split in ("train", "test", "val"):
        tgif.load(tmp_path, split, video_dir=tmp_path)
    assert not tgif.has_val(tmp_path) and len(parsed) == 1
    readme = (tmp_path / "README.md").read_text().replace("  default: true\n", "")
    (tmp_path / "README.md").write_text(readme.replace("- config_name: full\n", "- config_name: full  # (the whole set)\n  default: true\n"))
    assert _ids(tgif.load(tmp_path, "train", video_dir=tmp_path)) == _gifs(range(0, 8)) and len(parsed) == 2
