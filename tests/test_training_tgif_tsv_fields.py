"""TGIF's tsv is '<gif url><TAB><caption>'; a copy with a column added after the caption (a score, a
language) gave captions ending in a tab and that column ('a man waves.\\t0.93'), trained on and asked
as test queries without a word. The caption is now the second field, and the lines read so are said."""

from __future__ import annotations

import logging

from training.data import tgif


def test_fields_after_the_caption_are_left_out_and_said(tmp_path, caplog):
    tsv = tmp_path / "tgif-v1.0.tsv"
    tsv.write_text("https://x.tumblr.com/a/tumblr_one_500.gif\ta man waves.\t0.93\n"
                   "https://x.tumblr.com/b/tumblr_two_500.gif\ta cat jumps ünïcode\n"
                   "https://x.tumblr.com/a/tumblr_one_500.gif\ta man waves his hand.\ten\t1\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="training"):
        captions = tgif.read_tsv(tsv)
    assert captions == {"tumblr_one_500": ["a man waves.", "a man waves his hand."],
                        "tumblr_two_500": ["a cat jumps ünïcode"]}
    assert "2 lines have more than a url and a caption (line 1 the first)" in caplog.text


def test_the_official_two_fields_say_nothing(tmp_path, caplog):
    tsv = tmp_path / "tgif-v1.0.tsv"
    tsv.write_text("https://x/tumblr_one_500.gif\ta man waves, then smiles.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="training"):
        assert tgif.read_tsv(tsv) == {"tumblr_one_500": ["a man waves, then smiles."]}
    assert caplog.text == ""


def test_a_run_says_it_once_though_it_reads_the_tsv_for_each_split(tmp_path, caplog):
    # train, validation and test each read the tsv: the warning came three times in a run's log
    (tmp_path / "tgif-v1.0.tsv").write_text("".join(f"https://x/tumblr_g{i}_500.gif\tgif {i}\t0.5\n" for i in range(3)))
    (tmp_path / "splits").mkdir()
    for i, split in enumerate(("train", "val", "test")):
        (tmp_path / "splits" / f"{split}.txt").write_text(f"https://x/tumblr_g{i}_500.gif\n")
    with caplog.at_level(logging.WARNING, logger="training"):
        for split in ("train", "val", "test"):
            assert tgif.load(tmp_path, split).entries[0].captions == [f"gif {('train', 'val', 'test').index(split)}"]
    assert caplog.text.count("3 lines have more than a url and a caption") == 1
    # a tsv changed since is read again
    (tmp_path / "tgif-v1.0.tsv").write_text("https://x/tumblr_g0_500.gif\ta new caption for gif zero\n")
    assert tgif.read_tsv(tmp_path / "tgif-v1.0.tsv") == {"tumblr_g0_500": ["a new caption for gif zero"]}
