"""TGIF as users have it: TGIF-Release cloned (``data/tgif-v1.0.tsv`` + ``data/splits/*.txt`` of
GIF urls), its lists beside the tsv with the GIFs downloaded there too, and Hugging Face dumps
(jsonl, json, parquet as the Hub converts it, csv with a split column). The loader read only
``root/tgif-v1.0.tsv`` + ``root/splits/``: each was 'annotation file not found'."""

from __future__ import annotations

import json

import pytest

from training.config import load_config
from training.data import hf_tables, tgif
from training.data.base import AnnotationError
from training.data.splits import load_splits

URL = "https://38.media.tumblr.com/{:02x}c/tumblr_g{}_500.gif"
SPLITS = {"train": range(0, 8), "val": range(8, 10), "test": range(10, 13)}


def _stand_in(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0")  # (never decoded)
    return path


def _captions(i):
    return [f"gif {i} caption {k}" for k in range(3 if i in SPLITS["test"] else 1)]


def _release(data, lists_in="splits"):
    """TGIF-Release's data/: the tsv (a line a caption) and a list of urls per split."""
    data.mkdir(parents=True, exist_ok=True)
    (data / "tgif-v1.0.tsv").write_text("".join(f"{URL.format(i, i)}\t{c}\n" for i in range(13) for c in _captions(i)))
    (data / lists_in).mkdir(exist_ok=True)
    for split, ids in SPLITS.items():
        (data / lists_in / f"{split}.txt").write_text("".join(URL.format(i, i) + "\n" for i in ids))


def _ids(split):
    return [(e.video_id, e.captions) for e in split.entries]


def _expected(split):
    return [(f"tumblr_g{i}_500", _captions(i)) for i in SPLITS[split]]


def _every_split_from_gifs(root):
    """With the 13 GIFs in ``root/gifs``: each split loads its ids, each from there; the config's
    splits (train, val, test)."""
    for i in range(13):
        _stand_in(root / "gifs" / f"tumblr_g{i}_500.gif")
    for split in SPLITS:
        loaded = tgif.load(root, split)
        assert _ids(loaded) == _expected(split)
        assert all(e.path == str(root / "gifs" / f"{e.video_id}.gif") for e in loaded.entries)
    return load_splits(load_config(None, [f"data.root={root}", "data.format=tgif"]))


@pytest.mark.parametrize("clone", ["", "TGIF-Release", "TGIF-Release-master"], ids=["data", "clone", "zip"])
def test_the_official_release_cloned_or_unpacked_in_root(tmp_path, clone):
    _release(tmp_path / clone / "data")
    train, val, test = _every_split_from_gifs(tmp_path)
    assert (len(train), len(val), len(test)) == (8, 2, 3)  # its own val list, not carved from train
    assert _ids(val) == _expected("val")


def test_lists_beside_the_tsv_and_gifs_downloaded_beside_it(tmp_path):
    """Download scripts save each GIF by its url's name beside the tsv (data/), or in its gifs/; a
    GIF converted to mp4 is read in its place."""
    _release(tmp_path / "data", lists_in=".")
    (tmp_path / "data" / "val.txt").unlink()
    for i in range(13):
        _stand_in(tmp_path / "data" / (f"gifs/tumblr_g{i}_500.mp4" if i % 2 else f"tumblr_g{i}_500.gif"))
    train = tgif.load(tmp_path, "train")
    assert _ids(train) == _expected("train")
    assert [e.path for e in train.entries[:2]] == [str(tmp_path / "data" / "tumblr_g0_500.gif"),
                                                   str(tmp_path / "data" / "gifs" / "tumblr_g1_500.mp4")]
    assert not tgif.has_val(tmp_path)
    train, val, test = load_splits(load_config(None, [f"data.root={tmp_path}", "data.format=tgif",
                                                      "data.val_fraction=0.25"]))
    assert (len(train), len(val), len(test)) == (6, 2, 3)  # (carved: no val list)
    with pytest.raises(AnnotationError, match=r"data/splits/val\.txt: annotation file not found \(nor data/val\.txt, splits/val\.txt\)"):
        tgif.load(tmp_path, "val")


def _rows(per_caption=True, id_column="url", caption_column="caption", value=URL.format):
    rows = []
    for split, ids in SPLITS.items():
        for i in ids:
            vid = value(i, i)
            caps = _captions(i)
            rows += ([{id_column: vid, caption_column: c, "split": split} for c in caps] if per_caption
                     else [{id_column: vid, caption_column: caps, "split": split}])
    return rows


def _by_split(rows):
    return {s: [{k: v for k, v in r.items() if k != "split"} for r in rows if r["split"] == s] for s in SPLITS}


def _jsonl(root):
    for split, rows in _by_split(_rows()).items():
        (root / f"tgif_{split}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def _json(root):
    (root / "data").mkdir()
    named = {"train": "train", "val": "validation", "test": "test"}
    for split, rows in _by_split(_rows(id_column="gif", caption_column="description",
                                       value=lambda i, _: f"tumblr_g{i}_500.gif")).items():
        (root / "data" / f"{named[split]}.json").write_text(json.dumps(rows))


def _parquet(root):
    """The Hub's parquet conversion of HuggingFaceM4/TGIF: default/<split>/0000.parquet, each row a
    GIF's url, its captions (a list) and its bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    named = {"train": "train", "val": "validation", "test": "test"}
    for split, rows in _by_split(_rows(False, "video_path", "en_global_captions")).items():
        (root / "default" / named[split]).mkdir(parents=True)
        for r in rows:
            r["video_bytes"] = b"GIF89a" + bytes(64)
        pq.write_table(pa.Table.from_pylist(rows), root / "default" / named[split] / "0000.parquet")


def _csv(root):
    rows = _rows(id_column="video_id", value=lambda i, _: f"tumblr_g{i}_500")
    lines = ["video_id,caption,split"] + [f"{r['video_id']},\"{r['caption']}\",{r['split']}" for r in rows]
    (root / "tgif.csv").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("dump", [_jsonl, _json, _parquet, _csv])
def test_hugging_face_dumps(tmp_path, dump):
    dump(tmp_path)
    train, val, test = _every_split_from_gifs(tmp_path)
    assert (len(train), len(val), len(test)) == (8, 2, 3)  # the dump's own validation split


def test_a_parquet_dump_reads_only_the_columns_it_needs(tmp_path, monkeypatch):
    """HuggingFaceM4/TGIF's rows hold each GIF's bytes (120 GB in all): they are never read with the
    captions (``hf_videos`` writes the GIFs out of them, a row group at a time, when they are not files)."""
    import pyarrow.parquet as pq

    _parquet(tmp_path)
    read, real, real_read = [], pq.read_table, pq.ParquetFile.read

    def reading(path, *a, columns=None, **kw):
        read.append(columns)
        return real(path, *a, columns=columns, **kw)

    def file_reading(self, columns=None, **kw):  # (a table read with the footer read when it was found)
        read.append(columns)
        return real_read(self, columns=columns, **kw)

    monkeypatch.setattr(pq, "read_table", reading)
    monkeypatch.setattr(pq.ParquetFile, "read", file_reading)
    assert len(tgif.load(tmp_path, "test")) == 3
    assert read == [["video_path", "en_global_captions"]]


def test_gifs_beside_the_tables(tmp_path):
    _jsonl(tmp_path)
    for i in range(13):
        _stand_in(tmp_path / f"tumblr_g{i}_500.gif")
    assert tgif.load(tmp_path, "test").entries[0].path == str(tmp_path / "tumblr_g10_500.gif")


def test_nothing_tgif_names_every_layout_looked_for(tmp_path):
    with pytest.raises(AnnotationError, match=r"tgif-v1\.0\.tsv: annotation file not found \(nor in data/, "
                       r"TGIF-Release/data/, TGIF-Release-master/data/; nor a Hugging Face dump's table "
                       r"\(\.jsonl, \.json, \.parquet, \.csv\) with columns url or video_path.* and caption or "
                       r"description"):
        tgif.load(tmp_path, "train")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.jsonl").write_text(json.dumps({"url": URL.format(1, 1), "answer": "yes"}) + "\n")
    with pytest.raises(AnnotationError, match=r"\(data/train\.jsonl has columns answer, url\)"):
        tgif.load(tmp_path, "train")


def test_a_folder_of_clips_named_for_a_split_is_not_listed_for_tables(tmp_path, monkeypatch):
    """``default/train/`` is a split's tables; ``test_videos/`` is clips, never listed."""
    _csv(tmp_path)
    clips = tmp_path / "test_videos"
    _stand_in(clips / "tumblr_g10_500.mp4")
    listed, real = [], type(tmp_path).iterdir

    def iterdir(self):
        listed.append(self)
        return real(self)

    monkeypatch.setattr(type(tmp_path), "iterdir", iterdir)
    hf_tables.tables(tmp_path, tgif.COLUMNS)
    assert clips not in listed
