"""A ``--reindex A`` killed, then a ``--reindex A/sub`` the user cancelled: ``reembed_record.waiting`` counts
A/sub's videos in A/sub's entry (the latest run that asked for them), and the window's resume of the killed
run of A said "with 1 video still to embed again" while its run of A embedded all 3 (A's killed run asked for
them too). The resume says the number its run embeds (``reembed_record.killed``)."""

from __future__ import annotations

import json
import sys

import pytest

from app.resume import reembed_text
from core import reembed_record
from tests.cli_run import run_cli
from tests.test_reembed_sub_folder import _crashed_reindexes, _waiting
from tests.test_reindex_keeps_searchable import _videos
from tests.test_reindex_killed_record import _killed, as_killed, dead_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def _cancelled(lib, folder) -> None:
    """``folder``'s run as one the user cancelled (``reembed_record.ended``'s "cancelled")."""
    path = f"{lib}/library.json"
    with open(path) as f:
        data = json.load(f)
    data["extra"]["settings"][reembed_record.RUNS][folder]["ended"] = "cancelled"
    with open(path, "w") as f:
        json.dump(data, f)


def test_the_resume_of_a_killed_reindex_counts_the_cancelled_sub_folder_s_videos_it_embeds(tmp_path, capsys,
                                                                                           monkeypatch):
    a, lib = _crashed_reindexes(tmp_path, capsys, monkeypatch, ".", "sub")
    sub = str(a / "sub")
    as_killed(lib, dead_process())
    _cancelled(lib, sub)
    assert _waiting(capsys, lib) == {str(a): 1, sub: 2}  # (status: each video once, in its latest run's entry)
    assert _killed(lib) == ((str(a), 3),)  # (the parent: ((A, 1),))
    assert "with 3 videos still to embed again" in reembed_text(_killed(lib))

    before = _videos(lib)
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0  # (the resume's run: IndexJob((A,)))
    after = _videos(lib)
    assert sum(after[n][1] > before[n][1] for n in before) == 3, (before, after)  # (what it said)
    assert _waiting(capsys, lib) == {}

