"""`seekframe --help` lists the exit codes a script reads. It left out 130, the code of a command
interrupted by Ctrl-C (``timeout -s INT``, a job's stop), and said 1 as "some files failed" where a
re-scan with nothing new exits 1 too while a file failed in an earlier run stays failed (s57 j.md)."""

from __future__ import annotations

import re

from core.cli_help import EXAMPLES


def test_the_help_lists_every_exit_code_and_what_1_counts():
    said = " ".join(EXAMPLES.split("exit codes:", 1)[1].split())
    assert [int(c) for c in re.findall(r"(?:^|; )(\d+) ", said)] == [0, 1, 2, 3, 130], said
    assert "130 interrupted (Ctrl-C" in said and "in this run or an earlier one" in said, said
