"""``seekframe forget /up --all``, /up a link above the library folders /l1/a and /l2/b added
through different links: core removes them one at a time (each whole or not at all). Before: a
failure (a full disk) at /l2/b after /l1/a was removed said only the error, as if nothing was
removed; a run after a stopped removal of /l1/a (finished by the writer's open) said "Removed 0
videos" and left /l2/b in the library; and when the library could not be read before the writer
opened, the question listed each folder as "(0 videos)". Now the stop says what was removed and
what was not (exit non-zero), the finished removal is counted and the rest removed, and the
question says the counts are not known."""

from __future__ import annotations

import os
import sys

import pytest

import core.library
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_forget_whole import refuse_writes
from tests.test_status_folders import encoder, folder_status, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_a_failure_at_the_second_folder_says_what_was_removed(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    with monkeypatch.context() as m:  # (b's last write refused: its rows gone, its record left)
        refuse_writes(m, lambda meta: b not in (meta.settings.folders or []))
        code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)
    assert code == 3, (code, out, err)  # (the full disk's exit code)
    assert f"Removed 2 videos under {a}" in out, (out, err)
    assert f"the removal stopped at {b}" in err and f"the removal of {b} was begun" in err, err
    assert "is full" in err, err
    code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)  # (space freed: again)
    assert code == 0, (out, err)
    assert set(folder_status(capsys, lib)) == {other}


def test_a_failure_before_anything_is_done_says_the_folders_left(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    with monkeypatch.context() as m:  # (b's record refused: nothing done for it)
        refuse_writes(m, lambda meta: meta.forgetting == b)
        code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)
    assert code == 3 and f"Removed 2 videos under {a}" in out, (code, out, err)
    assert f"{b} was not removed: it is still in the library" in err, err
    assert set(folder_status(capsys, lib)) == {b, other}


def test_a_stopped_removal_finished_by_the_open_is_counted_and_the_rest_removed(spelled_apart, capsys,  # noqa: F811
                                                                                  monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    with monkeypatch.context() as m:  # (a's last write refused: the removal recorded, not finished)
        refuse_writes(m, lambda meta: a not in (meta.settings.folders or []))
        code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)
    assert code == 3, (code, out, err)
    assert f"the removal of {a} was begun" in err and f"{b} was not removed" in err, err
    code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)
    assert code == 0, (out, err)
    assert "Removed 0 videos" not in out and out.startswith(f"Removed 1 video under {tmp / 'up'}"), out
    assert f"The removal of {a}, which an earlier try had stopped part-way, was finished first" in out, out
    assert set(folder_status(capsys, lib)) == {other}


def test_counts_not_read_are_said_not_known(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    real = core.library.VideoLibrary

    class Unreadable(real):
        def __init__(self, *args, read_only=False, **kw):
            if read_only:
                raise OSError(5, "Input/output error")
            super().__init__(*args, read_only=read_only, **kw)

    monkeypatch.setattr(core.library, "VideoLibrary", Unreadable)
    code, out, err = run(capsys, "forget", tmp / "up", "--library", lib)
    up = os.path.normpath(str(tmp / "up"))
    assert code == 2 and not out, (out, err)
    assert "0 videos" not in err and "not known" in err and f"{up} holds 2 of the library's folders" in err, err
    monkeypatch.undo()
    assert set(folder_status(capsys, lib)) == {a, b, other}


def test_the_same_command_again_says_the_finished_removal_once(spelled_apart, capsys, monkeypatch):  # noqa: F811
    """Stopped at /l2/b, run again: the open finishes /l2/b and /up maps to /l2 above it. Before: "The
    removal of /l2/b ... is finished" on stderr and "The removal of /l2 ... is finished" on stdout,
    one removal said twice under two names. Now once, under the folder removed."""
    tmp, a, b, other, lib = spelled_apart
    with monkeypatch.context() as m:  # (b's last write refused: its rows gone, its record left)
        refuse_writes(m, lambda meta: b not in (meta.settings.folders or []))
        assert run(capsys, "forget", tmp / "up", "--all", "--library", lib)[0] == 3
    code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)
    assert code == 0, (out, err)
    l2 = os.path.dirname(b)
    assert out.startswith(f"The removal of {b} from the library is finished"), out
    assert f"{l2} from" not in out and "removal" not in err, (out, err)
    assert set(folder_status(capsys, lib)) == {other}


@pytest.mark.parametrize("several", [True, False])
def test_a_full_disk_is_said_in_a_forget_s_words(spelled_apart, capsys, monkeypatch, several):  # noqa: F811
    """Before: after "Removed 2 videos under /l1/a" (or a forget of one folder) the full disk's
    message was an index run's, "every video indexed before this is in it"."""
    tmp, a, b, other, lib = spelled_apart
    with monkeypatch.context() as m:
        refuse_writes(m, lambda meta: b not in (meta.settings.folders or []))
        code, out, err = run(capsys, "forget", tmp / "up" if several else b, "--all", "--library", lib)
    assert code == 3, (code, out, err)
    assert "indexed" not in err and f"the disk holding {lib} is full" in err, err
    assert "a folder is removed whole or not at all" in err and "run the same command again to remove the rest" in err
    code, out, err = run(capsys, "forget", tmp / "up" if several else b, "--all", "--library", lib)
    assert code == 0, (out, err)
    assert set(folder_status(capsys, lib)) == ({other} if several else {a, other})
