"""``core.encoders.folder.shared_tokenizers``: within it a tokenizer's files are read once (a training run read
MiniLM's 14 times: the teacher's, each student's, each saved student's folder, the export), keyed by the files'
content, so that another tokenizer, or a folder written anew with other files, is read as its own."""

from __future__ import annotations

import json
import shutil
import tempfile

from core.encoders.folder import load_tokenizer, shared_tokenizers
from tests.models import VOCAB, save_tiny_model


def _other_tokenizer(folder):
    """A tokenizer that knows a word the tiny one does not ("zebra"), saved in ``folder``."""
    from transformers import BertTokenizerFast

    with tempfile.TemporaryDirectory() as d:
        vocab = f"{d}/vocab.txt"
        with open(vocab, "w", encoding="utf-8") as f:
            f.write("\n".join(VOCAB + ["zebra"]) + "\n")
        try:
            tok = BertTokenizerFast(vocab=vocab, do_lower_case=True, model_max_length=32)
        except TypeError:  # (transformers 4.x)
            tok = BertTokenizerFast(vocab_file=vocab, do_lower_case=True, model_max_length=32)
    tok.save_pretrained(str(folder))
    return folder


def test_within_it_each_tokenizers_files_are_read_once_and_others_apart(tmp_path, monkeypatch):
    from transformers import AutoTokenizer

    reads = []
    load = AutoTokenizer.from_pretrained.__func__
    monkeypatch.setattr(AutoTokenizer, "from_pretrained",
                        classmethod(lambda cls, where, **k: reads.append(where) or load(cls, where, **k)))
    a, b = save_tiny_model(tmp_path / "a"), save_tiny_model(tmp_path / "b", seed=1)  # one tokenizer, saved twice
    cfg = json.loads((a / "config.json").read_text())
    other = _other_tokenizer(tmp_path / "other")
    with shared_tokenizers():
        first = load_tokenizer(a, cfg)
        assert load_tokenizer(b, cfg) is first and load_tokenizer(a, cfg) is first and len(reads) == 1
        zebra = load_tokenizer(other, cfg)
        assert zebra is not first and len(reads) == 2
        assert zebra("zebra")["input_ids"] != first("zebra")["input_ids"]  # (the tiny one: [UNK])
        for f in other.iterdir():  # a's folder written anew with the other tokenizer's files
            shutil.copy(f, a / f.name)
        again = load_tokenizer(a, cfg)
        assert again is not first and again("zebra")["input_ids"] == zebra("zebra")["input_ids"]
        assert load_tokenizer(b, cfg) is first  # (b's files are as they were)
    reads.clear()
    assert load_tokenizer(b, cfg) is not load_tokenizer(b, cfg) and len(reads) == 2  # outside it: read each time
