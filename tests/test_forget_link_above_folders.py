"""``seekframe forget /up``, /up a link to the parent of the library folders /videos/a and
/videos/b. Before: refused as "not one of the library's folders, nor in one"
(``core.forgetting.listed_spelling`` mapped a link only to a library folder it is or lies in),
while ``forget /videos`` asks the "removes several folders" question. Now the link is mapped to
/videos, so it behaves exactly as ``forget /videos``: the same question, nothing removed without
``--all`` (or a yes), and with it both folders removed; a link above one library folder alone
removes it, as ``forget /videos`` would."""

from __future__ import annotations

import os
import sys

import pytest

from tests.test_forget_wide import _Terminal
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


@pytest.fixture
def two(tmp_path, capsys):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    a, b = make_folder(videos / "a", 2), make_folder(videos / "b", 1)
    assert run(capsys, "index", a, b, "--library", lib)[0] == 0
    os.symlink(videos, tmp_path / "up")
    return videos, str(a), str(b), lib


def test_a_link_above_several_folders_asks_as_its_target_does(two, tmp_path, capsys):
    videos, a, b, lib = two
    code, out, err = run(capsys, "forget", videos, "--library", lib)
    assert code == 2 and not out and f"{videos} holds 2 of the library's folders" in err, (out, err)
    expected = err
    for typed in (tmp_path / "up", str(tmp_path / "up") + os.sep):
        code, out, err = run(capsys, "forget", typed, "--library", lib)
        assert code == 2 and not out, (typed, out, err)
        assert err == expected, (typed, err)  # (the same question, about /videos, and --all to give)
        assert f"forget {videos} --all" in err and "nothing was forgotten" in err
        assert set(folder_status(capsys, lib)) == {a, b}  # nothing removed
    code, out, err = run(capsys, "forget", tmp_path / "up", "--all", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 3 videos under {videos}"), (out, err)
    assert folder_status(capsys, lib) == {}


def test_in_a_terminal_only_yes_removes(two, tmp_path, capsys, monkeypatch):
    videos, a, b, lib = two
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "forget", tmp_path / "up", "--library", lib)
    assert code == 2 and "Forget all 2 folders? [y/N]" in err and "nothing was forgotten" in err, err
    assert set(folder_status(capsys, lib)) == {a, b}
    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    code, out, err = run(capsys, "forget", tmp_path / "up", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 3 videos under {videos}"), (out, err)
    assert folder_status(capsys, lib) == {}


def test_a_link_above_one_folder_removes_it_as_its_target_does(tmp_path, capsys):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    a = make_folder(videos / "a", 2)
    other = make_folder(tmp_path / "other", 1)
    assert run(capsys, "index", a, other, "--library", lib)[0] == 0
    os.symlink(videos, tmp_path / "up")
    code, out, err = run(capsys, "forget", tmp_path / "up", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 2 videos under {videos}"), (out, err)
    assert set(folder_status(capsys, lib)) == {str(other)}
