"""A model folder whose JSON files are links to a device or a named pipe (a folder unpacked from
an archive someone handed us): ``config.json`` linked to ``/dev/zero`` was read by the model-id
fingerprint until memory ran out (seen: 2 GB in 6 s, under a ulimit), one that is a named pipe
waited for ever. Such files are refused unread (``core.json_text.read_file``), as are files too
large to be a model's JSON."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys

import pytest

from core import json_text
from core.encoders.card import UNKNOWN_CARD, read_card
from core.encoders.text_side import load_text_encoder
from core.errors import ModelError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/zero and RLIMIT_DATA")


@contextlib.contextmanager
def memory_bounded(mb: int = 1024):
    """This process may grow by ``mb`` MB at most meanwhile (a read of /dev/zero: MemoryError)."""
    import resource

    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[5])  # (data + stack, in pages: what RLIMIT_DATA counts)
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    bound = pages * os.sysconf("SC_PAGE_SIZE") + (mb << 20)
    resource.setrlimit(resource.RLIMIT_DATA, (bound if hard == resource.RLIM_INFINITY else min(bound, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


@pytest.fixture
def model(tmp_path, colour_model):
    return shutil.copytree(colour_model, tmp_path / "model")


def test_a_config_linked_to_a_device_is_refused_unread(model):
    (model / "config.json").unlink()
    (model / "config.json").symlink_to("/dev/zero")
    with memory_bounded(), pytest.raises(ModelError):
        load_text_encoder(model)


def test_a_card_that_is_a_named_pipe_reads_as_no_card(model):
    os.mkfifo(model / "card.json")  # (opened for reading, it waited for a writer for ever)
    assert read_card(model) is UNKNOWN_CARD


def test_json_files_that_are_not_regular_or_too_large_are_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    for path, said in ((tmp_path / "pipe.json", "a named pipe"), ("/dev/zero", "a device"), (tmp_path, "a folder")):
        with pytest.raises(json_text.NotJsonFile, match=said):
            json_text.read_file(path)
    big = tmp_path / "tokenizer.json"
    big.write_text('{"a": 1}')
    os.truncate(big, 300 << 20)
    with pytest.raises(json_text.NotJsonFile, match="too large"):
        json_text.load_file(big)


@pytest.mark.parametrize("gone", ["missing", "a device"])
def test_a_tokenizer_without_its_vocabulary_is_refused(model, gone):
    """tokenizer.json missing (a partial copy) or a link to a device: transformers built a
    tokenizer of the 5 special tokens from tokenizer_config.json alone, every query word [UNK],
    and search answered with results that meant nothing."""
    (model / "tokenizer.json").unlink()
    if gone == "a device":
        (model / "tokenizer.json").symlink_to("/dev/zero")
    with pytest.raises(ModelError, match="has no vocabulary"):
        load_text_encoder(model)
