"""A path typed with a separator at its end (``SHARE/sub/``, as a shell's tab-completion gives it) on a network
share that stopped answering (s58 review fr_2 F4): ``file_as_folder``'s look (``clip.mp4/``: a file named as a
folder) was keyed by the path as typed, the command's own look next by the path normalised, so each waited its
own bound (240 s in real use, where the README says once at most). They are one look now: the typed path with a
trailing separator makes the share's calls no more than the same path typed without it."""

from __future__ import annotations

import pytest

import core.cli
from core import bounded_meta
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.fakes import ColourMeanEncoder
from tests.test_hung_share_metadata import hold  # noqa: F401 (the fixture)
from tests.test_hung_share_results import indexed  # noqa: F401 (the fixture: a share's video and a local one)

pytestmark = pytest.mark.slow  # (each hung look waits its bound, 1 s)


def _new_process() -> None:
    bounded_meta._stuck.clear()
    bounded_meta._waited_out.clear()


@pytest.mark.parametrize("command", [("index",), ("forget",), ("search", "red", "--folder")])
def test_a_trailing_separator_costs_no_second_look_at_a_share_that_does_not_answer(indexed, hold, capsys,
                                                                                  monkeypatch, command):
    lib, share, local = indexed
    (share / "sub").mkdir()
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    use_encoder(monkeypatch, FixedTextEncoder)
    held = [hold(name, share) for name in ("stat", "lstat")]
    calls, said = [], []
    for typed in (f"{share / 'sub'}", f"{share / 'sub'}/"):
        _new_process()
        before = sum(len(h.calls) for h in held)
        code, out, err = run_cli(capsys, *command, typed, "--library", lib)
        calls.append(sum(len(h.calls) for h in held) - before)
        said.append((code, *(text.replace(typed, "PATH").replace(typed.rstrip("/"), "PATH") for text in (out, err))))
    assert said[1] == said[0], said  # (the same answer: the trailing separator changes nothing)
    assert calls[1] <= calls[0], calls  # (one look at the share's path, not a second one, each its bound)
