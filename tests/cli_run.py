"""The `seekframe` command run in the test's own process, as seven CLI test files each wrote it
(``run_cli``: its exit code, what it printed and what it said on stderr), and a command that must
refuse before it loads a model (``no_model_loaded``)."""

from __future__ import annotations

import core.cli
from core.cli import main


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def no_model_loaded(monkeypatch, why: str) -> None:
    """Loading a model fails the test with ``why``: the command was to refuse before."""
    def no_load(*a, **k):
        raise AssertionError(why)

    monkeypatch.setattr(core.cli, "_load_encoder", no_load)
