"""A Ctrl-C of `seekframe index --reindex A` (the library's own model) said "the library is consistent,
run the same command to finish", but the same command starts the re-index over and embeds every video
of A again, those done already too (s58 fr_3 F2); a full disk's message for the same run said the
right thing. A Ctrl-C now says, as that message does, how many of A's videos still have their earlier
moments and that a plain `seekframe index` embeds those, and only those."""

from __future__ import annotations

from core.library.moments import MomentTable
from tests.cli_run import run_cli
from tests.test_reindex_keeps_searchable import _two_folders, _videos
from tests.videos import Segment, write_video


def test_a_ctrl_c_of_a_reindex_advises_the_plain_index_that_finishes_it(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    real = MomentTable.commit
    monkeypatch.setattr(MomentTable, "commit", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    code, _, err = run_cli(capsys, "index", a, "--reindex", "--library", lib)
    monkeypatch.setattr(MomentTable, "commit", real)
    assert code == 130, err
    assert "run the same command to finish" not in err, err  # (the parent's words: A embedded all over again)
    assert f"2 videos of {a} still have their earlier moments" in err, err
    assert "run `seekframe index` to embed them anew (only them: the others are done)" in err, err
    assert _videos(lib) == before  # (nothing embedded anew yet)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0  # (the advice followed)
    after = _videos(lib)
    assert all(after[n][1] > before[n][1] for n in ("red.mp4", "green.mp4")), (before, after)
    assert after["blue.mp4"] == before["blue.mp4"]  # (B's not re-embedded)


def test_a_ctrl_c_of_a_plain_index_still_says_the_same_command_finishes(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    write_video(a / "yellow.mp4", [Segment(2, "yellow")], seed=4)  # (a new file: the plain run commits it)
    monkeypatch.setattr(MomentTable, "commit", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    code, _, err = run_cli(capsys, "index", a, "--library", lib)
    assert code == 130 and "the library is consistent, run the same command to finish." in err, err
