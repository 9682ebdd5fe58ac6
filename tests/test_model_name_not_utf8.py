"""A model folder whose name is not UTF-8 (``--model`` a folder an old Latin-1 system named):
the tokenizer and safetensors readers take UTF-8 paths only. ``index`` said the weights were "not a
readable safetensors file" after recording the folder as the new library's model, and every
``search`` after it ended in a UnicodeEncodeError traceback (the tokenizer's). Now the model's
folder is refused where every load resolves it (``sources.resolve_source``), naming it, with
what to do; exit 2, never recorded as the library's model."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from core.library.meta import is_library
from tests.test_cli_index_paths import run_cli
from tests.videos import Segment, write_video


@pytest.fixture
def odd_model(tmp_path, colour_model):
    folder = tmp_path / os.fsdecode(b"mod\xe8le")
    shutil.copytree(colour_model, folder)
    return folder


def says_odd(err: str) -> bool:
    return "mod\\xe8le" in err and "not UTF-8" in err and "Traceback" not in err and "safetensors" not in err


def test_index_with_a_model_folder_named_in_no_utf8_records_no_model(tmp_path, capsys, odd_model):
    write_video(tmp_path / "videos" / "red.mp4", [Segment(2, "red")])
    code, out, err = run_cli(capsys, "index", tmp_path / "videos", "--library", tmp_path / "lib", "--model", odd_model)
    assert code == 2 and says_odd(err), out + err
    assert not is_library(tmp_path / "lib") or not json.loads((tmp_path / "lib" / "library.json").read_text())["model_source"]


def test_search_with_such_a_model_says_so_not_a_traceback(noted_library, capsys, odd_model):
    _videos, lib = noted_library
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--model", odd_model)
    assert code == 2 and says_odd(err), out + err
