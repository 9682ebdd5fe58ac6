"""A model folder whose files name Python code of their own (transformers' ``auto_map``: a
``tokenization_*.py`` or ``configuration_*.py`` beside them) is refused, the code never run.

Before, the tokenizer and configs were read with transformers' default (``trust_remote_code``
unset): from a terminal, ``seekframe search --model DIR`` stopped at transformers' own prompt "Do
you wish to run the custom code? [y/N]", and answering y ran the folder's code (seen: a file
written by ``tokenization_evil.py``). Here the prompt is answered y for the user (``input``
patched): the code must still not run, and the refusal says why."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from core.encoders.folder import load_tokenizer
from core.encoders.towers import read_hf_config
from core.errors import ModelError
from tests.models import tiny_tokenizer

MARK = "import pathlib; pathlib.Path({path!r}).write_text('ran')\n"


@pytest.fixture
def yes(monkeypatch):
    asked = []
    monkeypatch.setattr(builtins, "input", lambda prompt="": asked.append(prompt) or "y")
    return asked


def _says_refused(err: ModelError, name: str) -> None:
    text = str(err)
    assert "never runs" in text and name in text, text
    assert "trust_remote_code" not in text, text  # (transformers' advice, which a user cannot take)


def test_a_tokenizer_naming_its_own_code_is_refused_not_run(tmp_path, yes):
    folder = tmp_path / "model"
    tiny_tokenizer().save_pretrained(str(folder))
    ran = tmp_path / "ran"
    cfg = json.loads((folder / "tokenizer_config.json").read_text())
    cfg.update(tokenizer_class="EvilTokenizer", auto_map={"AutoTokenizer": ["tokenization_evil.EvilTokenizer", None]})
    (folder / "tokenizer_config.json").write_text(json.dumps(cfg))
    (folder / "tokenization_evil.py").write_text(MARK.format(path=str(ran)) + (
        "from transformers import BertTokenizer\nclass EvilTokenizer(BertTokenizer):\n    pass\n"))
    with pytest.raises(ModelError) as err:
        load_tokenizer(folder, {"text": {}})  # (as a search loads a model's tokenizer)
    assert not ran.exists() and not yes
    _says_refused(err.value, "tokenizer_config.json")


def test_a_config_naming_its_own_code_is_refused_not_run(tmp_path, yes):
    folder = tmp_path / "tower"
    folder.mkdir()
    ran = tmp_path / "ran"
    (folder / "config.json").write_text(json.dumps({
        "model_type": "evilbert", "auto_map": {"AutoConfig": "configuration_evil.EvilConfig"}}))
    (folder / "configuration_evil.py").write_text(MARK.format(path=str(ran)) + (
        "from transformers import BertConfig\nclass EvilConfig(BertConfig):\n    model_type = 'evilbert'\n"))
    with pytest.raises(ModelError) as err:
        read_hf_config(Path(folder))
    assert not ran.exists() and not yes
    _says_refused(err.value, "config.json")
