"""``core.cli_streams``: a command's output whose reader went away is dropped, the command goes on.
Here the streams it wraps as a platform or a launch gives them."""

from __future__ import annotations

import sys

from core.cli import main
from core.cli_streams import dropping_when_gone


def test_a_command_started_without_stdout_runs(tmp_path, capsys, monkeypatch):
    """Started with its stdout closed (``seekframe status >&-``, a launcher giving it none), Python
    makes ``sys.stdout`` None and a print prints nothing. The wrapper put around it for the run
    raised AttributeError on the command's first line and again on its way out."""
    monkeypatch.setattr(sys, "stdout", None)
    code = main(["status", "--library", str(tmp_path / "none here")])
    assert code == 2 and "No library at" in capsys.readouterr().err
    assert sys.stdout is None  # (given back as it was)
    with dropping_when_gone():
        print("nowhere to go")
    assert sys.stdout is None
