"""A caption holding one of Unicode's other line breaks is read whole. The line-based caption files
(TGIF's tgif-v1.0.tsv, MSVD's AllVideoDescriptions.txt, a WebDataset KEY.txt) were split with
str.splitlines, which also breaks at U+0085 (NEL: a cp1252 '…' read as Latin-1 and saved as UTF-8),
U+2028/U+2029, \\v and \\f: TGIF's whole load was refused ("line 2: expected '<gif url><TAB><caption>'",
a line number the file does not have), MSVD's caption was cut and its rest read as a clip of its
own, a WebDataset caption became two. Lines end at \\n, \\r\\n and \\r, as the files write them."""

from __future__ import annotations

import pytest

from tests.shards import write_shard
from training.data import msvd, tgif, webdataset

ODD = ["\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1e"]


@pytest.mark.parametrize("brk", ODD)
def test_a_tgif_caption_with_another_line_break_is_read_whole(tmp_path, brk):
    tsv = tmp_path / "tgif-v1.0.tsv"
    tsv.write_bytes(("\ufeffhttps://x.tumblr.com/tumblr_a_500.gif\ta man waves" + brk + " then smiles\r\n"
                     "https://x.tumblr.com/tumblr_b_500.gif\ta cat jumps\r\n").encode())
    assert tgif.read_tsv(tsv) == {"tumblr_a_500": ["a man waves" + brk + " then smiles"],
                                  "tumblr_b_500": ["a cat jumps"]}


@pytest.mark.parametrize("brk", ODD)
def test_an_msvd_description_with_another_line_break_is_read_whole(tmp_path, brk):
    txt = tmp_path / "AllVideoDescriptions.txt"
    txt.write_bytes(("# MSVD\r\n-4wsuPCjDBc_5_15 a squirrel is eating" + brk + "a peanut\r\n"
                     "-4wsuPCjDBc_5_15 a squirrel eats\r\n").encode())
    assert msvd.read_descriptions(txt) == {"-4wsuPCjDBc_5_15": ["a squirrel is eating" + brk + "a peanut",
                                                                "a squirrel eats"]}


def test_a_webdataset_caption_with_another_line_break_is_one_caption(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    write_shard(tmp_path / "x.tar", [("a.mp4", b"a" * 80), ("a.txt", "a dog runs\u2028on the beach\r\na dog plays\r\n")])
    train = webdataset.load(tmp_path, "train")
    assert [e.captions for e in train.entries] == [["a dog runs\u2028on the beach", "a dog plays"]]
