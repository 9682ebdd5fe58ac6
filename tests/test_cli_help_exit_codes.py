"""`seekframe --help` lists the exit codes a script reads. It left out 130, the code of a command
interrupted by Ctrl-C (``timeout -s INT``, a job's stop), and said 1 as "some files failed" where a
re-scan with nothing new exits 1 too while a file failed in an earlier run stays failed (s57 j.md)."""

from __future__ import annotations

import re

from core.cli_help import EXAMPLES


def test_the_help_lists_every_exit_code_and_what_1_counts():
    said = " ".join(EXAMPLES.split("exit codes:", 1)[1].split())
    assert [int(c) for c in re.findall(r"(?:^|; )(\d+) ", said)] == [0, 1, 2, 3, 130], said
    assert "130 interrupted (Ctrl-C" in said and "1 index finished but this run failed files" in said, said
    assert "a failure of an earlier run not tried again is listed but is no failure of this one" in said, said
    assert "once a finished index reported it, one of a run cut short or of the app's run counts once" in said, said


def test_index_help_says_which_failures_end_in_1():
    """`seekframe index --help` said nothing of its exit code, which a nightly job reads: 1 for this
    run's failures only, an earlier run's listed (not by -q) and ending in 0 (test_index_exit_earlier_failed)."""
    import argparse

    from core.cli import build_parser

    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    said = " ".join(subparsers.choices["index"].format_help().split())
    assert "Exit code 1 when this run failed a file (a new one, or one it tried again failing again" in said, said
    assert "A file an earlier run failed and this one does not try is listed (not with -q) and ends in 0" in said
    assert "or could not read a folder or a PATH (a file named that an earlier run failed too)" in said, said
    assert "print only this run's failures" in said, said
    assert "ends in 0 once an index that finished has reported it" in said, said  # (core.failures_reported)
    assert "by the app's own run ends the next run in 1 once" in said, said
