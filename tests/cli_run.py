"""The `seekframe` command run in the test's own process, as seven CLI test files each wrote it
(``run_cli``: its exit code, what it printed and what it said on stderr), a command that must
refuse before it loads a model (``no_model_loaded``), and the fake model the CLI tests load in
its place (``use_encoder``, ``fake_model``: ``FixedTextEncoder``). Test files import these from
here, not from another test module."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import core.cli
from core.cli import main
from tests.fakes import ColourMeanEncoder


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def no_model_loaded(monkeypatch, why: str) -> None:
    """Loading a model fails the test with ``why``: the command was to refuse before."""
    def no_load(*a, **k):
        raise AssertionError(why)

    monkeypatch.setattr(core.cli, "_load_encoder", no_load)


class FixedTextEncoder(ColourMeanEncoder):
    """The colour-mean fake, with texts embedded to one fixed vector."""

    card = None

    def encode_text(self, texts, batch_size=16):
        v = np.array([1.0, 0.0, 0.0, 1.0], np.float32) / np.sqrt(2)
        return np.tile(v, (len(texts), 1))


class OtherModel(FixedTextEncoder):
    """The same fake under another model's id: a model other than the one a library was indexed with."""

    model_id = "other-0123456789ab"


def use_encoder(monkeypatch, make) -> None:
    """Every model the CLI would load is ``make()``: the whole model and, where the CLI loads
    only the text side for text commands (``core.cli_models``), that one too."""
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: make())
    try:
        cli_models = importlib.import_module("core.cli_models")
    except ImportError:
        return
    monkeypatch.setattr(cli_models, "text_encoder", lambda *a, **k: make())


@pytest.fixture
def fake_model(monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
